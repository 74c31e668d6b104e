from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.models import StorybridgeSettings
from narratives.models import Narrative
from narratives.preferences.rules import DEFAULTS as DEFAULT_PREFERENCES
from narratives.preferences.rules import preferences_for
from tracking import sensitive

from . import completion, module_render, viewing
from . import enrolment as rules
from .course_page import course_page_context
from .forms import JoinForm
from .models import CoursePage, Enrolment, ModulePage
from .module_page import module_learner_state

SESSION_SLOTS = "storybridge_slots"


def sign_in_url(next_url):
    query = QueryDict(mutable=True)
    query["next"] = next_url
    return f"{resolve_url(settings.LOGIN_URL)}?{query.urlencode(safe='/')}"


def course_learner_context(request, course, modules):
    """What the course page shows this person: sign in, enrol, or their progress."""
    if getattr(request, "is_preview", False) or not request.user.is_authenticated:
        return {"sign_in_url": sign_in_url(course.url or "/")}
    enrolment = Enrolment.objects.filter(user=request.user, course=course).first()
    if enrolment is None:
        return {"enrolment": None}
    progress = rules.course_progress(enrolment, modules)
    # A module added after the learner completed the course: say so, and go there next.
    added_since = (
        [state.module for state in progress if state.state != rules.COMPLETE]
        if enrolment.completed_at
        else []
    )
    return {
        "enrolment": enrolment,
        "progress": progress,
        "started": any(state.state != rules.NOT_STARTED for state in progress),
        "continue_module": (
            added_since[0] if added_since else rules.continue_target(enrolment, modules)
        ),
        "added_since": added_since,
        "started_new": any(
            state.state == rules.STARTED for state in progress if state.module in added_since[:1]
        ),
        **course_page_context(enrolment, course, progress),
    }


def module_learner_context(request, course, module):
    """Who is looking at the module: records an enrolled learner's visit (at most one query to
    read, and only the writes that changed, see `record_visit`); others get a prompt to enrol.
    Returns the template context, with the `learner` the body is rendered for."""
    if getattr(request, "is_preview", False):
        return {"learner": module_render.Learner(DEFAULT_PREFERENCES, {}, preview=True)}
    preferences = preferences_for(request.user)
    if not request.user.is_authenticated:
        url = sign_in_url(module.url or "/")
        states = _session_slots(request, module)
        learner = module_render.Learner(preferences, states, None, sign_in_url=url)
        return {"sign_in_url": url, "learner": learner}
    enrolment = rules.enrolment_for_visit(request.user, course, module)
    if enrolment is None:
        learner = module_render.Learner(preferences, _session_slots(request, module), None)
        return {"enrolment": None, "learner": learner}
    if request.method == "GET":
        first_visit = not enrolment.visited
        rules.record_visit(enrolment, module)
        if first_visit and completion.module_requirements(module).empty:
            # Nothing to do but read: opening the module completes it.
            enrolment.module_completed_at = rules.mark_module_complete(
                enrolment, module
            ).completed_at
    learner = module_render.Learner(
        preferences,
        enrolment.narrative_state,
        enrolment,
        **module_learner_state(enrolment, module),
    )
    return {"enrolment": enrolment, "learner": learner}


def _session_slots(request, module):
    """Slot states of a visitor who is not enrolled, kept in their session only."""
    if not request.session.session_key:
        return {}
    return request.session.get(SESSION_SLOTS, {}).get(str(module.pk), {})


def _live_course(course_id):
    course = CoursePage.objects.live().filter(pk=course_id).first()
    if course is None:
        raise Http404
    return course


@login_required
@require_POST
def enrol(request, course_id):
    course = _live_course(course_id)
    rules.enrol(request.user, course)
    messages.success(request, _("You are enrolled on %(course)s.") % {"course": course.title})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = course.url
    return redirect(next_url)


@login_required
def join(request):
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enrolment = rules.enrol(request.user, form.cohort.course, cohort=form.cohort)
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
    progress = rules.course_progress(enrolment)
    return render(
        request,
        "courses/completion_record.html",
        {
            "enrolment": enrolment,
            "course": enrolment.course,
            "modules": [state.module for state in progress if state.state == rules.COMPLETE],
            "organisation_name": StorybridgeSettings.for_request(request).organisation_name,
        },
    )


# --- safe narrative viewing --------------------------------------------------------------------


def _safe_return(request, url, fallback="/"):
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback


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
    slot = module_render.slot_options(request, module, block_id)
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
    if enrolment is None:
        slots = request.session.get(SESSION_SLOTS, {})
        states = slots.setdefault(str(module.pk), {})
        try:
            states[block_id] = viewing.apply_choice(
                states.get(block_id), slot, choice, narrative_pk
            )
        except viewing.InvalidChoice:
            return _bad_choice(request, module, _("That choice no longer fits what is shown."))
        request.session[SESSION_SLOTS] = slots
        return redirect(back)

    try:
        viewing.record_choice(
            enrolment, module, slot, choice, narrative_pk, preferences_for(request.user)
        )
    except viewing.InvalidChoice:
        return _bad_choice(request, module, _("That choice no longer fits what is shown."))
    return redirect(back)


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
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    query = {
        "break": "1",
        "return": _safe_return(request, request.POST.get("return")),
        "leave": _safe_return(request, request.POST.get("leave")),
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
            "return_url": _safe_return(request, request.GET.get("return"), ""),
            "leave_url": _safe_return(request, request.GET.get("leave")),
        },
    )
