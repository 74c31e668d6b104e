"""Which questionnaire a course asks when, whether it is open for an enrolment now, and what the
course page offers. Decisions:

- The baseline (pre) is open until the learner opens a module: answers given after seeing the
  course would no longer show where they started. A draft left unfinished then stays unscored.
- The post questionnaire opens when every module is complete (`Enrolment.completed_at`); the
  follow-up when the course's `follow_up_weeks` (CourseQuestionnaires) have passed since then.
- Answering is voluntary: the course page offers each open questionnaire the learner has not
  submitted or declined, and none of them ever limits the course.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from courses.enrolment import NOT_STARTED
from courses.models import ModuleProgress

from .models import TIMEPOINT_ORDER, Instrument, QuestionnaireResponse, Timepoint
from .per_course import INSTRUMENT_FIELDS, instrument_id, questionnaires_for

Status = QuestionnaireResponse.Status

# ValidationError code the views tell apart: not open at this timepoint.
NOT_OPEN = "not_open"


def configured(course, timepoint):
    """Whether the course asks a questionnaire at this timepoint (no query once its
    questionnaires are read: see per_course.questionnaires_for)."""
    questionnaires = questionnaires_for(course)
    if instrument_id(questionnaires, timepoint) is None:
        return False
    return timepoint != Timepoint.FOLLOW_UP or bool(questionnaires.follow_up_weeks)


def load_instrument(pk):
    """The instrument with its scale, subscales and items: four queries."""
    return Instrument.objects.prefetch_related("scale_points", "subscales", "items").get(pk=pk)


def follow_up_opens_at(enrolment, course=None):
    """When the follow-up opens for this enrolment, or None (not completed, none configured)."""
    course = course or enrolment.course
    if enrolment.completed_at is None or not configured(course, Timepoint.FOLLOW_UP):
        return None
    weeks = questionnaires_for(course).follow_up_weeks
    return enrolment.completed_at + datetime.timedelta(weeks=weeks)


def _started_modules(enrolment):
    return ModuleProgress.objects.filter(enrolment=enrolment).exists()


def closed_reason(enrolment, timepoint, *, course=None, started_modules=None, now=None):
    """Why the learner cannot answer this timepoint's questionnaire now, or None when it is
    open. `started_modules` saves a query when the caller knows it."""
    course = course or enrolment.course
    if not configured(course, timepoint):
        return _("This course does not ask a questionnaire at this point.")
    if timepoint == Timepoint.PRE:
        if started_modules is None:
            started_modules = _started_modules(enrolment)
        if started_modules:
            return _(
                "The questionnaire before the course closes once you open a module, because it "
                "is about where you started. That is fine: carry on with the course."
            )
        return None
    if enrolment.completed_at is None:
        return _("This questionnaire opens when you have completed every module of the course.")
    if timepoint == Timepoint.FOLLOW_UP:
        opens_at = follow_up_opens_at(enrolment, course)
        if (now or timezone.now()) < opens_at:
            weeks = questionnaires_for(course).follow_up_weeks
            return ngettext(
                "This follow-up questionnaire opens on %(date)s, %(weeks)d week after you "
                "completed the course.",
                "This follow-up questionnaire opens on %(date)s, %(weeks)d weeks after you "
                "completed the course.",
                weeks,
            ) % {
                "date": formats.date_format(timezone.localtime(opens_at), "j F Y"),
                "weeks": weeks,
            }
    return None


def check_open(enrolment, timepoint, *, course=None, now=None):
    reason = closed_reason(enrolment, timepoint, course=course, now=now)
    if reason:
        raise ValidationError(reason, code=NOT_OPEN)


@dataclass(frozen=True)
class Prompt:
    """A questionnaire the course page offers this learner now."""

    timepoint: str
    title: str
    instrument_name: str
    started: bool  # a draft is waiting


PROMPT_TITLES = {
    Timepoint.PRE: gettext_lazy("Before you start: a short questionnaire (optional)"),
    Timepoint.POST: gettext_lazy("You have finished the modules: a short questionnaire (optional)"),
    Timepoint.FOLLOW_UP: gettext_lazy("Some weeks on: a short follow-up questionnaire (optional)"),
}


def prompts(enrolment, course, progress=None, now=None):
    """The questionnaires to offer on the course page, and whether the learner has any response
    (to link their overview): (list of Prompt, has_responses). One query for the course's
    questionnaires with their instruments unless read already (per_course); then none when the
    course asks none, else one for the responses and one for module progress unless `progress`
    (the course page's ModuleStates) is given."""
    timepoints = [tp for tp in TIMEPOINT_ORDER if configured(course, tp)]
    if not timepoints:
        return [], False
    responses = dict(
        QuestionnaireResponse.objects.filter(enrolment=enrolment).values_list("timepoint", "status")
    )
    started_modules = None
    if progress is not None:
        started_modules = any(state.state != NOT_STARTED for state in progress)
    found = []
    for timepoint in timepoints:
        status = responses.get(timepoint)
        if status in (Status.SUBMITTED, Status.DECLINED):
            continue
        if timepoint == Timepoint.PRE and started_modules is None:
            started_modules = _started_modules(enrolment)
        if closed_reason(
            enrolment, timepoint, course=course, started_modules=started_modules, now=now
        ):
            continue
        instrument = getattr(questionnaires_for(course), INSTRUMENT_FIELDS[timepoint])
        found.append(
            Prompt(
                timepoint=timepoint,
                title=PROMPT_TITLES[timepoint],
                instrument_name=instrument.name,
                started=status == Status.DRAFT,
            )
        )
    return found, bool(responses)


def course_page_part(enrolment, course, progress):
    """The questionnaires on the course page (registered with courses.course_page): the
    baseline comes before the first module, so it is offered first; the others after."""
    found, has_responses = prompts(enrolment, course, progress)
    return {
        "first_questionnaire_prompts": [p for p in found if p.timepoint == Timepoint.PRE],
        "questionnaire_prompts": [p for p in found if p.timepoint != Timepoint.PRE],
        "has_questionnaire_responses": has_responses,
    }


@dataclass(frozen=True)
class OverviewRow:
    """One questionnaire the course asks, and where the learner stands with it."""

    timepoint: str
    label: str
    instrument_name: str
    status: str | None  # a QuestionnaireResponse.Status, or None before any answer
    submitted_at: datetime.datetime | None
    closed: str | None  # why it cannot be answered now, or None when it can


def overview(enrolment, course, now=None):
    """Every questionnaire the course asks, with the learner's status and whether it is open."""
    responses = {
        r.timepoint: r
        for r in QuestionnaireResponse.objects.filter(enrolment=enrolment)
        .only("timepoint", "status", "submitted_at", "instrument__name")
        .select_related("instrument")
    }
    started_modules = None
    rows = []
    for timepoint in TIMEPOINT_ORDER:
        if not configured(course, timepoint):
            continue
        response = responses.get(timepoint)
        if timepoint == Timepoint.PRE:
            started_modules = _started_modules(enrolment)
        instrument = (
            response.instrument
            if response
            else getattr(questionnaires_for(course), INSTRUMENT_FIELDS[timepoint])
        )
        rows.append(
            OverviewRow(
                timepoint=timepoint,
                label=Timepoint(timepoint).label,
                instrument_name=instrument.name,
                status=response.status if response else None,
                submitted_at=response.submitted_at if response else None,
                closed=closed_reason(
                    enrolment, timepoint, course=course, started_modules=started_modules, now=now
                ),
            )
        )
    return rows
