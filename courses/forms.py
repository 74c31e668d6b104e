from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import enrolment


class JoinForm(forms.Form):
    """A join code typed by a learner; valid only for a cohort that is open today."""

    code = forms.CharField(
        label=_("Join code"),
        max_length=40,
        required=False,  # the plain message below, not Django's generic one
        help_text=_("Eight letters and numbers, from your educator. Capitals do not matter."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self):
        try:
            self.cohort = enrolment.find_open_cohort(self.cleaned_data["code"])
        except ValidationError as error:
            raise ValidationError(error.messages[0], code=error.code) from None
        return self.cleaned_data["code"]
