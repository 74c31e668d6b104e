import uuid
from datetime import timedelta
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from embed_video.backends import VimeoBackend, YoutubeBackend
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from core.sanitize import sanitize_rich_text

# Models of this app kept with the rest of their code; imported here so Django finds them.
from .kept_uploads import KeptUpload
from .preferences.models import ViewerPreferences
from .taxonomy import CharacterisationDimension, CharacterisationValue, ContentWarning, Theme
from .validators import (
    PROVIDER_NAMES,
    captions_upload_to,
    embed_provider,
    timestamp_validator,
    validate_embed_url,
    validate_webvtt,
)

TEXT_BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]
REVIEW_INTERVAL = timedelta(days=365)
CONSENT_EXPIRY_WARNING = timedelta(days=30)


class NarrativeQuerySet(models.QuerySet):
    def with_consent(self, status, on=None):
        """Narratives whose consent has `status` (a Consent.Status) on `on` (default today);
        the database form of Consent.status(), the one rule for when consent is in force."""
        today = on or timezone.localdate()
        not_withdrawn = Q(consent__isnull=False, consent__withdrawn__isnull=True)
        conditions = {
            Consent.Status.MISSING: Q(consent__isnull=True),
            Consent.Status.WITHDRAWN: Q(consent__withdrawn__isnull=False),
            Consent.Status.NOT_YET: not_withdrawn & Q(consent__given__gt=today),
            Consent.Status.EXPIRED: not_withdrawn
            & Q(consent__given__lte=today, consent__expires__lt=today),
            Consent.Status.ACTIVE: not_withdrawn
            & Q(consent__given__lte=today)
            & (Q(consent__expires__isnull=True) | Q(consent__expires__gte=today)),
        }
        return self.filter(conditions[Consent.Status(status)])

    def available(self, on=None):
        """Narratives that may be shown to learners on `on` (default today)."""
        return self.filter(live=True).with_consent(Consent.Status.ACTIVE, on)

    def available_to(self, user, on=None):
        """The narratives this person may see on `on`: every available one when signed in
        (consent for education covers learners), only those whose narrator consented to public
        showing for a visitor who is not signed in."""
        found = self.available(on)
        if user is None or not user.is_authenticated:
            found = found.filter(consent__scope=Consent.Scope.PUBLIC)
        return found

    def due_for_review(self, on=None):
        today = on or timezone.localdate()
        return self.filter(
            Q(last_reviewed__isnull=True)
            | Q(last_reviewed__lt=today - REVIEW_INTERVAL)
            | Q(consent__expires__range=(today, today + CONSENT_EXPIRY_WARNING))
        )


class Narrative(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    """A Recorded Recovery Narrative: a person's own account, as video, audio, text or poetry."""

    class Modality(models.TextChoices):
        VIDEO = "video", _("Video")
        AUDIO = "audio", _("Audio")
        TEXT = "text", _("Text")
        POETRY = "poetry", _("Poetry")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    narrator_pseudonym = models.CharField(
        max_length=120,
        help_text=_(
            "The name the narrator chose to be known by. Never their legal name "
            "unless they asked for it."
        ),
    )
    summary = models.TextField(
        help_text=_(
            "Two or three short sentences in plain language: what the narrator talks "
            "about. Learners use this to choose."
        ),
    )
    modality = models.CharField(max_length=10, choices=Modality.choices)
    embed_url = models.URLField(
        blank=True,
        validators=[validate_embed_url],
        help_text=_("A YouTube, Vimeo or SoundCloud link. Leave empty if you upload the file."),
    )
    media = models.ForeignKey(
        "wagtailmedia.Media",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "An audio or video file hosted by us. Many care settings block YouTube, "
            "so prefer this where you can."
        ),
    )
    captions = models.FileField(
        upload_to=captions_upload_to,
        blank=True,
        validators=[validate_webvtt],
        help_text=_("Captions for the uploaded file, as a WebVTT (.vtt) file."),
    )
    text_body = RichTextField(
        blank=True,
        features=TEXT_BODY_FEATURES,
        help_text=_("The narrative itself, for text and poetry."),
    )
    transcript = models.TextField(
        blank=True,
        help_text=_(
            "Everything said, word for word. Required for audio and video: some "
            "learners read instead of watching or listening."
        ),
    )
    duration = models.DurationField(
        null=True, blank=True, help_text=_("How long it takes, as hh:mm:ss (for example 00:04:30).")
    )
    language = models.CharField(
        max_length=35, default="en", help_text=_("Language tag, for example en or cy.")
    )
    themes = ParentalManyToManyField(Theme, blank=True, related_name="narratives")
    characterisation = ParentalManyToManyField(
        CharacterisationValue, blank=True, related_name="narratives"
    )
    source = models.CharField(
        max_length=255, blank=True, help_text=_("Where the narrative came from (project, archive).")
    )
    attribution = models.CharField(
        max_length=255, blank=True, help_text=_("Credit line shown with the narrative.")
    )
    licence = models.CharField(max_length=120, blank=True)
    last_reviewed = models.DateField(
        null=True, blank=True, help_text=_("When the lived-experience panel last reviewed it.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    revisions = GenericRelation("wagtailcore.Revision", related_query_name="narrative")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="narrative",
        for_concrete_model=False,
    )

    objects = NarrativeQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("narrator_pseudonym"),
        index.SearchField("summary"),
        index.SearchField("transcript"),
        index.SearchField("text_body"),  # text and poetry: the story itself (learner search)
        # The admin listing searches with autocomplete, which only looks at these fields.
        index.AutocompleteField("narrator_pseudonym"),
        index.AutocompleteField("summary"),
        index.AutocompleteField("transcript"),
        index.FilterField("id"),
        index.FilterField("modality"),
        index.FilterField("live"),
        # The learner library sorts search results by these (library/browse.py).
        index.FilterField("title"),
        index.FilterField("duration"),
        index.FilterField("first_published_at"),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("narrative")

    def __str__(self):
        return self.title

    @property
    def _revisions(self):  # Wagtail's hook for the revisions GenericRelation
        return self.revisions

    def clean(self):
        super().clean()
        self.text_body = sanitize_rich_text(self.text_body)
        errors = {}
        timed = self.modality in (self.Modality.VIDEO, self.Modality.AUDIO)
        if timed:
            if not self.embed_url and not self.media_id:
                errors["media"] = _("Upload a file or give an embed link.")
            if self.embed_url and self.media_id:
                errors["embed_url"] = _("Use either an uploaded file or an embed link, not both.")
            if not self.transcript.strip():
                errors["transcript"] = _(
                    "Audio and video narratives need a transcript, so that everyone can take part."
                )
            if self.media_id and self.media.type != self.modality:
                errors["media"] = _("This file is %(type)s, but the narrative is %(modality)s.") % {
                    "type": self.media.type,
                    "modality": self.get_modality_display().lower(),
                }
            if self.captions and not self.media_id:
                errors["captions"] = _(
                    "Captions go with an uploaded file; embedded players carry their own."
                )
        elif self.modality:
            if not strip_tags(self.text_body).strip():  # empty paragraphs are no narrative
                errors["text_body"] = _("Write or paste the narrative here.")
            no_source = _("Text and poetry narratives have no file or embed link.")
            if self.embed_url:
                errors["embed_url"] = no_source
            if self.media_id:
                errors["media"] = no_source
        if errors:
            raise ValidationError(errors)

    # --- presentation -----------------------------------------------------------------------

    @property
    def is_timed(self):
        return self.modality in (self.Modality.VIDEO, self.Modality.AUDIO)

    @cached_property
    def embed_provider(self):
        return embed_provider(self.embed_url) if self.embed_url else None

    @property
    def duration_display(self):
        """'45 sec', '4 min', '1 h 5 min': how long it takes, in words a learner scans."""
        if not self.duration:
            return ""
        total = int(self.duration.total_seconds())
        if total < 60:
            return _("%(s)d sec") % {"s": total}
        hours, minutes = divmod(round(total / 60), 60)
        if hours:
            return (
                _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
                if minutes
                else _("%(h)d h") % {"h": hours}
            )
        return _("%(m)d min") % {"m": minutes}

    @property
    def embed_provider_name(self):
        return PROVIDER_NAMES.get(self.embed_provider, self.embed_provider)

    @cached_property
    def embed_player_url(self):
        """The iframe address: YouTube's no-cookie domain, Vimeo with do-not-track.

        A YouTube embed answers the page's player messages (static/js/tracking.js) only with
        `enablejsapi=1`, and only from the origin its `origin` parameter names: this site's."""
        provider = self.embed_provider
        try:
            if provider == "youtube":
                code = YoutubeBackend(self.embed_url).code
                parts = urlsplit(settings.SITE_BASE_URL)
                query = urlencode({"enablejsapi": 1, "origin": f"{parts.scheme}://{parts.netloc}"})
                return f"https://www.youtube-nocookie.com/embed/{code}?{query}"
            if provider == "vimeo":
                return f"https://player.vimeo.com/video/{VimeoBackend(self.embed_url).code}?dnt=1"
        except Exception:  # embed_video raises several types for unparseable links
            return None
        if provider == "soundcloud":
            return f"https://w.soundcloud.com/player/?url={quote(self.embed_url, safe='')}"
        return None

    @property
    def warnings_list(self):
        return list(self.warnings.all())

    def consent_status(self, on=None):
        consent = getattr(self, "consent", None) if self.pk else None
        return consent.status(on) if consent else Consent.Status.MISSING

    @admin.display(description=_("Consent"))
    def consent_display(self):
        return Consent.Status(self.consent_status()).label

    def is_available(self, on=None):
        """May learners see this narrative right now? Live, with consent that is in force."""
        return self.live and self.consent_status(on) == Consent.Status.ACTIVE

    def get_preview_template(self, request, mode_name):
        return "narratives/narrative_preview.html"

    def get_preview_context(self, request, mode_name):
        return {"narrative": self, "preview": True}


class NarrativeContentWarning(Orderable):
    narrative = ParentalKey(Narrative, related_name="warnings", on_delete=models.CASCADE)
    warning = models.ForeignKey(ContentWarning, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(
        max_length=255,
        blank=True,
        help_text=_(
            "A few plain words on what is described, e.g. 'describes a hospital admission'."
        ),
    )
    timestamp = models.CharField(
        max_length=8,
        blank=True,
        validators=[timestamp_validator],
        help_text=_("Where it is described, as mm:ss (for example 04:10)."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("content warning")

    def __str__(self):
        return str(self.warning)


class Consent(models.Model):
    """The narrator's consent. Not revisioned: a change takes effect the moment it is saved."""

    class Scope(models.TextChoices):
        EDUCATION = "education", _("Education and training only")
        PUBLIC = "public", _("Public, including education")

    class Status(models.TextChoices):
        ACTIVE = "active", _("In force")
        NOT_YET = "not_yet", _("Not yet in force")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        MISSING = "missing", _("Not recorded")

    narrative = models.OneToOneField(Narrative, on_delete=models.CASCADE, related_name="consent")
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.EDUCATION)
    given = models.DateField(help_text=_("The date the narrator gave consent."))
    expires = models.DateField(
        null=True, blank=True, help_text=_("Leave empty if consent does not expire.")
    )
    withdrawn = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "Set this the day the narrator withdraws. The narrative disappears from "
            "every module as soon as you save."
        ),
    )
    notes = models.TextField(
        blank=True, help_text=_("Where the signed form is kept; any limits the narrator set.")
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("consent record")
        ordering = ["narrative__title"]

    def __str__(self):
        return _("Consent for %(title)s") % {"title": self.narrative.title}

    def clean(self):
        errors = {}
        if self.given and self.expires and self.expires <= self.given:
            errors["expires"] = _("Consent must expire after the date it was given.")
        if self.given and self.withdrawn and self.withdrawn < self.given:
            errors["withdrawn"] = _("Consent cannot be withdrawn before it was given.")
        if errors:
            raise ValidationError(errors)

    @admin.display(description=_("Status"))
    def status_display(self):
        return self.Status(self.status()).label

    def status(self, on=None):
        today = on or timezone.localdate()
        if self.withdrawn:
            return self.Status.WITHDRAWN
        if self.given > today:
            return self.Status.NOT_YET
        if self.expires and self.expires < today:
            return self.Status.EXPIRED
        return self.Status.ACTIVE


__all__ = [
    "CharacterisationDimension",
    "CharacterisationValue",
    "Consent",
    "ContentWarning",
    "KeptUpload",
    "Narrative",
    "NarrativeContentWarning",
    "Theme",
    "ViewerPreferences",
]
