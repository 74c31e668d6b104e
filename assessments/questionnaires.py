"""Questionnaire rules: which questionnaire is open for an enrolment, saving answers, submitting
(scored with assessments/scoring.py), declining, and the learner's own results.

Plain functions, called by the views, the course page (`prompts`), the follow-up reminder
command and the demo learners. Decisions:

- The baseline (pre) is open until the learner opens a module: answers given after seeing the
  course would no longer show where they started. A draft left unfinished then stays unscored.
- The post questionnaire opens when every module is complete (`Enrolment.completed_at`); the
  follow-up when `follow_up_weeks` have passed since then.
- Answering is voluntary. Declining stores a "declined" response (and forgets any draft answers)
  so the prompt goes away; it never limits the course. A learner who changes their mind may
  still answer a declined questionnaire while it is open.
- A response keeps the instrument it was started with, even if the course later points to
  another one. One response per enrolment and timepoint; once submitted it never changes.
- Bad input (an answer off the scale, not a whole number, for a statement that is not in the
  questionnaire, required statements left out on submit) raises ValidationError and stores
  nothing.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from courses.enrolment import NOT_STARTED
from courses.models import ModuleProgress
from tracking import learning
from tracking.recording import record

from .questionnaire_models import (
    Instrument,
    ItemAnswer,
    QuestionnaireResponse,
    Timepoint,
)

Status = QuestionnaireResponse.Status

# Which CoursePage field holds the instrument of each timepoint.
COURSE_FIELDS = {
    Timepoint.PRE: "baseline_questionnaire",
    Timepoint.POST: "post_questionnaire",
    Timepoint.FOLLOW_UP: "follow_up_questionnaire",
}

# ValidationError codes the views tell apart.
ALREADY_SUBMITTED = "already_submitted"
NOT_OPEN = "not_open"
INVALID_ANSWERS = "invalid_answers"

# The key of errors about the form as a whole in ValidationError.message_dict.
NON_ITEM = "__all__"


# Which questionnaire, when ----------------------------------------------------------------------


def configured(course, timepoint):
    """Whether the course asks a questionnaire at this timepoint (no query)."""
    name = COURSE_FIELDS.get(timepoint)
    if name is None or getattr(course, f"{name}_id") is None:
        return False
    return timepoint != Timepoint.FOLLOW_UP or bool(course.follow_up_weeks)


def load_instrument(pk):
    """The instrument with its scale, subscales and items: four queries."""
    return Instrument.objects.prefetch_related("scale_points", "subscales", "items").get(pk=pk)


def follow_up_opens_at(enrolment, course=None):
    """When the follow-up opens for this enrolment, or None (not completed, none configured)."""
    course = course or enrolment.course
    if enrolment.completed_at is None or not configured(course, Timepoint.FOLLOW_UP):
        return None
    return enrolment.completed_at + datetime.timedelta(weeks=course.follow_up_weeks)


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
            return ngettext(
                "This follow-up questionnaire opens on %(date)s, %(weeks)d week after you "
                "completed the course.",
                "This follow-up questionnaire opens on %(date)s, %(weeks)d weeks after you "
                "completed the course.",
                course.follow_up_weeks,
            ) % {
                "date": formats.date_format(timezone.localtime(opens_at), "j F Y"),
                "weeks": course.follow_up_weeks,
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
    (to link their overview): (list of Prompt, has_responses). No query when the course asks
    none; else one for the responses, one per prompt for its instrument's name, and one for
    module progress unless `progress` (the course page's ModuleStates) is given."""
    timepoints = [tp for tp in COURSE_FIELDS if configured(course, tp)]
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
        instrument = getattr(course, COURSE_FIELDS[timepoint])
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
    for timepoint in COURSE_FIELDS:
        if not configured(course, timepoint):
            continue
        response = responses.get(timepoint)
        if timepoint == Timepoint.PRE:
            started_modules = _started_modules(enrolment)
        instrument = response.instrument if response else getattr(course, COURSE_FIELDS[timepoint])
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


# Reading -----------------------------------------------------------------------------------------


def response_for(enrolment, timepoint):
    return QuestionnaireResponse.objects.filter(enrolment=enrolment, timepoint=timepoint).first()


def instrument_for(enrolment, timepoint, response=None, course=None):
    """The instrument the learner answers at this timepoint: the one their response was started
    with, else the course's. None when the course asks none at this timepoint."""
    course = course or enrolment.course
    if response is not None:
        return load_instrument(response.instrument_id)
    if not configured(course, timepoint):
        return None
    return load_instrument(getattr(course, f"{COURSE_FIELDS[timepoint]}_id"))


def answers_of(response):
    """{item pk: value} of a response; {} for none."""
    if response is None:
        return {}
    return dict(response.answers.values_list("item_id", "value"))


# Checking answers -------------------------------------------------------------------------------


def item_anchor(item):
    return f"item-{item.uuid}"


def parse_answers(instrument, answers, *, require_all=False):
    """Check what the learner sent: {item uuid (str): value} with values as sent (a string, an
    int, or a list when a field came more than once). Blank values are unanswered.

    Returns {InstrumentItem: int}. Raises ValidationError (code INVALID_ANSWERS) whose
    message_dict holds a message per item uuid, and under NON_ITEM one about the form."""
    items = {str(item.uuid): item for item in instrument.items.all()}
    scale = set(instrument.scale_values)
    errors = {}
    parsed = {}
    unknown = False
    for key, raw in answers.items():
        item = items.get(str(key).strip().lower())
        if item is None:
            unknown = True
            continue
        if isinstance(raw, (list, tuple)):
            if len(raw) != 1:
                errors[str(item.uuid)] = [_("Choose one answer for this statement.")]
                continue
            raw = raw[0]
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        try:
            value = int(raw.strip()) if isinstance(raw, str) else raw
        except ValueError:
            value = None
        if isinstance(value, bool) or not isinstance(value, int) or value not in scale:
            errors[str(item.uuid)] = [_("Choose one of the answers shown for this statement.")]
            continue
        parsed[item] = value
    if require_all:
        for key, item in items.items():
            if item.required and item not in parsed and key not in errors:
                errors[key] = [_("Choose an answer for this statement.")]
    if unknown:
        errors[NON_ITEM] = [
            _(
                "Some answers were for statements that are not in this questionnaire, perhaps "
                "because it changed after you opened the page. Nothing was saved: please check "
                "your answers and send them again."
            )
        ]
    if errors:
        # In the order of the questionnaire, so the summary's first link is the first problem.
        order = {key: i for i, key in enumerate(items)}
        ordered = dict(sorted(errors.items(), key=lambda kv: order.get(kv[0], -1)))
        raise ValidationError(ordered, code=INVALID_ANSWERS)
    return parsed


def scores_for(instrument, parsed):
    """The scores of these answers ({InstrumentItem: value}), as stored in response.scores."""
    from .scoring import InstrumentSpec, score

    spec = InstrumentSpec.from_instrument(instrument)
    return score(spec, {str(item.uuid): value for item, value in parsed.items()}).as_dict()


# Writing ----------------------------------------------------------------------------------------


def _locked(enrolment, timepoint):
    return (
        QuestionnaireResponse.objects.select_for_update()
        .filter(enrolment=enrolment, timepoint=timepoint)
        .first()
    )


def _locked_or_new(enrolment, timepoint, instrument, status=Status.DRAFT):
    """The response row, locked, made first if needed. The unique constraint settles a race
    between two first saves: the loser reads (and waits for) the winner's row. Call inside a
    transaction."""
    response = _locked(enrolment, timepoint)
    if response is not None:
        return response
    response = QuestionnaireResponse(
        enrolment=enrolment, instrument=instrument, timepoint=timepoint, status=status
    )
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        response = _locked(enrolment, timepoint)
        if response is None:
            raise
    return response


def _already_submitted():
    return ValidationError(
        _(
            "You have already sent your answers to this questionnaire, so they can no longer "
            "be changed. Nothing was changed."
        ),
        code=ALREADY_SUBMITTED,
    )


def _replace_answers(response, parsed):
    response.answers.all().delete()
    ItemAnswer.objects.bulk_create(
        ItemAnswer(response=response, item=item, value=value) for item, value in parsed.items()
    )


def _instrument_of(enrolment, timepoint, instrument):
    if instrument is not None:
        return instrument
    instrument = instrument_for(enrolment, timepoint, response_for(enrolment, timepoint))
    if instrument is None:
        raise ValidationError(
            _("This course does not ask a questionnaire at this point."), code=NOT_OPEN
        )
    return instrument


def save_answers(enrolment, timepoint, answers, *, instrument=None, now=None):
    """Keep the learner's answers as a draft to finish later: partial answers are fine. The
    draft then holds exactly these answers. Returns the response (None when there was nothing
    to keep). A submitted response never changes; a declined one becomes a draft again."""
    check_open(enrolment, timepoint, now=now)
    instrument = _instrument_of(enrolment, timepoint, instrument)
    parsed = parse_answers(instrument, answers)
    with transaction.atomic():
        response = _locked(enrolment, timepoint)
        if response is None and not parsed:
            return None
        if response is None:
            response = _locked_or_new(enrolment, timepoint, instrument)
        if response.status == Status.SUBMITTED:
            raise _already_submitted()
        _check_same_instrument(response, instrument)
        _replace_answers(response, parsed)
        response.status = Status.DRAFT
        response.save(update_fields=["status", "updated_at"])
    return response


def submit(enrolment, timepoint, answers, *, instrument=None, now=None):
    """Submit the learner's answers: every required statement answered, every value on the
    scale. Scores them and stores the scores with the response. Returns the response.

    A second submission (a double click, two tabs at once) raises ALREADY_SUBMITTED and
    stores nothing more; any bad input raises and stores nothing at all."""
    check_open(enrolment, timepoint, now=now)
    instrument = _instrument_of(enrolment, timepoint, instrument)
    existing = response_for(enrolment, timepoint)
    if existing is not None and existing.status == Status.SUBMITTED:
        raise _already_submitted()
    parsed = parse_answers(instrument, answers, require_all=True)
    scores = scores_for(instrument, parsed)
    with transaction.atomic():
        response = _locked_or_new(enrolment, timepoint, instrument)
        if response.status == Status.SUBMITTED:
            raise _already_submitted()
        _check_same_instrument(response, instrument)
        _replace_answers(response, parsed)
        response.status = Status.SUBMITTED
        response.submitted_at = now or timezone.now()
        response.scores = scores
        response.save(update_fields=["status", "submitted_at", "scores", "updated_at"])
        record(
            *[
                *learning.questionnaire_items_answered(enrolment, instrument, timepoint, parsed),
                learning.questionnaire_completed(enrolment, instrument, timepoint, scores),
            ],
            user=enrolment.user,
        )
    return response


def decline(enrolment, timepoint, *, now=None):
    """The learner would rather not answer: a declined response, without any draft answers.
    Declining again changes nothing. Returns the response."""
    check_open(enrolment, timepoint, now=now)
    instrument = _instrument_of(enrolment, timepoint, None)
    with transaction.atomic():
        response = _locked_or_new(enrolment, timepoint, instrument, status=Status.DECLINED)
        if response.status == Status.SUBMITTED:
            raise _already_submitted()
        if response.status != Status.DECLINED:
            response.answers.all().delete()
            response.status = Status.DECLINED
            response.save(update_fields=["status", "updated_at"])
    return response


def _check_same_instrument(response, instrument):
    if response.instrument_id != instrument.pk:
        # Only when a caller passes another instrument than the response was started with.
        raise ValidationError(
            _("These answers are for another questionnaire. Nothing was saved."),
            code=INVALID_ANSWERS,
        )


# The learner's own results ----------------------------------------------------------------------


def format_score(value):
    return formats.number_format(round(value, 1), 1)


@dataclass
class SubscaleResult:
    name: str
    score: float | None
    display: str


@dataclass
class Result:
    """One submitted questionnaire of the learner, in plain words."""

    timepoint: str
    timepoint_label: str
    instrument: Instrument
    submitted_at: datetime.datetime
    total: float | None
    total_display: str
    low: float
    high: float
    subscales: list = field(default_factory=list)
    # What the scale's ends mean, from the instrument's response labels ("Strongly disagree").
    low_label: str = ""
    high_label: str = ""
    per_statement: bool = True  # a mean of the statements (else their sum)
    has_reversed: bool = False  # some statements count the other way round
    higher_is_better: bool = True


def scale_end_labels(instrument):
    """The labels of the lowest and highest points of the instrument's response scale."""
    points = sorted(instrument.scale_points.all(), key=lambda point: point.value)
    if not points:
        return "", ""
    return points[0].label, points[-1].label


@dataclass
class Change:
    """The learner's change from the baseline, on the same questionnaire."""

    instrument: Instrument
    pre: str
    post: str | None
    follow_up: str | None
    subscales: list = field(default_factory=list)  # (name, pre, post, follow_up) as text


def results(enrolment):
    """The learner's submitted questionnaires on this enrolment, in timepoint order, and their
    change from the baseline where the same questionnaire was answered again:
    (list of Result, Change or None)."""
    order = list(COURSE_FIELDS)
    responses = sorted(
        QuestionnaireResponse.objects.filter(enrolment=enrolment, status=Status.SUBMITTED)
        .select_related("instrument")
        .prefetch_related("instrument__scale_points", "instrument__subscales", "instrument__items"),
        key=lambda r: order.index(r.timepoint),
    )
    found = []
    for response in responses:
        instrument = response.instrument
        items = list(instrument.items.all())
        scores = response.scores or {}
        total = scores.get("total")
        low, high = instrument.score_range(len(items))
        low_label, high_label = scale_end_labels(instrument)
        subscale_scores = scores.get("subscales") or {}
        subscales = [
            SubscaleResult(
                name=subscale.name,
                score=subscale_scores.get(subscale.key),
                display=(
                    format_score(subscale_scores[subscale.key])
                    if subscale_scores.get(subscale.key) is not None
                    else ""
                ),
            )
            for subscale in instrument.subscales.all()
        ]
        found.append(
            Result(
                timepoint=response.timepoint,
                timepoint_label=Timepoint(response.timepoint).label,
                instrument=instrument,
                submitted_at=response.submitted_at,
                total=total,
                total_display=format_score(total) if total is not None else "",
                low=low,
                high=high,
                subscales=subscales,
                low_label=low_label,
                high_label=high_label,
                per_statement=instrument.scoring_rule == Instrument.ScoringRule.MEAN,
                has_reversed=any(item.reverse_scored for item in items),
                higher_is_better=instrument.higher_is_better,
            )
        )
    return found, _change(found)


def _change(found):
    by_timepoint = {result.timepoint: result for result in found}
    pre = by_timepoint.get(Timepoint.PRE)
    if pre is None or pre.total is None:
        return None
    later = {
        tp: by_timepoint.get(tp)
        for tp in (Timepoint.POST, Timepoint.FOLLOW_UP)
        if by_timepoint.get(tp) is not None
        and by_timepoint[tp].instrument.pk == pre.instrument.pk
        and by_timepoint[tp].total is not None
    }
    if not later:
        return None
    post, follow_up = later.get(Timepoint.POST), later.get(Timepoint.FOLLOW_UP)
    subscales = []
    for i, sub in enumerate(pre.subscales):
        row = [sub.display]
        for result in (post, follow_up):
            row.append(result.subscales[i].display if result is not None else None)
        if sub.score is not None and any(row[1:]):
            subscales.append((sub.name, *row))
    return Change(
        instrument=pre.instrument,
        pre=pre.total_display,
        post=post.total_display if post else None,
        follow_up=follow_up.total_display if follow_up else None,
        subscales=subscales,
    )


# The follow-up reminder -------------------------------------------------------------------------


def follow_up_reminders_due(now=None):
    """Enrolments whose follow-up questionnaire is open and whose learner has not been reminded,
    nor answered or declined it: a queryset per course with a follow-up, chained."""
    from courses.models import CoursePage, Enrolment

    now = now or timezone.now()
    courses = CoursePage.objects.live().filter(
        follow_up_questionnaire__isnull=False, follow_up_weeks__isnull=False
    )
    done = QuestionnaireResponse.objects.filter(
        timepoint=Timepoint.FOLLOW_UP, status__in=[Status.SUBMITTED, Status.DECLINED]
    ).values("enrolment_id")
    for course in courses.only("pk", "follow_up_weeks"):
        yield (
            Enrolment.objects.filter(
                course_id=course.pk,
                completed_at__lte=now - datetime.timedelta(weeks=course.follow_up_weeks),
                follow_up_reminded_at__isnull=True,
                user__is_active=True,
            )
            .exclude(user__email="")
            .exclude(pk__in=done)
        )
