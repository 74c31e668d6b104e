"""Answering a knowledge check from a module: a plain form post that works without a script.

An enrolled learner's latest answer is kept and they go back to the check, which now shows the
feedback. Anyone else (signed out, or not enrolled) gets the feedback on a page of its own and
nothing is stored. A post the check cannot take (nothing chosen, an answer that is not offered,
two answers to a single-choice question) shows the check again with the problem: 400, nothing
stored. An unknown module or block is not found.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.block_render import render_block
from courses.body import module_body
from courses.learner_context import sign_in_url
from courses.models import Enrolment
from courses.views import live_module_or_404

from . import checks


def _module_and_check(module_id, block_id):
    """The live module, its course and the knowledge check, or 404: an unknown module, one that
    is not in its course's outline, or a block id that is not a knowledge check of its body."""
    course, module = live_module_or_404(module_id)
    check = checks.knowledge_check(module, block_id)
    if check is None:
        raise Http404
    return module, course, check


def _anchor_url(module, block_id):
    return f"{module.url}#knowledge-check-{block_id}"


def _check_page(request, module, course, check, *, enrolment, answer=None, errors=(), status):
    """The check on a page of its own, with the feedback or what to change."""
    bound = module.body[module_body(module).index_of(check.block_id)]
    context = {
        "request": request,
        "block_id": check.block_id,
        "module": module,
        "enrolment": enrolment,
        "answer": answer,
        "errors": list(errors),
        "sign_in_url": (
            ""
            if request.user.is_authenticated
            else sign_in_url(_anchor_url(module, check.block_id))
        ),
    }
    return render(
        request,
        "assessments/knowledge_check.html",
        {
            "module": module,
            "course": course,
            "block_id": check.block_id,
            "block_html": render_block(bound.block, bound.value, request, context),
            "enrolment": enrolment,
            "answer": answer,
            "sign_in_url": context["sign_in_url"],
        },
        status=status,
    )


@require_POST
def answer(request, module_id, block_id):
    """Check the learner's answer and, when they are enrolled, keep it."""
    module, course, check = _module_and_check(module_id, block_id)
    enrolment = None
    if request.user.is_authenticated:
        enrolment = Enrolment.objects.filter(user=request.user, course=course).first()
    try:
        selected = checks.parse_selection(check, request.POST.getlist("option"))
    except ValidationError as error:
        return _check_page(
            request, module, course, check, enrolment=enrolment, errors=error.messages, status=400
        )
    if enrolment is None:
        answer = checks.unsaved_answer(check, selected)
        return _check_page(
            request, module, course, check, enrolment=None, answer=answer, status=200
        )
    checks.record_answer(enrolment, module, check, selected)
    return redirect(_anchor_url(module, check.block_id))
