"""The stored sessions that sign one person in. A session row holds no key to its user (only its
encoded data names them), so these decode each session in the table. Only the database-backed
session engines (`db`, `cached_db` and Storybridge's `core.session_store`) keep sessions where
this can look; with another engine the table is empty and so are the answers."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone


def _names(session, user):
    return str(session.get_decoded().get(SESSION_KEY)) == str(user.pk)


def sessions_of(user):
    """[(session row, decoded data)] of every unexpired stored session signed in as `user`,
    soonest to expire first."""
    stored = Session.objects.filter(expire_date__gt=timezone.now()).order_by("expire_date")
    return [
        (session, session.get_decoded())
        for session in stored.iterator(chunk_size=1000)
        if _names(session, user)
    ]


def end_sessions(user):
    """Sign `user` out everywhere: delete every session that names them (expired ones too), from
    the cache as well as the database. Returns how many were ended."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.iterator(chunk_size=1000):
        if _names(session, user):
            store(session.session_key).delete()
            ended += 1
    return ended
