"""What the reflection block shows each person, rendered with the context the module page gives
it (courses/module_render.py)."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from assessments.reflections import rules
from courses.blocks import ReflectionBlock
from tests.factories import EnrolmentFactory

from .conftest import ENOUGH, OPTIONAL_ID, PROMPT, REFLECTION_ID


@pytest.fixture
def render(module):
    def render(user=None, enrolment=None, reflection=None, block_id=REFLECTION_ID, **extra):
        request = RequestFactory().get(module.url)
        request.user = user
        raw = next(b for b in module.body.raw_data if b["id"] == block_id)["value"]
        context = {
            "value": ReflectionBlock().to_python(raw),
            "block_id": block_id,
            "module": module,
            "enrolment": enrolment,
            "reflection": reflection,
            "request": request,
            "csrf_token": get_token(request),
            "preview": False,
            **extra,
        }
        return render_to_string("blocks/reflection_block.html", context)

    return render


def test_an_enrolled_learner_gets_a_labelled_form_with_everything_they_need(
    render, learner, enrolment, module
):
    html = render(user=learner, enrolment=enrolment)

    assert f'id="reflection-{REFLECTION_ID}"' in html
    assert (
        f'<h2 class="reflection__prompt" id="reflection-{REFLECTION_ID}-prompt">{PROMPT}</h2>'
        in (html)
    )
    assert "Think about <b>who</b> helped." in html  # the editor's guidance, as rich text
    assert "Required" in html
    assert "Write at least 5 words." in html
    assert "Only you can see this unless you share it." in html
    assert f'<label class="field__label" for="reflection-{REFLECTION_ID}-text">' in html
    assert f'id="reflection-{REFLECTION_ID}-text" rows="10" maxlength="20000"' in html
    assert "0 words · 0 of 20,000 characters" in html
    assert 'role="status" aria-live="polite"' in html
    assert 'name="action" value="draft"' in html and "Save draft" in html
    assert 'name="action" value="submit"' in html and "Submit reflection" in html
    assert f'action="{reverse("assessments:save", args=[module.pk, REFLECTION_ID])}"' in html
    assert "csrfmiddlewaretoken" in html
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    assert rules.user_from_token(token, module.pk, REFLECTION_ID) == learner
    assert "js/reflection.js" in html


def test_an_optional_reflection_says_so(render, learner, enrolment):
    html = render(user=learner, enrolment=enrolment, block_id=OPTIONAL_ID)

    assert "Optional" in html
    assert "Required" not in html
    assert "Write at least" not in html


def test_a_draft_is_shown_in_the_box_with_when_it_was_saved(
    render, learner, enrolment, module, slot
):
    draft = rules.save_draft(enrolment, module, slot, "Line <one>\n\nLine two")

    html = render(user=learner, enrolment=enrolment, reflection=draft)

    assert "Line &lt;one&gt;\n\nLine two</textarea>" in html
    assert "Draft saved on " in html
    assert "4 words · 20 of 20,000 characters" in html


def test_a_submitted_reflection_is_shown_final_with_the_share_choice(
    render, learner, enrolment, submitted
):
    html = render(user=learner, enrolment=enrolment, reflection=submitted)

    assert "Submitted on " in html
    assert "Submitted reflections are final" in html
    assert "<textarea" not in html
    assert "<p>Hope came from small things: a kettle, a neighbour, a walk.</p>" in html
    assert "<p>I will listen more.</p>" in html
    assert f'action="{reverse("assessments:share", args=[submitted.uuid])}"' in html
    assert f'<label for="reflection-{REFLECTION_ID}-shared">' in html
    assert 'name="shared"' in html and " checked" not in html

    rules.set_shared(submitted, True)
    assert " checked" in render(user=learner, enrolment=enrolment, reflection=submitted)


def test_without_a_cohort_a_submitted_reflection_offers_no_sharing(render, course, module, slot):
    enrolment = EnrolmentFactory(course=course, cohort=None)
    reflection, _ = rules.submit(enrolment, module, slot, ENOUGH)

    html = render(user=enrolment.user, enrolment=enrolment, reflection=reflection)

    assert 'name="shared"' not in html
    assert "this reflection stays private to you" in html


def test_a_signed_out_visitor_is_asked_to_sign_in(render, django_user_model):
    html = render(user=AnonymousUser(), sign_in_url="/accounts/login/?next=/m/")

    assert '<a href="/accounts/login/?next=/m/">Sign in to write your reflection</a>' in html
    assert "<textarea" not in html
    assert 'name="token"' not in html


def test_a_learner_who_is_not_enrolled_is_asked_to_enrol(render, learner):
    html = render(user=learner, enrolment=None)

    assert "Enrol on the course to keep your reflections." in html
    assert "<textarea" not in html


def test_the_admin_preview_shows_a_disabled_example(render, learner):
    html = render(user=learner, preview=True)

    assert PROMPT in html
    assert "<textarea" in html and "disabled" in html
    assert "<form" not in html
    assert 'name="token"' not in html


def test_an_error_is_tied_to_the_box(render, learner, enrolment):
    html = render(
        user=learner,
        enrolment=enrolment,
        posted_text="Too short",
        reflection_errors=["Write at least 5 words; you have written 2."],
    )

    assert 'role="alert"' in html
    assert f'<p class="field__error" id="reflection-{REFLECTION_ID}-error">' in html
    assert f"reflection-{REFLECTION_ID}-error" in html.split("<textarea", 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in html
    assert "Too short</textarea>" in html


def test_the_module_page_shows_each_learner_only_their_own_draft(
    client, learner, enrolment, module, slot, other_learner
):
    rules.save_draft(enrolment, module, slot, "Ada's private draft words")

    client.force_login(learner)
    own = client.get(module.url).content.decode()
    client.force_login(other_learner)
    other = client.get(module.url).content.decode()

    assert "Ada&#x27;s private draft words</textarea>" in own
    assert "Ada&#x27;s private draft words" not in other
    assert f'id="reflection-{REFLECTION_ID}"' in other
    assert "Not saved yet." in other
