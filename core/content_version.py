"""The published-content version: a stamp in the database that changes whenever anything a
learner-facing page shows changes, so caches keyed on it are never stale, in any process.

Each change sets a fresh random stamp rather than counting up: a transaction that is rolled back
after something was cached under its stamp can then never see that stamp reused for other
content (nor can a database restored from a backup).

Saving or deleting a watched model bumps it inside the same transaction. Code that changes
watched rows with `QuerySet.update()` or bulk operations (which send no signals) must call
`bump()` itself.
"""

import secrets

from django.apps import apps
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

ROW_ID = 1
# Everything a learner-facing page renders or routes by.
WATCHED = (
    "wagtailcore.Page",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.Site",
    "core.StorybridgeSettings",
    "narratives.Narrative",
    "narratives.Consent",
    "narratives.NarrativeContentWarning",
    "narratives.ContentWarning",
    "narratives.Theme",
    "wagtailmedia.Media",
    "wagtaildocs.Document",
    "wagtailimages.Image",
)
_REQUEST_ATTR = "_storybridge_content_version"


def watched_models():
    return tuple(apps.get_model(label) for label in WATCHED)


def current(request=None):
    """The version now; read once per request when a request is given."""
    if request is not None and hasattr(request, _REQUEST_ATTR):
        return getattr(request, _REQUEST_ATTR)
    from core.models import ContentVersion

    value = _read_stamp()
    if value is None:
        ContentVersion.objects.get_or_create(pk=ROW_ID)
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
    from core.models import ContentVersion

    quote = connection.ops.quote_name
    sql = "SELECT {} FROM {} WHERE {} = %s".format(
        quote(ContentVersion._meta.get_field("stamp").column),
        quote(ContentVersion._meta.db_table),
        quote(ContentVersion._meta.pk.column),
    )
    return sql, [ROW_ID]


def bump():
    from core.models import ContentVersion

    stamp = secrets.randbits(62)
    if not ContentVersion.objects.filter(pk=ROW_ID).update(stamp=stamp):
        ContentVersion.objects.update_or_create(pk=ROW_ID, defaults={"stamp": stamp})


def _on_change(sender, instance=None, **kwargs):
    if isinstance(instance, _watched):
        bump()


def _on_page_event(sender, **kwargs):
    bump()


_watched = ()


def connect():
    """Called from CoreConfig.ready()."""
    global _watched
    _watched = watched_models()
    post_save.connect(_on_change, dispatch_uid="storybridge_content_version_save")
    post_delete.connect(_on_change, dispatch_uid="storybridge_content_version_delete")
    m2m_changed.connect(_on_change, dispatch_uid="storybridge_content_version_m2m")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_on_page_event, dispatch_uid=f"storybridge_content_version_{id(signal)}")
