"""The statements of a story opened from the learner library (issue 17: "tracked with the same
xAPI statements (the library as context, no registration needed)"; feedback "recorded as xAPI
likert interactions"), and the library's activities resolving to their descriptions."""

import json
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.factories import NarrativeFactory, UserFactory
from tracking import activities, library_statements
from tracking import vocabulary as v
from tracking.outbox import record_many
from tracking.player import content
from tracking.statements import InvalidStatement, actor_for, check

from .ralph_models import validate

SCALE = ((1, "Not at all"), (2, "A little"), (3, "Somewhat"), (4, "Quite a lot"), (5, "Very much"))
HOPEFUL = "How hopeful did this story leave you?"
WARNINGS = ["Self-harm", "Hospital admission"]


@pytest.fixture
def learner(db):
    return UserFactory()


@pytest.fixture
def story(db):
    return NarrativeFactory(title="Coming home", summary="Sam talks about home.")


def ids(activities_list):
    return [activity["id"] for activity in activities_list]


def all_kinds(learner, story):
    return {
        "shown": library_statements.library_warning_shown(learner, story, WARNINGS),
        "accepted": library_statements.library_warning_accepted(learner, story, WARNINGS),
        "declined": library_statements.library_warning_declined(learner, story, WARNINGS),
        "experienced": library_statements.library_narrative_experienced(learner, story),
        "answered": library_statements.library_feedback_answered(
            learner, story, "hopeful", HOPEFUL, SCALE, 4
        ),
    }


def test_every_library_statement_passes_the_checks_without_a_registration(learner, story):
    for kind, statement in all_kinds(learner, story).items():
        assert check(statement) is statement, kind
        assert "registration" not in statement["context"], kind
        assert statement["actor"] == actor_for(learner).as_version(v.XAPI_VERSION), kind
        assert v.PROFILE in ids(statement["context"]["contextActivities"]["category"]), kind


def test_the_library_is_the_parent_of_a_story_finished_there(learner, story):
    statement = library_statements.library_narrative_experienced(learner, story)
    assert statement["verb"]["id"] == v.EXPERIENCED
    assert statement["object"]["id"] == activities.narrative_id(story)
    assert statement["object"]["definition"]["name"] == {"en-GB": "Coming home"}
    context = statement["context"]["contextActivities"]
    assert ids(context["parent"]) == [f"{settings.SITE_BASE_URL}/xapi/activities/library"]
    assert context["parent"][0]["definition"]["type"] == v.LIBRARY
    assert "grouping" not in context


def test_warning_statements_sit_in_the_story_grouped_under_the_library(learner, story):
    for name, verb in (
        ("library_warning_shown", v.WARNING_SHOWN),
        ("library_warning_accepted", v.WARNING_ACCEPTED),
        ("library_warning_declined", v.WARNING_DECLINED),
    ):
        statement = getattr(library_statements, name)(learner, story, WARNINGS)
        assert statement["verb"]["id"] == verb
        assert statement["object"]["id"] == activities.warning_id(story)
        context = statement["context"]
        assert ids(context["contextActivities"]["parent"]) == [activities.narrative_id(story)]
        assert ids(context["contextActivities"]["grouping"]) == [activities.library_id()]
        assert context["extensions"] == {v.EXT_WARNINGS: WARNINGS}


def test_a_feedback_answer_is_a_likert_interaction_with_its_labelled_scale(learner, story):
    statement = library_statements.library_feedback_answered(
        learner, story, "hopeful", HOPEFUL, SCALE, 4
    )
    assert statement["verb"]["id"] == v.ANSWERED
    assert statement["result"] == {"response": "4"}
    activity = statement["object"]
    assert activity["id"] == activities.library_id() + "/feedback/hopeful"
    definition = activity["definition"]
    assert definition["type"] == v.CMI_INTERACTION
    assert definition["interactionType"] == "likert"
    assert definition["name"] == {"en-GB": HOPEFUL}
    assert definition["scale"] == [
        {"id": str(value), "description": {"en-GB": label}} for value, label in SCALE
    ]
    context = statement["context"]["contextActivities"]
    assert ids(context["parent"]) == [activities.narrative_id(story)]
    assert ids(context["grouping"]) == [activities.library_id()]


@pytest.mark.parametrize("value", [0, 6, "4; drop", None])
def test_a_value_off_the_scale_builds_no_statement(learner, story, value):
    with pytest.raises(ValueError, match="not a point of the scale"):
        library_statements.library_feedback_answered(
            learner, story, "hopeful", HOPEFUL, SCALE, value
        )


def test_library_statements_are_stored_and_a_broken_one_is_refused(learner, story):
    statements = list(all_kinds(learner, story).values())
    rows = record_many(statements, user=learner)
    assert [row.registration for row in rows] == [None] * len(statements)
    broken = library_statements.library_narrative_experienced(learner, story)
    broken["context"]["registration"] = "not-a-uuid"
    with pytest.raises(InvalidStatement):
        check(broken)


def test_library_statements_validate_against_ralphs_models(learner, story):
    kinds = all_kinds(learner, story)
    results = dict(zip(kinds, validate(kinds.values()), strict=True))
    for kind, result in results.items():
        assert result["error"] is None, f"{kind}: {result['error']}"


# -- Descriptions ----------------------------------------------------------------------------


class Questions(content.LibraryContent):
    def narrative(self, user, narrative_uuid):
        return None

    def feedback_question(self, key):
        return (HOPEFUL, SCALE) if key == "hopeful" else None


@pytest.fixture
def questions():
    previous = content.registered_library_content()
    content.register_library_content(Questions())
    yield
    if previous is None:
        content.unregister_library_content()
    else:
        content.register_library_content(previous)


def get(client, iri):
    return client.get(urlsplit(iri).path)


def test_the_library_activity_resolves_to_its_description(client, db):
    response = get(client, activities.library_id())
    assert response.status_code == 200
    assert response.json() == json.loads(activities.library().to_json(v.XAPI_VERSION))
    assert response.json()["definition"]["type"] == v.LIBRARY
    assert response.json()["definition"]["name"] == {"en-GB": "Story library"}


def test_a_feedback_question_resolves_to_the_definition_its_statements_carry(
    client, learner, story, questions
):
    statement = library_statements.library_feedback_answered(
        learner, story, "hopeful", HOPEFUL, SCALE, 2
    )
    response = get(client, statement["object"]["id"])
    assert response.status_code == 200
    assert response.json() == statement["object"]


@pytest.mark.parametrize("path", ["library/feedback/unknown", "library/other", "library/feedback"])
def test_unknown_library_activities_are_not_found(client, db, questions, path):
    response = client.get(f"/xapi/activities/{path}")
    assert response.status_code == 404
    assert "No activity with this IRI" in response.json()["error"]


def test_the_library_activity_type_is_in_the_served_profile(client, db):
    response = client.get(urlsplit(v.LIBRARY).path)
    assert response.status_code == 200
    assert response.json()["type"] == "ActivityType"
    assert response.json()["prefLabel"] == {"en": "story library"}
