"""Activity ids resolve to a JSON description of the activity (DESIGN.md, "xAPI"; issue 5), and
the description is the object definition statements carry: xAPI 1.0.3 Part Two 2.4.4.1 ("An
Activity ... id ... SHOULD resolve to a document describing the activity") and Part Three 7.5
(the Activity Profile resource's activity definition is what the LRS may fetch from the IRI)."""

import json
from urllib.parse import urlsplit

import pytest

from tests.assessments.factories_questionnaires import make_instrument
from tests.core.personal_data import learner_with_everything
from tests.factories import NarrativeFactory
from tracking import activities
from tracking import vocabulary as v
from tracking.descriptions import block_activity
from tracking.models import Statement

REFLECTION = {
    "type": "reflection",
    "id": "3f1c2a9e-0000-4000-8000-000000000001",
    "value": {"prompt": "What stayed with you?", "required": True},
}
CHECK = {
    "type": "knowledge_check",
    "id": "3f1c2a9e-0000-4000-8000-000000000002",
    "value": {
        "question": "Which of these helps?",
        "kind": "single",
        "options": [
            {"text": "Listening", "correct": True, "feedback": "<p>Yes.</p>"},
            {"text": "Hurrying", "correct": False, "feedback": "<p>No.</p>"},
        ],
    },
}


def get(client, iri):
    return client.get(urlsplit(iri).path)


def as_sent(activity):
    return json.loads(activity.to_json(v.XAPI_VERSION))


@pytest.fixture
def narratives(db):
    return {
        "available": NarrativeFactory(title="Coming home", summary="Sam talks about home."),
        "withdrawn": NarrativeFactory(title="Gone", consent__withdrawn="2026-01-02"),
        "draft": NarrativeFactory(title="Draft", live=False),
    }


@pytest.fixture
def module(make_module, narratives):
    choice = {
        "type": "narrative_choice",
        "id": "3f1c2a9e-0000-4000-8000-000000000003",
        "value": {
            "prompt": "Choose a story",
            "narratives": [narratives["available"].pk, NarrativeFactory().pk],
        },
    }
    single = {
        "type": "narrative",
        "id": "3f1c2a9e-0000-4000-8000-000000000004",
        "value": {"narrative": narratives["available"].pk},
    }
    return make_module(title="Coming home", body=[REFLECTION, CHECK, choice, single])


def assert_describes(client, activity):
    response = get(client, activity.id)
    assert response.status_code == 200, (activity.id, response.content)
    assert response["Content-Type"] == "application/json"
    assert "max-age" in response["Cache-Control"]
    body = response.json()
    assert body == as_sent(activity)
    assert body["objectType"] == "Activity"
    return body


def test_course_and_module_pages_resolve_by_translation_key(client, course, module):
    body = assert_describes(client, activities.course(course))
    assert body["definition"]["type"] == v.COURSE
    assert body["definition"]["name"] == {v.LANGUAGE: "Recovery basics"}
    assert_describes(client, activities.module(module))


def test_each_block_kind_resolves_to_the_definition_statements_use(client, module):
    """The choices and correct response of a knowledge check are part of its definition (xAPI
    1.0.3 Part Two 2.4.4.1.1, interaction activities)."""
    blocks = {block.id: block for block in module.body}
    reflection = assert_describes(
        client, block_activity(module, "reflection", blocks[REFLECTION["id"]])
    )
    assert reflection["definition"]["name"] == {v.LANGUAGE: "What stayed with you?"}
    check = assert_describes(client, block_activity(module, "knowledge-check", blocks[CHECK["id"]]))
    assert check["definition"]["interactionType"] == "choice"
    assert check["definition"]["correctResponsesPattern"] == ["0"]
    assert [c["description"][v.LANGUAGE] for c in check["definition"]["choices"]] == [
        "Listening",
        "Hurrying",
    ]
    choice_block = next(b for b in module.body if b.block_type == "narrative_choice")
    choice = assert_describes(client, block_activity(module, "choice-set", choice_block))
    assert choice["definition"] == {"type": v.CHOICE_SET, "name": {v.LANGUAGE: "Choose a story"}}
    # A narrative block's set: the alternatives offered in place of its narrative.
    single = next(b for b in module.body if b.block_type == "narrative")
    alternatives = assert_describes(client, block_activity(module, "choice-set", single))
    assert alternatives["definition"]["name"] == {v.LANGUAGE: "Choose a narrative (Coming home)"}


def test_a_block_id_under_the_wrong_kind_or_module_is_not_found(client, module, make_module):
    other = make_module(title="Other", body=[])
    for iri in (
        activities.block_id(module, "knowledge-check", REFLECTION["id"]),
        activities.block_id(other, "reflection", REFLECTION["id"]),
        activities.block_id(module, "reflection", "3f1c2a9e-0000-4000-8000-00000000ffff"),
    ):
        response = get(client, iri)
        assert response.status_code == 404, iri
        assert response["Content-Type"] == "application/json"
        assert "error" in response.json()


def test_unpublished_pages_are_not_described(client, course, module):
    module.unpublish()
    assert get(client, activities.module(module).id).status_code == 404
    blocks = list(module.body)
    assert get(client, block_activity(module, "reflection", blocks[0]).id).status_code == 404


def test_narratives_and_their_warnings_resolve_while_learners_may_see_them(client, narratives):
    available = narratives["available"]
    body = assert_describes(client, activities.narrative(available))
    assert body["definition"]["description"] == {v.LANGUAGE: "Sam talks about home."}
    assert_describes(client, activities.warning(available))


def test_a_withdrawn_or_unpublished_narrative_is_not_described(client, narratives):
    """Consent withdrawn: the narrator's story is no longer served anywhere, descriptions
    included (DESIGN.md, narratives)."""
    for key in ("withdrawn", "draft"):
        for activity in (
            activities.narrative(narratives[key]),
            activities.warning(narratives[key]),
        ):
            response = get(client, activity.id)
            assert response.status_code == 404
            assert narratives[key].title not in response.content.decode()


def test_questionnaires_and_items_resolve_with_their_likert_scale(client, db):
    """Each item is a cmi.interaction with interactionType likert and the scale (xAPI 1.0.3
    Part Two 2.4.4.1.1)."""
    instrument = make_instrument()
    body = assert_describes(client, activities.questionnaire(instrument))
    assert body["definition"]["type"] == v.ASSESSMENT
    item = instrument.items.order_by("sort_order").first()
    points = instrument.scale_points.order_by("sort_order")
    described = assert_describes(client, activities.questionnaire_item(item, points))
    assert described["definition"]["interactionType"] == "likert"
    assert [p["id"] for p in described["definition"]["scale"]] == ["1", "2", "3", "4", "5"]


def test_the_support_activity_resolves(client, db):
    assert_describes(client, activities.support())


@pytest.mark.parametrize(
    "path",
    [
        "/xapi/activities/course/not-a-uuid",
        "/xapi/activities/course/3f1c2a9e-0000-4000-8000-000000000009",
        "/xapi/activities/questionnaire/3f1c2a9e-0000-4000-8000-000000000009",
        "/xapi/activities/questionnaire-item/3f1c2a9e-0000-4000-8000-000000000009",
        "/xapi/activities/narrative/3f1c2a9e-0000-4000-8000-000000000009/other",
        "/xapi/activities/nothing",
        "/xapi/activities/support/more",
    ],
)
def test_unknown_iris_get_a_json_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]


def test_descriptions_only_answer_safe_methods(client, db):
    response = client.post("/xapi/activities/support")
    assert response.status_code == 405


def test_every_activity_of_a_real_journey_resolves_to_its_definition_in_the_statements(
    client, course, make_module
):
    """Statements made by the platform's own rules (enrolment, module completion, reflection,
    questionnaire, knowledge check): every object and context activity id resolves to exactly
    the definition the statement carries."""
    user, _, _ = learner_with_everything(course, make_module, "ada", "My reflection.")
    seen = {}
    for data in Statement.objects.filter(user=user).values_list("data", flat=True):
        context = (data.get("context") or {}).get("contextActivities") or {}
        for activity in [data["object"], *context.get("parent", []), *context.get("grouping", [])]:
            seen[activity["id"]] = activity
    kinds = {iri.split("/xapi/activities/")[1].split("/")[0] for iri in seen}
    assert {"course", "module", "questionnaire", "questionnaire-item"} <= kinds
    assert any("/knowledge-check/" in iri for iri in seen)
    assert any("/reflection/" in iri for iri in seen)
    for iri, activity in seen.items():
        response = get(client, iri)
        assert response.status_code == 200, iri
        assert response.json() == {"objectType": "Activity", **activity}, iri
