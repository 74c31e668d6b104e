"""A module page costs the same number of queries however many narratives it holds (issue:
pages.queries_per_module_page, at most 15 for a signed-in learner), rendered afresh or from the
shared cache, and the routing shortcuts behind that keep Wagtail's rules: unpublished and
restricted modules are not served as public."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site
from wagtailmedia.models import Media

from core import content_version
from core.models import StorybridgeSettings
from narratives.models import ContentWarning, Narrative, Theme
from tests.factories import NarrativeFactory, NarrativeWarningFactory, UserFactory

MAX_QUERIES = 15
# From the shared cache: the content version, the user, and their enrolment with their place in
# the module (the session comes from the cache too, written through to the database).
MAX_CACHED_QUERIES = 3
TEXT = "The kettle was the loudest thing."  # in every NarrativeFactory text body
TRANSCRIPT = "What helped most was people who stayed."


@pytest.fixture
def learner_client(client, db):
    # A running site has its settings row; the first request would otherwise create it (a
    # content change, which rightly empties the shared caches once).
    StorybridgeSettings.for_site(Site.objects.get(is_default_site=True))
    client.force_login(UserFactory(username="learner"))
    return client


def recording():
    media = Media(title="Sam's recording", type="audio", duration=272)
    media.file.save("sam.mp3", ContentFile(b"ID3" + b"\0" * 64), save=False)
    media.save()
    return media


def narratives(count):
    """Narratives with consent, themes and two warnings each; the first is a self-hosted file."""
    made = []
    for i in range(count):
        if i == 0:
            narrative = NarrativeFactory(
                title="Narrative to hear 0",
                modality=Narrative.Modality.AUDIO,
                text_body="",
                media=recording(),
                transcript=TRANSCRIPT,
                duration=datetime.timedelta(minutes=4, seconds=32),
            )
        else:
            narrative = NarrativeFactory(title=f"Narrative to read {i}")
        narrative.themes.set(Theme.objects.order_by("sort_order")[: 1 + i % 3])
        narrative.save()
        NarrativeWarningFactory(narrative=narrative)
        NarrativeWarningFactory(
            narrative=narrative,
            warning=ContentWarning.objects.get(slug="suicide"),
            note="mentions a suicide attempt",
            sort_order=1,
        )
        made.append(narrative)
    return made


def body(singles, choice=()):
    blocks = [{"type": "text", "value": "<p>Take your time.</p>"}]
    blocks += [
        {
            "type": "narrative",
            "value": {
                "narrative": n.pk,
                "framing": "<p>Listen for who helped.</p>",
                "discussion_prompts": ["What surprised you?"],
            },
        }
        for n in singles
    ]
    if choice:
        blocks.append(
            {
                "type": "narrative_choice",
                "value": {
                    "prompt": "Choose the story you would like to hear",
                    "framing": "",
                    "narratives": [n.pk for n in choice],
                    "discussion_prompts": ["What did they need from staff?"],
                },
            }
        )
    blocks.append({"type": "support", "value": {"heading": "If this brings things up for you"}})
    return blocks


def module_of(make_module, size):
    made = narratives(size)
    choice = made[-min(4, size // 5 + 1) :] if size >= 5 else []  # 2 of 5, 4 of 20
    singles = made[: len(made) - len(choice)]
    return make_module(title=f"{size} narratives", body=body(singles, choice)), made


def queries_for(client, page, cached=False):
    """Queries of a warm request (the first fills per-process caches such as site root paths),
    rendered afresh unless `cached`."""
    assert client.get(page.url).status_code == 200
    if not cached:
        # What a content change does: every shared fragment and route goes stale. The learner's
        # own cached preferences stay (they change only when the learner saves them).
        content_version.bump()
        Site.get_site_root_paths()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("cached, limit", [(False, MAX_QUERIES), (True, MAX_CACHED_QUERIES)])
def test_module_page_queries_do_not_grow_with_its_narratives(
    learner_client, make_module, cached, limit
):
    counts = {}
    for size in (1, 5, 20):
        module, made = module_of(make_module, size)
        choice = made[-min(4, size // 5 + 1) :] if size >= 5 else []
        singles = made[: len(made) - len(choice)]
        counts[size], html = queries_for(learner_client, module, cached=cached)
        for narrative in made:
            assert narrative.title in html
        # Each single narrative waits behind its interstitial, which lists its warnings; the
        # choice set lists its narratives to choose from, with the names of their warnings.
        assert html.count("Before you start:") == len(singles)
        assert html.count("mentions a suicide attempt") == len(singles)
        assert html.count(">Choose this story<") == len(choice)
        assert TEXT not in html and f"/narratives/{made[0].uuid}/file/" not in html

    assert counts[1] == counts[5] == counts[20], counts
    assert counts[20] <= limit, counts


def test_a_narrative_in_a_block_and_in_a_choice_set_renders_in_both(learner_client, make_module):
    shared, other = narratives(2)
    module = make_module(body=body([shared], choice=[shared, other]))
    alone = make_module(title="Alone", body=body([other]))

    count, html = queries_for(learner_client, module)

    assert html.count(f"Before you start: {shared.title}") == 1
    assert html.count(f'name="narrative" value="{shared.pk}"') == 2  # its block, the choice set
    assert html.count(f'name="narrative" value="{other.pk}"') == 1
    assert count == queries_for(learner_client, alone)[0]


def test_withdrawn_consent_hides_the_narrative_on_the_next_request(learner_client, make_module):
    module, made = module_of(make_module, 5)
    assert made[1].title in queries_for(learner_client, module)[1]

    made[1].consent.withdrawn = datetime.date.today()
    made[1].consent.save()

    html = learner_client.get(module.url).content.decode()
    assert made[1].title not in html
    assert "This narrative is no longer available." in html
    assert made[2].title in html
    assert made[1].title not in html


def test_outline_lists_only_live_modules_without_view_restrictions(learner_client, make_module):
    first = make_module(title="Getting started")
    hidden = make_module(title="Not yet published")
    hidden.unpublish()
    private = make_module(title="For the pilot cohort")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    html = learner_client.get(first.url).content.decode()

    assert "Getting started" in html
    assert "Not yet published" not in html
    assert "For the pilot cohort" not in html
    assert "Module 1 of 1" in html


def test_unpublished_and_unknown_modules_are_not_found(client, course, make_module):
    module = make_module(title="Withdrawn module")
    url = module.url
    module.unpublish()

    assert client.get(url).status_code == 404
    assert client.get(f"{course.url}no-such-module/").status_code == 404
    assert client.get(f"{url}deeper/").status_code == 404


def test_a_restricted_module_still_asks_for_sign_in(client, make_module):
    module = make_module(title="For the pilot cohort")
    PageViewRestriction.objects.create(page=module, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(module.url)

    assert response.status_code == 302
    assert response["Location"].endswith(f"?next={module.url}")


def test_a_restriction_on_the_course_hides_its_modules_from_the_outline(
    learner_client, course, make_module
):
    module = make_module(title="Getting started")
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)

    html = learner_client.get(module.url).content.decode()

    assert "<h1>Getting started</h1>" in html  # the page itself: the learner is signed in
    assert 'aria-current="page"' not in html  # but the outline leaves out restricted pages
    assert "Module 1 of" not in html
