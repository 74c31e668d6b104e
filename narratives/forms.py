from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtailmedia.forms import BaseMediaForm

from . import kept_uploads
from .models import Consent
from .review import narratives_showing
from .validators import validate_media_file, validate_thumbnail


class KeptFileInput(forms.ClearableFileInput):
    """A file input that, after a failed save, carries the token of the file it kept and says
    so beside the field."""

    kept = None  # (token, file name) once the form has kept a file

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not self.kept:
            return html
        token, filename = self.kept
        return html + format_html(
            '<input type="hidden" name="{}-kept" value="{}">'
            '<p class="help-block help-info" id="{}-kept-notice" role="status">{}</p>',
            name,
            token,
            name,
            _("We kept %(name)s; you do not need to choose it again.") % {"name": filename},
        )


class NarrativeForm(WagtailAdminModelForm):
    """Refuses to publish a narrative whose narrator's consent is not in force, and keeps a
    valid captions file when anything else on the form fails."""

    kept_field = "captions"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_token = None
        self.kept_lost = False
        if self.kept_field in self.fields:
            self.fields[self.kept_field].widget = KeptFileInput(attrs={"accept": ".vtt,text/vtt"})
            self._take_kept_file()

    def _take_kept_file(self):
        name = self.add_prefix(self.kept_field)
        token = self.data.get(f"{name}-kept") if self.is_bound else None
        if not token or self.files.get(name) or self.data.get(f"{name}-clear"):
            return
        upload = kept_uploads.take(token, self.for_user) if self.for_user else None
        if upload is None:
            self.kept_lost = True
            return
        self.files = self.files.copy()
        self.files[name] = upload
        self.kept_token = token

    def clean_captions(self):
        if self.kept_lost:
            raise forms.ValidationError(
                _("The captions file you chose before could not be kept. Choose it again."),
                code="kept_lost",
            )
        return self.cleaned_data.get("captions")

    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            self._keep_file()
        return valid

    def _keep_file(self):
        """After a failed save, hold a valid new file so the next save can use it."""
        upload = self.cleaned_data.get(self.kept_field) if hasattr(self, "cleaned_data") else None
        if self.has_error(self.kept_field) or not isinstance(upload, UploadedFile):
            return
        if self.kept_token is None and self.for_user:
            self.kept_token = kept_uploads.keep(upload, self.for_user)
        if self.kept_token:
            self.fields[self.kept_field].widget.kept = (self.kept_token, upload.name)

    def save(self, commit=True):
        instance = super().save(commit=commit)
        if self.kept_token and self.for_user:
            kept_uploads.release(self.kept_token, self.for_user)
        return instance

    def clean(self):
        cleaned_data = super().clean()
        if self.is_publishing():
            status = self.instance.consent_status() if self.instance.pk else Consent.Status.MISSING
            if status != Consent.Status.ACTIVE:
                self.add_error(None, publish_blocked_message(status))
        values = cleaned_data.get("characterisation") or []
        seen = {}
        for value in values:
            dimension = value.dimension
            if not dimension.allow_multiple and dimension.pk in seen:
                self.add_error(
                    "characterisation",
                    _("Choose only one value for '%(dimension)s'.") % {"dimension": dimension},
                )
            seen[dimension.pk] = value
        return cleaned_data

    def is_publishing(self):
        """Publishing, or approving in the panel review (whose approval publishes)."""
        if "action-publish" in self.data:
            return True
        return bool(self.data.get("action-workflow-action")) and (
            self.data.get("workflow-action-name") == "approve"
        )


def publish_blocked_message(status):
    messages = {
        Consent.Status.MISSING: _(
            "This narrative cannot be published until the narrator's consent is recorded. "
            "Save it as a draft, then add a consent record under Narrative library → Consent."
        ),
        Consent.Status.EXPIRED: _(
            "The narrator's consent has expired, so this narrative cannot be published. "
            "Record renewed consent first."
        ),
        Consent.Status.WITHDRAWN: _(
            "The narrator has withdrawn consent, so this narrative cannot be published."
        ),
        Consent.Status.NOT_YET: _(
            "The narrator's consent is not in force yet, so this narrative cannot be published."
        ),
    }
    return messages[status]


class MediaForm(BaseMediaForm):
    """wagtailmedia's form for every upload and edit of a recording (WAGTAILMEDIA's
    MEDIA_FORM_BASE): the file and thumbnail are checked by content, and neither may be replaced
    while a live narrative, or one in review, shows them, since learners would get a recording
    the lived-experience panel never heard."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            validate_media_file(file, self.instance.type)
        return file

    def clean_thumbnail(self):
        thumbnail = self.cleaned_data.get("thumbnail")
        if isinstance(thumbnail, UploadedFile):
            validate_thumbnail(thumbnail)
        return thumbnail

    def clean(self):
        cleaned_data = super().clean()
        replacing = [name for name in ("file", "thumbnail") if name in self.changed_data]
        if self.instance.pk and replacing:
            showing = narratives_showing(self.instance)
            if showing:
                for name in replacing:
                    self.add_error(name, in_use_message(showing[0]))
        return cleaned_data

    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            # Recordings can be hundreds of megabytes, too large to hold between attempts as
            # the narrative form holds captions: say plainly that the file must be chosen again.
            for name in ("file", "thumbnail"):
                if isinstance(self.cleaned_data.get(name), UploadedFile) and not self.has_error(
                    name
                ):
                    self.add_error(name, choose_again_message(self.cleaned_data[name].name))
        return valid

    def _post_clean(self):
        # With a bad file, wagtailmedia's own model checks would only repeat the problem in
        # other words ("File extension '' is not allowed").
        if self.has_error("file") or self.has_error("thumbnail"):
            return
        super()._post_clean()


def choose_again_message(filename):
    return _(
        "%(name)s was fine, but it was not saved because something else on the form needs "
        "correcting. Correct it, then choose %(name)s again."
    ) % {"name": filename}


def in_use_message(narrative):
    if narrative.live:
        return _(
            "This recording is used by the live narrative '%(title)s'. Upload a new media item "
            "and choose it on the narrative; the lived-experience panel reviews that change."
        ) % {"title": narrative.title}
    return _(
        "This recording is used by the narrative '%(title)s', which the lived-experience panel "
        "is reviewing or has scheduled. Upload a new media item and choose it on the narrative "
        "instead."
    ) % {"title": narrative.title}
