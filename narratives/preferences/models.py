from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from narratives.taxonomy import ContentWarning


class ViewerPreferences(models.Model):
    """One learner's choices about content warnings and how narratives are shown to them."""

    class WarningMode(models.TextChoices):
        ALWAYS = "always", _("Always warn me before a narrative with content warnings")
        CHOSEN = "chosen", _("Only warn me about the topics I choose")
        HIDE = "hide", _("Do not show me narratives about the topics I choose")

    class Modality(models.TextChoices):
        ANY = "", _("No preference")
        VIDEO = "video", _("Video")
        AUDIO = "audio", _("Audio")
        TEXT = "text", _("Text")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="viewer_preferences"
    )
    warning_mode = models.CharField(
        max_length=10, choices=WarningMode.choices, default=WarningMode.ALWAYS
    )
    domains = models.ManyToManyField(
        ContentWarning,
        blank=True,
        related_name="+",
        limit_choices_to={"domain__isnull": True},
        help_text=_("The content-warning topics (domains) the warning mode applies to."),
    )
    preferred_modality = models.CharField(
        max_length=10, choices=Modality.choices, blank=True, default=Modality.ANY
    )
    captions_on = models.BooleanField(default=True)
    low_bandwidth = models.BooleanField(default=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "narratives"
        verbose_name = _("viewer preferences")
        verbose_name_plural = _("viewer preferences")

    def __str__(self):
        return str(_("Viewer preferences of user %(id)s") % {"id": self.user_id})
