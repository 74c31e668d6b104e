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

import uuid
from dataclasses import dataclass
from functools import lru_cache

from django.core.files.storage import Storage, default_storage
from django.db import connection, models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtailmedia.models import get_media_model

from .models import Narrative

TIMED = (Narrative.Modality.AUDIO, Narrative.Modality.VIDEO)
PLACEHOLDER = uuid.UUID(int=0)
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


@dataclass(frozen=True)
class NarrativeFile:
    """A file the request may have: where it is stored, and the narrative's title."""

    title: str
    kind: str
    storage: Storage
    name: str


# Each kind: the stored name's column, as the lookup `values()` reads it, and its file field.
COLUMNS = {
    FileKind.RECORDING: "media__file",
    FileKind.POSTER: "media__thumbnail",
    FileKind.CAPTIONS: "captions",
}


def _storage(kind):
    if kind == FileKind.CAPTIONS:
        return Narrative._meta.get_field("captions").storage
    field = "file" if kind == FileKind.RECORDING else "thumbnail"
    return get_media_model()._meta.get_field(field).storage


def _find(narratives, narrative_uuid, kind):
    """One narrow query (a file is asked for far more often than a page is shown)."""
    return (
        narratives.filter(uuid=narrative_uuid, modality__in=TIMED)
        .order_by()
        .values_list("title", COLUMNS[kind])[:1]
    )


@lru_cache(maxsize=16)
def _available_statement(kind, today, vendor):
    """The SQL and parameters of `_find(Narrative.objects.available(today), <uuid>, kind)`,
    with PLACEHOLDER standing for the uuid. Only the statement is kept (a day at most, as the
    rule depends on the date), never an answer: it runs against the database on every request."""
    sql, params = _find(
        Narrative.objects.available(today), PLACEHOLDER, kind
    ).query.sql_with_params()
    return sql, tuple(params)


def _available(narrative_uuid, kind):
    """The (title, stored name) rows of an available narrative, as `_find` on `available()`
    gives them; built once a day per kind, because this runs for every range a player asks for."""
    sql, params = _available_statement(kind, timezone.localdate(), connection.vendor)
    uuid_field = Narrative._meta.get_field("uuid")
    placeholder = uuid_field.get_db_prep_value(PLACEHOLDER, connection)
    wanted = uuid_field.get_db_prep_value(narrative_uuid, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [wanted if p == placeholder else p for p in params])
        return cursor.fetchall()


def narrative_file(request, narrative_uuid, kind):
    """The NarrativeFile of `kind` this request may have, or Http404.

    Asked afresh on every request: consent withdrawn a moment ago means "not found" now."""
    if kind not in FileKind.values:
        raise Http404
    # Available to everyone: one query, and no session or permissions to load for learners.
    found = _available(narrative_uuid, kind)
    if not found and may_preview(request.user):
        found = list(_find(Narrative.objects.all(), narrative_uuid, kind))
    if not found or not found[0][1]:
        raise Http404
    title, name = found[0]
    return NarrativeFile(title=title, kind=kind, storage=_storage(kind), name=name)


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
