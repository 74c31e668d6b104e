"""The module block "Choose a story from the library": the educator's filters decide which
available stories a learner may pick; the slot then works like a narrative choice (notice,
finishing, completion, xAPI), through the real views."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from core.models import StorybridgeSettings
from courses import enrolment as rules
from courses.blocks import ModuleStreamBlock
from courses.blocks.library_choice import characterisation_choices, theme_choices, topic_choices
from courses.body import module_body
from courses.models import ModulePage, ModuleProgress, NarrativeDecision
from courses.tracking_content import CoursePageContent
from narratives.models import (
    CharacterisationDimension,
    CharacterisationValue,
    ContentWarning,
    Narrative,
    Theme,
)
from narratives.preferences.models import ViewerPreferences
from tests.courses.test_query_count import (
    MAX_CACHED_QUERIES,
    MAX_QUERIES,
    queries_for,
)
from tests.factories import NarrativeFactory, NarrativeWarningFactory, UserFactory
from tests.slots import post_choice, slot_url
from tracking import activities
from tracking import vocabulary as v
from tracking.descriptions import describe
from tracking.models import Statement

pytestmark = pytest.mark.django_db

LIB = "11b00000-0000-4000-8000-00000000001a"
PROMPT = "Choose a story about hope"
TEXT = "The kettle was the loudest thing."  # in every NarrativeFactory text body


def theme(slug):
    return Theme.objects.get(slug=slug)


def warning(slug):
    return ContentWarning.objects.get(slug=slug)


def story(title, themes=("hope",), warnings=(), **fields):
    narrative = NarrativeFactory(title=title, transcript="What helped was people.", **fields)
    narrative.themes.set([theme(t) for t in themes])
    narrative.save()  # a ParentalManyToManyField is stored on save
    for slug in warnings:
        NarrativeWarningFactory(narrative=narrative, warning=warning(slug), note="", timestamp="")
    return narrative


def self_harm_domain():
    return warning("self-harm").root


def library_block(themes=("hope",), without=None, max_shown=12, block_id=LIB, **filters):
    without = [self_harm_domain()] if without is None else without
    return {
        "type": "library_choice",
        "id": block_id,
        "value": {
            "prompt": PROMPT,
            "framing": "<p>Each of these stories is about hope.</p>",
            "filters": {
                "themes": [str(theme(t).pk) for t in themes],
                "formats": [],
                "lengths": [],
                "language": "",
                "characterisation": [],
                "without_topics": [str(w.pk) for w in without],
                **filters,
            },
            "discussion_prompts": ["What gave the narrator hope?"],
            "max_shown": max_shown,
        },
    }


@pytest.fixture
def stories(db):
    return {
        "allotment": story("The allotment"),
        "work": story("Back at work", warnings=["stigma"]),
        "home": story("Coming home", warnings=["self-harm"]),  # hope, but self-harm
        "elsewhere": story("Elsewhere", themes=("identity",)),  # not hope
    }


@pytest.fixture
def learner(db):
    return UserFactory(username="learner")


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def enrolment(learner, course):
    return rules.enrol(learner, course)


@pytest.fixture
def module(make_module, stories):
    return make_module(body=[library_block()])


def slot(client, module, block_id=LIB):
    response = client.get(module.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser").find(id=f"slot-{block_id}")


def offered(section):
    return [p.get_text(strip=True) for p in section.select(".option__title")]


def progress(module):
    return ModuleProgress.objects.get(module=module)


def prefer(user, mode, domains=()):
    row = ViewerPreferences.objects.create(user=user, warning_mode=mode)
    row.domains.set([warning(d) for d in domains])
    return row


# --- what the learner is offered ----------------------------------------------------------------


def test_a_learner_sees_only_available_stories_matching_the_filters(signed_in, enrolment, module):
    section = slot(signed_in, module)

    assert section.find("h2").get_text(strip=True) == PROMPT
    assert section["aria-labelledby"] == f"slot-{LIB}-heading"
    assert "Each of these stories is about hope." in section.get_text()
    # Theme Hope without self-harm: "Coming home" is about hope but talks about self-harm.
    assert offered(section) == ["Back at work", "The allotment"]
    work = section.select(".option")[0].get_text(" ", strip=True)
    assert "Content warnings: Stigma" in work
    assert "Told by" in work and "Text" in work


def test_the_educator_caps_how_many_stories_are_listed(signed_in, enrolment, make_module, stories):
    story("Afternoon light")
    module = make_module(body=[library_block(max_shown=2)])

    assert offered(slot(signed_in, module)) == ["Afternoon light", "Back at work"]
    # A story past the cap is not part of the set.
    response = signed_in.post(
        slot_url(module, LIB), {"choice": "chosen", "narrative": stories["allotment"].pk}
    )
    assert response.status_code == 400


def test_format_and_characterisation_filters_narrow_the_set(
    signed_in, enrolment, make_module, stories
):
    tone = CharacterisationDimension.objects.create(name="Test tone")
    warm = CharacterisationValue.objects.create(dimension=tone, value="Warm")
    poem = story("A poem for spring", modality=Narrative.Modality.POETRY)
    story("Another poem", modality=Narrative.Modality.POETRY)
    poem.characterisation.set([warm])
    poem.save()
    stories["allotment"].characterisation.set([warm])
    stories["allotment"].save()
    poems = make_module(body=[library_block(formats=["poetry"])])
    warm_ones = make_module(
        title="Warm stories", body=[library_block(characterisation=[str(warm.pk)])]
    )

    assert offered(slot(signed_in, poems)) == ["A poem for spring", "Another poem"]
    assert offered(slot(signed_in, warm_ones)) == ["A poem for spring", "The allotment"]


# --- choosing, the notice, finishing ----------------------------------------------------------


def test_choose_a_warned_story_then_continue_and_finish_completes_the_module(
    signed_in, enrolment, module, stories
):
    work = stories["work"]
    post_choice(signed_in, module, LIB, "chosen", work.pk)

    section = slot(signed_in, module)
    assert "Before you start: Back at work" in section.get_text()
    assert progress(module).completed_at is None

    post_choice(signed_in, module, LIB, "continue", work.pk)
    section = slot(signed_in, module)
    assert TEXT in section.get_text()
    assert "I have finished this story" in section.get_text()
    assert "What gave the narrator hope?" in section.get_text()

    post_choice(signed_in, module, LIB, "experienced", work.pk)

    assert progress(module).completed_at is not None
    assert progress(module).narrative_state[LIB] == {"n": work.pk, "s": "done"}
    assert list(
        NarrativeDecision.objects.filter(block_id=LIB).values_list("choice", flat=True)
    ) == ["chosen", "continue", "experienced"]
    assert "You have finished this story." in slot(signed_in, module).get_text()


def test_choosing_and_finishing_are_recorded_in_xapi_with_the_registration(
    signed_in, enrolment, module, stories
):
    allotment = stories["allotment"]
    post_choice(signed_in, module, LIB, "chosen", allotment.pk)
    post_choice(signed_in, module, LIB, "experienced", allotment.pk)

    chose = Statement.objects.get(verb=v.CHOSE).data
    assert chose["object"]["id"] == activities.narrative_id(allotment)
    assert chose["context"]["registration"] == str(enrolment.uuid)
    (parent,) = chose["context"]["contextActivities"]["parent"]
    assert parent["id"] == activities.block_id(module, "choice-set", LIB)
    assert PROMPT in json.dumps(parent["definition"]["name"])
    experienced = Statement.objects.get(verb=v.EXPERIENCED).data
    assert experienced["object"]["id"] == activities.narrative_id(allotment)
    assert experienced["context"]["registration"] == str(enrolment.uuid)
    # The choice set's activity IRI is described by the site, named by the prompt.
    path = parent["id"].split("/xapi/activities/", 1)[1]
    described = describe(path)
    assert described is not None
    assert PROMPT in json.dumps(described.definition.name.as_version())


def test_a_tampered_story_not_in_the_set_is_refused_and_nothing_is_stored(
    signed_in, enrolment, module, stories
):
    slot(signed_in, module)  # the plan is cached: the check uses what was shown
    statements = Statement.objects.count()
    for pk in (stories["home"].pk, stories["elsewhere"].pk, "999999", "x"):
        response = signed_in.post(slot_url(module, LIB), {"choice": "chosen", "narrative": pk})
        assert response.status_code == 400
        assert "That story is not offered here any more." in response.content.decode()
    assert not NarrativeDecision.objects.exists()
    assert not ModuleProgress.objects.filter(narrative_state__has_key=LIB).exists()
    assert Statement.objects.count() == statements


# --- consent, hidden topics ---------------------------------------------------------------------


def test_a_withdrawn_story_is_gone_from_the_options_on_the_next_request(
    signed_in, enrolment, module, stories
):
    allotment = stories["allotment"]
    assert "The allotment" in offered(slot(signed_in, module))

    allotment.consent.withdrawn = datetime.date.today()
    allotment.consent.save()

    assert offered(slot(signed_in, module)) == ["Back at work"]
    response = signed_in.post(
        slot_url(module, LIB), {"choice": "chosen", "narrative": allotment.pk}
    )
    assert response.status_code == 400
    assert not NarrativeDecision.objects.exists()


def test_a_library_slot_with_no_story_left_does_not_block_completion(
    signed_in, enrolment, module, stories
):
    for narrative in (stories["allotment"], stories["work"]):
        narrative.consent.withdrawn = datetime.date.today()
        narrative.consent.save()

    section = slot(signed_in, module)

    assert offered(section) == []
    assert progress(module).completed_at is not None


def test_hidden_topics_are_honoured(signed_in, learner, enrolment, module, stories):
    prefer(learner, "hide", ["stigma"])

    section = slot(signed_in, module)

    assert offered(section) == ["The allotment"]
    assert "One story is hidden because of your content settings." in section.get_text()
    post_choice(signed_in, module, LIB, "chosen", stories["allotment"].pk)
    # Nothing needs a notice: the story opens straight away.
    assert TEXT in slot(signed_in, module).get_text()


def test_when_every_matching_story_is_hidden_the_module_can_still_be_completed(
    signed_in, learner, enrolment, module, stories
):
    prefer(learner, "hide", ["stigma", "mental-health"])
    stories["allotment"].consent.withdrawn = datetime.date.today()
    stories["allotment"].consent.save()

    section = slot(signed_in, module)

    assert "A story here is hidden because of your content settings." in section.get_text()
    assert progress(module).completed_at is not None


# --- the player, the block itself ---------------------------------------------------------------


def test_the_player_may_play_any_story_the_block_offers_and_no_other(module, stories):
    found = CoursePageContent().narratives(module, modalities=["text"])

    assert {n.title for n in found.values()} == {"The allotment", "Back at work"}


def test_the_block_renders_the_matching_stories_for_a_preview(stories):
    block = ModuleStreamBlock.base_blocks["library_choice"]
    value = block.to_python(library_block()["value"])

    html = block.render(value)

    assert PROMPT in html
    assert "The allotment" in html and "Back at work" in html
    assert "Coming home" not in html and "Elsewhere" not in html


# --- publishing ---------------------------------------------------------------------------------


def module_form_data(theme_slugs, without=()):
    data = nested_form_data(
        {
            "title": "Stories of hope",
            "slug": "stories-of-hope",
            "intro": "",
            "estimated_minutes": "20",
            "body": streamfield(
                [
                    (
                        "library_choice",
                        {
                            "prompt": PROMPT,
                            "framing": rich_text(""),
                            "filters": {"language": ""},
                            "discussion_prompts": streamfield([]),
                            "max_shown": "12",
                        },
                    )
                ]
            ),
        }
    )
    data["body-0-value-filters-themes"] = [str(theme(s).pk) for s in theme_slugs]
    data["body-0-value-filters-without_topics"] = [str(w.pk) for w in without]
    return data


def add_module(client, course, data):
    return client.post(
        reverse("wagtailadmin_pages:add", args=["courses", "modulepage", course.pk]), data
    )


@pytest.mark.parametrize(
    "themes, without, message",
    [
        (("hope",), ("self-harm", "stigma"), "Only 1 story matches these filters"),
        (("empowerment",), (), "No story matches these filters"),
    ],
    ids=["one-match", "no-match"],
)
def test_publishing_needs_at_least_two_matching_stories(
    client, course, stories, themes, without, message
):
    client.force_login(UserFactory(groups=["Educators"]))
    pages_before = Page.objects.count()
    data = module_form_data(themes, [warning(s).root for s in without])
    data["action-publish"] = "action-publish"

    response = add_module(client, course, data)

    assert response.status_code == 200
    # Block errors reach the page as JSON inside an HTML attribute, under the filters.
    assert escape('{"filters": {"messages": ["' + message) in response.content.decode()
    assert Page.objects.count() == pages_before


def test_a_draft_may_match_fewer_and_publishing_with_two_matches_works(client, course, stories):
    client.force_login(UserFactory(groups=["Educators"]))
    draft = module_form_data(("empowerment",))
    assert add_module(client, course, draft).status_code == 302
    assert not ModulePage.objects.get(slug="stories-of-hope").live

    data = module_form_data(("hope",), [self_harm_domain()])
    data["slug"] = "stories-of-hope-2"
    data["action-publish"] = "action-publish"
    assert add_module(client, course, data).status_code == 302

    module = ModulePage.objects.get(slug="stories-of-hope-2")
    assert module.live
    (raw,) = module.body.raw_data
    assert raw["type"] == "library_choice"
    assert raw["value"]["filters"]["themes"] == [str(theme("hope").pk)]
    assert raw["value"]["filters"]["without_topics"] == [str(self_harm_domain().pk)]
    assert raw["value"]["max_shown"] == 12


def test_the_body_reads_a_library_block_as_a_slot_that_names_no_narrative(module):
    body = module_body(module)

    assert [b.id for b in body.narrative_slots()] == [LIB]
    assert body.get(LIB).narrative_ids == []
    assert module.narrative_ids() == []


@pytest.mark.parametrize("cached, limit", [(False, MAX_QUERIES), (True, MAX_CACHED_QUERIES)])
def test_module_page_queries_do_not_grow_with_the_stories_offered(
    signed_in, make_module, cached, limit
):
    # A running site has its settings row (the first request would otherwise create it).
    StorybridgeSettings.for_site(Site.objects.get(is_default_site=True))
    for i in range(12):
        story(f"English story {i:02}", warnings=["self-harm"], language="en")
    for i in range(2):
        story(f"Welsh story {i}", language="cy")
    counts = {}
    for language, size in (("cy", 2), ("en", 12)):
        module = make_module(
            title=f"In {language}", body=[library_block(themes=(), without=[], language=language)]
        )
        counts[size], html = queries_for(signed_in, module, cached=cached)
        assert html.count(">Choose this story<") == size

    assert counts[2] == counts[12], counts
    assert counts[12] <= limit, counts


def test_the_filter_choices_come_from_the_database_when_the_form_is_built(db):
    tone = CharacterisationDimension.objects.create(name="Test tone")
    warm = CharacterisationValue.objects.create(dimension=tone, value="Warm")

    assert (str(warm.pk), "Test tone: Warm") in characterisation_choices()
    assert (str(theme("hope").pk), "Hope") in theme_choices()
    topics = dict(topic_choices())
    assert topics[str(warning("mental-health").pk)] == "Mental health"
    assert str(warning("self-harm").pk) not in topics  # an item: its domain stands for it
