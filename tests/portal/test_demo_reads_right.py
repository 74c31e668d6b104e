"""The demo content says what is true on screen: a module that asks learners to write has
somewhere to write, a choice of stories does not count them, the cohorts can be told apart, and
the dashboard offers a curator nothing they cannot use."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.blocks import StreamValue

from courses.models import Cohort, ModulePage
from portal.demo.courses import COURSES
from tests.factories import UserFactory

COUNTING = re.compile(r"\b(all|both|the) (two|three|four)\b|\bboth\b", re.I)
ASKS_TO_WRITE = re.compile(r"\bwrite (down|a few|about)\b|\bnote down\b", re.I)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _modules():
    for course in COURSES:
        for module in course["modules"]:
            yield course, module


@pytest.mark.parametrize(
    "module", [m for _, m in _modules()], ids=[m["slug"] for _, m in _modules()]
)
def test_a_module_that_asks_learners_to_write_gives_them_a_box(module):
    asks = any(
        ASKS_TO_WRITE.search(text)
        for block_type, value in module["body"]
        if block_type != "reflection"
        for text in _strings(value)
    )
    has_box = any(block_type == "reflection" for block_type, _ in module["body"])
    assert has_box or not asks, module["slug"]


def test_the_practice_module_has_a_reflection_for_the_one_thing():
    module = next(m for _, m in _modules() if m["slug"] == "bringing-it-into-practice")
    prompts = [
        value["prompt"] for block_type, value in module["body"] if block_type == "reflection"
    ]
    assert prompts and "differently" in prompts[0]


def test_a_choice_of_stories_never_counts_them():
    """A learner's hidden topics can take a story out of the choice: shared text cannot know
    how many are left."""
    for _, module in _modules():
        for block_type, value in module["body"]:
            if block_type == "narrative_choice":
                shared = [value.get("prompt", ""), value.get("framing", "")]
                shared += value.get("discussion_prompts", [])
                for text in shared:
                    assert not COUNTING.search(text), (module["slug"], text)


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORYBRIDGE_DEMO_USERS = True
    call_command("load_demo", "--learners", "4", stdout=StringIO())


def test_the_loaded_practice_module_has_its_reflection(demo):
    module = ModulePage.objects.get(slug="bringing-it-into-practice")
    body = module.body
    assert isinstance(body, StreamValue)
    assert [block.block_type for block in body].count("reflection") == 1


def test_the_demo_cohorts_have_distinct_names_that_say_which_course(demo):
    cohorts = list(Cohort.objects.select_related("course"))

    assert len(cohorts) == 2
    assert len({cohort.name for cohort in cohorts}) == 2
    for cohort in cohorts:
        assert cohort.course.title in cohort.name


def test_loading_again_renames_the_old_shared_cohort_name(demo):
    Cohort.objects.update(name="Demo cohort (simulated learners)")

    call_command("load_demo", "--learners", "4", stdout=StringIO())

    assert Cohort.objects.count() == 2
    assert Cohort.objects.values("name").distinct().count() == 2


def _page_search_forms(html):
    return re.findall(r'<form[^>]*action="/admin/pages/[^"]*"[^>]*role="search"', html)


def test_the_curators_dashboard_offers_no_page_search(client, db):
    curator = UserFactory(username="curator", groups=["Narrative curators"])
    client.force_login(curator)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert not _page_search_forms(html)
    assert "Search all pages" not in html


def test_an_educator_who_edits_pages_keeps_the_page_search(client, db):
    educator = UserFactory(username="educator", groups=["Educators"])
    client.force_login(educator)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert len(_page_search_forms(html)) == 1
    assert "Search all pages" in html
