"""Privacy over every statement of a full simulated journey (`load_demo --learners N`, the
platform's own rules for each step) plus breaks and support requests: no mbox, mbox_sha1sum or
agent name, no e-mail address anywhere, no reflection text (the site's setting is off by
default); every actor an account on the site; breaks and support unlinkable."""

import datetime
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.models import Reflection
from core.pseudonyms import pseudonym
from courses.models import Enrolment
from narratives.models import Narrative
from portal.demo.learners import REFLECTION_SENTENCES
from tracking import sensitive
from tracking import vocabulary as v
from tracking.models import Statement

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
AGENT_PLACES = ("actor", "authority", "instructor", "team")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = settings.PROTECTED_MEDIA_ROOT = tmp_path


@pytest.fixture
def journey(db, client):
    call_command("load_demo", "--learners", "8", stdout=StringIO())
    narrative = Narrative.objects.order_by("pk").first()
    for _ in range(2):
        client.post(reverse("courses:take_break"), {"narrative": narrative.pk})
    client.post(reverse("courses:take_break"))
    sensitive.release(now=timezone.now() + datetime.timedelta(days=1))  # the day has ended
    return list(Statement.objects.all())


def agents(node):
    """Every agent or group object under the statement's agent places, sub-statements too."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in AGENT_PLACES and isinstance(value, dict):
                yield value
                yield from value.get("member") or []
            yield from agents(value)
    elif isinstance(node, list):
        for value in node:
            yield from agents(value)


def keys(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from keys(value)


def test_the_journey_stores_every_kind_of_learning_statement(journey):
    verbs = {row.verb for row in journey}
    assert {
        v.REGISTERED,
        v.INITIALIZED,
        v.COMPLETED,
        v.ANSWERED,
        v.CHOSE,
        v.EXPERIENCED,
        v.WARNING_ACCEPTED,
        v.SUBMITTED,
        v.TOOK_A_BREAK,
    } <= verbs, verbs


def test_no_statement_identifies_a_person(journey):
    """DESIGN.md "xAPI": the actor is an account on the site named by an HMAC, never mbox,
    mbox_sha1sum, openid or a name (xAPI 1.0.3 Part Two 2.4.2.1: the inverse functional
    identifiers; 2.4.2.4: the Account object)."""
    assert journey
    enrolled = {
        pseudonym(user_id) for user_id in Enrolment.objects.values_list("user_id", flat=True)
    }
    for row in journey:
        data = row.data
        blob = json.dumps(data)
        assert not {"mbox", "mbox_sha1sum", "openid"} & set(keys(data)), blob
        assert not EMAIL.search(blob), blob
        for agent in agents(data):
            assert "name" not in agent, blob
            assert set(agent) <= {"objectType", "account"}, blob
        account = data["actor"]["account"]
        assert account["homePage"] == "http://testserver"
        if row.user_id is not None:
            assert account["name"] == pseudonym(row.user_id)
            assert account["name"] in enrolled


def test_no_reflection_text_reaches_a_statement_by_default(journey):
    """DESIGN.md "Privacy": reflection text goes to the LRS only with the site's setting on and
    the learner's agreement; the setting is off by default."""
    texts = list(Reflection.objects.values_list("text", flat=True))
    assert texts
    blob = "\n".join(json.dumps(row.data) for row in journey)
    for text in texts:
        assert text not in blob
    for sentence in REFLECTION_SENTENCES:
        assert sentence not in blob
    submitted = [row.data for row in journey if row.verb == v.SUBMITTED]
    assert submitted and all("response" not in s["result"] for s in submitted)


def test_breaks_and_support_have_no_registration_and_a_new_account_each_time(journey):
    """DESIGN.md "Sensitive events": a fresh random account per event, no registration."""
    unlinkable = [row for row in journey if row.verb in (v.TOOK_A_BREAK, v.ASKED_FOR_SUPPORT)]
    assert len(unlinkable) >= 3
    accounts = [row.data["actor"]["account"]["name"] for row in unlinkable]
    assert len(set(accounts)) == len(accounts)
    linked = {row.actor for row in journey if row.user_id is not None}
    assert not set(accounts) & linked
    for row in unlinkable:
        assert row.user_id is None and row.registration is None
        assert "registration" not in row.data["context"]
