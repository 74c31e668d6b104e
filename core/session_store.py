"""Storybridge's session engine: Django's `cached_db` (read from the cache, written through to the
database), except that a new session is written once, when the response is sent, rather than
also when its key is made.

Django's `create()` (which `login()` calls to give the signed-in person a fresh key) first asks
the database whether a random key is taken, then inserts the row at once; the response then
updates that same row with who signed in. Here the new key is only drawn: the row is inserted
at the end of the request with everything in it, and a key that turns out to be taken (the
insert fails on the primary key: 32 random characters, so in practice never) is drawn again.
Signing in costs one write instead of a read and two writes. `save()` still writes at once,
as Django's does, for code (and Django's test client) that saves a session itself."""

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS, CreateError
from django.utils.crypto import get_random_string


class SessionStore(cached_db.SessionStore):
    _unsaved = False

    def create(self):
        self._session_key = get_random_string(32, VALID_KEY_CHARS)
        if not hasattr(self, "_session_cache"):
            self._session_cache = {}
        self._unsaved = True
        self.modified = True

    def save(self, must_create=False):
        """Written now, always (a new session included)."""
        if self.session_key is None:
            self.create()
        if not self._unsaved:
            return super().save(must_create=must_create)
        while True:
            try:
                super().save(must_create=True)
            except CreateError:
                self._session_key = get_random_string(32, VALID_KEY_CHARS)
                continue
            self._unsaved = False
            return None
