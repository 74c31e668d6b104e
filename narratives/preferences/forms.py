from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from narratives.models import ContentWarning

from .models import ViewerPreferences

WarningMode = ViewerPreferences.WarningMode
CHOOSE_AN_OPTION = _("Choose one of the options shown.")
CHOOSE_FROM_LIST = _("Choose topics from the list shown.")


class ViewerPreferencesForm(forms.ModelForm):
    """The learner's preferences, in plain language. Nothing is stored unless all of it is valid."""

    warning_mode = forms.TypedChoiceField(
        label=_("Warnings before a narrative"),
        choices=WarningMode.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Some stories talk about things that can be upsetting, such as self-harm or abuse. "
            "Choose how you want us to tell you about them."
        ),
        error_messages={"required": CHOOSE_AN_OPTION, "invalid_choice": CHOOSE_AN_OPTION},
    )
    domains = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=ContentWarning.objects.filter(domain__isnull=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Tick the topics you want to be warned about, or not to be shown. You only need "
            "these if you chose the second or third option above."
        ),
        error_messages={
            "invalid_choice": CHOOSE_FROM_LIST,
            "invalid_pk_value": CHOOSE_FROM_LIST,
            "invalid_list": CHOOSE_FROM_LIST,
        },
    )
    preferred_modality = forms.TypedChoiceField(
        label=_("How you like to take in a story"),
        choices=ViewerPreferences.Modality.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "When a story comes as video, audio or text, we show your choice first. "
            "You can always switch."
        ),
        error_messages={"invalid_choice": CHOOSE_AN_OPTION},
    )
    captions_on = forms.BooleanField(
        label=_("Show captions (words on screen) on videos"),
        required=False,
        help_text=_("Captions are on unless you untick this."),
    )
    low_bandwidth = forms.BooleanField(
        label=_("Save data"),
        required=False,
        help_text=_(
            "Show the text first, never start playing on its own, and only load videos from "
            "other websites when you ask. Useful on a phone, a slow connection or a work "
            "computer where video does not play."
        ),
    )

    class Meta:
        model = ViewerPreferences
        fields = ["warning_mode", "domains", "preferred_modality", "captions_on", "low_bandwidth"]

    def clean(self):
        cleaned = super().clean()
        mode = cleaned.get("warning_mode")
        if mode in (WarningMode.CHOSEN, WarningMode.HIDE) and not cleaned.get("domains"):
            if "domains" not in self.errors:
                self.add_error(
                    "domains",
                    ValidationError(
                        _("Tick at least one topic, or choose “Always warn me”."),
                        code="no_domains",
                    ),
                )
        return cleaned
