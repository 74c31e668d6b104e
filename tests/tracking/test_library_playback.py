"""Playback of a story opened from the learner library (/stories/<uuid>/) is tracked with the
same Video and Audio Profile statements as in a module, with the library as context and no
registration (issue 17). The page view's token names the learner and the story; the endpoint
asks the app that owns the library, through tracking.player.content's registry, whether the
learner may still see it."""

import datetime
import json
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.templatetags.static import static
from django.test import Client, RequestFactory
from django.urls import reverse

from narratives.models import Narrative
from tests.factories import EnrolmentFactory, NarrativeFactory, UserFactory
from tracking import activities
from tracking import vocabulary as v
from tracking.models import Statement
from tracking.player import content, tokens

from .ralph_models import assert_valid

URL = "/xapi/events/"


class Library(content.LibraryContent):
    """A stand-in for the library app's registration: the live narratives, unless the test
    has made the story unavailable. Records who asked about what."""

    def __init__(self):
        self.available = True
        self.asked = []

    def narrative(self, user, narrative_uuid):
        self.asked.append((user.pk, narrative_uuid))
        if not self.available:
            return None
        return Narrative.objects.filter(uuid=narrative_uuid, live=True).first()


@pytest.fixture
def library():
    previous = content.registered_library_content()
    registered = Library()
    content.register_library_content(registered)
    yield registered
    if previous is None:
        content.unregister_library_content()
    else:
        content.register_library_content(previous)


@pytest.fixture
def learner(db):
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(reverse("courses:join"))  # sets the CSRF cookie, as the story page would
    return user, client, client.cookies["csrftoken"].value


@pytest.fixture
def audio(db):
    return NarrativeFactory(
        title="The long walk",
        modality="audio",
        text_body="",
        duration=datetime.timedelta(seconds=70),
    )


@pytest.fixture
def video(db):
    return NarrativeFactory(
        title="Coming home",
        modality="video",
        text_body="",
        duration=datetime.timedelta(seconds=70),
    )


def events(narrative):
    base = {"narrative": str(narrative.uuid), "length": 69.6, "at": 10}
    return [
        {**base, "type": "initialized", "seq": 0},
        {**base, "type": "played", "seq": 1, "time": 0},
        {**base, "type": "paused", "seq": 2, "time": 3.5, "progress": 0.05, "segments": [[0, 3.5]]},
    ]


def post(client, csrf, body):
    return client.post(
        URL, json.dumps(body), content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )


def test_a_library_token_names_the_learner_and_the_story_and_nothing_else(learner, video):
    user, _client, _csrf = learner
    view = tokens.read_token(tokens.make_library_token(user, video))
    assert (view.user_id, view.narrative_uuid) == (user.pk, video.uuid)
    assert (view.enrolment_uuid, view.module_id) == (None, None)
    assert view.in_library
    assert view.session_id(video.uuid) != tokens.read_token(
        tokens.make_library_token(user, video)
    ).session_id(video.uuid)


def test_a_library_batch_stores_video_profile_statements_with_the_library_as_parent(
    learner, video, library
):
    user, client, csrf = learner
    token = tokens.make_library_token(user, video)
    response = post(client, csrf, {"token": token, "events": events(video)})
    assert response.status_code == 200, response.content
    assert response.json() == {"stored": 3}
    rows = list(Statement.objects.filter(user=user))
    assert sorted(r.verb for r in rows) == sorted([v.INITIALIZED, v.PLAYED, v.PAUSED])
    assert {r.registration for r in rows} == {None}
    for row in rows:
        statement = row.data
        assert statement["object"]["id"] == activities.narrative_id(video)
        assert statement["object"]["definition"]["type"] == v.VIDEO
        context = statement["context"]
        assert "registration" not in context
        parents = [a["id"] for a in context["contextActivities"]["parent"]]
        assert parents == [activities.library_id()]
        assert "grouping" not in context["contextActivities"]
        categories = [a["id"] for a in context["contextActivities"]["category"]]
        assert v.VIDEO_PROFILE in categories
        assert context["extensions"][v.EXT_SESSION_ID]
    assert library.asked == [(user.pk, video.uuid)]
    assert_valid(r.data for r in rows)


def test_an_audio_story_uses_the_audio_profile(learner, library):
    user, client, csrf = learner
    audio = NarrativeFactory(
        modality="audio", text_body="", duration=datetime.timedelta(seconds=70)
    )
    token = tokens.make_library_token(user, audio)
    response = post(client, csrf, {"token": token, "events": events(audio)})
    assert response.status_code == 200, response.content
    rows = list(Statement.objects.filter(user=user))
    assert len(rows) == 3
    for row in rows:
        categories = [a["id"] for a in row.data["context"]["contextActivities"]["category"]]
        assert v.AUDIO_PROFILE in categories
        assert row.data["object"]["definition"]["type"] == v.AUDIO


def test_a_story_that_became_unavailable_is_refused_and_nothing_is_stored(learner, video, library):
    user, client, csrf = learner
    library.available = False
    token = tokens.make_library_token(user, video)
    response = post(client, csrf, {"token": token, "events": events(video)})
    assert response.status_code == 403
    assert response.json()["error"] == "This story is no longer available in the library."
    assert Statement.objects.count() == 0


def test_a_forged_library_token_is_refused(learner, video, library):
    user, client, csrf = learner
    token = tokens.make_library_token(user, video)
    value, signature = token.rsplit(":", 1)
    forged = value[:-1] + ("A" if value[-1] != "A" else "B") + ":" + signature
    response = post(client, csrf, {"token": forged, "events": events(video)})
    assert response.status_code == 403
    assert "not valid" in response.json()["error"]
    assert Statement.objects.count() == 0
    assert library.asked == []


def test_another_learners_library_token_is_refused(learner, video, library):
    _user, client, csrf = learner
    token = tokens.make_library_token(UserFactory(), video)
    response = post(client, csrf, {"token": token, "events": events(video)})
    assert response.status_code == 403
    assert "belongs to someone else" in response.json()["error"]
    assert Statement.objects.count() == 0


def test_an_expired_library_token_is_refused(learner, video, library, monkeypatch):
    user, client, csrf = learner
    token = tokens.make_library_token(user, video)
    monkeypatch.setattr(tokens, "TOKEN_MAX_AGE", -1)
    response = post(client, csrf, {"token": token, "events": events(video)})
    assert response.status_code == 403
    assert "expired" in response.json()["error"]
    assert Statement.objects.count() == 0


def test_only_the_story_of_the_token_may_be_recorded(learner, video, audio, library):
    user, client, csrf = learner
    token = tokens.make_library_token(user, video)
    response = post(client, csrf, {"token": token, "events": events(audio)})
    assert response.status_code == 400
    assert "that narrative is not played on this page" in response.json()["error"]
    assert Statement.objects.count() == 0


def test_a_text_story_records_no_playback(learner, library):
    user, client, csrf = learner
    text = NarrativeFactory()
    token = tokens.make_library_token(user, text)
    response = post(client, csrf, {"token": token, "events": events(text)})
    assert response.status_code == 400
    assert Statement.objects.count() == 0


def test_module_tokens_still_resolve_through_the_module_registry(
    learner, make_module, course, library
):
    user, client, csrf = learner
    audio = NarrativeFactory(
        modality="audio", text_body="", duration=datetime.timedelta(seconds=70)
    )
    module = make_module(body=[{"type": "narrative", "value": {"narrative": audio.pk}}])
    enrolment = EnrolmentFactory(user=user, course=course)
    token = tokens.make_token(user, enrolment, module)
    response = post(client, csrf, {"token": token, "events": events(audio)})
    assert response.status_code == 200, response.content
    assert {str(r.registration) for r in Statement.objects.all()} == {str(enrolment.uuid)}
    assert library.asked == []


# -- The template tag ------------------------------------------------------------------------

TAG = Template("{% load xapi_tracking %}{% xapi_library_tracking narrative %}")


def render(user, narrative):
    request = RequestFactory().get(f"/stories/{uuid.uuid4()}/")
    request.user = user
    return TAG.render(Context({"request": request, "narrative": narrative}))


def test_the_tag_gives_a_signed_in_learner_a_library_token_for_the_story(learner, video):
    user, _client, _csrf = learner
    html = render(user, video)
    assert html.endswith(f'<script src="{static("js/tracking.js")}" defer></script>')
    start = html.index(">", html.index('id="sb-xapi-config"')) + 1
    config = json.loads(html[start : html.index("</script>", start)])
    assert config["endpoint"] == URL
    view = tokens.read_token(config["token"])
    assert (view.user_id, view.narrative_uuid, view.module_id) == (user.pk, video.uuid, None)


def test_the_tag_gives_visitors_nothing(db, video):
    assert render(AnonymousUser(), video) == ""
