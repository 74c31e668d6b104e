from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.models import StorybridgeSettings

from . import enrolment as rules
from .forms import JoinForm
from .models import CoursePage, Enrolment


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
    return {
        "enrolment": enrolment,
        "progress": rules.course_progress(enrolment, modules),
        "continue_module": rules.continue_target(enrolment, modules),
    }


def module_learner_context(request, course, module):
    """Records an enrolled learner's visit; others get a prompt to enrol. At most one query to
    read, and only the writes that changed (see `record_visit`)."""
    if getattr(request, "is_preview", False):
        return {}
    if not request.user.is_authenticated:
        return {"sign_in_url": sign_in_url(module.url or "/")}
    enrolment = rules.enrolment_for_visit(request.user, course, module)
    if enrolment is not None and request.method == "GET":
        rules.record_visit(enrolment, module)
    return {"enrolment": enrolment}


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
