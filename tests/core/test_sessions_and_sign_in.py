"""Signing in: the session engine writes a new session once, at the end of its request
(core/session_store.py), and whether the person may author is decided in one query
(core/signals.py)."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import session_store
from core.session_store import SessionStore
from core.signals import CAN_AUTHOR_SESSION_KEY, can_author
from tests.factories import UserFactory
from tests.portal.accounts_helpers import PASSWORD, learner_sign_in

pytestmark = pytest.mark.django_db


def stored(key):
    return Session.objects.filter(session_key=key).first()


def test_a_new_key_is_written_once_with_everything_in_it():
    store = SessionStore()
    with CaptureQueriesContext(connection) as made:
        store.create()
    assert len(made) == 0 and stored(store.session_key) is None
    store["colour"] = "green"
    store.save()
    row = stored(store.session_key)
    assert row is not None and row.get_decoded() == {"colour": "green"}
    # Saved again later: the same row, updated.
    store["colour"] = "blue"
    store.save()
    assert stored(store.session_key).get_decoded() == {"colour": "blue"}
    assert Session.objects.count() == 1


def test_saving_a_session_that_has_no_key_yet_writes_it_at_once():
    store = SessionStore()
    store.save()  # as Django's test client and other callers do
    assert store.session_key and stored(store.session_key) is not None


def test_a_key_someone_already_holds_is_drawn_again(monkeypatch):
    taken = SessionStore()
    taken["who"] = "the first person"
    taken.save()
    keys = iter([taken.session_key, "k" * 32])
    monkeypatch.setattr(session_store, "get_random_string", lambda *_args: next(keys))
    store = SessionStore()
    store.create()
    store["who"] = "the second person"
    store.save()
    assert store.session_key == "k" * 32
    assert stored(taken.session_key).get_decoded() == {"who": "the first person"}
    assert stored("k" * 32).get_decoded() == {"who": "the second person"}


def test_signing_in_writes_one_session_row_and_the_person_stays_signed_in(client):
    user = UserFactory(username="ward-nurse", email="nurse@example.org")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    with CaptureQueriesContext(connection) as queries:
        response = learner_sign_in(client, "nurse@example.org", PASSWORD)
        session_writes = [q["sql"] for q in queries if '"django_session"' in q["sql"]]
    assert response.status_code == 302, response.content[:2000]
    assert len(session_writes) == 1 and session_writes[0].startswith("INSERT"), session_writes
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session[CAN_AUTHOR_SESSION_KEY] is False
    assert Session.objects.count() == 1


def test_who_may_author_is_decided_as_djangos_permission_check_decides_it():
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    learner = UserFactory()
    direct = UserFactory()
    direct.user_permissions.add(access)
    editors = Group.objects.create(name="Ward editors")
    editors.permissions.add(access)
    in_group = UserFactory()
    in_group.groups.add(editors)
    superuser = UserFactory(is_superuser=True)
    switched_off = UserFactory(is_active=False)
    switched_off.groups.add(editors)
    for person in (learner, direct, in_group, superuser, switched_off):
        fresh = type(person).objects.get(pk=person.pk)
        with CaptureQueriesContext(connection) as queries:
            decided = can_author(fresh)
        assert decided == fresh.has_perm("wagtailadmin.access_admin"), person
        assert len(queries) <= 1
    assert [can_author(p) for p in (learner, direct, in_group, superuser, switched_off)] == [
        False,
        True,
        True,
        True,
        False,
    ]
