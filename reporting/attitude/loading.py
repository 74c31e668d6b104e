"""Loading the attitude-change report's data (reporting/attitude/report.py), in a fixed number
of queries whatever the number of learners: the course's instruments with their scale, items and
subscales; the submitted responses' scores; their item answers; the names of the cohorts. Read
with values_list into numpy arrays, one row per person (an enrolment with a submitted response),
so that nothing afterwards runs per learner."""

from dataclasses import dataclass, field, replace
from functools import reduce
from itertools import chain
from operator import or_

import numpy as np
from django.db.models import FloatField, Q, prefetch_related_objects
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from assessments.questionnaires.models import (
    TIMEPOINT_ORDER,
    Instrument,
    ItemAnswer,
    QuestionnaireResponse,
)
from assessments.questionnaires.per_course import instrument, instrument_id, questionnaires_for
from assessments.questionnaires.scoring import InstrumentSpec, item_score
from courses.models import Cohort

from .results import TOTAL, Scale

# The timepoints in the order the report gives them.
TIMEPOINT_CODES = {tp: code for code, tp in enumerate(TIMEPOINT_ORDER)}
CHUNK = 20_000


@dataclass
class TimepointData:
    instrument: Instrument
    spec: InstrumentSpec
    scales: list[Scale]
    values: dict  # scale key -> float array over all people (NaN: no score)
    rows: np.ndarray  # person index of each row of `items`
    items: np.ndarray  # people who answered x items, scored (reverse items reversed), NaN
    columns: dict  # scale key -> item column indices
    respondents: np.ndarray  # bool over all people: submitted at this timepoint


@dataclass
class CourseData:
    people: int
    roles: np.ndarray  # role code per person ("" for none)
    cohorts: np.ndarray  # cohort id per person (-1 for none)
    timepoints: dict  # timepoint -> TimepointData
    cohort_names: dict = field(default_factory=dict)


@dataclass
class ScoredResponses:
    """The submitted responses in scope, one row each in the order of their pk."""

    ids: np.ndarray  # response pk, ascending
    timepoints: np.ndarray  # each response's timepoint, as its TIMEPOINT_CODES code
    scores: np.ndarray  # the total, then each of the subscale keys (NaN: no score)
    person: np.ndarray  # person index of each response
    people: int
    roles: np.ndarray  # role code per person ("" for none)
    cohorts: np.ndarray  # cohort id per person (-1 for none)


def course_instruments(course):
    """The course's questionnaire for each timepoint that has one, with its scale, items and
    subscales: {timepoint: Instrument}, the same object for timepoints that share one. One query
    for the course's questionnaires and their instruments (none when read already), and the
    prefetches."""
    questionnaires = questionnaires_for(course)
    asked = [tp for tp in TIMEPOINT_ORDER if instrument_id(questionnaires, tp)]
    by_pk = {}
    for tp in asked:
        found = instrument(questionnaires, tp)
        by_pk.setdefault(found.pk, found)
    prefetch_related_objects(list(by_pk.values()), "scale_points", "items", "subscales")
    return {tp: by_pk[instrument_id(questionnaires, tp)] for tp in asked}


def _scales(instrument, spec):
    names = {subscale.key: subscale.name for subscale in instrument.subscales.all()}
    factor = {TOTAL: len(spec.items)}
    for item in spec.items:
        if item.subscale:
            factor[item.subscale] = factor.get(item.subscale, 0) + 1
    scales = [Scale(TOTAL, str(_("Total score")), 0, 0)] + [
        Scale(key, names.get(key, key), 0, 0) for key in spec.subscales
    ]
    result = []
    for scale in scales:
        k = factor.get(scale.key, 1) if spec.rule == "sum" else 1
        result.append(replace(scale, low=spec.scale_min * k, high=spec.scale_max * k))
    return result


def _response_filter(prefix, course, enrolments, instruments):
    def q(**kwargs):
        return Q(**{prefix + key: value for key, value in kwargs.items()})

    condition = q(status=QuestionnaireResponse.Status.SUBMITTED, enrolment__course=course)
    condition &= reduce(
        or_, [q(timepoint=tp, instrument=inst.pk) for tp, inst in instruments.items()]
    )
    if enrolments is not None:
        condition &= q(enrolment__in=enrolments)
    return condition


def load(course, enrolments, instruments, with_cohort_names):
    """Everything the report counts for `instruments` ({timepoint: Instrument}, from
    `course_instruments`) on `course`, limited to `enrolments` (None: everyone on it)."""
    specs = {tp: InstrumentSpec.from_instrument(inst) for tp, inst in instruments.items()}
    subscale_keys = list(dict.fromkeys(chain.from_iterable(s.subscales for s in specs.values())))
    responses = scored_responses(course, enrolments, instruments, subscale_keys)
    flat, position = item_answers(course, enrolments, instruments, responses.ids)
    timepoints = {
        tp: timepoint_data(tp, instrument, specs[tp], subscale_keys, responses, flat, position)
        for tp, instrument in instruments.items()
    }
    return CourseData(
        people=responses.people,
        roles=responses.roles,
        cohorts=responses.cohorts,
        timepoints=timepoints,
        cohort_names=cohort_names(responses.cohorts) if with_cohort_names else {},
    )


def scored_responses(course, enrolments, instruments, subscale_keys):
    """The responses with their stored scores, their learner's role and cohort: one query."""
    score_columns = {"score_total": Cast(KeyTextTransform("total", "scores"), FloatField())}
    for index, key in enumerate(subscale_keys):
        score_columns[f"score_{index}"] = Cast(
            KeyTextTransform(key, KeyTransform("subscales", "scores")), FloatField()
        )
    rows = list(
        QuestionnaireResponse.objects.filter(_response_filter("", course, enrolments, instruments))
        .annotate(**score_columns)
        .order_by("pk")
        .values_list(
            "pk",
            "enrolment_id",
            "timepoint",
            "enrolment__user__role",
            "enrolment__cohort_id",
            *score_columns,
        )
    )
    response_ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    enrolment_ids = np.fromiter((row[1] for row in rows), dtype=np.int64, count=len(rows))
    response_tp = np.fromiter(
        (TIMEPOINT_CODES[row[2]] for row in rows), dtype=np.int8, count=len(rows)
    )
    scores = np.array([row[5:] for row in rows], dtype=float, ndmin=2).reshape(
        len(rows), 1 + len(subscale_keys)
    )
    people_ids, person = np.unique(enrolment_ids, return_inverse=True)
    people = int(people_ids.size)
    roles = np.full(people, "", dtype=object)
    cohorts = np.full(people, -1, dtype=np.int64)
    for index, row in zip(person.tolist(), rows, strict=True):
        roles[index] = row[3] or ""
        cohorts[index] = row[4] if row[4] is not None else -1
    return ScoredResponses(
        ids=response_ids,
        timepoints=response_tp,
        scores=scores,
        person=person,
        people=people,
        roles=roles,
        cohorts=cohorts,
    )


def item_answers(course, enrolments, instruments, response_ids):
    """The item answers of the responses: one query, straight into an int array of rows
    (response, item, value), with each row's position in `response_ids`."""
    answers = ItemAnswer.objects.filter(
        _response_filter("response__", course, enrolments, instruments)
    ).values_list("response_id", "item_id", "value")
    flat = np.fromiter(
        chain.from_iterable(answers.iterator(chunk_size=CHUNK)), dtype=np.int64
    ).reshape(-1, 3)
    position = np.searchsorted(response_ids, flat[:, 0]).clip(0, max(len(response_ids) - 1, 0))
    known = response_ids[position] == flat[:, 0] if len(response_ids) else np.zeros(0, dtype=bool)
    return flat[known], position[known]


def timepoint_data(tp, instrument, spec, subscale_keys, responses, flat, position):
    """One timepoint's scores per person and its scored item answers per response."""
    people, person = responses.people, responses.person
    mine = responses.timepoints == TIMEPOINT_CODES[tp]
    values = {}
    for column, key in enumerate([TOTAL, *subscale_keys]):
        if key == TOTAL or key in spec.subscales:
            full = np.full(people, np.nan)
            full[person[mine]] = responses.scores[mine, column]
            values[key] = full
    respondents = np.zeros(people, dtype=bool)
    respondents[person[mine]] = True
    # Item scores: one row per response at this timepoint, one column per item.
    row_of_response = np.full(len(responses.ids), -1, dtype=np.int64)
    row_of_response[mine] = np.arange(int(mine.sum()))
    items = _item_matrix(instrument, spec, flat, position, row_of_response, int(mine.sum()))
    columns = {TOTAL: np.arange(len(spec.items))}
    for key in spec.subscales:
        columns[key] = np.array(
            [i for i, item in enumerate(spec.items) if item.subscale == key], dtype=np.int64
        )
    return TimepointData(
        instrument=instrument,
        spec=spec,
        scales=_scales(instrument, spec),
        values=values,
        rows=person[mine],
        items=items,
        columns=columns,
        respondents=respondents,
    )


def cohort_names(cohorts):
    """{cohort id: name} of the cohorts in `cohorts` (an array of ids, -1 for none)."""
    if not (cohorts >= 0).any():
        return {}
    return dict(
        Cohort.objects.filter(pk__in=np.unique(cohorts[cohorts >= 0]).tolist()).values_list(
            "pk", "name"
        )
    )


def _item_matrix(instrument, spec, flat, position, row_of_response, n_rows):
    """Scored answers (reverse-scored items reversed by scoring.item_score, applied once per
    scale value through a lookup table), NaN where unanswered or off the scale."""
    item_pks = np.array([item.pk for item in instrument.items.all()], dtype=np.int64)
    by_key = {str(item.uuid): item.pk for item in instrument.items.all()}
    ordered = np.array([by_key[item.key] for item in spec.items], dtype=np.int64)
    order = np.argsort(ordered)
    matrix = np.full((n_rows, len(spec.items)), np.nan)
    if not n_rows or not item_pks.size:
        return matrix
    rows = row_of_response[position]
    column = np.searchsorted(ordered[order], flat[:, 1]).clip(0, len(ordered) - 1)
    ok = (rows >= 0) & (ordered[order][column] == flat[:, 1])
    column = order[column]
    values = flat[:, 2]
    allowed = set(spec.scale_values or range(spec.scale_min, spec.scale_max + 1))
    width = spec.scale_max - spec.scale_min + 1
    table = np.full((2, width), np.nan)
    for value in range(spec.scale_min, spec.scale_max + 1):
        if value in allowed:
            for reverse in (0, 1):
                table[reverse, value - spec.scale_min] = item_score(
                    value, bool(reverse), spec.scale_min, spec.scale_max
                )
    ok &= (values >= spec.scale_min) & (values <= spec.scale_max)
    reverse = np.array([item.reverse for item in spec.items], dtype=np.int8)
    matrix[rows[ok], column[ok]] = table[reverse[column[ok]], values[ok] - spec.scale_min]
    return matrix
