"""Every kind of statement Storybridge emits, delivered by the forwarder to a real Ralph LRS and
read back equal (issue 5, "Real LRS in the tests"), and valid under Ralph's strict pydantic
models, the Video Profile's included.

Rules checked: xAPI 1.0.3 Part Three, 2.1.2 (POST /statements stores each statement under its
id; the LRS adds only `stored` and `authority`, 2.4.8/2.4.9); the Video Profile's statement
templates (Ralph's ralph.models.xapi.video models); the ADL Audio Profile's activity type."""

# ruff: noqa: F811 - fixtures imported from the other tracking tests

import pytest

from tracking import forwarder
from tracking import vocabulary as v
from tracking.models import Delivery, Statement

from .lrs_server import without_lrs_fields
from .ralph_models import validate
from .test_learning_statements import (  # noqa: F401 - fixtures
    act_out_every_kind,
    instrument,
    learner,
    module,
    pair,
    site_settings,
    warned,
)
from .test_playback import players_setting, record, session_events


@pytest.fixture
def setting(make_module, course):
    return players_setting(make_module, course, title="Listening and watching")


def test_every_kind_of_statement_reaches_ralph_and_reads_back_equal(
    client,
    learner,
    course,
    module,
    warned,
    pair,
    instrument,
    site_settings,
    setting,
    lrs_settings,
    lrs,
):
    act_out_every_kind(client, learner, course, module, warned, pair, instrument, site_settings)
    video, audio, *_ = setting
    record(setting, session_events(video, 300))
    record(setting, session_events(audio, 70))

    sent = {str(row.pk): row.data for row in Statement.objects.all()}
    kinds = {(s["verb"]["id"], s["object"]["definition"]["type"]) for s in sent.values()}
    expected_verbs = {
        v.REGISTERED, v.INITIALIZED, v.COMPLETED, v.TERMINATED, v.ANSWERED, v.EXPERIENCED,
        v.SUBMITTED, v.PLAYED, v.PAUSED, v.SEEKED, v.WARNING_SHOWN, v.WARNING_ACCEPTED,
        v.WARNING_DECLINED, v.CHOSE, v.TOOK_A_BREAK, v.ASKED_FOR_SUPPORT,
    }  # fmt: skip
    assert {verb for verb, _ in kinds} == expected_verbs
    for verb in (v.PLAYED, v.PAUSED, v.SEEKED, v.TERMINATED):
        assert (verb, v.VIDEO) in kinds and (verb, v.AUDIO) in kinds
    assert Delivery.objects.filter(status=Delivery.Status.PENDING).count() == len(sent)

    (summary,) = forwarder.forward()

    assert summary.delivered == len(sent) and summary.dead == 0
    assert not Delivery.objects.exclude(status=Delivery.Status.DELIVERED).exists()
    held = {s["id"]: without_lrs_fields(s) for s in lrs.statements()}
    assert sorted(held) == sorted(sent) and len(lrs.ids()) == len(sent)
    for statement_id, statement in sent.items():
        assert held[statement_id] == statement, statement["verb"]["id"]

    results = validate(sent.values())
    problems = [r["error"] for r in results if r["error"]]
    assert not problems, problems[0]
    matched = {
        model
        for statement, result in zip(sent.values(), results, strict=True)
        if statement["object"]["definition"]["type"] == v.VIDEO
        for model in result["models"]
    }
    assert matched == {
        "VideoInitialized", "VideoPlayed", "VideoPaused", "VideoSeeked", "VideoCompleted",
        "VideoTerminated",
    }  # fmt: skip
