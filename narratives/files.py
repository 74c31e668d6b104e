"""Who may have a narrative's files: the one check, separate from how the bytes are sent.

Every file a narrative shows (its recording, the recording's poster, its captions) is reached
only at `/narratives/<uuid>/file/<kind>/` (narratives/views.py), which asks `narrative_file`
on every request. A learner, or anyone not signed in, gets the file only while the narrative is
live and its consent in force (`NarrativeQuerySet.available`, the rule every page uses); people
who may edit narratives also get the files of drafts, to preview them. Anything else is "not
found", from the moment consent is withdrawn or expires: the decision is never cached and the
response says `no-store`. A storage that hands out signed links (object storage) calls the same
function before signing one.
"""

from django.core.files.storage import default_storage
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .models import Narrative

# The storage folders of the files narratives use: wagtailmedia's recordings and posters and
# the captions field's uploads. Editors reach files there at PROTECTED_MEDIA_URL.
NARRATIVE_FILE_FOLDERS = ("media/", "media_thumbnails/", "narratives/")


class FileKind(models.TextChoices):
    RECORDING = "recording", _("Recording")
    POSTER = "poster", _("Poster")
    CAPTIONS = "captions", _("Captions")


def may_preview(user):
    """People who edit narratives see drafts and withdrawn narratives in the admin's preview."""
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm("wagtailadmin.access_admin")
        and user.has_perm("narratives.change_narrative")
    )


def field_file(narrative, kind):
    """The stored file of `kind` for a narrative, or None when it has none."""
    if kind == FileKind.CAPTIONS:
        return narrative.captions or None
    media = narrative.media if narrative.media_id else None
    if media is None:
        return None
    if kind == FileKind.RECORDING:
        return media.file or None
    if kind == FileKind.POSTER:
        return media.thumbnail or None
    return None


def narrative_file(request, narrative_uuid, kind):
    """The narrative and the file of `kind` this request may have, or Http404.

    Asked afresh on every request: consent withdrawn a moment ago means "not found" now."""
    if kind not in FileKind.values:
        raise Http404
    # Available to everyone: one query, and no session or permissions to load for learners.
    narrative = _find(Narrative.objects.available(), narrative_uuid)
    if narrative is None and may_preview(request.user):
        narrative = _find(Narrative.objects.all(), narrative_uuid)
    if narrative is None or not narrative.is_timed:
        raise Http404
    stored = field_file(narrative, kind)
    if stored is None:
        raise Http404
    return narrative, stored


def _find(narratives, narrative_uuid):
    return (
        narratives.filter(uuid=narrative_uuid)
        .select_related("media")
        .only("title", "modality", "captions", "media__file", "media__thumbnail")
        .first()
    )


def editor_file(request, name):
    """A narrative file by its storage name, for the admin's links (wagtailmedia's file and
    poster links, the captions field's "currently"): only for people who edit narratives, only
    in the narrative folders; never a document (Wagtail's view checks those) or an image."""
    if not may_preview(request.user):
        raise Http404
    if ".." in name.split("/") or not name.startswith(NARRATIVE_FILE_FOLDERS):
        raise Http404
    if not default_storage.exists(name):
        raise Http404
    return default_storage, name
