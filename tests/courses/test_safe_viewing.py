"""Safe narrative viewing (issue 3): the content-warning interstitial and each of its choices,
alternatives for hidden or declined narratives, take a break, get support, and completion."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses import enrolment as rules
from courses.models import ModuleProgress, NarrativeDecision
from narratives.models import ContentWarning, Theme
from narratives.preferences.models import ViewerPreferences
from tests.courses.test_blocks import VTT, media_file
from tests.factories import NarrativeFactory, NarrativeWarningFactory, UserFactory
from tests.slots import post_choice, slot_url
from tracking import activities
from tracking.models import SensitiveEventCount

TEXT = "The kettle was the loudest thing."  # in every NarrativeFactory text body
TRANSCRIPT = "What helped most was people who stayed."


def theme(slug):
    return Theme.objects.get(slug=slug)


def warning(slug):
    return ContentWarning.objects.get(slug=slug)


def story(title, themes=("hope",), warnings=(), **fields):
    narrative = NarrativeFactory(title=title, transcript=TRANSCRIPT, **fields)
    narrative.themes.set([theme(t) for t in themes])
    narrative.save()  # a ParentalManyToManyField is stored on save
    for order, (slug, note) in enumerate(warnings):
        NarrativeWarningFactory(
            narrative=narrative,
            warning=warning(slug),
            note=note,
            timestamp="04:10",
            sort_order=order,
        )
    return narrative


def single(narrative, block_id="slot-a"):
    return {
        "type": "narrative",
        "id": block_id,
        "value": {"narrative": narrative.pk, "framing": "", "discussion_prompts": ["Why?"]},
    }


def choice_set(narratives, block_id="slot-c"):
    return {
        "type": "narrative_choice",
        "id": block_id,
        "value": {
            "prompt": "Choose the story you would like to hear",
            "framing": "",
            "narratives": [n.pk for n in narratives],
            "discussion_prompts": [],
        },
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
def hard_story(db):
    return story(
        "Coming home",
        themes=("hope", "connectedness"),
        warnings=[("self-harm", "describes self-harm in the past"), ("violence", "a fight")],
    )


def page(client, module):
    response = client.get(module.url)
    assert response.status_code == 200
    return response.content.decode()


def slot_html(client, module, block_id="slot-a"):
    soup = BeautifulSoup(page(client, module), "html.parser")
    return soup.find(id=f"slot-{block_id}")


def buttons(section):
    return [b.get_text(strip=True) for b in section.find_all("button")]


def state(enrolment, module, block_id="slot-a"):
    return ModuleProgress.objects.get(enrolment=enrolment, module=module).narrative_state.get(
        block_id
    )


# --- the interstitial ---------------------------------------------------------------------------


def test_interstitial_lists_warnings_with_notes_and_times_and_offers_every_choice(
    signed_in, enrolment, make_module, hard_story
):
    story("The allotment", themes=("hope",))
    module = make_module(body=[single(hard_story)])

    section = slot_html(signed_in, module)

    assert section.find("h2").get_text(strip=True) == "Before you start: Coming home"
    items = [li.get_text(" ", strip=True) for li in section.select(".warnings__list li")]
    assert items == [
        "Self-harm: describes self-harm in the past (at 04:10)",
        "Violence: a fight (at 04:10)",
    ]
    assert buttons(section) == [
        "Continue to the story",
        "Read the transcript instead",
        "Choose another story",
        "Skip for now",
        "Get support",
    ]
    # A plain form: works without JavaScript.
    form = section.find("form")
    assert form["method"] == "post" and form["action"] == slot_url(module, "slot-a")
    assert TEXT not in str(section) and TRANSCRIPT not in str(section)


def test_continue_is_recorded_and_shows_the_story_with_take_a_break_and_finish(
    signed_in, enrolment, make_module, hard_story
):
    module = make_module(body=[single(hard_story)])

    response = post_choice(signed_in, module, "slot-a", "continue", hard_story.pk)

    assert response["Location"] == f"{module.url}#slot-slot-a"
    decision = NarrativeDecision.objects.get()
    assert (decision.enrolment, decision.narrative, decision.choice) == (
        enrolment,
        hard_story,
        "continue",
    )
    assert state(enrolment, module) == {"n": hard_story.pk, "s": "open"}
    section = slot_html(signed_in, module)
    assert TEXT in str(section)
    assert section.find("form", attrs={"data-take-break": True})["action"] == reverse(
        "courses:take_break"
    )
    assert "I have finished this story" in buttons(section)
    assert "Why?" in section.get_text()  # discussion prompts follow the story


def test_transcript_instead_shows_the_transcript_and_finishing_it_completes_the_module(
    signed_in, enrolment, make_module, hard_story
):
    module = make_module(body=[single(hard_story)])

    post_choice(signed_in, module, "slot-a", "transcript", hard_story.pk)
    section = slot_html(signed_in, module)
    assert section.find("h2").get_text(strip=True) == "Transcript: Coming home"
    assert TRANSCRIPT in section.get_text()
    assert TEXT not in str(section)

    post_choice(signed_in, module, "slot-a", "experienced", hard_story.pk)

    progress = ModuleProgress.objects.get(enrolment=enrolment, module=module)
    assert progress.completed_at is not None
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None  # the course's only module
    assert [d.choice for d in NarrativeDecision.objects.order_by("pk")] == [
        "transcript",
        "experienced",
    ]
    assert "You have completed this module." in page(signed_in, module)


def test_skip_for_now_does_not_complete_and_show_it_again_brings_the_notice_back(
    signed_in, enrolment, make_module, hard_story
):
    module = make_module(body=[single(hard_story)])

    post_choice(signed_in, module, "slot-a", "skip", hard_story.pk)
    section = slot_html(signed_in, module)
    assert "You skipped “Coming home” for now." in section.get_text()
    html = page(signed_in, module)
    assert "finish one more story" in html
    assert ModuleProgress.objects.get(module=module).completed_at is None

    post_choice(signed_in, module, "slot-a", "reset", hard_story.pk)

    assert "Before you start: Coming home" in slot_html(signed_in, module).get_text()
    assert [d.choice for d in NarrativeDecision.objects.all()] == ["skip"]


def test_choose_another_offers_stories_on_the_same_themes_without_those_warnings(
    signed_in, enrolment, make_module, hard_story
):
    gentle = story("The allotment", themes=("hope", "connectedness"))
    also_fine = story("Back at work", themes=("hope",), warnings=[("stigma", "a cruel remark")])
    story("Same domain", themes=("hope",), warnings=[("suicide", "a suicide attempt")])
    story("Other themes", themes=("identity",))
    story("Withdrawn", themes=("hope",), consent__withdrawn=datetime.date.today())
    module = make_module(body=[single(hard_story)])

    post_choice(signed_in, module, "slot-a", "another", hard_story.pk)

    section = slot_html(signed_in, module)
    offered = [p.get_text(strip=True) for p in section.select(".option__title")]
    # Most shared themes first; nothing in the mental-health or violence domains.
    assert offered == ["The allotment", "Back at work"]
    assert "Go back to “Coming home”" in buttons(section)

    post_choice(signed_in, module, "slot-a", "chosen", gentle.pk)
    assert state(enrolment, module) == {"n": gentle.pk, "s": "new"}
    assert TEXT in str(slot_html(signed_in, module))  # no warnings: straight to the story
    post_choice(signed_in, module, "slot-a", "experienced", gentle.pk)

    # Declined, with an alternative taken: the module is complete.
    assert ModuleProgress.objects.get(module=module).completed_at is not None
    assert also_fine.title  # offered above, never chosen


def test_get_support_is_counted_without_the_learner_and_shows_support_with_a_way_back(
    signed_in, enrolment, make_module, hard_story
):
    module = make_module(body=[single(hard_story)])

    response = post_choice(signed_in, module, "slot-a", "support", hard_story.pk)

    counted = SensitiveEventCount.objects.get()
    assert (counted.kind, counted.activity_iri, counted.count) == (
        "support",
        activities.narrative_id(hard_story),
        1,
    )
    assert not NarrativeDecision.objects.exists()
    support = signed_in.get(response["Location"])
    html = support.content.decode()
    assert "<h1>Get support</h1>" in html
    soup = BeautifulSoup(html, "html.parser")
    back = soup.find("a", string="Go back to where I was")
    assert back["href"] == f"{module.url}#slot-slot-a"


# --- take a break -------------------------------------------------------------------------------


def test_take_a_break_is_counted_and_shows_support_then_return_or_leave(
    signed_in, enrolment, make_module, hard_story, course
):
    module = make_module(body=[single(hard_story)])
    post_choice(signed_in, module, "slot-a", "continue", hard_story.pk)
    form = slot_html(signed_in, module).find("form", attrs={"data-take-break": True})
    data = {i["name"]: i["value"] for i in form.find_all("input")}

    response = signed_in.post(form["action"], data, follow=True)

    assert SensitiveEventCount.objects.get().kind == "break"
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.find("h1").get_text() == "Take a break"
    assert soup.find("a", string="Go back to where I was")["href"] == f"{module.url}#slot-slot-a"
    assert soup.find("a", string="Leave for now")["href"] == course.url


def every_row():
    """Every row of every table Django knows (sessions included), but the counts of breaks and
    support requests."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
        if model is not SensitiveEventCount
    }


@pytest.mark.parametrize("how", ["form", "script", "support"])
def test_a_break_or_a_support_request_records_nothing_but_its_count(
    signed_in, enrolment, make_module, hard_story, how
):
    """Issue 14, finding 5: nothing of the learner's, and nothing with a time, is written when
    they take a break (the form without a script, then the support page; or the script's post)
    or ask for support: one count for the day, and no other row changes."""
    module = make_module(body=[single(hard_story)])
    if how != "support":
        post_choice(signed_in, module, "slot-a", "continue", hard_story.pk)
    control = slot_html(signed_in, module).find(attrs={"data-sensitive": True})
    before = every_row()

    if how == "form":
        data = {i["name"]: i["value"] for i in control.find_all("input")}
        assert signed_in.post(control["action"], data, follow=True).status_code == 200
    elif how == "script":
        response = signed_in.post(
            control["action"], {"narrative": hard_story.pk}, headers={"X-Requested-With": "fetch"}
        )
        assert response.status_code == 204
    else:
        assert (control.name, control["value"]) == ("button", "support")
        response = post_choice(signed_in, module, "slot-a", "support", hard_story.pk)
        assert signed_in.get(response["Location"]).status_code == 200

    assert every_row() == before
    counted = SensitiveEventCount.objects.get()
    kind = "support" if how == "support" else "break"
    assert (counted.kind, counted.activity_iri, counted.count, counted.released) == (
        kind,
        activities.narrative_id(hard_story),
        1,
        0,
    )


def test_take_a_break_from_the_script_answers_empty_and_ignores_unknown_narratives(signed_in):
    response = signed_in.post(
        reverse("courses:take_break"),
        {"narrative": "999999"},
        headers={"X-Requested-With": "fetch"},
    )

    assert response.status_code == 204
    assert SensitiveEventCount.objects.get().activity_iri == activities.support().id


def test_support_page_never_links_back_to_another_site(client, db):
    html = client.get(
        reverse("courses:support"), {"return": "https://evil.example/", "leave": "//evil.example"}
    ).content.decode()

    assert "evil.example" not in html
    assert "Go back to where I was" not in html


# --- preferences ----------------------------------------------------------------------------------


def prefer(user, mode, domains=(), **fields):
    row = ViewerPreferences.objects.create(user=user, warning_mode=mode, **fields)
    row.domains.set([warning(d) for d in domains])
    return row


def test_warn_only_for_chosen_topics_shows_other_stories_straight_away(
    signed_in, learner, enrolment, make_module, hard_story
):
    stigma = story("Back at work", warnings=[("stigma", "a cruel remark")])
    module = make_module(body=[single(hard_story), single(stigma, "slot-b")])
    prefer(learner, "chosen", ["mental-health"])

    assert "Before you start: Coming home" in slot_html(signed_in, module).get_text()
    section = slot_html(signed_in, module, "slot-b")
    assert "Before you start" not in section.get_text()
    assert TEXT in str(section)


def test_hidden_story_is_replaced_by_an_alternative(
    signed_in, learner, enrolment, make_module, hard_story
):
    gentle = story("The allotment", themes=("hope",))
    module = make_module(body=[single(hard_story)])
    prefer(learner, "hide", ["violence"])

    section = slot_html(signed_in, module)

    assert "A story here is hidden because of your content settings." in section.get_text()
    assert "Coming home" not in section.get_text()
    assert [p.get_text(strip=True) for p in section.select(".option__title")] == [gentle.title]
    post_choice(signed_in, module, "slot-a", "chosen", gentle.pk)
    post_choice(signed_in, module, "slot-a", "experienced", gentle.pk)
    assert ModuleProgress.objects.get(module=module).completed_at is not None


def test_a_hidden_story_with_no_alternative_does_not_block_completion(
    signed_in, learner, enrolment, make_module, hard_story
):
    module = make_module(body=[single(hard_story)])
    prefer(learner, "hide", ["violence"])

    html = page(signed_in, module)

    assert "There is no other story for this part." in html
    assert "You have completed this module." in html
    assert ModuleProgress.objects.get(module=module).completed_at is not None


def test_saved_preferences_take_effect_on_the_next_page(
    signed_in, learner, enrolment, make_module, hard_story
):
    module = make_module(body=[single(hard_story)])
    assert "Before you start" in page(signed_in, module)  # and the preferences are now cached

    response = signed_in.post(
        reverse("preferences:edit"),
        {
            "warning_mode": "hide",
            "domains": [warning("violence").pk],
            "preferred_modality": "",
            "captions_on": "on",
        },
    )
    assert response.status_code == 302

    assert "A story here is hidden" in page(signed_in, module)


def test_low_bandwidth_puts_the_transcript_first_and_captions_follow_the_setting(
    signed_in, learner, enrolment, make_module
):
    audio = story("Small hours", modality="audio", text_body="", embed_url="https://vimeo.com/1")
    module = make_module(body=[single(audio)])
    prefer(learner, "always", low_bandwidth=True, captions_on=False)

    section = str(slot_html(signed_in, module))

    assert section.index('<details class="transcript" open="">') < section.index('class="embed"')


@pytest.mark.parametrize("captions_on", [True, False])
def test_captions_are_on_by_default_unless_the_learner_turned_them_off(
    signed_in, learner, enrolment, make_module, captions_on
):
    recording = story(
        "Small hours",
        modality="audio",
        text_body="",
        media=media_file("audio"),
        captions=SimpleUploadedFile("small-hours.vtt", VTT),
    )
    module = make_module(body=[single(recording)])
    prefer(learner, "always", captions_on=captions_on)

    track = slot_html(signed_in, module).find("track")

    assert track["kind"] == "captions"
    assert track.has_attr("default") is captions_on


def test_choice_set_lists_the_preferred_format_first_and_the_chosen_story_gets_its_notice(
    signed_in, learner, enrolment, make_module, hard_story
):
    audio = story("Small hours", modality="audio", text_body="", embed_url="https://vimeo.com/1")
    module = make_module(body=[choice_set([hard_story, audio], "slot-c")])
    prefer(learner, "always", preferred_modality="audio")

    section = slot_html(signed_in, module, "slot-c")
    assert [p.get_text(strip=True) for p in section.select(".option__title")] == [
        "Small hours",
        "Coming home",
    ]
    assert "your preferred format" in section.select(".option")[0].get_text()

    post_choice(signed_in, module, "slot-c", "chosen", hard_story.pk)
    section = slot_html(signed_in, module, "slot-c")
    assert "Before you start: Coming home" in section.get_text()
    post_choice(signed_in, module, "slot-c", "another", hard_story.pk)
    section = slot_html(signed_in, module, "slot-c")
    assert [p.get_text(strip=True) for p in section.select(".option__title")] == ["Small hours"]
    assert [d.choice for d in NarrativeDecision.objects.order_by("pk")] == ["chosen", "another"]


# --- visitors and bad input -------------------------------------------------------------------


def test_a_visitor_who_is_not_enrolled_keeps_choices_in_their_session_only(
    client, make_module, hard_story
):
    module = make_module(body=[single(hard_story)])

    post_choice(client, module, "slot-a", "continue", hard_story.pk)

    assert TEXT in page(client, module)
    assert not NarrativeDecision.objects.exists()
    assert not ModuleProgress.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"choice": "continue", "narrative": "999999"}, "That story is not offered here any more."),
        ({"choice": "continue", "narrative": "abc"}, "That story is not offered here any more."),
        ({"choice": "continue"}, "That story is not offered here any more."),
        ({"choice": "delete-everything", "narrative": "{pk}"}, "We did not understand that"),
        ({"choice": "experienced", "narrative": "{other}"}, "no longer fits what is shown"),
        ({"choice": "chosen", "narrative": "{unrelated}"}, "not offered here any more"),
    ],
)
def test_tampered_choices_get_a_clear_message_and_change_nothing(
    signed_in, enrolment, make_module, hard_story, data, message
):
    gentle = story("The allotment", themes=("hope",))
    unrelated = story("Elsewhere", themes=("identity",))
    module = make_module(body=[single(hard_story)])
    data = {
        k: v.format(pk=hard_story.pk, other=gentle.pk, unrelated=unrelated.pk)
        for k, v in data.items()
    }

    response = signed_in.post(slot_url(module, "slot-a"), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not NarrativeDecision.objects.exists()
    assert not ModuleProgress.objects.filter(narrative_state__has_key="slot-a").exists()


def test_unknown_slots_and_unpublished_modules_are_not_found(
    signed_in, enrolment, make_module, hard_story
):
    module = make_module(body=[single(hard_story)])
    data = {"choice": "continue", "narrative": hard_story.pk}

    assert signed_in.post(slot_url(module, "no-such-block"), data).status_code == 404
    assert signed_in.get(slot_url(module, "slot-a")).status_code == 405
    module.unpublish()
    assert signed_in.post(slot_url(module, "slot-a"), data).status_code == 404
    assert not NarrativeDecision.objects.exists()


def test_an_admin_preview_shows_the_interstitial_with_its_buttons_disabled(
    client, make_module, hard_story
):
    module = make_module(body=[single(hard_story)])
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    client.force_login(admin)

    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[module.pk]))

    soup = BeautifulSoup(response.content.decode(), "html.parser")
    section = soup.find(id="slot-slot-a")
    assert "Before you start: Coming home" in section.get_text()
    assert all(b.has_attr("disabled") for b in section.find_all("button"))


def test_a_module_with_nothing_to_do_is_complete_once_opened(signed_in, enrolment, make_module):
    module = make_module(body=[{"type": "text", "value": "<p>Welcome.</p>"}])

    html = page(signed_in, module)

    assert ModuleProgress.objects.get(module=module).completed_at is not None
    assert "You have completed this module." in html


def test_a_withdrawn_narrative_does_not_block_completion(
    signed_in, enrolment, make_module, hard_story
):
    gentle = story("The allotment", themes=("identity",))
    module = make_module(body=[single(hard_story), single(gentle, "slot-b")])
    hard_story.consent.withdrawn = datetime.date.today()
    hard_story.consent.save()

    html = page(signed_in, module)
    assert "This narrative is no longer available." in html
    assert "finish one more story" in html  # only the one still there
    post_choice(signed_in, module, "slot-b", "experienced", gentle.pk)

    assert ModuleProgress.objects.get(module=module).completed_at is not None
