from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SUBMIT = "submit"
DRAFT = "draft"


class ReflectionForm(forms.Form):
    """What the reflection block posts. Length and word rules are checked by
    assessments.reflections, which says plainly what to change."""

    text = forms.CharField(required=False, strip=False, widget=forms.Textarea)
    action = forms.ChoiceField(choices=[(DRAFT, DRAFT), (SUBMIT, SUBMIT)], required=False)
    token = forms.CharField(required=False)
    # Offered only when the site sends reflection text to its LRS (see the reflection block).
    send_text = forms.BooleanField(required=False)

    def clean_action(self):
        return self.cleaned_data.get("action") or DRAFT


class ShareForm(forms.Form):
    shared = forms.BooleanField(required=False)


class PortfolioForm(forms.Form):
    """The period a portfolio covers: both ends optional."""

    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to start from your first reflection."),
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to include everything up to today."),
    )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            raise ValidationError(_("The 'To' date must be on or after the 'From' date."))
        return cleaned
