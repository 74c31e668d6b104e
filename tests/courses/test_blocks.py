"""Each module block renders its real content on a live module page (STYLE §13)."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Site
from wagtailmedia.models import Media

from core.models import StorybridgeSettings
from courses.blocks import ModuleStreamBlock
from courses.models import ModulePage
from narratives.models import Consent, Narrative
from tests.factories import NarrativeFactory, NarrativeWarningFactory, UserFactory

YOUTUBE = "https://www.youtube.com/watch?v=jNQXAC9IVRw"
VTT = b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nI remember the day I came home.\n"
TRANSCRIPT = "Nobody tells you how quiet a flat is after a ward."


def narrative_block(narrative, framing="", prompts=()):
    return {
        "type": "narrative",
        "value": {
            "narrative": narrative.pk,
            "framing": framing,
            "discussion_prompts": list(prompts),
        },
    }


def choice_block(narratives, prompt="Choose the story you would like to hear", prompts=()):
    return {
        "type": "narrative_choice",
        "value": {
            "prompt": prompt,
            "framing": "",
            "narratives": [n.pk for n in narratives],
            "discussion_prompts": list(prompts),
        },
    }


@pytest.fixture
def render(client, make_module):
    """Render a live module whose body is `blocks` and return its HTML."""

    def render(*blocks, past_notice=True):
        """`past_notice`: the visitor chose "Continue" on each single narrative's interstitial
        (through the real form), so the page shows the narratives themselves."""
        module = make_module(body=list(blocks))
        if past_notice:
            for block in module.body.raw_data:
                if block["type"] == "narrative":
                    client.post(
                        reverse("courses:narrative_choice", args=[module.pk, block["id"]]),
                        {"choice": "continue", "narrative": block["value"]["narrative"]},
                    )
        response = client.get(module.url)
        assert response.status_code == 200
        return response.content.decode()

    return render


def media_file(kind):
    extension, content_type = ("mp4", "video/mp4") if kind == "video" else ("mp3", "audio/mpeg")
    return Media.objects.create(
        title=f"Coming home ({kind})",
        type=kind,
        duration=12,
        file=SimpleUploadedFile(f"coming-home.{extension}", b"tiny", content_type=content_type),
    )


# --- narrative block --------------------------------------------------------------------------


def test_narrative_block_renders_the_narrative_with_warnings_transcript_and_prompts(render):
    narrative = NarrativeFactory(
        title="Coming home",
        narrator_pseudonym="Sam",
        summary="Sam talks about the months after leaving hospital.",
        transcript=TRANSCRIPT,
        attribution="Recovery Stories Project",
        licence="CC BY-NC 4.0",
    )
    NarrativeWarningFactory(narrative=narrative, note="describes a hospital admission")

    html = render(
        narrative_block(
            narrative,
            framing="<p>Listen for who helped.</p>",
            prompts=["What surprised you?", "Who helped Sam?"],
        )
    )

    assert '<div class="framing"><p>Listen for who helped.</p></div>' in html
    assert re.search(
        r'<h2 id="narrative-[\w-]+-title" class="narrative__title">Coming home</h2>', html
    )
    assert "Told by Sam · Text" in html
    assert (
        '<p class="narrative__summary">Sam talks about the months after leaving hospital.</p>'
        in html
    )
    assert (
        '<li>Self-harm: describes a hospital admission <span class="meta">(at 04:10)</span></li>'
        in html
    )
    transcript = re.search(r'<details class="transcript">(.*?)</details>', html, re.S)
    assert transcript and TRANSCRIPT in transcript.group(1)
    assert "<summary>Read the transcript</summary>" in transcript.group(1)
    assert "Recovery Stories Project · CC BY-NC 4.0" in html
    assert "<li>What surprised you?</li><li>Who helped Sam?</li>" in html
    assert "This narrative is no longer available." not in html


def test_narrative_block_hides_prompts_when_the_narrative_is_unavailable(render):
    narrative = NarrativeFactory(title="Coming home", consent__withdrawn=datetime.date.today())

    html = render(narrative_block(narrative, prompts=["What surprised you?"]))

    assert "This narrative is no longer available." in html
    assert "Coming home</h2>" not in html
    assert "What surprised you?" not in html


def test_deleted_narrative_leaves_a_notice_not_an_error(render):
    narrative = NarrativeFactory(title="Coming home")
    gone = NarrativeFactory(title="Finding the allotment")
    blocks = (
        narrative_block(gone, prompts=["What surprised you?"]),
        choice_block([gone, narrative]),
    )
    pk = gone.pk
    gone.delete()
    assert not Narrative.objects.filter(pk=pk).exists()

    html = render(*blocks)

    assert "This narrative is no longer available." in html
    assert "What surprised you?" not in html
    assert '<p class="option__title"><strong>Coming home</strong></p>' in html
    assert "Finding the allotment" not in html


@pytest.mark.parametrize("kind, tag", [("video", "video"), ("audio", "audio")])
def test_self_hosted_media_plays_with_captions(render, kind, tag):
    media = media_file(kind)
    narrative = NarrativeFactory(
        modality=kind,
        media=media,
        captions=SimpleUploadedFile("coming-home.vtt", VTT),
        transcript=TRANSCRIPT,
        text_body="",
        language="en",
    )

    html = render(narrative_block(narrative))

    player = re.search(rf'<{tag} class="player" controls preload="none".*?</{tag}>', html, re.S)
    assert player, html
    # Every file through the consent-checked view, never at the storage's own address.
    files = f"/narratives/{narrative.uuid}/file"
    assert f'<source src="{files}/recording/">' in player.group(0)
    assert (
        f'<track kind="captions" src="{files}/captions/" srclang="en" label="Captions" default>'
    ) in player.group(0)
    assert f'<a href="{files}/recording/" download>Download the file</a>' in html
    assert media.url not in html and narrative.captions.url not in html
    assert TRANSCRIPT in html


def test_embedded_video_waits_for_a_click_and_uses_youtube_nocookie(render, settings):
    # The player talks to the page (tracking.js) only with enablejsapi=1, and only to the
    # origin its `origin` parameter names: the site's, without any path.
    settings.SITE_BASE_URL = "https://learn.example.org/storybridge"
    narrative = NarrativeFactory(
        title="Coming home",
        modality=Narrative.Modality.VIDEO,
        embed_url=YOUTUBE,
        transcript=TRANSCRIPT,
        text_body="",
    )

    html = render(narrative_block(narrative))

    assert (
        '<div class="embed" data-embed-src="https://www.youtube-nocookie.com/embed/jNQXAC9IVRw'
        '?enablejsapi=1&amp;origin=https%3A%2F%2Flearn.example.org" '
        'data-embed-title="Coming home">'
    ) in html
    assert "<iframe" not in html
    assert "This plays from YouTube, which may not work on every network" in html
    assert (
        '<button type="button" class="button embed__load" hidden>Play from YouTube</button>' in html
    )
    assert f'<a href="{YOUTUBE}" rel="noopener noreferrer">Open it on YouTube</a>' in html
    assert TRANSCRIPT in html


@pytest.mark.parametrize("modality", ["text", "poetry"])
def test_text_and_poetry_bodies_are_sanitised(render, modality):
    narrative = NarrativeFactory.build(
        title="Coming home",
        narrator_pseudonym="Sam",
        modality=modality,
        text_body=(
            '<p onclick="steal()">I came home.<script>alert(1)</script></p>'
            '<p><a href="javascript:alert(2)">a link</a></p>'
        ),
    )
    narrative.full_clean()  # as the admin form does before saving
    narrative.save()
    Consent.objects.create(narrative=narrative, given=datetime.date(2026, 1, 1))

    html = render(narrative_block(narrative))

    css = "narrative__text narrative__text--poetry" if modality == "poetry" else "narrative__text"
    assert f'<div class="{css}"><p>I came home.</p><p><a>a link</a></p></div>' in html
    assert "alert(" not in html
    assert "onclick" not in html
    assert "javascript:" not in html


# --- narrative choice -------------------------------------------------------------------------


def test_choice_block_lists_each_available_narrative(render):
    video = NarrativeFactory(
        title="Coming home",
        narrator_pseudonym="Sam",
        modality=Narrative.Modality.VIDEO,
        embed_url=YOUTUBE,
        transcript=TRANSCRIPT,
        text_body="",
        duration=datetime.timedelta(minutes=4, seconds=30),
    )
    NarrativeWarningFactory(narrative=video)
    text = NarrativeFactory(title="Finding the allotment", narrator_pseudonym="Jo")
    withdrawn = NarrativeFactory(title="Back at work", consent__withdrawn=datetime.date.today())

    html = render(
        choice_block(
            [video, text, withdrawn], prompt="Which story would you like?", prompts=["Why?"]
        )
    )

    assert re.search(r'<h2 id="slot-[\w-]+-heading">Which story would you like\?</h2>', html)
    soup = BeautifulSoup(html, "html.parser")
    options = [
        (
            li.select_one(".option__title").get_text(strip=True),
            li.select_one(".meta").get_text(" ", strip=True),
            li.find("input", {"name": "narrative"})["value"],
        )
        for li in soup.select("li.option")
    ]
    assert options == [
        ("Coming home", "Told by Sam · Video · 4 min", str(video.pk)),
        ("Finding the allotment", "Told by Jo · Text", str(text.pk)),
    ]
    assert "Content warnings: Self-harm" in html
    assert "Back at work" not in html
    assert html.count(">Choose this story<") == 2
    assert "<li>Why?</li>" not in html  # the prompts follow the story once one is chosen


# --- callout, support, text -------------------------------------------------------------------


def test_callout_block_renders_style_title_and_body(render):
    html = render(
        {
            "type": "callout",
            "value": {
                "style": "important",
                "title": "Take your time",
                "body": "<p>You can pause at any point.</p>",
            },
        }
    )

    callout = BeautifulSoup(html, "html.parser").select_one(".callout.callout--important")
    assert callout is not None
    assert callout["aria-label"] == "Take your time"
    assert callout.select_one(".callout__title strong").get_text() == "Take your time"
    assert "<p>You can pause at any point.</p>" in str(callout)


def test_text_block_renders_its_rich_text(render):
    html = render({"type": "text", "value": "<h2>Before you start</h2><p>Find a quiet place.</p>"})

    assert '<div class="prose"><h2>Before you start</h2><p>Find a quiet place.</p></div>' in html


def support_block():
    return {
        "type": "support",
        "value": {
            "heading": "If this brings things up for you",
            "body": "<p>It is fine to stop here.</p>",
        },
    }


def test_support_block_lists_the_sites_support_resources(render):
    site_settings = StorybridgeSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.support_intro = "<p>You are not alone.</p>"
    site_settings.support_resources = [
        (
            "resource",
            {
                "name": "Employee Assistance Programme",
                "description": "Free, confidential counselling for staff.",
                "phone": "0800 123 456",
                "url": "https://eap.example.org/",
                "hours": "24 hours a day",
            },
        )
    ]
    site_settings.save()

    html = render(support_block())

    assert re.search(r'<h2 id="support-[\w-]+">If this brings things up for you</h2>', html)
    assert "<p>It is fine to stop here.</p>" in html
    assert "<p>You are not alone.</p>" in html
    assert '<a href="https://eap.example.org/">Employee Assistance Programme</a>' in html
    assert "Free, confidential counselling for staff." in html
    assert 'Phone: <a href="tel:0800123456">0800 123 456</a>' in html
    assert '<span class="meta">24 hours a day</span>' in html
    assert "If you need to talk to someone" not in html


def test_support_block_falls_back_to_a_plain_sentence(render):
    html = render(support_block())

    assert (
        "If you need to talk to someone, speak to your manager, your educator or your "
        "occupational health service."
    ) in html
    assert '<ul class="support-list">' not in html


# --- module page navigation -------------------------------------------------------------------


def test_module_page_shows_the_outline_and_previous_and_next_links(client, make_module, course):
    first = make_module(title="Coming home")
    second = make_module(title="Finding work")
    third = make_module(title="Looking back")

    html = client.get(second.url).content.decode()

    assert f'<a href="{second.url}" aria-current="page"><strong>Finding work</strong></a>' in html
    assert f'<li><a href="{first.url}">Coming home</a></li>' in html
    assert f'<li><a href="{third.url}">Looking back</a></li>' in html
    assert html.count('aria-current="page"') == 1
    assert "Module 2 of 3 · about 20 min" in html
    assert (
        f'<a class="pager__prev" href="{first.url}" rel="prev">'
        '<span class="meta">Previous</span> Coming home</a>'
    ) in html
    assert (
        f'<a class="pager__next" href="{third.url}" rel="next">'
        '<span class="meta">Next</span> Looking back</a>'
    ) in html
    assert f'<a href="{course.url}">Recovery basics</a>' in html


def test_first_and_last_modules_link_to_the_course_at_the_ends(client, make_module, course):
    first = make_module(title="Coming home")
    last = make_module(title="Looking back")

    first_html = client.get(first.url).content.decode()
    last_html = client.get(last.url).content.decode()

    assert "pager__prev" not in first_html
    assert f'<a class="pager__next" href="{last.url}" rel="next">' in first_html
    assert f'<a class="pager__prev" href="{first.url}" rel="prev">' in last_html
    assert (
        f'<a class="pager__next" href="{course.url}"><span class="meta">Finished</span> '
        "Back to the course</a>"
    ) in last_html


# --- every block is documented for editors ----------------------------------------------------


@pytest.mark.parametrize("name", list(ModuleStreamBlock.base_blocks))
def test_every_block_has_icon_description_template_and_preview(name, client, db):
    block = ModulePage._meta.get_field("body").stream_block.child_blocks[name]

    assert block.meta.icon not in (None, "placeholder")
    assert block.meta.description
    assert block.meta.template
    assert block.meta.preview_value is not None

    client.force_login(UserFactory(groups=["Educators"]))
    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200


@pytest.mark.parametrize("name, heading", [("narrative", "h2"), ("narrative_choice", "h3")])
def test_narrative_block_previews_show_a_narrative_from_the_library(name, heading, client, db):
    NarrativeFactory(title="Coming home")
    NarrativeFactory(title="Finding the allotment")
    NarrativeFactory(title="Withdrawn story", consent__withdrawn=datetime.date.today())
    block = ModulePage._meta.get_field("body").stream_block.child_blocks[name]
    client.force_login(UserFactory(groups=["Educators"]))

    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})

    html = response.content.decode()
    assert f"Coming home</{heading}>" in html
    assert "Withdrawn story" not in html
    assert "This narrative is no longer available." not in html
