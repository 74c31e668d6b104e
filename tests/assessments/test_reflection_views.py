"""Saving and submitting a reflection from a module: plain form posts, the page's autosave, a
session that ends mid-reflection, and everything a learner might get wrong."""

import pytest
from django.contrib.messages import get_messages
from django.core import signing
from django.test import Client
from django.urls import reverse

from assessments.models import MAX_REFLECTION_CHARS, Reflection
from assessments.reflections import rules
from tests.factories import UserFactory

from .conftest import ENOUGH, NARRATIVE_ID, OPTIONAL_ID, REFLECTION_ID

JSON = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest", "HTTP_ACCEPT": "application/json"}


def save_url(module, block_id=REFLECTION_ID):
    return reverse("assessments:save", args=[module.pk, block_id])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def learner_client(client, learner, enrolment):
    client.force_login(learner)
    return client


def test_save_draft_stores_a_draft_and_returns_to_the_reflection(learner_client, module):
    response = learner_client.post(save_url(module), {"text": "First thoughts.", "action": "draft"})

    assert response.status_code == 302
    assert response["Location"] == f"{module.url}#reflection-{REFLECTION_ID}"
    stored = Reflection.objects.get()
    assert (stored.status, stored.text) == (Reflection.Status.DRAFT, "First thoughts.")
    assert messages_of(response)[0].startswith("Draft saved at ")


def test_submit_stores_a_submitted_reflection(learner_client, module, learner):
    response = learner_client.post(save_url(module), {"text": ENOUGH, "action": "submit"})

    assert response.status_code == 302
    stored = Reflection.objects.get()
    assert stored.user == learner
    assert stored.status == Reflection.Status.SUBMITTED
    assert stored.text == ENOUGH
    assert messages_of(response) == ["Reflection submitted. You can find it in your journal."]


def test_submitting_the_same_form_twice_stores_one_reflection(learner_client, module):
    data = {"text": ENOUGH, "action": "submit"}

    first = learner_client.post(save_url(module), data)
    submitted_at = Reflection.objects.get().submitted_at
    second = learner_client.post(save_url(module), data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert Reflection.objects.count() == 1
    assert Reflection.objects.get().submitted_at == submitted_at
    assert messages_of(second)[-1] == "You had already submitted this reflection. Nothing changed."


def test_a_submitted_reflection_cannot_be_changed_by_a_later_draft(learner_client, module):
    learner_client.post(save_url(module), {"text": ENOUGH, "action": "submit"})

    response = learner_client.post(save_url(module), {"text": "Rewritten.", "action": "draft"})

    assert response.status_code == 302
    assert Reflection.objects.get().text == ENOUGH
    assert messages_of(response)[-1] == (
        "You have already submitted this reflection, so it can no longer be changed."
    )


def test_too_few_words_shows_the_count_and_keeps_the_draft(learner_client, module):
    response = learner_client.post(
        save_url(module), {"text": "Just three words", "action": "submit"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Write at least 5 words; you have written 3." in html
    assert "We have kept what you wrote as a draft." in html
    assert "Just three words</textarea>" in html
    assert 'aria-invalid="true"' in html
    stored = Reflection.objects.get()
    assert (stored.status, stored.text) == (Reflection.Status.DRAFT, "Just three words")


def test_an_empty_submission_is_refused_and_stores_nothing(learner_client, module):
    response = learner_client.post(save_url(module), {"text": "  ", "action": "submit"})

    assert response.status_code == 400
    assert "Write your reflection in the box before you submit it." in response.content.decode()
    assert not Reflection.objects.exists()


def test_an_overlong_reflection_is_refused_the_text_is_given_back_and_nothing_changes(
    learner_client, module
):
    learner_client.post(save_url(module), {"text": "My draft.", "action": "draft"})
    too_long = "word " * 4001 + "end"

    response = learner_client.post(save_url(module), {"text": too_long, "action": "submit"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Your reflection is 20,008 characters long and the most we can keep is 20,000." in html
    assert "word word word end</textarea>" in html
    stored = Reflection.objects.get()
    assert (stored.status, stored.text) == (Reflection.Status.DRAFT, "My draft.")


def test_the_limit_is_exactly_twenty_thousand_characters(learner_client, module):
    text = "a" * MAX_REFLECTION_CHARS

    learner_client.post(save_url(module), {"text": text, "action": "draft"})

    assert len(Reflection.objects.get().text) == MAX_REFLECTION_CHARS


def test_paragraphs_are_kept_and_the_text_is_stored_as_typed(learner_client, module):
    text = "<script>alert(1)</script> first.\r\n\r\nSecond paragraph & more."

    learner_client.post(save_url(module), {"text": text, "action": "draft"})

    assert Reflection.objects.get().text == (
        "<script>alert(1)</script> first.\n\nSecond paragraph & more."
    )


def test_autosave_replies_with_json(learner_client, module):
    response = learner_client.post(
        save_url(module), {"text": "One two three four.", "action": "draft"}, **JSON
    )

    assert response.status_code == 200
    body = response.json()
    assert body["words"] == 4
    assert body["status"] == "draft"
    assert len(body["saved_at"]) == 5 and body["saved_at"][2] == ":"
    assert Reflection.objects.get().text == "One two three four."


def test_autosave_errors_are_json_and_change_nothing(learner_client, module):
    learner_client.post(save_url(module), {"text": ENOUGH, "action": "submit"})

    after_submit = learner_client.post(save_url(module), {"text": "x", "action": "draft"}, **JSON)
    too_long = learner_client.post(
        save_url(module, OPTIONAL_ID), {"text": "x" * 20_001, "action": "draft"}, **JSON
    )

    assert after_submit.status_code == 409
    assert "already submitted" in after_submit.json()["error"]
    assert too_long.status_code == 400
    assert "Please shorten it by 1 characters." in too_long.json()["error"]
    assert list(Reflection.objects.values_list("text", flat=True)) == [ENOUGH]


def test_a_learner_who_is_not_enrolled_is_told_to_enrol_and_nothing_is_stored(
    client, module, course
):
    client.force_login(UserFactory(username="visitor"))

    response = client.post(save_url(module), {"text": ENOUGH, "action": "submit"})
    autosave = client.post(save_url(module), {"text": ENOUGH}, **JSON)

    assert response.status_code == 403
    html = response.content.decode()
    assert "Enrol on the course to keep your reflections. Nothing was saved." in html
    assert reverse("courses:enrol", args=[course.pk]) in html
    assert autosave.status_code == 403
    assert not Reflection.objects.exists()


@pytest.mark.parametrize("block_id", ["no-such-block", NARRATIVE_ID])
def test_a_block_that_is_not_a_reflection_of_the_module_is_not_found(
    learner_client, module, block_id
):
    response = learner_client.post(save_url(module, block_id), {"text": ENOUGH})

    assert response.status_code == 404
    assert not Reflection.objects.exists()


def test_an_unknown_or_unpublished_module_is_not_found(learner_client, module):
    missing = learner_client.post(
        reverse("assessments:save", args=[module.pk + 999, REFLECTION_ID]), {"text": ENOUGH}
    )
    module.unpublish()
    unpublished = learner_client.post(save_url(module), {"text": ENOUGH})

    assert (missing.status_code, unpublished.status_code) == (404, 404)
    assert not Reflection.objects.exists()


def test_a_reflection_only_in_an_unpublished_draft_of_the_module_is_not_found(
    learner_client, module
):
    draft = module.get_latest_revision_as_object()
    draft.body = list(module.body.raw_data) + [
        {"type": "reflection", "value": {"prompt": "Draft only"}, "id": "draft-only"}
    ]
    draft.save_revision()

    response = learner_client.post(save_url(module, "draft-only"), {"text": ENOUGH})

    assert response.status_code == 404
    assert not Reflection.objects.exists()


def test_the_save_url_takes_posts_only(learner_client, module):
    assert learner_client.get(save_url(module)).status_code == 405


# A session that ends while the learner writes ------------------------------------------------


def test_a_post_after_the_session_ended_is_kept_as_a_draft_with_the_form_token(
    module, learner, enrolment
):
    token = rules.form_token(learner, module.pk, REFLECTION_ID)
    signed_out = Client()

    response = signed_out.post(
        save_url(module), {"text": ENOUGH, "action": "submit", "token": token}
    )

    stored = Reflection.objects.get()
    assert stored.user == learner
    assert stored.status == Reflection.Status.DRAFT  # never submitted without a session
    assert stored.text == ENOUGH
    assert response.status_code == 302
    login = reverse("account_login")
    assert response["Location"] == f"{login}?next={module.url}%23reflection-{REFLECTION_ID}"
    assert messages_of(response) == [
        "Your session had ended. We saved your reflection as a draft. Sign in to carry on."
    ]


def test_the_sign_in_page_shows_the_message_after_a_session_ended(module, learner, enrolment):
    token = rules.form_token(learner, module.pk, REFLECTION_ID)

    response = Client().post(
        save_url(module), {"text": ENOUGH, "action": "draft", "token": token}, follow=True
    )

    assert "We saved your reflection as a draft. Sign in to carry on." in (
        response.content.decode()
    )


def test_autosave_after_the_session_ended_keeps_the_draft(module, learner, enrolment):
    token = rules.form_token(learner, module.pk, REFLECTION_ID)

    response = Client().post(save_url(module), {"text": "Still writing", "token": token}, **JSON)

    assert response.status_code == 200
    assert response.json()["signed_out"] is True
    assert response.json()["login_url"].startswith(reverse("account_login"))
    assert Reflection.objects.get().text == "Still writing"


@pytest.mark.parametrize("kind", ["missing", "altered", "expired", "other block"])
def test_without_a_valid_token_nothing_is_stored_and_the_words_are_given_back(
    module, learner, enrolment, monkeypatch, kind
):
    if kind == "missing":
        token = ""
    elif kind == "altered":
        token = rules.form_token(learner, module.pk, REFLECTION_ID).replace(":", ":x", 1)
    elif kind == "expired":
        long_ago = signing.time.time() - rules.TOKEN_MAX_AGE - 3600
        with monkeypatch.context() as patch:
            patch.setattr(signing.time, "time", lambda: long_ago)
            token = rules.form_token(learner, module.pk, REFLECTION_ID)
    else:
        token = rules.form_token(learner, module.pk, OPTIONAL_ID)

    response = Client().post(
        save_url(module), {"text": "My <words> here", "action": "submit", "token": token}
    )
    autosave = Client().post(save_url(module), {"text": "x", "token": token}, **JSON)

    assert response.status_code == 403
    html = response.content.decode()
    assert "Your session had ended and this page was too old for us to save your reflection." in (
        html
    )
    assert "My &lt;words&gt; here</textarea>" in html
    assert f"{reverse('account_login')}?next={module.url}%23reflection-{REFLECTION_ID}" in html
    assert autosave.status_code == 401
    assert not Reflection.objects.exists()


def test_a_valid_token_never_changes_a_submitted_reflection(submitted, module, learner):
    token = rules.form_token(learner, module.pk, REFLECTION_ID)

    response = Client().post(save_url(module), {"text": "Overwritten", "token": token})

    assert response.status_code == 403
    assert Reflection.objects.get().text == ENOUGH


def test_a_token_for_another_account_is_not_saved_for_whoever_is_signed_in(
    client, module, learner, enrolment, other_learner
):
    token = rules.form_token(learner, module.pk, REFLECTION_ID)
    client.force_login(other_learner)

    response = client.post(save_url(module), {"text": "Written by Ada", "token": token})

    assert response.status_code == 403
    assert "Written by Ada</textarea>" in response.content.decode()
    assert not Reflection.objects.exists()


# Owner-only pages ------------------------------------------------------------------------------


def owner_pages(reflection):
    return [
        ("get", reverse("assessments:reflection", args=[reflection.uuid])),
        ("post", reverse("assessments:share", args=[reflection.uuid])),
    ]


def test_the_owner_sees_their_reflection_escaped_with_paragraphs(
    client, learner, enrolment, module, slot
):
    reflection, _ = rules.submit(
        enrolment, module, slot, "<b>Bold</b> claim one two.\n\nSecond paragraph here."
    )
    client.force_login(learner)

    html = client.get(reverse("assessments:reflection", args=[reflection.uuid])).content.decode()

    assert "<p>&lt;b&gt;Bold&lt;/b&gt; claim one two.</p>" in html
    assert "<p>Second paragraph here.</p>" in html
    assert "<b>Bold</b>" not in html
    assert "Coming home to the kettle" in html
    assert "Submitted reflections are final" in html


@pytest.mark.parametrize("who", ["other learner", "educator", "superuser"])
def test_another_person_gets_not_found_on_every_owner_page(
    client, submitted, other_learner, educator, who
):
    rules.set_shared(submitted, True)  # shared with educators: still not on learner pages
    person = {
        "other learner": other_learner,
        "educator": educator,
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }[who]
    client.force_login(person)

    for method, url in owner_pages(submitted):
        response = getattr(client, method)(url, {"shared": ""} if method == "post" else None)
        assert response.status_code == 404, url
        assert ENOUGH[:20] not in response.content.decode()

    submitted.refresh_from_db()
    assert submitted.shared_with_educators


def test_signed_out_visitors_are_sent_to_sign_in(client, submitted):
    for url in [
        reverse("assessments:journal"),
        reverse("assessments:portfolio"),
        reverse("assessments:reflection", args=[submitted.uuid]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login") + "?next="), url


def test_a_signed_out_share_changes_nothing(client, submitted):
    response = client.post(reverse("assessments:share", args=[submitted.uuid]), {"shared": "on"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    submitted.refresh_from_db()
    assert not submitted.shared_with_educators


def test_the_owner_shares_and_unshares(client, learner, submitted, module):
    client.force_login(learner)
    url = reverse("assessments:share", args=[submitted.uuid])
    next_url = f"{module.url}#reflection-{REFLECTION_ID}"

    shared = client.post(url, {"shared": "on", "next": next_url})
    submitted.refresh_from_db()
    assert submitted.shared_with_educators
    assert shared["Location"] == next_url
    assert messages_of(shared) == ["Shared with the educators of your cohort."]

    unshared = client.post(url, {"next": "https://evil.example/"})
    submitted.refresh_from_db()
    assert not submitted.shared_with_educators
    assert unshared["Location"] == reverse("assessments:reflection", args=[submitted.uuid])
    assert messages_of(unshared)[-1] == "No longer shared. Only you can see this reflection."


def test_a_draft_cannot_be_shared_through_the_form(client, learner, enrolment, module, slot):
    draft = rules.save_draft(enrolment, module, slot, "Unfinished")
    client.force_login(learner)

    response = client.post(reverse("assessments:share", args=[draft.uuid]), {"shared": "on"})

    assert messages_of(response) == ["Submit your reflection first; then you can share it."]
    assert not Reflection.objects.get().shared_with_educators
