"""Reflection rules: counting words, the length limit, drafts, one submission per block, sharing,
what the portfolio keeps of the module, and the signed form token."""

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessments.models import MAX_REFLECTION_CHARS, Reflection
from assessments.reflections import rules
from courses.models import ModuleProgress
from courses.viewing_models import Choice, NarrativeDecision
from tests.factories import EnrolmentFactory, NarrativeFactory

from .conftest import ENOUGH, NARRATIVE_ID, OPTIONAL_ID, PROMPT, REFLECTION_ID


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        (None, 0),
        ("   \n\n  ", 0),
        ("One", 1),
        ("Hope came slowly.", 3),
        ("Hope — then fear — then hope again.", 6),
        ("It's a well-known feeling", 4),
        ("first line\nsecond line\n\nnew paragraph", 6),
        ("I was 23 in 2019", 5),
        ("Café naïve façade", 3),
        ("我很高兴", 4),
        ("Hope 希望 came", 4),
        ("مرحبا بالعالم", 2),
        ("... !!! ---", 0),
    ],
)
def test_count_words(text, words):
    assert rules.count_words(text) == words


def test_text_is_stored_plain_with_paragraphs_and_unix_line_ends():
    assert rules.normalise_text("  First.\r\n\r\nSecond\rline.\x00\x07  ") == (
        "First.\n\nSecond\nline."
    )


def test_the_length_limit_counts_characters_after_line_ends_are_normalised():
    # A browser sends CRLF: 10,000 line breaks must not count twice against the limit.
    text = "a\r\n" * 6_000 + "b" * (MAX_REFLECTION_CHARS - 12_000)
    rules.check_length(rules.normalise_text(text))


def test_an_overlong_reflection_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        rules.check_length("x" * (MAX_REFLECTION_CHARS + 345))

    assert error.value.messages == [
        "Your reflection is 20,345 characters long and the most we can keep is 20,000. "
        "Please shorten it by 345 characters. Nothing has been saved."
    ]


def test_the_minimum_words_message_names_the_counts():
    with pytest.raises(ValidationError) as error:
        rules.check_minimum_words("one two three four five six seven eight nine ten eleven tw", 50)

    assert error.value.messages == ["Write at least 50 words; you have written 12."]


def test_the_reflection_slot_is_read_from_the_live_body(module):
    slot = rules.reflection_slot(module, REFLECTION_ID)

    assert slot == rules.ReflectionSlot(REFLECTION_ID, PROMPT, 5, True)
    assert rules.reflection_slot(module, OPTIONAL_ID).min_words == 0
    assert rules.reflection_slot(module, OPTIONAL_ID).required is False
    assert rules.reflection_slot(module, NARRATIVE_ID) is None
    assert rules.reflection_slot(module, "no-such-block") is None


def test_a_draft_is_saved_with_what_the_portfolio_needs(enrolment, module, slot, learner):
    reflection = rules.save_draft(enrolment, module, slot, "First thoughts.\r\n\r\nMore.")

    stored = Reflection.objects.get()
    assert stored.pk == reflection.pk
    assert stored.user == learner
    assert stored.status == Reflection.Status.DRAFT
    assert stored.text == "First thoughts.\n\nMore."
    assert stored.prompt == PROMPT
    assert stored.course_title == "Recovery basics"
    assert stored.module_title == "Coming home"
    assert stored.narrative_title == "Coming home to the kettle"
    assert stored.submitted_at is None
    assert not stored.shared_with_educators


def test_saving_a_draft_again_updates_the_one_draft(enrolment, module, slot):
    rules.save_draft(enrolment, module, slot, "First thoughts.")
    rules.save_draft(enrolment, module, slot, "Second thoughts.")

    assert list(Reflection.objects.values_list("text", flat=True)) == ["Second thoughts."]


def test_an_empty_draft_is_not_stored(enrolment, module, slot):
    assert rules.save_draft(enrolment, module, slot, "  \n ") is None
    assert not Reflection.objects.exists()


def test_an_overlong_draft_changes_nothing(enrolment, module, slot):
    rules.save_draft(enrolment, module, slot, "Kept.")

    with pytest.raises(ValidationError):
        rules.save_draft(enrolment, module, slot, "x" * (MAX_REFLECTION_CHARS + 1))

    assert list(Reflection.objects.values_list("text", flat=True)) == ["Kept."]


def test_submitting_stores_one_submitted_reflection_and_completes_the_module(
    enrolment, module, slot
):
    # Only the required reflection stands between the learner and completion (no narrative).
    module.body = [b for b in module.body.raw_data if b["type"] != "narrative"]
    module.save_revision().publish()
    module.refresh_from_db()

    reflection, submitted_now = rules.submit(enrolment, module, slot, ENOUGH)

    assert submitted_now
    stored = Reflection.objects.get()
    assert stored.pk == reflection.pk
    assert stored.status == Reflection.Status.SUBMITTED
    assert stored.submitted_at is not None
    assert stored.text == ENOUGH
    assert rules.submitted_block_ids(enrolment, module) == {REFLECTION_ID}
    assert ModuleProgress.objects.get(enrolment=enrolment, module=module).completed_at


def test_submitting_twice_stores_one_reflection_and_changes_nothing(enrolment, module, slot):
    first, first_now = rules.submit(enrolment, module, slot, ENOUGH)
    second, second_now = rules.submit(enrolment, module, slot, ENOUGH + " And more words here.")

    assert (first_now, second_now) == (True, False)
    assert second.pk == first.pk
    stored = Reflection.objects.get()
    assert stored.text == ENOUGH
    assert stored.submitted_at == first.submitted_at


def test_the_database_refuses_a_second_reflection_for_the_same_block(submitted, enrolment, module):
    with pytest.raises(IntegrityError), transaction.atomic():
        Reflection.objects.create(
            user=enrolment.user,
            enrolment=enrolment,
            module=module,
            block_id=REFLECTION_ID,
            prompt="x",
            course_title="x",
            module_title="x",
        )


def test_a_submitted_reflection_is_final(submitted, enrolment, module, slot):
    with pytest.raises(ValidationError) as error:
        rules.save_draft(enrolment, module, slot, "Rewritten.")

    assert error.value.code == rules.ALREADY_SUBMITTED
    assert Reflection.objects.get().text == ENOUGH


def test_too_few_words_keeps_the_draft_and_says_how_many(enrolment, module, slot):
    with pytest.raises(ValidationError) as error:
        rules.submit(enrolment, module, slot, "Only three words")

    assert error.value.messages == ["Write at least 5 words; you have written 3."]
    stored = Reflection.objects.get()
    assert stored.status == Reflection.Status.DRAFT
    assert stored.text == "Only three words"
    assert rules.submitted_block_ids(enrolment, module) == set()


def test_an_empty_submission_is_refused_and_the_draft_kept(enrolment, module, slot):
    rules.save_draft(enrolment, module, slot, "A draft to keep.")

    with pytest.raises(ValidationError) as error:
        rules.submit(enrolment, module, slot, "   ")

    assert error.value.code == "empty"
    stored = Reflection.objects.get()
    assert (stored.status, stored.text) == (Reflection.Status.DRAFT, "A draft to keep.")


def test_an_overlong_submission_changes_nothing(enrolment, module, slot):
    with pytest.raises(ValidationError):
        rules.submit(enrolment, module, slot, "word " * 5000)

    assert not Reflection.objects.exists()


def test_reflections_by_block_and_submitted_ids_are_per_enrolment(
    submitted, module, course, other_learner, enrolment
):
    other_enrolment = other_learner.enrolments.get()
    rules.save_draft(
        other_enrolment, module, rules.reflection_slot(module, OPTIONAL_ID), "Other's draft."
    )

    assert rules.reflections_by_block(enrolment, module) == {REFLECTION_ID: submitted}
    assert list(rules.reflections_by_block(other_enrolment, module)) == [OPTIONAL_ID]
    assert rules.reflections_by_block(None, module) == {}
    assert rules.submitted_block_ids(other_enrolment, module) == set()


def test_reflections_by_block_is_one_query(submitted, enrolment, module, django_assert_num_queries):
    with django_assert_num_queries(1):
        rules.reflections_by_block(enrolment, module)


def test_sharing_and_unsharing(submitted):
    rules.set_shared(submitted, True)
    stored = Reflection.objects.get()
    assert stored.shared_with_educators
    assert stored.shared_at is not None
    assert stored.updated_at == submitted.updated_at  # sharing is not rewriting

    rules.set_shared(stored, False)
    stored.refresh_from_db()
    assert not stored.shared_with_educators
    assert stored.shared_at is None


def test_a_draft_cannot_be_shared(enrolment, module, slot):
    draft = rules.save_draft(enrolment, module, slot, "Not finished.")

    with pytest.raises(ValidationError):
        rules.set_shared(draft, True)

    assert not Reflection.objects.get().shared_with_educators


def test_the_database_refuses_a_shared_draft(enrolment, module, slot):
    draft = rules.save_draft(enrolment, module, slot, "Not finished.")

    with pytest.raises(IntegrityError), transaction.atomic():
        Reflection.objects.filter(pk=draft.pk).update(shared_with_educators=True)


def test_without_a_cohort_there_is_no_one_to_share_with(course, module, slot):
    enrolment = EnrolmentFactory(course=course, cohort=None)
    reflection, _ = rules.submit(enrolment, module, slot, ENOUGH)

    with pytest.raises(ValidationError) as error:
        rules.set_shared(reflection, True)

    assert error.value.code == "no_cohort"
    assert not Reflection.objects.get().shared_with_educators


def test_the_narrative_reference_of_a_choice_is_the_one_the_learner_chose(make_module, enrolment):
    first, second = NarrativeFactory(title="The allotment"), NarrativeFactory(title="Night shift")
    module = make_module(
        title="Choosing",
        body=[
            {
                "type": "narrative_choice",
                "value": {
                    "prompt": "Choose",
                    "framing": "",
                    "narratives": [first.pk, second.pk],
                    "discussion_prompts": [],
                },
                "id": "choice-1",
            },
            {
                "type": "reflection",
                "value": {"prompt": "What stayed with you?", "required": True},
                "id": "after-choice",
            },
        ],
    )
    assert rules.narrative_reference(module, "after-choice", enrolment) == ""

    NarrativeDecision.objects.create(
        enrolment=enrolment,
        module=module,
        block_id="choice-1",
        narrative=second,
        choice=Choice.CHOSEN,
    )

    assert rules.narrative_reference(module, "after-choice", enrolment) == "Night shift"


def test_a_reflection_before_any_narrative_has_no_narrative_reference(make_module):
    module = make_module(
        title="Start",
        body=[{"type": "reflection", "value": {"prompt": "Why are you here?"}, "id": "r"}],
    )

    assert rules.narrative_reference(module, "r") == ""


def test_the_form_token_names_its_learner_module_and_block(learner, module):
    token = rules.form_token(learner, module.pk, REFLECTION_ID)

    assert rules.user_from_token(token, module.pk, REFLECTION_ID) == learner
    assert rules.user_from_token(token, module.pk, OPTIONAL_ID) is None
    assert rules.user_from_token(token, module.pk + 1, REFLECTION_ID) is None
    assert (
        rules.user_from_token(
            token[:-1] + ("A" if token[-1] != "A" else "B"), module.pk, REFLECTION_ID
        )
        is None
    )
    assert rules.user_from_token("", module.pk, REFLECTION_ID) is None
    assert rules.user_from_token(None, module.pk, REFLECTION_ID) is None


def test_the_form_token_expires_after_a_week(learner, module, monkeypatch):
    now = signing.time.time()
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: now - rules.TOKEN_MAX_AGE - 60)
        old = rules.form_token(learner, module.pk, REFLECTION_ID)
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: now - rules.TOKEN_MAX_AGE + 60)
        recent = rules.form_token(learner, module.pk, REFLECTION_ID)

    assert rules.user_from_token(old, module.pk, REFLECTION_ID) is None
    assert rules.user_from_token(recent, module.pk, REFLECTION_ID) == learner


def test_changing_the_password_or_deactivating_voids_the_token(learner, module):
    token = rules.form_token(learner, module.pk, REFLECTION_ID)
    learner.set_password("a-new-password-123")
    learner.save()

    assert rules.user_from_token(token, module.pk, REFLECTION_ID) is None

    token = rules.form_token(learner, module.pk, REFLECTION_ID)
    learner.is_active = False
    learner.save()

    assert rules.user_from_token(token, module.pk, REFLECTION_ID) is None
