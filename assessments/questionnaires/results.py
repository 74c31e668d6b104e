"""The learner's own questionnaire results: each submitted questionnaire in plain words, and
their change from the baseline."""

import datetime
from dataclasses import dataclass, field

from django.utils import formats

from .models import TIMEPOINT_ORDER, Instrument, QuestionnaireResponse, Timepoint

Status = QuestionnaireResponse.Status


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
    order = list(TIMEPOINT_ORDER)
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
