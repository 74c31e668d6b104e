"""The knowledge-check block: what editors may publish, what the admin preview shows, and what
each person sees of it on a module page (rendered per learner, courses/module_render.py)."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from assessments.knowledge import checks as rules
from courses.blocks import KnowledgeCheckBlock
from courses.models import ModulePage
from portal.demo.courses import COURSES
from tests.factories import UserFactory

SINGLE_ID = "5d0e3c1a-7b7e-4c55-8f0e-00000000000a"
MULTIPLE_ID = "5d0e3c1a-7b7e-4c55-8f0e-00000000000b"
QUESTION = "What helped Jo most in her first days at home?"
RIGHT_FEEDBACK = "Yes. A short visit, <b>every</b> day."
WRONG_FEEDBACK = "Not quite. Nobody told Jo what to do."
ALONE_FEEDBACK = "Not quite. Jo felt lost on her own."


def option(text, correct, feedback):
    return {"text": text, "correct": correct, "feedback": f"<p>{feedback}</p>"}


def single_check(block_id=SINGLE_ID):
    return {
        "type": "knowledge_check",
        "id": block_id,
        "value": {
            "question": QUESTION,
            "kind": "single",
            "options": [
                option("Pat knocking every morning", True, RIGHT_FEEDBACK),
                option("Being told what to do", False, WRONG_FEEDBACK),
                option("Being left alone", False, ALONE_FEEDBACK),
            ],
            "explanation": "<p>Small things, done reliably, matter.</p>",
        },
    }


def multiple_check(block_id=MULTIPLE_ID):
    """Stored the way the admin stores a ListBlock: items with ids."""
    options = [
        option('"A person with schizophrenia"', True, "Yes, person first."),
        option('"A schizophrenic"', False, "Not quite: a label."),
        option('"Has decided not to take it"', True, "Yes, a choice."),
        option('"Non-compliant"', False, "Not quite: a judgement."),
    ]
    return {
        "type": "knowledge_check",
        "id": block_id,
        "value": {
            "question": "Which of these put the person first?",
            "kind": "multiple",
            "options": [
                {"type": "item", "value": value, "id": f"item-{i}"}
                for i, value in enumerate(options)
            ],
            "explanation": "",
        },
    }


@pytest.fixture
def check_module(make_module):
    return make_module(title="Coming home", body=[single_check(), multiple_check()])


def section(html, block_id=SINGLE_ID):
    return BeautifulSoup(html, "html.parser").find(id=f"knowledge-check-{block_id}")


# --- validation ------------------------------------------------------------------------------


def clean(value, *, draft=False):
    block = KnowledgeCheckBlock()
    block.set_name("knowledge_check")
    if draft:
        block.defer_required_validation()
    return block.clean(block.to_python(value))


def options_error(value):
    with pytest.raises(Exception) as raised:
        clean(value)
    return raised.value.as_json_data()["blockErrors"]["options"]


def test_a_single_and_a_multiple_choice_check_with_feedback_are_valid():
    assert clean(single_check()["value"])["question"] == QUESTION
    multiple = clean(
        {
            **multiple_check()["value"],
            "options": [option("a", True, "x"), option("b", True, "y"), option("c", False, "z")],
        }
    )
    assert [o["correct"] for o in multiple["options"]] == [True, True, False]


@pytest.mark.parametrize(
    "kind, options, message",
    [
        ("single", [("Only one", True)], "Add at least two answers to choose from."),
        (
            "multiple",
            [("One", False), ("Two", False)],
            "Tick the right answer: at least one must be right.",
        ),
        (
            "single",
            [("One", True), ("Two", True), ("Three", False)],
            "A single-choice question has exactly one right answer. Untick the others, or "
            "change the question to multiple choice.",
        ),
    ],
)
def test_a_check_editors_cannot_publish_says_why_on_the_answers(kind, options, message):
    value = {
        "question": "Which?",
        "kind": kind,
        "options": [option(text, correct, "Because.") for text, correct in options],
    }

    error = options_error(value)

    assert error["messages"] == [message]


def test_each_answers_own_error_is_kept_with_the_question_level_message():
    value = {
        "question": "Which?",
        "kind": "single",
        "options": [option("One", True, "Yes."), {"text": "Two", "correct": True, "feedback": ""}],
    }

    error = options_error(value)

    assert error["messages"][0].startswith("A single-choice question has exactly one right")
    assert error["blockErrors"][1]["blockErrors"]["feedback"]["messages"] == [
        "This field is required."
    ]


def test_a_draft_may_hold_a_half_written_check():
    value = {"question": "Which?", "kind": "single", "options": [option("One", False, "Hm.")]}

    assert clean(value, draft=True)["question"] == "Which?"


def test_every_demo_course_has_one_valid_plain_knowledge_check():
    for course in COURSES:
        checks = [
            value
            for module in course["modules"]
            for block_type, value in module["body"]
            if block_type == "knowledge_check"
        ]
        assert len(checks) == 1, course["slug"]
        # The story a check is about is named by title here; load_demo swaps it for an id.
        cleaned = clean({k: v for k, v in checks[0].items() if k != "about_narrative"})
        assert 3 <= len(cleaned["options"]) <= 4
        assert all(o["feedback"].source.strip() for o in cleaned["options"])


# --- the admin preview -----------------------------------------------------------------------


def test_the_admin_preview_shows_the_question_every_answer_and_its_feedback(client, db):
    block = ModulePage._meta.get_field("body").stream_block.child_blocks["knowledge_check"]
    client.force_login(UserFactory(groups=["Educators"]))

    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})

    html = section(response.content.decode(), "preview")
    text = html.get_text(" ", strip=True)
    assert html.find("legend").get_text(strip=True) == "Which of these can help someone's recovery?"
    assert [label.get_text(strip=True) for label in html.find_all("label")] == [
        "Using the name they like to be called",
        "Telling them to cheer up",
    ]
    assert "Yes. Small signs of respect matter a lot." in text
    assert "Not quite. This can make someone feel unheard." in text
    assert "Preview: learners see the feedback on every answer" in text
    assert all(i.has_attr("disabled") for i in html.find_all("input"))
    assert html.find("form") is None


# --- on the module page ----------------------------------------------------------------------


def test_an_enrolled_learner_sees_the_question_as_a_labelled_group_of_choices(
    client, learner, enrolment, check_module
):
    client.force_login(learner)
    html = client.get(check_module.url).content.decode()

    single = section(html)
    assert single.find("h2").get_text(strip=True) == "Check your understanding"
    assert single.find("fieldset").find("legend").get_text(strip=True) == QUESTION
    radios = single.find_all("input", attrs={"name": "option"})
    assert [(r["type"], r["value"]) for r in radios] == [
        ("radio", "0"),
        ("radio", "1"),
        ("radio", "2"),
    ]
    for radio in radios:
        assert single.find("label", attrs={"for": radio["id"]}) is not None
        assert not radio.has_attr("checked")
    form = single.find("form")
    assert form["action"] == reverse(
        "assessments:knowledge_check", args=[check_module.pk, SINGLE_ID]
    )
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None
    assert "Choose one answer." in single.get_text()
    assert WRONG_FEEDBACK not in str(single)  # no feedback before answering
    assert single.find(attrs={"role": "status"}) is None

    multiple = section(html, MULTIPLE_ID)
    assert {i["type"] for i in multiple.find_all("input", attrs={"name": "option"})} == {"checkbox"}
    assert "Tick every answer you think is right." in multiple.get_text()
    assert "answer 2 more knowledge checks" in html


def test_after_answering_the_learner_sees_whether_they_were_right_and_each_answers_feedback(
    client, learner, enrolment, check_module
):
    rules.record_answer(
        enrolment, check_module, rules.knowledge_check(check_module, SINGLE_ID), [2]
    )
    client.force_login(learner)

    single = section(client.get(check_module.url).content.decode())

    status = single.find(attrs={"role": "status"})
    assert status.get_text(" ", strip=True).startswith("Not quite. Read the feedback under each")
    chosen = single.find("input", attrs={"value": "2"})
    assert chosen.has_attr("checked")
    assert not single.find("input", attrs={"value": "0"}).has_attr("checked")
    feedback = single.find(id=chosen["aria-describedby"])
    assert feedback.get_text(" ", strip=True) == (
        "✗ This answer is not right. You chose it. " + ALONE_FEEDBACK
    )
    right = single.find(id=f"knowledge-check-{SINGLE_ID}-feedback-0")
    assert "This answer is right." in right.get_text()
    assert "A short visit, <b>every</b> day." in str(right)
    assert "Small things, done reliably, matter." in single.get_text()
    assert "Check my new answer" in single.get_text()


def test_another_learner_never_sees_someone_elses_answer(
    client, learner, enrolment, check_module, other_learner
):
    client.force_login(learner)
    client.post(
        reverse("assessments:knowledge_check", args=[check_module.pk, SINGLE_ID]), {"option": "1"}
    )
    own = section(client.get(check_module.url).content.decode())  # the shared plan is cached now
    client.force_login(other_learner)

    other = section(client.get(check_module.url).content.decode())

    assert own.find("input", attrs={"value": "1"}).has_attr("checked")
    assert WRONG_FEEDBACK in own.get_text()
    assert other.find(attrs={"role": "status"}) is None
    assert not any(i.has_attr("checked") for i in other.find_all("input"))
    for feedback in (RIGHT_FEEDBACK, WRONG_FEEDBACK, "You chose it", "Not quite."):
        assert feedback not in str(other)


def test_a_signed_out_visitor_sees_the_question_and_is_told_answers_are_not_kept(
    client, check_module
):
    single = section(client.get(check_module.url).content.decode())

    assert single.find("legend").get_text(strip=True) == QUESTION
    assert single.find("form") is not None
    link = single.find("a", string="Sign in")
    assert link["href"].startswith("/accounts/login/?next=")
    assert "and enrol on the course to keep your answers." in single.get_text()
