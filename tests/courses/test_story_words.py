"""The words around a story belong to that story (issue 15): a narrative block's framing and
prompts, a choice set's words for each story, and a knowledge check about one story. The demo
content reads right whichever story a learner picks."""

import re

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from courses.blocks import NarrativeChoiceBlock
from portal.demo.courses import COURSES
from portal.demo.narratives import BY_TITLE
from tests.factories import NarrativeFactory


def demo_blocks(block_type):
    for course in COURSES:
        for module in course["modules"]:
            for kind, value in module["body"]:
                if kind == block_type:
                    yield module["slug"], value


def plain(html_or_text):
    return re.sub(r"<[^>]+>", " ", html_or_text or "")


def names_in(text, narrators):
    return {name for name in narrators if re.search(rf"\b{re.escape(name)}\b", text)}


NARRATORS = {spec["narrator_pseudonym"] for spec in BY_TITLE.values()}


def test_demo_choice_sets_share_only_words_true_of_every_story():
    sets = list(demo_blocks("narrative_choice"))
    assert sets
    for slug, value in sets:
        shared = plain(value["framing"]) + " " + " ".join(value["discussion_prompts"])
        assert not names_in(shared, NARRATORS), slug
        assert not re.search(r"\b(all three|both|all four)\b", shared, re.I), slug
        for words in value.get("story_words", []):
            assert words["narrative"] in value["narratives"], slug
            own = BY_TITLE[words["narrative"]]["narrator_pseudonym"]
            text = plain(words["framing"]) + " " + " ".join(words["discussion_prompts"])
            assert names_in(text, NARRATORS) <= {own}, (slug, words["narrative"])


def test_demo_framing_and_prompts_name_only_their_own_narrator():
    for slug, value in demo_blocks("narrative"):
        own = BY_TITLE[value["narrative"]]["narrator_pseudonym"]
        text = plain(value["framing"]) + " " + " ".join(value["discussion_prompts"])
        assert names_in(text, NARRATORS) <= {own}, slug


def test_a_demo_question_about_one_story_says_which():
    for slug, value in demo_blocks("knowledge_check"):
        named = names_in(value["question"], NARRATORS)
        if named:
            assert value.get("about_narrative"), slug
            assert {BY_TITLE[value["about_narrative"]]["narrator_pseudonym"]} == named, slug


@pytest.mark.django_db
def test_words_for_a_story_outside_the_choice_are_refused():
    one, two, other = (NarrativeFactory() for _ in range(3))
    block = NarrativeChoiceBlock()
    value = block.to_python(
        {
            "prompt": "Choose",
            "framing": "",
            "narratives": [one.pk, two.pk],
            "discussion_prompts": [],
            "story_words": [{"narrative": other.pk, "framing": "", "discussion_prompts": []}],
        }
    )

    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)

    messages = raised.value.block_errors["story_words"].non_block_errors.as_data()
    assert [m.message for m in messages] == [
        "Words for each story must be for one of the stories in this choice."
    ]


@pytest.mark.django_db
def test_words_for_one_story_are_written_once():
    one, two = NarrativeFactory(), NarrativeFactory()
    block = NarrativeChoiceBlock()
    words = {"narrative": one.pk, "framing": "<p>Notice.</p>", "discussion_prompts": []}
    value = block.to_python(
        {
            "prompt": "Choose",
            "framing": "",
            "narratives": [one.pk, two.pk],
            "discussion_prompts": [],
            "story_words": [words, words],
        }
    )

    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)

    messages = raised.value.block_errors["story_words"].non_block_errors.as_data()
    assert [m.message for m in messages] == ["Write the words for each story only once."]
