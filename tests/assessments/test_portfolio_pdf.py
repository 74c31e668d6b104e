"""The PDF portfolio: the owner, the period, and each submitted reflection with its prompt, date,
course, module, narrative and text, whatever language it is written in.

The PDF's text is read back with pypdf (a test dependency): fpdf2 subsets embedded fonts, so the
bytes alone do not hold the words."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments.models import Reflection
from assessments.reflections import rules
from assessments.reflections.pdf import font_files, portfolio_pdf

from .conftest import ENOUGH, OPTIONAL_ID, PROMPT

UNICODE_TEXT = (
    "Emoji 😀 and a heart ❤ stayed with me.\n\n"
    "中文：希望来自小事。\n\n"
    "عربي: الأمل يأتي من الأشياء الصغيرة\n\n"
    "עברית: תקווה\n\n"
    "Ελληνικά and Кириллица, naïve café."
)


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


def download(client, **params):
    response = client.get(reverse("assessments:portfolio"), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    return response


def test_the_portfolio_has_the_owner_and_every_fact_of_each_reflection(
    learner_client, submitted, enrolment, module
):
    response = download(learner_client)

    assert response["Content-Disposition"].startswith(
        'attachment; filename="storybridge-reflections-'
    )
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    today = timezone.localdate()
    date = f"{today.day} {today:%B %Y}"
    assert "Reflective accounts" in text
    assert "Ada Okafor" in text
    assert "ada@example.org" in text
    assert f"Period {date} to {date}" in text
    assert PROMPT in text
    assert f"Date submitted {date}" in text
    assert "Course Recovery basics" in text
    assert "Module Coming home" in text
    assert "Narrative Coming home to the kettle" in text
    assert "Hope came from small things: a kettle, a neighbour, a walk." in text
    assert "I will listen more." in text
    # Paragraphs stay apart and in order.
    assert text.index("a neighbour, a walk.") < text.index("I will listen more.")


def test_drafts_and_other_learners_reflections_are_left_out(
    learner_client, submitted, enrolment, module, other_learner
):
    rules.save_draft(enrolment, module, rules.reflection_slot(module, OPTIONAL_ID), "My draft")
    other = other_learner.enrolments.get()
    rules.submit(other, module, rules.reflection_slot(module, submitted.block_id), ENOUGH + " Z9")

    text = pdf_text(download(learner_client).content)

    assert "Reflections 1" in text
    assert "My draft" not in text
    assert "Z9" not in text
    assert "other@example.org" not in text


def test_the_portfolio_covers_the_period_asked_for(learner_client, submitted, enrolment, module):
    optional = rules.reflection_slot(module, OPTIONAL_ID)
    older, _ = rules.submit(enrolment, module, optional, "An older reflection from spring.")
    Reflection.objects.filter(pk=older.pk).update(
        submitted_at=timezone.make_aware(datetime.datetime(2025, 4, 2, 12, 0))
    )

    text = pdf_text(download(learner_client, since="2025-01-01", until="2025-12-31").content)

    assert "Period 1 January 2025 to 31 December 2025" in text
    assert "An older reflection from spring." in text
    assert "Date submitted 2 April 2025" in text
    assert PROMPT not in text


def test_a_backwards_period_is_explained_on_the_journal(learner_client, submitted):
    response = learner_client.get(
        reverse("assessments:portfolio"), {"since": "2026-05-01", "until": "2026-01-01"}
    )
    assert response.status_code == 302
    page = learner_client.get(response["Location"]).content.decode()
    assert "The &#x27;To&#x27; date must be on or after the &#x27;From&#x27; date." in page


def test_an_empty_portfolio_still_downloads(learner_client, enrolment):
    text = pdf_text(download(learner_client).content)

    assert "There are no submitted reflections in this period." in text
    assert "No reflections submitted yet" in text


@pytest.mark.skipif(font_files() is None, reason="needs Debian's fonts-dejavu-core")
def test_text_in_any_language_is_kept_with_the_dejavu_fonts(
    learner_client, enrolment, module, slot
):
    rules.submit(enrolment, module, slot, UNICODE_TEXT)

    text = pdf_text(download(learner_client).content)

    assert "Emoji 😀 and a heart ❤ stayed with me." in text
    assert "Ελληνικά and Кириллица, naïve café." in text
    # Right-to-left words are laid out right to left, so they read back in visual order.
    assert "תקווה"[::-1] in text
    assert "الأمل"[::-1] in text
    # DejaVu has no Chinese: those characters become "?" and the portfolio says why.
    assert "：?????????" in text or "?????" in text
    assert "Some characters could not be shown in this PDF" in text


def test_without_a_unicode_font_the_portfolio_falls_back_to_latin_1(
    settings, tmp_path, learner, enrolment, module, slot
):
    settings.STORYBRIDGE_PDF_FONT_DIR = str(tmp_path)  # no fonts there
    assert font_files() is None
    reflection, _ = rules.submit(enrolment, module, slot, UNICODE_TEXT)

    content = portfolio_pdf(learner, [reflection])

    text = pdf_text(content)
    assert content.startswith(b"%PDF")
    assert "naïve café." in text
    assert "Emoji ? and a heart ? stayed with me." in text
    assert "Some characters could not be shown in this PDF" in text


def test_a_long_unbroken_reflection_wraps_without_failing(learner, enrolment, module, slot):
    reflection, _ = rules.submit(enrolment, module, slot, "one two three four five " + "x" * 19_000)

    content = portfolio_pdf(learner, [reflection])

    assert len(PdfReader(io.BytesIO(content)).pages) >= 2
