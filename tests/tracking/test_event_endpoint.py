"""POST /xapi/events/ (tracking/event_views.py): the browser's player events become statements
only when the request passes every check; otherwise a 4xx with a clear message and nothing
stored (issue 5, "Capture from the browser": CSRF, ownership, rate, plausibility).

Statement content is tested in test_playback.py; here, what the endpoint lets through."""

import datetime
import json
from urllib.parse import urlencode

import pytest
from django.contrib.auth import HASH_SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import content_version
from tests.factories import EnrolmentFactory, NarrativeFactory, UserFactory
from tracking import event_views
from tracking import vocabulary as v
from tracking.models import Statement
from tracking.player import tokens

from .ralph_models import assert_valid

URL = "/xapi/events/"


@pytest.fixture
def page(make_module, course):
    audio = NarrativeFactory(
        modality="audio", text_body="", duration=datetime.timedelta(seconds=70)
    )
    module = make_module(body=[{"type": "narrative", "value": {"narrative": audio.pk}}])
    user = UserFactory()
    enrolment = EnrolmentFactory(user=user, course=course)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(reverse("courses:join"))  # sets the CSRF cookie, as the module page would
    csrf = client.cookies["csrftoken"].value
    token = tokens.make_token(user, enrolment, module)
    return audio, module, user, enrolment, client, csrf, token


def events(narrative):
    base = {"narrative": str(narrative.uuid), "length": 69.6, "at": 10}
    return [
        {**base, "type": "initialized", "seq": 0},
        {**base, "type": "played", "seq": 1, "time": 0},
        {**base, "type": "paused", "seq": 2, "time": 3.5, "progress": 0.05, "segments": [[0, 3.5]]},
        {**base, "type": "seeked", "seq": 3, "from": 3.5, "to": 20},
    ]


def post_json(client, csrf, body, **headers):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(URL, data, content_type="application/json", HTTP_X_CSRFTOKEN=csrf, **headers)


def test_a_good_batch_is_stored_whole_and_is_valid_xapi(page):
    """Audio Profile statements, registration = the enrolment (DESIGN.md, "xAPI")."""
    audio, _module, user, enrolment, client, csrf, token = page
    response = post_json(client, csrf, {"token": token, "events": events(audio)})
    assert response.status_code == 200, response.content
    assert response.json() == {"stored": 4}
    rows = list(Statement.objects.filter(user=user).order_by("timestamp", "verb"))
    assert sorted(r.verb for r in rows) == sorted([v.INITIALIZED, v.PLAYED, v.PAUSED, v.SEEKED])
    assert {str(r.registration) for r in rows} == {str(enrolment.uuid)}
    assert_valid(r.data for r in rows)


def test_a_beacon_sends_the_batch_and_csrf_token_as_form_fields(page):
    """navigator.sendBeacon cannot set headers: the CSRF token is the form's field."""
    audio, _module, user, _enrolment, client, csrf, token = page
    body = urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "batch": json.dumps({"token": token, "events": events(audio)}),
        }
    )
    response = client.post(URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200, response.content
    assert Statement.objects.filter(user=user).count() == 4


def test_without_the_csrf_token_nothing_is_stored(page):
    audio, _module, _user, _enrolment, client, _csrf, token = page
    response = client.post(
        URL, json.dumps({"token": token, "events": events(audio)}), content_type="application/json"
    )
    assert response.status_code == 403
    body = urlencode({"batch": json.dumps({"token": token, "events": events(audio)})})
    response = client.post(URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 403
    assert Statement.objects.count() == 0


def test_signed_out_visitors_are_refused(page):
    audio, *_rest, token = page
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("account_login"))
    response = post_json(
        client, client.cookies["csrftoken"].value, {"token": token, "events": events(audio)}
    )
    assert response.status_code == 403
    assert "Sign in" in response.json()["error"]
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    "body, status, message",
    [
        ("{not json", 400, "not valid JSON"),
        ("[]", 400, "must be a JSON object"),
        ({"events": []}, 403, "token is missing"),
        ({"token": "abc", "events": []}, 403, "token is not valid"),
        ({"token": "TOKEN", "events": "played"}, 400, "'events' must be a list"),
        ({"token": "TOKEN", "events": [{"type": "played"}]}, 400, "not played in this module"),
    ],
)
def test_malformed_batches_get_a_clear_message(page, body, status, message):
    _audio, _module, _user, _enrolment, client, csrf, token = page
    if isinstance(body, dict) and body.get("token") == "TOKEN":
        body["token"] = token
    response = post_json(client, csrf, body)
    assert response.status_code == status
    assert message in response.json()["error"]
    assert Statement.objects.count() == 0


def test_an_implausible_event_refuses_the_whole_batch(page):
    audio, _module, _user, _enrolment, client, csrf, token = page
    batch = events(audio)
    batch[2] = {**batch[2], "time": 500}
    response = post_json(client, csrf, {"token": token, "events": batch})
    assert response.status_code == 400
    assert response.json()["error"].startswith("Event 3 (paused): 'time' (500) must be between")
    assert Statement.objects.count() == 0


def test_progress_above_one_is_refused(page):
    audio, _module, _user, _enrolment, client, csrf, token = page
    batch = [{**events(audio)[2], "progress": 1.2}]
    response = post_json(client, csrf, {"token": token, "events": batch})
    assert response.status_code == 400
    assert "'progress' must be between 0 and 1" in response.json()["error"]
    assert Statement.objects.count() == 0


def test_another_learners_token_is_refused(page):
    """Another learner's page view (their session) cannot be written to."""
    audio, module, _user, _enrolment, client, csrf, _token = page
    other = UserFactory()
    theirs = EnrolmentFactory(user=other, course=module.get_parent().specific)
    token = tokens.make_token(other, theirs, module)
    response = post_json(client, csrf, {"token": token, "events": events(audio)})
    assert response.status_code == 403
    assert "belongs to someone else" in response.json()["error"]
    assert Statement.objects.count() == 0


def test_a_tampered_token_is_refused(page):
    audio, _module, _user, _enrolment, client, csrf, token = page
    value, signature = token.rsplit(":", 1)
    forged = value.replace("e", "f", 1) + ":" + signature
    response = post_json(client, csrf, {"token": forged, "events": events(audio)})
    assert response.status_code == 403
    assert "not valid" in response.json()["error"]
    assert Statement.objects.count() == 0


def test_an_expired_token_is_refused(page, monkeypatch):
    audio, _module, _user, _enrolment, client, csrf, token = page
    monkeypatch.setattr(tokens, "TOKEN_MAX_AGE", -1)
    response = post_json(client, csrf, {"token": token, "events": events(audio)})
    assert response.status_code == 403
    assert "expired" in response.json()["error"]
    assert Statement.objects.count() == 0


def test_a_learner_no_longer_enrolled_is_refused(page):
    audio, _module, _user, enrolment, client, csrf, token = page
    enrolment.delete()
    response = post_json(client, csrf, {"token": token, "events": events(audio)})
    assert response.status_code == 403
    assert "not enrolled" in response.json()["error"]
    assert Statement.objects.count() == 0


def test_a_narrative_of_another_module_is_refused(page, make_module):
    audio, _module, _user, _enrolment, client, csrf, token = page
    elsewhere = NarrativeFactory(
        modality="audio", text_body="", duration=datetime.timedelta(seconds=70)
    )
    make_module(
        title="Elsewhere", body=[{"type": "narrative", "value": {"narrative": elsewhere.pk}}]
    )
    batch = [{**e, "narrative": str(elsewhere.uuid)} for e in events(audio)]
    response = post_json(client, csrf, {"token": token, "events": batch})
    assert response.status_code == 400
    assert "not played in this module" in response.json()["error"]
    assert Statement.objects.count() == 0


def test_an_unpublished_module_is_refused(page):
    audio, module, _user, _enrolment, client, csrf, token = page
    module.unpublish()
    response = post_json(client, csrf, {"token": token, "events": events(audio)})
    assert response.status_code == 403
    assert "not open to you" in response.json()["error"]


def test_an_oversized_body_is_refused_before_it_is_read(page):
    audio, _module, _user, _enrolment, client, csrf, token = page
    batch = {"token": token, "events": events(audio), "padding": "x" * (65 * 1024)}
    response = post_json(client, csrf, batch)
    assert response.status_code == 413
    assert "too big" in response.json()["error"]
    assert Statement.objects.count() == 0


def test_too_many_events_in_one_batch_are_refused(page):
    audio, _module, _user, _enrolment, client, csrf, token = page
    played = events(audio)[1]
    batch = [{**played, "seq": i} for i in range(51)]
    response = post_json(client, csrf, {"token": token, "events": batch})
    assert response.status_code == 400
    assert "at most 50 events" in response.json()["error"]
    assert Statement.objects.count() == 0


def test_past_the_rate_limit_requests_get_429_and_store_nothing(page, monkeypatch):
    audio, _module, user, _enrolment, client, csrf, token = page
    monkeypatch.setattr(event_views, "RATE_PER_MINUTE", 2)
    batch = events(audio)
    assert post_json(client, csrf, {"token": token, "events": batch[:1]}).status_code == 200
    assert post_json(client, csrf, {"token": token, "events": batch[1:2]}).status_code == 200
    response = post_json(client, csrf, {"token": token, "events": batch[2:]})
    assert response.status_code == 429
    assert "wait a minute" in response.json()["error"]
    assert Statement.objects.filter(user=user).count() == 2


def test_only_post_is_allowed(page):
    client = page[4]
    assert client.get(URL).status_code == 405


# --- a page's later batches: the cached resolution of its page view ---------------------------


def test_later_batches_of_a_page_view_cost_one_query_on_postgresql(page):
    """After the first batch, the page view is resolved from the cache, the user is not loaded
    again, and the content version and the account are checked inside the insert
    (tracking.outbox.record_new)."""
    audio, _module, _user, _enrolment, client, csrf, token = page
    batch = events(audio)
    assert post_json(client, csrf, {"token": token, "events": batch[:2]}).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = post_json(client, csrf, {"token": token, "events": batch[2:]})
    assert response.json() == {"stored": 2}
    statements = [q["sql"] for q in queries if "tracking_statement" in q["sql"]]
    if connection.vendor == "postgresql":
        assert len(queries) == 1 and len(statements) == 1
    else:  # the content version, the account, the ids stored, the insert
        assert len(queries) == 4 and len(statements) == 2
    assert Statement.objects.count() == 4


def test_signing_out_is_seen_by_the_next_batch(page):
    audio, _module, _user, _enrolment, client, csrf, token = page
    batch = events(audio)
    assert post_json(client, csrf, {"token": token, "events": batch[:2]}).status_code == 200
    assert client.post(reverse("account_logout"), HTTP_X_CSRFTOKEN=csrf).status_code == 302
    response = post_json(
        client, client.cookies["csrftoken"].value, {"token": token, "events": batch[2:]}
    )
    assert response.status_code == 403
    assert "Sign in" in response.json()["error"]
    assert Statement.objects.count() == 2


def test_a_session_django_does_not_accept_cannot_use_the_cached_page_view(page):
    """The cached resolution is used only by a session naming the same user with the same auth
    hash as the one Django's auth verified: an altered hash is verified again, and refused."""
    audio, _module, _user, _enrolment, client, csrf, token = page
    batch = events(audio)
    assert post_json(client, csrf, {"token": token, "events": batch[:2]}).status_code == 200
    session = client.session
    session[HASH_SESSION_KEY] = "0" * 64
    session.save()
    response = post_json(client, csrf, {"token": token, "events": batch[2:]})
    assert response.status_code == 403
    assert "Sign in" in response.json()["error"]
    assert Statement.objects.count() == 2


def unpublish_module(audio, module):
    module.unpublish()


def withdraw_consent(audio, module):
    audio.consent.withdrawn = datetime.date.today()  # the narrator withdraws consent
    audio.consent.save()


@pytest.mark.parametrize(
    "change, status, message",
    [
        (unpublish_module, 403, "not open to you"),
        (withdraw_consent, 400, "not played in this module"),
    ],
)
def test_a_content_change_after_a_batch_is_seen_by_the_next_at_once(page, change, status, message):
    """The page view's cached resolution is used only under the content version it was made
    under: the insert checks it, and the next batch is checked against the new content."""
    audio, module, _user, _enrolment, client, csrf, token = page
    batch = events(audio)
    assert post_json(client, csrf, {"token": token, "events": batch[:2]}).status_code == 200
    change(audio, module)
    response = post_json(client, csrf, {"token": token, "events": batch[2:]})
    assert response.status_code == status
    assert message in response.json()["error"]
    assert Statement.objects.count() == 2


def deactivate(user):
    user.is_active = False
    user.save()


def delete_without_erasure(user):
    user.delete()  # as the admin's delete does: their sessions are left behind


@pytest.mark.parametrize("change", [deactivate, delete_without_erasure])
def test_an_account_closed_after_a_batch_is_refused_at_once(page, change):
    """The insert stores nothing about an account no longer active; the page view is then
    resolved again, and Django's auth no longer accepts the session."""
    audio, _module, user, _enrolment, client, csrf, token = page
    batch = events(audio)
    assert post_json(client, csrf, {"token": token, "events": batch[:2]}).status_code == 200
    change(user)
    response = post_json(client, csrf, {"token": token, "events": batch[2:]})
    assert response.status_code == 403
    assert "Sign in" in response.json()["error"]
    # the first two stay while the account does (a deleted one takes its statements with it)
    assert Statement.objects.count() == (2 if change is deactivate else 0)


def test_content_changing_under_every_attempt_stores_nothing_and_asks_for_a_resend(
    page, monkeypatch
):
    """The content version moves on between resolving the page view and storing, each time:
    after RESOLVE_ATTEMPTS, a 503 (the script sends the batch again later), nothing stored."""
    audio, _module, _user, _enrolment, client, csrf, token = page
    resolve = event_views.resolve
    resolutions = []

    def resolve_then_publish(request, view):
        resolved = resolve(request, view)
        resolutions.append(resolved.stamp)
        content_version.bump()  # an editor publishes while the batch is being stored
        return resolved

    monkeypatch.setattr(event_views, "resolve", resolve_then_publish)
    response = post_json(client, csrf, {"token": token, "events": events(audio)})
    assert response.status_code == 503
    assert "sent again" in response.json()["error"]
    assert len(resolutions) == event_views.RESOLVE_ATTEMPTS
    assert len(set(resolutions)) == event_views.RESOLVE_ATTEMPTS
    assert Statement.objects.count() == 0
