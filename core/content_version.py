"""The published-content version: a stamp in the database that changes whenever anything a
learner-facing page shows changes, so caches keyed on it are never stale, in any process.

Each change sets a fresh random stamp rather than counting up: a transaction that is rolled back
after something was cached under its stamp can then never see that stamp reused for other
content (nor can a database restored from a backup).

Saving or deleting a watched model bumps it inside the same transaction. Core watches Wagtail's
models and its own (WATCHED); every other app names the models its learner-facing pages show
with `watch()` in its AppConfig.ready() (narratives/apps.py). Code that changes watched rows with
`QuerySet.update()` or bulk operations (which send no signals) must call `bump()` itself.
"""

import secrets

from django.apps import apps
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

ROW_ID = 1
# What a learner-facing page renders or routes by, of Wagtail's and core's; apps add theirs.
WATCHED = (
    "wagtailcore.Page",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.Site",
    "core.StorybridgeSettings",
    "wagtailmedia.Media",
    "wagtaildocs.Document",
    "wagtailimages.Image",
)
_REQUEST_ATTR = "_storybridge_content_version"

# The watched models, filled by watch(); core.ContentVersion, set by connect() (core.models
# imports this module through page_cache, so it cannot import core.models back).
_watched = ()
_ContentVersion = None


def watch(*labels):
    """Bump the version whenever a row of these models ("app_label.ModelName") is saved or
    deleted. Call from an AppConfig.ready()."""
    global _watched
    _watched += tuple(apps.get_model(label) for label in labels)


def current(request=None):
    """The version now; read once per request when a request is given."""
    if request is not None and hasattr(request, _REQUEST_ATTR):
        return getattr(request, _REQUEST_ATTR)
    value = _read_stamp()
    if value is None:
        _ContentVersion.objects.get_or_create(pk=ROW_ID)
        value = 0
    if request is not None:
        setattr(request, _REQUEST_ATTR, value)
    return value


def _read_stamp():
    """The stamp, or None without the row. Every request reads it, so it is one plain query
    rather than the ORM's: building a queryset costs several times what the database does."""
    sql, params = stamp_query()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else row[0]


def stamp_query():
    """SQL and parameters selecting the stored stamp (no row before the first `current()`), for
    code that reads it inside a larger statement (tracking.outbox.record_new)."""
    meta = _ContentVersion._meta
    quote = connection.ops.quote_name
    sql = "SELECT {} FROM {} WHERE {} = %s".format(
        quote(meta.get_field("stamp").column), quote(meta.db_table), quote(meta.pk.column)
    )
    return sql, [ROW_ID]


def bump():
    stamp = secrets.randbits(62)
    if not _ContentVersion.objects.filter(pk=ROW_ID).update(stamp=stamp):
        _ContentVersion.objects.update_or_create(pk=ROW_ID, defaults={"stamp": stamp})


def _on_change(sender, instance=None, **kwargs):
    if isinstance(instance, _watched):
        bump()


def _on_page_event(sender, **kwargs):
    bump()


def connect():
    """Called from CoreConfig.ready(): watches WATCHED and connects the signals."""
    global _ContentVersion
    _ContentVersion = apps.get_model("core", "ContentVersion")
    watch(*WATCHED)
    post_save.connect(_on_change, dispatch_uid="storybridge_content_version_save")
    post_delete.connect(_on_change, dispatch_uid="storybridge_content_version_delete")
    m2m_changed.connect(_on_change, dispatch_uid="storybridge_content_version_m2m")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_on_page_event, dispatch_uid=f"storybridge_content_version_{id(signal)}")
