"""Every server-side learning event stores its xAPI statement in the outbox, in the same
transaction as the action: driven through the real views and rules, asserting the exact stored
statement. A refused action stores no statement; a statement that cannot be built refuses the
action. One statement of each kind validates against Ralph's strict models."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from assessments.models import QuestionnaireResponse, Reflection, Timepoint
from core.models import StorybridgeSettings
from core.pseudonyms import pseudonym
from courses import enrolment as enrolment_rules
from courses.models import Enrolment, ModuleProgress, NarrativeDecision
from narratives.models import Narrative
from tests.assessments.factories_questionnaires import (
    form_data,
    make_instrument,
    set_questionnaires,
)
from tests.assessments.test_knowledge_check_block import SINGLE_ID, single_check
from tests.factories import NarrativeFactory, NarrativeWarningFactory, UserFactory
from tests.slots import post_choice
from tracking import activities, sensitive
from tracking import vocabulary as v
from tracking.learning import timepoint
from tracking.models import SensitiveEventCount, Statement
from tracking.statements import InvalidStatement

from .ralph_models import validate

SINGLE = "5a1e0000-0000-4000-8000-000000000001"
CHOICE = "5a1e0000-0000-4000-8000-000000000002"
REFLECTION = "5a1e0000-0000-4000-8000-000000000003"
PROMPT = "What did you notice about who helped?"
WORDS = "Hope came from small things: a kettle, a neighbour, a walk."


def stored(verb=None):
    rows = Statement.objects.order_by("timestamp", "stored")
    if verb:
        rows = rows.filter(verb=verb)
    return [row.data for row in rows]


def one(verb):
    found = stored(verb)
    assert len(found) == 1, [s["verb"]["id"] for s in stored()]
    return found[0]


@pytest.fixture
def learner(db):
    return UserFactory(username="learner", email="ada@example.org", first_name="Ada")


@pytest.fixture
def warned(db):
    narrative = NarrativeFactory(title="Coming home to the kettle")
    NarrativeWarningFactory(narrative=narrative)
    return narrative


@pytest.fixture
def pair(db):
    return [NarrativeFactory(title="Pat knocks"), NarrativeFactory(title="The long walk")]


@pytest.fixture
def module(make_module, warned, pair):
    return make_module(
        title="Coming home",
        body=[
            {
                "type": "narrative",
                "id": SINGLE,
                "value": {"narrative": warned.pk, "framing": "", "discussion_prompts": []},
            },
            {
                "type": "narrative_choice",
                "id": CHOICE,
                "value": {
                    "prompt": "Choose the story you would like to read",
                    "framing": "",
                    "narratives": [n.pk for n in pair],
                    "discussion_prompts": [],
                },
            },
            {
                "type": "reflection",
                "id": REFLECTION,
                "value": {"prompt": PROMPT, "minimum_words": 3, "required": True},
            },
            single_check(),
        ],
    )


@pytest.fixture
def enrolment(learner, course, module):
    return enrolment_rules.enrol(learner, course)


@pytest.fixture
def learner_client(client, learner, enrolment):
    client.force_login(learner)
    return client


@pytest.fixture
def site_settings(db):
    return StorybridgeSettings.for_site(Site.objects.get(is_default_site=True))


def assert_linked(statement, user, enrolment):
    """xAPI 1.0.3 Part Two 2.4.2.4 (an Account identifies the agent): an account on our site,
    named by the pseudonym, never a name or mbox; 2.4.6 (registration): the enrolment's uuid."""
    assert statement["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": "http://testserver", "name": pseudonym(user.pk)},
    }
    assert statement["context"]["registration"] == str(enrolment.uuid)
    assert statement["version"] == "1.0.3"


def ids(activities_list):
    return [activity["id"] for activity in activities_list]


# -- Enrolment, modules, course ---------------------------------------------------------------


def test_enrolling_stores_registered_to_the_course_once(client, learner, course):
    """LMS Profile "registered to a course": verb registered, object the course, the LMS
    profile in context.contextActivities.category; registration = the enrolment's uuid."""
    client.force_login(learner)
    response = client.post(reverse("courses:enrol", args=[course.pk]))
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()

    statement = one(v.REGISTERED)
    assert_linked(statement, learner, enrolment)
    assert statement["object"]["id"] == activities.course_id(course)
    assert statement["object"]["definition"]["type"] == v.COURSE
    assert v.LMS_PROFILE in ids(statement["context"]["contextActivities"]["category"])
    assert Statement.objects.get().user == learner

    client.post(reverse("courses:enrol", args=[course.pk]))  # enrolling again: nothing new
    assert Statement.objects.count() == 1


def test_a_statement_that_cannot_be_built_refuses_the_enrolment(learner, course):
    """Our schema (xAPI 1.0.3 Part Two 2.2: no empty values): a course with no name makes an
    invalid activity, so neither the enrolment nor a statement is stored."""
    type(course).objects.filter(pk=course.pk).update(title="")
    course.refresh_from_db()
    with pytest.raises(InvalidStatement):
        enrolment_rules.enrol(learner, course)
    assert not Enrolment.objects.exists()
    assert not Statement.objects.exists()


def test_opening_a_module_first_time_stores_initialized_once(learner_client, enrolment, module):
    """Module initialized: object the module, parent its course (xAPI 1.0.3 Part Two 2.4.6.2)."""
    assert learner_client.get(module.url).status_code == 200
    learner_client.get(module.url)

    statement = one(v.INITIALIZED)
    assert_linked(statement, enrolment.user, enrolment)
    assert statement["object"]["id"] == activities.module_id(module)
    assert ids(statement["context"]["contextActivities"]["parent"]) == [
        activities.course_id(enrolment.course)
    ]


def test_completing_the_only_module_completes_module_and_course(learner, course, make_module):
    """Module completed and course completed: verb completed, result.completion true."""
    module = make_module(title="Read this", body=[{"type": "text", "value": "<p>Hello</p>"}])
    enrolment = enrolment_rules.enrol(learner, course)
    visit = enrolment_rules.enrolment_for_visit(learner, course, module)
    enrolment_rules.record_visit(visit, module)
    enrolment_rules.mark_module_complete(enrolment, module)
    enrolment_rules.mark_module_complete(enrolment, module)  # again: nothing new

    completed = stored(v.COMPLETED)
    assert [s["object"]["id"] for s in completed] == [
        activities.module_id(module),
        activities.course_id(course),
    ]
    for statement in completed:
        assert_linked(statement, learner, enrolment)
        assert statement["result"] == {"completion": True}
    assert ModuleProgress.objects.get().completed_at is not None


# -- Content warnings, choices, narratives ----------------------------------------------------


def test_the_notice_is_recorded_once_while_undecided_then_accepted(
    learner_client, enrolment, module, warned
):
    """Storybridge profile: content-warning-shown once per showing, then -accepted on
    "Continue"; object the warning activity, parent the narrative, the warnings' names in the
    content-warnings context extension."""
    html = learner_client.get(module.url).content.decode()
    assert "Before you start:" in html
    learner_client.get(module.url)
    shown = one(v.WARNING_SHOWN)
    assert_linked(shown, enrolment.user, enrolment)
    assert shown["object"]["id"] == activities.warning_id(warned)
    assert ids(shown["context"]["contextActivities"]["parent"]) == [activities.narrative_id(warned)]
    assert shown["context"]["extensions"] == {v.EXT_WARNINGS: ["Self-harm"]}

    post_choice(learner_client, module, SINGLE, "continue", warned.pk)

    accepted = one(v.WARNING_ACCEPTED)
    assert accepted["object"]["id"] == activities.warning_id(warned)
    assert accepted["context"]["extensions"] == {v.EXT_WARNINGS: ["Self-harm"]}
    assert len(stored(v.WARNING_SHOWN)) == 1  # the showing was already recorded


def test_skipping_declines_and_showing_again_counts_again(
    learner_client, enrolment, module, warned
):
    learner_client.get(module.url)
    post_choice(learner_client, module, SINGLE, "skip", warned.pk)
    assert one(v.WARNING_DECLINED)["object"]["id"] == activities.warning_id(warned)

    post_choice(learner_client, module, SINGLE, "reset", warned.pk)  # "Show it again"
    learner_client.get(module.url)
    assert len(stored(v.WARNING_SHOWN)) == 2


def test_a_tampered_choice_stores_no_statement(learner_client, enrolment, module, pair):
    """A refused action stores nothing: not the decision, not a statement."""
    learner_client.get(module.url)
    before = Statement.objects.count()
    stranger = NarrativeFactory(title="Not offered here")
    response = learner_client.post(
        reverse("courses:narrative_choice", args=[module.pk, CHOICE]),
        {"choice": "chosen", "narrative": stranger.pk},
    )
    assert response.status_code == 400
    assert Statement.objects.count() == before
    assert not NarrativeDecision.objects.exists()


def test_choosing_from_a_set_and_finishing_a_text_narrative(
    learner_client, enrolment, module, pair
):
    """Storybridge profile "chose": object the narrative, parent the choice-set activity;
    then ADL "experienced" for the text narrative, parent the module, grouping the course."""
    post_choice(learner_client, module, CHOICE, "chosen", pair[1].pk)
    post_choice(learner_client, module, CHOICE, "experienced", pair[1].pk)

    chose = one(v.CHOSE)
    assert_linked(chose, enrolment.user, enrolment)
    assert chose["object"]["id"] == activities.narrative_id(pair[1])
    assert ids(chose["context"]["contextActivities"]["parent"]) == [
        activities.block_id(module, "choice-set", CHOICE)
    ]
    experienced = one(v.EXPERIENCED)
    assert experienced["object"]["id"] == activities.narrative_id(pair[1])
    assert experienced["object"]["definition"]["type"] == v.NARRATIVE
    context = experienced["context"]["contextActivities"]
    assert ids(context["parent"]) == [activities.module_id(module)]
    assert ids(context["grouping"]) == [activities.course_id(enrolment.course)]


# -- Reflections ------------------------------------------------------------------------------


def submit_reflection(client, module, **extra):
    return client.post(
        reverse("assessments:save", args=[module.pk, REFLECTION]),
        {"text": WORDS, "action": "submit", **extra},
    )


def test_a_submitted_reflection_sends_its_word_count_and_never_its_text_by_default(
    learner_client, enrolment, module
):
    """Reflection submitted: result.extensions word-count; no result.response (DESIGN.md,
    Privacy: the text goes only with the setting and the learner's agreement). Drafts send
    nothing."""
    url = reverse("assessments:save", args=[module.pk, REFLECTION])
    learner_client.post(url, {"text": WORDS, "action": "draft"})
    assert not stored(v.SUBMITTED)
    # Ticking a box the site does not offer changes nothing.
    assert submit_reflection(learner_client, module, send_text="on").status_code == 302

    statement = one(v.SUBMITTED)
    assert_linked(statement, enrolment.user, enrolment)
    assert statement["object"]["id"] == activities.block_id(module, "reflection", REFLECTION)
    assert statement["result"] == {"extensions": {v.EXT_WORD_COUNT: 11}}
    assert WORDS not in str(statement)
    assert Reflection.objects.get().text_to_lrs_agreed is False


def test_with_the_setting_on_the_text_goes_only_when_the_learner_agrees(
    learner_client, enrolment, module, site_settings, course, make_module
):
    site_settings.send_reflection_text_to_lrs = True
    site_settings.save()
    html = learner_client.get(module.url).content.decode()
    assert 'name="send_text"' in html
    assert "learning record store will keep the words" in html

    submit_reflection(learner_client, module)  # not ticked
    assert "response" not in one(v.SUBMITTED)["result"]

    other = make_module(
        title="Second",
        body=[{"type": "reflection", "id": REFLECTION, "value": {"prompt": PROMPT}}],
    )
    submit_reflection(learner_client, other, send_text="on")
    with_text = [s for s in stored(v.SUBMITTED) if activities.module_id(other) in s["object"]["id"]]
    assert with_text[0]["result"]["response"] == WORDS
    assert Reflection.objects.get(module=other).text_to_lrs_agreed is True


def test_the_agreement_box_is_not_offered_while_the_setting_is_off(
    learner_client, module, site_settings
):
    html = learner_client.get(module.url).content.decode()
    assert 'name="send_text"' not in html


# -- Knowledge checks -------------------------------------------------------------------------


def test_knowledge_check_answers_are_choice_interactions_with_success(
    learner_client, enrolment, module
):
    """cmi.interaction, interactionType choice (xAPI 1.0.3 Part Two 2.4.4.1.1): result.response
    the chosen ids joined with "[,]", result.success, the attempt number."""
    url = reverse("assessments:knowledge_check", args=[module.pk, SINGLE_ID])
    learner_client.post(url, {"option": "0"})
    learner_client.post(url, {"option": "2"})
    assert learner_client.post(url, {"option": "9"}).status_code == 400  # stores nothing

    first, second = stored(v.ANSWERED)
    assert_linked(first, enrolment.user, enrolment)
    assert first["object"]["id"] == activities.block_id(module, "knowledge-check", SINGLE_ID)
    definition = first["object"]["definition"]
    assert definition["interactionType"] == "choice"
    assert definition["correctResponsesPattern"] == ["0"]
    assert first["result"] == {
        "response": "0",
        "success": True,
        "extensions": {v.EXT_ATTEMPT: 1},
    }
    assert second["result"] == {
        "response": "2",
        "success": False,
        "extensions": {v.EXT_ATTEMPT: 2},
    }


# -- Questionnaires ---------------------------------------------------------------------------


@pytest.fixture
def instrument(db):
    return make_instrument()


@pytest.fixture
def asking(course, instrument, learner):
    return set_questionnaires(course, baseline=instrument)


def questionnaire_url(course, timepoint="pre"):
    return reverse("assessments:questionnaire", args=[course.pk, timepoint])


def test_a_submitted_questionnaire_sends_each_item_and_its_completion(
    client, learner, asking, instrument
):
    """Each item: cmi.interaction with interactionType likert and its scale, result.response
    the chosen point's value, parent the questionnaire, the timepoint extension. Then completed
    with result.score raw/min/max, subscale scores, timepoint and instrument version."""
    enrolment = enrolment_rules.enrol(learner, asking)
    client.force_login(learner)
    response = client.post(questionnaire_url(asking), form_data(instrument, 4, 2, 5, 1))
    assert response.status_code == 302

    items = stored(v.ANSWERED)
    assert [s["result"]["response"] for s in items] == ["4", "2", "5", "1"]
    first = items[0]
    assert_linked(first, learner, enrolment)
    item = instrument.items.order_by("sort_order").first()
    assert first["object"]["id"] == activities.item_id(item)
    assert first["object"]["definition"]["interactionType"] == "likert"
    assert [p["id"] for p in first["object"]["definition"]["scale"]] == ["1", "2", "3", "4", "5"]
    assert ids(first["context"]["contextActivities"]["parent"]) == [
        activities.questionnaire_id(instrument)
    ]
    assert first["context"]["extensions"] == {v.EXT_TIMEPOINT: "pre"}

    completed = one(v.COMPLETED)
    scores = QuestionnaireResponse.objects.get().scores
    assert completed["object"]["id"] == activities.questionnaire_id(instrument)
    assert completed["result"]["score"] == {"raw": scores["total"], "min": 1, "max": 5}
    assert completed["result"]["extensions"] == {v.EXT_SUBSCALE_SCORES: scores["subscales"]}
    assert completed["context"]["extensions"] == {
        v.EXT_TIMEPOINT: "pre",
        v.EXT_INSTRUMENT_VERSION: "1",
    }


def test_an_invalid_questionnaire_stores_no_statement(client, learner, asking, instrument):
    enrolment_rules.enrol(learner, asking)
    client.force_login(learner)
    before = Statement.objects.count()
    response = client.post(questionnaire_url(asking), form_data(instrument, 4, 9, 5, 1))
    assert response.status_code == 400
    assert Statement.objects.count() == before
    assert not QuestionnaireResponse.objects.exists()


def test_declining_sends_nothing(client, learner, asking):
    enrolment_rules.enrol(learner, asking)
    client.force_login(learner)
    before = Statement.objects.count()
    client.post(questionnaire_url(asking), {"action": "decline"})
    assert QuestionnaireResponse.objects.get().status == "declined"
    assert Statement.objects.count() == before


def test_timepoints_map_to_the_statement_vocabulary():
    assert [timepoint(tp) for tp in Timepoint] == list(v.TIMEPOINT_VALUES)


# -- Take a break, get support ----------------------------------------------------------------


def test_breaks_and_support_are_counted_then_sent_unlinkable_after_the_day(
    learner_client, enrolment, module, warned
):
    """DESIGN.md, "Sensitive events": nothing is recorded as it happens, only a count; once the
    day has ended, a statement each with a fresh random account, no registration, no user on
    the row and the start of the day as its timestamp; object the narrative, or the support
    page when there is none."""
    before = Statement.objects.count()
    learner_client.post(reverse("courses:take_break"), {"narrative": warned.pk})
    learner_client.post(reverse("courses:take_break"), {"narrative": warned.pk})
    learner_client.post(reverse("courses:take_break"), {"narrative": "nonsense"})
    post_choice(learner_client, module, SINGLE, "support", warned.pk)

    assert Statement.objects.count() == before
    assert sorted(SensitiveEventCount.objects.values_list("kind", "activity_iri", "count")) == [
        ("break", activities.narrative_id(warned), 2),
        ("break", activities.support().id, 1),
        ("support", activities.narrative_id(warned), 1),
    ]

    assert sensitive.release(now=timezone.now() + datetime.timedelta(days=1)) == 4

    new = list(Statement.objects.filter(verb__in=[v.TOOK_A_BREAK, v.ASKED_FOR_SUPPORT]))
    assert sorted((row.verb, row.activity) for row in new) == sorted(
        [
            (v.TOOK_A_BREAK, activities.narrative_id(warned)),
            (v.TOOK_A_BREAK, activities.narrative_id(warned)),
            (v.TOOK_A_BREAK, activities.support().id),
            (v.ASKED_FOR_SUPPORT, activities.narrative_id(warned)),
        ]
    )
    assert all(row.user is None and row.registration is None for row in new)
    assert all("registration" not in row.data["context"] for row in new)
    accounts = [row.data["actor"]["account"]["name"] for row in new]
    assert len(set(accounts)) == 4 and pseudonym(enrolment.user.pk) not in accounts
    midnight = sensitive.start_of(timezone.localdate())
    assert {row.timestamp for row in new} == {midnight}


# -- Ralph --------------------------------------------------------------------------------------


def act_out_every_kind(client, learner, course, module, warned, pair, instrument, site_settings):
    """A learner who does everything that makes a server-side statement, once."""
    site_settings.send_reflection_text_to_lrs = True
    site_settings.save()
    NarrativeWarningFactory(narrative=pair[0])  # so that skipping it declines a warning
    set_questionnaires(course, baseline=instrument)
    client.force_login(learner)
    client.post(reverse("courses:enrol", args=[course.pk]))
    client.post(questionnaire_url(course), form_data(instrument, 4, 2, 5, 1))
    client.get(module.url)
    post_choice(client, module, SINGLE, "continue", warned.pk)
    post_choice(client, module, SINGLE, "experienced", warned.pk)
    post_choice(client, module, CHOICE, "chosen", pair[0].pk)
    post_choice(client, module, CHOICE, "skip", pair[0].pk)
    submit_reflection(client, module, send_text="on")
    client.post(
        reverse("assessments:knowledge_check", args=[module.pk, SINGLE_ID]), {"option": "1"}
    )
    client.post(reverse("courses:take_break"), {"narrative": warned.pk})
    post_choice(client, module, CHOICE, "reset", pair[0].pk)
    post_choice(client, module, CHOICE, "support", pair[0].pk)
    # The day ends: the break and the support request become statements.
    sensitive.release(now=timezone.now() + datetime.timedelta(days=1))


def test_one_statement_of_each_kind_validates_against_ralph(
    client, learner, course, module, warned, pair, instrument, site_settings
):
    """Every kind validates against Ralph's strict pydantic models (the LMS Profile's for
    "registered to a course", the base xAPI statement model otherwise)."""
    act_out_every_kind(client, learner, course, module, warned, pair, instrument, site_settings)
    kinds = {}
    for statement in stored():
        kinds.setdefault((statement["verb"]["id"], statement["object"]["id"]), statement)
    verbs = {verb for verb, _ in kinds}
    assert verbs >= {
        v.REGISTERED,
        v.INITIALIZED,
        v.COMPLETED,
        v.ANSWERED,
        v.WARNING_SHOWN,
        v.WARNING_ACCEPTED,
        v.WARNING_DECLINED,
        v.EXPERIENCED,
        v.CHOSE,
        v.SUBMITTED,
        v.TOOK_A_BREAK,
        v.ASKED_FOR_SUPPORT,
    }, verbs
    assert Narrative.objects.count() == 3
    # four questionnaire items and the knowledge check
    assert sum(is_interaction(s) for s in kinds.values()) == 5
    results = dict(zip(kinds, validate(kinds.values()), strict=True))
    for kind, result in results.items():
        assert result["error"] is None, f"{kind}: {result['error']}"
    # Ralph matches every answered cmi.interaction to its Virtual Classroom poll model by verb
    # and type alone; our interactions do not claim that profile, so its strict base model
    # applies to them (tests/tracking/ralph_validate.py).
    assert {k for k, r in results.items() if not r["models"]} >= {
        k for k, s in kinds.items() if is_interaction(s)
    }


def is_interaction(statement):
    return statement["object"]["definition"]["type"] == v.CMI_INTERACTION
