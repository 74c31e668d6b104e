"""Learner reflections: saving and submitting from a module, the journal, one reflection, sharing,
and the PDF portfolio. Everything here is the learner's own: anyone else gets "not found"."""

from itertools import groupby
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.http import is_script_request, safe_next_url
from core.lazy_modules import lazy
from core.models import StorybridgeSettings
from courses.body import module_body
from courses.learner_context import sign_in_url
from courses.models import Enrolment
from courses.views import live_module_or_404

from . import rules
from .forms import SUBMIT, PortfolioForm, ReflectionForm, ShareForm
from .models import Reflection

if TYPE_CHECKING:  # the dependency, for the layering contracts; loaded lazily below
    from . import pdf

# The PDF portfolio (fpdf, about 25 MiB) loads on the first download, not in every web worker.
pdf = lazy("assessments.reflections.pdf")

JOURNAL_PAGE_SIZE = 20


def _module_and_slot(module_id, block_id):
    """The live module, its course and the reflection block, or 404: an unknown module, one that
    is not in its course's outline, or a block id that is not a reflection of its live body."""
    course, module = live_module_or_404(module_id)
    slot = rules.reflection_slot(module, block_id)
    if slot is None:
        raise Http404
    return module, course, slot


def _anchor_url(module, block_id):
    return f"{module.url}#reflection-{block_id}"


def _saved_json(reflection, **extra):
    saved_at = reflection.updated_at if reflection is not None else None
    return JsonResponse(
        {
            "saved_at": timezone.localtime(saved_at).strftime("%H:%M") if saved_at else None,
            "words": rules.count_words(reflection.text) if reflection is not None else 0,
            "status": reflection.status if reflection is not None else None,
            **extra,
        }
    )


def _block_for(module, block_id):
    """The bound reflection block, to re-render it on its own page. Converts only the
    module's reflection blocks."""
    return module.body[module_body(module).index_of(block_id)]


def _form_page(request, module, course, slot, enrolment, text, error, status=400):
    """The reflection on a page of its own with what the learner wrote and what to change, so a
    rejected post (no script to stop it) loses nothing."""
    return render(
        request,
        "assessments/reflection_form.html",
        {
            "module": module,
            "course": course,
            "reflection_block": _block_for(module, slot.block_id),
            "enrolment": enrolment,
            "reflection": rules.reflections_by_block(enrolment, module).get(slot.block_id),
            "posted_text": text,
            "reflection_errors": error.messages,
        },
        status=status,
    )


def _session_ended_page(request, module, slot, text, reason):
    return render(
        request,
        "assessments/session_ended.html",
        {
            "module": module,
            "prompt": slot.prompt,
            "posted_text": rules.normalise_text(text),
            "reason": reason,
            "sign_in_url": sign_in_url(_anchor_url(module, slot.block_id)),
        },
        status=403,
    )


def _keep_after_session_ended(request, module, course, slot, token_user, text):
    """The learner's session ended while they wrote. With a valid form token their text is kept
    as a draft (never submitted) and they are sent to sign in; without one nothing is stored
    and they get their words back to copy."""
    json = is_script_request(request)
    login_url = sign_in_url(_anchor_url(module, slot.block_id))
    enrolment = (
        Enrolment.objects.filter(user=token_user, course=course).select_related("course").first()
        if token_user is not None
        else None
    )
    if enrolment is None:
        reason = _(
            "Your session had ended and this page was too old for us to save your reflection. "
            "Nothing was saved. Copy your words below, then sign in and paste them back."
        )
        if json:
            return JsonResponse({"error": reason, "login_url": login_url}, status=401)
        return _session_ended_page(request, module, slot, text, reason)
    try:
        reflection = rules.save_draft(enrolment, module, slot, text)
    except ValidationError as error:
        if json:
            return JsonResponse({"error": error.messages[0], "login_url": login_url}, status=400)
        return _session_ended_page(request, module, slot, text, error.messages[0])
    if json:
        return _saved_json(reflection, signed_out=True, login_url=login_url)
    messages.info(
        request,
        _("Your session had ended. We saved your reflection as a draft. Sign in to carry on."),
    )
    return redirect(login_url)


@require_POST
def save(request, module_id, block_id):
    """Save the learner's draft or submit their reflection ("Save draft" / "Submit
    reflection", or the page's autosave)."""
    module, course, slot = _module_and_slot(module_id, block_id)
    form = ReflectionForm(request.POST)
    form.is_valid()
    text = form.cleaned_data.get("text") or ""
    action = form.cleaned_data.get("action")
    token_user = rules.user_from_token(form.cleaned_data.get("token"), module.pk, slot.block_id)
    json = is_script_request(request)

    if not request.user.is_authenticated:
        return _keep_after_session_ended(request, module, course, slot, token_user, text)
    if token_user is not None and token_user.pk != request.user.pk:
        return _someone_else_opened_it(request, module, slot, text, json)
    enrolment = (
        Enrolment.objects.filter(user=request.user, course=course).select_related("course").first()
    )
    if enrolment is None:
        return _not_enrolled(request, module, course, json)

    try:
        if action == SUBMIT:
            reflection, submitted_now = rules.submit(
                enrolment,
                module,
                slot,
                text,
                agreed_to_send_text=form.cleaned_data.get("send_text", False),
                text_allowed=StorybridgeSettings.for_request(request).send_reflection_text_to_lrs,
            )
        else:
            reflection, submitted_now = rules.save_draft(enrolment, module, slot, text), False
    except ValidationError as error:
        return _not_saved(request, module, course, slot, enrolment, text, error, json)

    if json:
        return _saved_json(reflection)
    _say_what_was_saved(request, action, reflection, submitted_now)
    return redirect(_anchor_url(module, slot.block_id))


def _someone_else_opened_it(request, module, slot, text, json):
    """The page was opened by another account on this browser: nothing is saved."""
    reason = _(
        "This page was opened while someone else was signed in on this browser, so we did "
        "not save it to your journal. Copy your words below if you need them."
    )
    if json:
        return JsonResponse({"error": reason}, status=403)
    return _session_ended_page(request, module, slot, text, reason)


def _not_enrolled(request, module, course, json):
    message = _("Enrol on the course to keep your reflections. Nothing was saved.")
    if json:
        return JsonResponse({"error": message}, status=403)
    return render(
        request,
        "assessments/not_enrolled.html",
        {"module": module, "course": course, "message": message},
        status=403,
    )


def _not_saved(request, module, course, slot, enrolment, text, error, json):
    """A draft or submission the rules refused: why, and the learner's words kept."""
    if json:
        status = 409 if error.code == rules.ALREADY_SUBMITTED else 400
        return JsonResponse(
            {"error": error.messages[0], "words": rules.count_words(text)}, status=status
        )
    if error.code == rules.ALREADY_SUBMITTED:
        messages.info(request, error.messages[0])
        return redirect(_anchor_url(module, slot.block_id))
    if error.code == "too_few_words":
        error = ValidationError([*error.messages, _("We have kept what you wrote as a draft.")])
    return _form_page(request, module, course, slot, enrolment, text, error)


def _say_what_was_saved(request, action, reflection, submitted_now):
    if action != SUBMIT:
        if reflection is None:
            messages.info(request, _("There was nothing to save yet."))
        else:
            messages.success(
                request,
                _("Draft saved at %(time)s. Only you can see it.")
                % {"time": timezone.localtime(reflection.updated_at).strftime("%H:%M")},
            )
    elif submitted_now:
        messages.success(
            request,
            _("Reflection submitted. You can find it in your journal."),
        )
    else:
        messages.info(request, _("You had already submitted this reflection. Nothing changed."))


@never_cache
@login_required
def journal(request):
    """All the learner's reflections, grouped by course."""
    page = Paginator(rules.journal(request.user), JOURNAL_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    groups = []
    for _enrolment_id, group in groupby(page.object_list, key=lambda r: r.enrolment_id):
        items = list(group)
        groups.append({"course_title": items[0].course_title, "reflections": items})
    has_submitted = Reflection.objects.filter(
        user=request.user, status=Reflection.Status.SUBMITTED
    ).exists()
    return render(
        request,
        "assessments/journal.html",
        {
            "page_obj": page,
            "groups": groups,
            "has_submitted": has_submitted,
            "portfolio_form": PortfolioForm(),
        },
    )


def _own_reflection(request, reflection_uuid):
    return get_object_or_404(
        Reflection.objects.select_related("enrolment__cohort", "module"),
        uuid=reflection_uuid,
        user=request.user,
    )


@never_cache
@login_required
def reflection_detail(request, reflection_uuid):
    reflection = _own_reflection(request, reflection_uuid)
    module = reflection.module if reflection.module_id and reflection.module.live else None
    return render(
        request,
        "assessments/reflection_detail.html",
        {"reflection": reflection, "module": module},
    )


@login_required
@require_POST
def share(request, reflection_uuid):
    """Share a submitted reflection with the educators of the learner's cohort, or stop."""
    reflection = _own_reflection(request, reflection_uuid)
    form = ShareForm(request.POST)
    form.is_valid()
    shared = form.cleaned_data.get("shared", False)
    try:
        rules.set_shared(reflection, shared)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if shared:
            messages.success(request, _("Shared with the educators of your cohort."))
        else:
            messages.success(request, _("No longer shared. Only you can see this reflection."))
    return redirect(
        safe_next_url(request, request.POST.get("next", ""), reflection.get_absolute_url())
    )


@never_cache
@login_required
def portfolio(request):
    """The learner's submitted reflections as a PDF, for a revalidation portfolio."""
    form = PortfolioForm(request.GET)
    if not form.is_valid():
        for error in form.errors.get("__all__", []) + [
            f"{form[name].label}: {message}"
            for name in ("since", "until")
            for message in form.errors.get(name, [])
        ]:
            messages.error(request, error)
        return redirect(reverse("assessments:journal") + "#portfolio")
    since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    reflections = list(rules.portfolio(request.user, since, until))
    content = pdf.portfolio_pdf(
        request.user,
        reflections,
        since=since,
        until=until,
        organisation_name=StorybridgeSettings.for_request(request).organisation_name,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.portfolio_filename()}"'
    return response
