"""Answering a questionnaire: reading a learner's response, checking what they sent, saving a
draft, submitting (scored with assessments/questionnaires/scoring.py) and declining. Called by the
views, the follow-up reminder command and the demo learners. Decisions:

- Declining stores a "declined" response (and forgets any draft answers) so the prompt goes
  away. A learner who changes their mind may still answer a declined questionnaire while it is
  open.
- A response keeps the instrument it was started with, even if the course later points to
  another one. One response per enrolment and timepoint; once submitted it never changes.
- Bad input (an answer off the scale, not a whole number, for a statement that is not in the
  questionnaire, required statements left out on submit) raises ValidationError and stores
  nothing.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tracking import learning
from tracking.recording import record

from .models import ItemAnswer, QuestionnaireResponse
from .per_course import instrument_id, questionnaires_for
from .scoring import InstrumentSpec, score
from .timepoints import NOT_OPEN, check_open, configured, load_instrument

Status = QuestionnaireResponse.Status

# ValidationError codes the views tell apart (and NOT_OPEN, from timepoints).
ALREADY_SUBMITTED = "already_submitted"
INVALID_ANSWERS = "invalid_answers"

# The key of errors about the form as a whole in ValidationError.message_dict.
NON_ITEM = "__all__"


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
    return load_instrument(instrument_id(questionnaires_for(course), timepoint))


def answers_of(response):
    """{item pk: value} of a response; {} for none."""
    if response is None:
        return {}
    return dict(response.answers.values_list("item_id", "value"))


# Checking answers -------------------------------------------------------------------------------


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
            *learning.questionnaire_items_answered(enrolment, instrument, timepoint, parsed),
            learning.questionnaire_completed(enrolment, instrument, timepoint, scores),
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
