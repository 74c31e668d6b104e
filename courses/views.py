from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.http import is_script_request, safe_next_url
from core.models import StorybridgeSettings
from narratives.models import Narrative
from narratives.preferences.rules import preferences_for
from tracking import sensitive

from . import choices, module_render, viewing
from . import enrolment as enrolment_rules
from .forms import JoinForm
from .learner_context import SESSION_SLOTS
from .models import CoursePage, Enrolment, ModulePage


def _live_course(course_id):
    course = CoursePage.objects.live().filter(pk=course_id).first()
    if course is None:
        raise Http404
    return course


@login_required
@require_POST
def enrol(request, course_id):
    course = _live_course(course_id)
    enrolment_rules.enrol(request.user, course)
    messages.success(request, _("You are enrolled on %(course)s.") % {"course": course.title})
    return redirect(safe_next_url(request, request.POST.get("next", ""), course.url))


@login_required
def join(request):
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enrolment = enrolment_rules.enrol(request.user, form.cohort.course, cohort=form.cohort)
        messages.success(
            request,
            _("You have joined %(cohort)s on %(course)s.")
            % {"cohort": form.cohort.name, "course": enrolment.course.title},
        )
        return redirect(enrolment.course.url)
    return render(request, "courses/join.html", {"form": form}, status=200)


def completion_record(request, enrolment_uuid):
    """A printable record of a completed course, for the learner only (404 for anyone else)."""
    if not request.user.is_authenticated:
        raise Http404
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("course", "cohort", "user"),
        uuid=enrolment_uuid,
        user=request.user,
        completed_at__isnull=False,
    )
    progress = enrolment_rules.course_progress(enrolment)
    return render(
        request,
        "courses/completion_record.html",
        {
            "enrolment": enrolment,
            "course": enrolment.course,
            "modules": [
                state.module for state in progress if state.state == enrolment_rules.COMPLETE
            ],
            "organisation_name": StorybridgeSettings.for_request(request).organisation_name,
        },
    )


# --- safe narrative viewing --------------------------------------------------------------------


def live_module_or_404(module_id):
    """(course, module) for a live module that learners may see (in its live course's outline),
    or 404. Every view that acts on one block of a module starts here."""
    module = ModulePage.objects.live().filter(pk=module_id).first()
    if module is None:
        raise Http404
    course = module.get_parent().specific
    if not isinstance(course, CoursePage) or not course.live:
        raise Http404
    if all(m.pk != module.pk for m in course.modules):
        raise Http404  # restricted: the outline leaves it out
    return course, next(m for m in course.modules if m.pk == module.pk)


def _bad_choice(request, module, message):
    return render(
        request,
        "courses/choice_error.html",
        {"message": message, "module": module},
        status=400,
    )


@require_POST
def narrative_choice(request, module_id, block_id):
    """A choice on a narrative slot: the interstitial's buttons, choosing from a set, finishing.
    Records it, moves the slot on, and goes back to the slot. Anything the slot does not offer
    is refused with a message and changes nothing."""
    course, module = live_module_or_404(module_id)
    slot = module_render.shown_slot_options(request, module, block_id)
    if slot is None:
        raise Http404
    choice = request.POST.get("choice", "")
    try:
        narrative_pk = int(request.POST.get("narrative", ""))
    except ValueError:
        narrative_pk = None
    back = f"{module.url}#slot-{block_id}"
    if narrative_pk is None or narrative_pk not in slot.options:
        return _bad_choice(
            request,
            module,
            _("That story is not offered here any more. Go back to the module and choose again."),
        )
    if choice == viewing.SUPPORT:
        # Never linked to the learner: a count per narrative and day is all that is kept, and
        # nothing of theirs is recorded (tracking/sensitive.py).
        sensitive.asked_for_support(Narrative.objects.filter(pk=narrative_pk).first())
        return redirect(f"{reverse('courses:support')}?{urlencode({'return': back})}")
    if choice not in viewing.CHOICE_STATUS and choice != viewing.RESET:
        return _bad_choice(request, module, _("We did not understand that choice."))

    enrolment = None
    if request.user.is_authenticated:
        enrolment = Enrolment.objects.filter(user=request.user, course=course).first()
    try:
        if enrolment is None:
            _choose_in_session(request, module, slot, choice, narrative_pk)
        else:
            choices.record_choice(
                enrolment, module, slot, choice, narrative_pk, preferences_for(request.user)
            )
    except viewing.InvalidChoice:
        return _bad_choice(request, module, _("That choice no longer fits what is shown."))
    return redirect(back)


def _choose_in_session(request, module, slot, choice, narrative_pk):
    """A visitor who is not enrolled: the slot moves on in their session only, and nothing is
    recorded. Raises InvalidChoice, changing nothing, as `viewing.apply_choice` does."""
    slots = request.session.get(SESSION_SLOTS, {})
    states = slots.setdefault(str(module.pk), {})
    states[slot.block_id] = viewing.apply_choice(
        states.get(slot.block_id), slot, choice, narrative_pk
    )
    request.session[SESSION_SLOTS] = slots


@require_POST
def take_break(request):
    """Count a break, unlinked from the learner, and show support. A script posts here too
    (it shows the support in place), and gets an empty answer."""
    try:
        narrative_pk = int(request.POST.get("narrative", ""))
    except ValueError:
        narrative_pk = None
    narrative = Narrative.objects.filter(pk=narrative_pk).first() if narrative_pk else None
    # A count per narrative and day, and nothing of the learner's (tracking/sensitive.py).
    sensitive.took_a_break(narrative)
    if is_script_request(request):
        return HttpResponse(status=204)
    query = {
        "break": "1",
        "return": safe_next_url(request, request.POST.get("return"), "/"),
        "leave": safe_next_url(request, request.POST.get("leave"), "/"),
    }
    return redirect(f"{reverse('courses:support')}?{urlencode(query)}")


@require_GET
def support(request):
    """Support resources, with a way back to where the learner was and a way out."""
    return render(
        request,
        "courses/support.html",
        {
            "taking_break": request.GET.get("break") == "1",
            "return_url": safe_next_url(request, request.GET.get("return"), ""),
            "leave_url": safe_next_url(request, request.GET.get("leave"), "/"),
        },
    )
