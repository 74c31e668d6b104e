"""What a course or module page shows the person looking, beyond its shared content: sign in,
enrol, or their progress; on a module, the learner the body is rendered for (an enrolled
learner's visit is recorded here). The pages' `get_context` calls these; views that need a
sign-in link use `sign_in_url`."""

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import resolve_url

from narratives.preferences.rules import DEFAULTS as DEFAULT_PREFERENCES
from narratives.preferences.rules import preferences_for

from . import completion, module_render
from . import enrolment as enrolment_rules
from .course_page import course_page_context
from .enrolment_models import Enrolment
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
    progress = enrolment_rules.course_progress(enrolment, modules)
    # A module added after the learner completed the course: say so, and go there next.
    added_since = (
        [state.module for state in progress if state.state != enrolment_rules.COMPLETE]
        if enrolment.completed_at
        else []
    )
    return {
        "enrolment": enrolment,
        "progress": progress,
        "started": any(state.state != enrolment_rules.NOT_STARTED for state in progress),
        "continue_module": (
            added_since[0] if added_since else enrolment_rules.continue_target(enrolment, modules)
        ),
        "added_since": added_since,
        "started_new": any(
            state.state == enrolment_rules.STARTED
            for state in progress
            if state.module in added_since[:1]
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
    enrolment = enrolment_rules.enrolment_for_visit(request.user, course, module)
    if enrolment is None:
        learner = module_render.Learner(preferences, _session_slots(request, module), None)
        return {"enrolment": None, "learner": learner}
    if request.method == "GET":
        first_visit = not enrolment.visited
        enrolment_rules.record_visit(enrolment, module)
        if first_visit and completion.module_requirements(module).empty:
            # Nothing to do but read: opening the module completes it.
            enrolment.module_completed_at = enrolment_rules.mark_module_complete(
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
