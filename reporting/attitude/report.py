"""Attitude change on a course, for its educators: plain functions over the submitted
questionnaire responses, with every small group suppressed.

`course_statistics(course, enrolments=None, cohort=None)` returns a `CourseStatistics`: per
timepoint (baseline, post, follow-up) n, mean, SD, the 95% CI of the mean and Cronbach's alpha;
paired change baseline → post (and, for retention, baseline → follow-up and post → follow-up)
from `analysis.paired_change`; the distribution of individual change; the baseline → post change
by learner role and by cohort. All of it for the total score and for each subscale.

Cost: a fixed number of queries whatever the number of learners (the instruments with their
scale, items and subscales; the submitted responses' scores; their item answers; the names of
the cohorts), read with values_list into numpy arrays. Nothing runs per learner.

Which instrument: each timepoint is scored with the course's questionnaire for it, and only
responses to that instrument count. Change between two timepoints is computed only when both use
the same instrument (same name and version); otherwise the report says so and gives the
timepoints separately.

Small numbers (DESIGN.md "Privacy and safety rules"; the rule itself, its threshold and how a
hidden figure reads, is core/small_numbers.py, MIN_GROUP = 5):

1. A group of 1 to 4 people (the people scored at a timepoint, the pairs of a comparison, a role
   or cohort in a breakdown, the people with every item answered for alpha) is `suppressed`: the
   report carries no numbers for it at all, not even its n or mean.
2. Counts inside a shown group (reliable change: improved / deteriorated / unchanged) are parts
   of the shown n (core.small_numbers.shown_parts): 1 to 4 reads "fewer than 5", and while the
   hidden ones add up to 1 to 4 the smallest other non-zero count is "withheld" too.
3. Breakdowns (role, cohort) pool every group of 1 to 4 people into one combined row; if the pool
   itself still has 1 to 4 people, the smallest shown group joins it (core.small_numbers.pool).
   So no group can be worked out by subtracting the shown rows from the total.
4. Differencing: two shown figures about the same score (same timepoint, same scale) whose groups
   are nested and differ by 1 to 4 people would give those few people's mean away by
   subtraction (for example, the baseline mean of everyone and of everyone who also answered
   afterwards). Figures are admitted in a fixed order of importance — baseline → post change,
   then each timepoint, then retention, then the breakdowns — and one that would differ from an
   admitted one by 1 to 4 people is withheld (`reason` says why). A breakdown with any such row
   is withheld as a whole.
5. A cohort's view is checked against what the same person can see for all their cohorts on the
   course: its figures are withheld where they would differ from the course's by 1 to 4 people
   (rule 4), and each figure is withheld in the cohorts `core.small_numbers.pool` takes out for
   it (the people it covers split by cohort: cohorts of 1 to 4, and the smallest others until
   those left over number 0 or at least 5), so that the course's figure minus the figures of
   several cohorts never leaves 1 to 4 people over either.
6. The histogram of individual change has bins of 0 or at least 5 people: neighbouring bins on
   the same side of "no change" are merged until they are, never across it (dashboard_histogram).
7. Cronbach's alpha gives its n (people who answered every item): it is withheld when that n
   differs by 1 to 4 from the people scored on the scale (which would tell the few who left an
   item out), or from the alpha n of another shown view of the same score.
8. A cohort's reliable-change counts and histogram are counts within bins that differ from the
   course view's; they are shown only when the cohort's group is the course view's group (no one
   else answered), and are otherwise withheld with a pointer to the course view.

9. One figure, one decision: the mean score at a timepoint appears in the timepoint table, in
   the chart of means and, for the people who answered both times, as the before and after
   means of a change. Where the timepoint's mean is withheld, the change's before and after
   means (and its breakdowns') are withheld too, with the same reason, so no mean reads
   "not shown" in one place and shows in another.

Known limits: the dashboard is live, so comparing it before and after one more person answers
reveals that person's contribution (as any live report does). Sums that mix different figures
(different groups of people) across several cohort views are checked only pairwise (rule 4).
"""

import math
from dataclasses import dataclass, field, replace
from functools import reduce
from itertools import chain
from operator import or_

import numpy as np
from django.db.models import FloatField, Q
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from scipy import stats

from assessments.questionnaire_models import (
    Instrument,
    ItemAnswer,
    QuestionnaireResponse,
    Timepoint,
)
from assessments.scoring import InstrumentSpec, item_score
from core.models import User
from core.small_numbers import (
    MIN_GROUP,
    NestedGroups,
    is_small,
    pool,
    shown,
    shown_parts,
    withheld,
)

from .analysis import cronbach_alpha, paired_change
from .histogram import Bin, change_histogram
from .summary import SHORT_LABELS, summarise

TIMEPOINTS = (Timepoint.PRE, Timepoint.POST, Timepoint.FOLLOW_UP)
COURSE_FIELDS = {
    Timepoint.PRE: "baseline_questionnaire_id",
    Timepoint.POST: "post_questionnaire_id",
    Timepoint.FOLLOW_UP: "follow_up_questionnaire_id",
}
MAIN_CHANGE = (Timepoint.PRE, Timepoint.POST)
RETENTION = ((Timepoint.PRE, Timepoint.FOLLOW_UP), (Timepoint.POST, Timepoint.FOLLOW_UP))
TOTAL = ""  # the key of the total score among the scales
CHUNK = 20_000

TOO_FEW = _("Fewer than %(number)s people: not shown, to protect their privacy.")
WOULD_REVEAL = _(
    "Not shown: together with other figures on this page it would reveal the scores of fewer "
    "than %(number)s people."
)
NO_SIDES_CHART = _(
    "Not shown: fewer than %(number)s people changed in one direction, and a chart would either "
    "give them away or mix people whose scores rose with people whose scores fell."
)
ONE_COHORT_CHART = _(
    "Not shown for one cohort: beside the chart for all your cohorts, its bars could give away "
    "a group of fewer than %(number)s people in your other cohorts. Choose all your cohorts to "
    "see it."
)
NO_ROLE = _("Role not given")
NO_COHORT = _("No cohort")


def too_few():
    return TOO_FEW % {"number": MIN_GROUP}


def would_reveal():
    return WOULD_REVEAL % {"number": MIN_GROUP}


@dataclass(frozen=True)
class Scale:
    key: str  # TOTAL ("") or a subscale key
    name: str
    low: float  # the lowest and highest possible score, for chart axes
    high: float

    @property
    def is_total(self):
        return self.key == TOTAL


@dataclass(frozen=True)
class ScoreSummary:
    """One scale at one timepoint. `suppressed`: no numbers at all (see `reason`)."""

    scale: Scale
    suppressed: bool = False
    reason: str = ""
    n: int | None = None
    mean: float | None = None
    sd: float | None = None
    ci95: tuple[float, float] | None = None
    alpha: object = None  # analysis.CronbachAlpha, or None when withheld
    alpha_reason: str = ""


@dataclass(frozen=True)
class TimepointReport:
    timepoint: str
    label: str
    instrument: Instrument
    respondents: object  # a count as core.small_numbers.shown shows it
    suppressed: bool
    scales: list[ScoreSummary]


@dataclass(frozen=True)
class GroupChange:
    label: str
    result: object = None  # analysis.PairedChange without the reliable-change counts


@dataclass(frozen=True)
class Breakdown:
    suppressed: bool
    reason: str = ""
    groups: list[GroupChange] = field(default_factory=list)
    means_reason: str = ""  # why the groups' before and after means are not shown


@dataclass(frozen=True)
class ScaleChange:
    """Change on one scale between two timepoints. `result` is analysis.PairedChange with its
    reliable-change counts removed; `reliable` holds them as they may be shown."""

    scale: Scale
    suppressed: bool = False
    reason: str = ""
    result: object = None
    reliable: dict | None = None  # improved / deteriorated / unchanged, suppressed
    histogram: list[Bin] | None = None
    histogram_reason: str = ""  # why there is no histogram, when the change is shown
    by_role: Breakdown | None = None
    by_cohort: Breakdown | None = None
    means_reason: str = ""  # why the before and after means are not shown (rule 9)

    @property
    def empty(self):
        return not self.suppressed and self.result is None


@dataclass(frozen=True)
class ChangeReport:
    start: str
    end: str
    label: str
    instrument: Instrument
    higher_is_better: bool
    scales: list[ScaleChange]

    @property
    def start_label(self):
        return SHORT_LABELS[self.start]

    @property
    def end_label(self):
        return SHORT_LABELS[self.end]

    @property
    def summaries(self):
        """A plain-language summary per scale (dashboard_summary), from the shown figures."""
        return [summarise(s, higher_is_better=self.higher_is_better) for s in self.scales]


@dataclass(frozen=True)
class CourseStatistics:
    course: object
    cohort: object
    timepoints: list[TimepointReport]
    change: ChangeReport | None  # baseline → post
    retention: list[ChangeReport]  # baseline → follow-up, post → follow-up
    notes: list[str]
    min_group: int = MIN_GROUP

    @property
    def has_questionnaires(self):
        return bool(self.timepoints)


# --- loading, in a fixed number of queries ---------------------------------------------------


@dataclass
class _TimepointData:
    instrument: Instrument
    spec: InstrumentSpec
    scales: list[Scale]
    values: dict  # scale key -> float array over all people (NaN: no score)
    rows: np.ndarray  # person index of each row of `items`
    items: np.ndarray  # people who answered x items, scored (reverse items reversed), NaN
    columns: dict  # scale key -> item column indices
    respondents: np.ndarray  # bool over all people: submitted at this timepoint


@dataclass
class _Data:
    people: int
    roles: np.ndarray  # role code per person ("" for none)
    cohorts: np.ndarray  # cohort id per person (-1 for none)
    timepoints: dict  # timepoint -> _TimepointData
    cohort_names: dict = field(default_factory=dict)


def _instruments(course):
    ids = {tp: getattr(course, COURSE_FIELDS[tp]) for tp in TIMEPOINTS}
    found = Instrument.objects.filter(pk__in={pk for pk in ids.values() if pk}).prefetch_related(
        "scale_points", "items", "subscales"
    )
    by_pk = {instrument.pk: instrument for instrument in found}
    return {tp: by_pk[pk] for tp, pk in ids.items() if pk in by_pk}


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


def _load(course, enrolments, instruments, with_cohort_names):
    specs = {tp: InstrumentSpec.from_instrument(inst) for tp, inst in instruments.items()}
    subscale_keys = list(dict.fromkeys(chain.from_iterable(s.subscales for s in specs.values())))
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
    codes = {tp: code for code, tp in enumerate(TIMEPOINTS)}
    response_tp = np.fromiter((codes[row[2]] for row in rows), dtype=np.int8, count=len(rows))
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
    del rows

    # Item answers: one query, straight into an int array (response, item, value).
    answers = ItemAnswer.objects.filter(
        _response_filter("response__", course, enrolments, instruments)
    ).values_list("response_id", "item_id", "value")
    flat = np.fromiter(
        chain.from_iterable(answers.iterator(chunk_size=CHUNK)), dtype=np.int64
    ).reshape(-1, 3)
    position = np.searchsorted(response_ids, flat[:, 0]).clip(0, max(len(response_ids) - 1, 0))
    known = response_ids[position] == flat[:, 0] if len(response_ids) else np.zeros(0, dtype=bool)
    flat, position = flat[known], position[known]

    timepoints = {}
    for tp, instrument in instruments.items():
        spec = specs[tp]
        code = codes[tp]
        mine = response_tp == code
        values = {}
        for column, key in enumerate([TOTAL, *subscale_keys]):
            if key == TOTAL or key in spec.subscales:
                full = np.full(people, np.nan)
                full[person[mine]] = scores[mine, column]
                values[key] = full
        respondents = np.zeros(people, dtype=bool)
        respondents[person[mine]] = True
        # Item scores: one row per response at this timepoint, one column per item.
        row_of_response = np.full(len(response_ids), -1, dtype=np.int64)
        row_of_response[mine] = np.arange(int(mine.sum()))
        items = _item_matrix(instrument, spec, flat, position, row_of_response, int(mine.sum()))
        columns = {TOTAL: np.arange(len(spec.items))}
        for key in spec.subscales:
            columns[key] = np.array(
                [i for i, item in enumerate(spec.items) if item.subscale == key], dtype=np.int64
            )
        timepoints[tp] = _TimepointData(
            instrument=instrument,
            spec=spec,
            scales=_scales(instrument, spec),
            values=values,
            rows=person[mine],
            items=items,
            columns=columns,
            respondents=respondents,
        )
    cohort_names = {}
    if with_cohort_names and (cohorts >= 0).any():
        from courses.models import Cohort

        cohort_names = dict(
            Cohort.objects.filter(pk__in=np.unique(cohorts[cohorts >= 0]).tolist()).values_list(
                "pk", "name"
            )
        )
    return _Data(
        people=people,
        roles=roles,
        cohorts=cohorts,
        timepoints=timepoints,
        cohort_names=cohort_names,
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


# --- what may be shown -----------------------------------------------------------------------


def shown_counts(counts):
    """Counts of people that add up to a shown total, as they may be shown beside it."""
    return shown_parts(counts)


def _without_counts(result):
    return replace(result, improved=None, deteriorated=None, unchanged=None)


def _mean_ci(values):
    n = values.size
    mean = float(values.mean())
    sd = float(values.std(ddof=1)) if n > 1 else 0.0
    half = float(stats.t.ppf(0.975, n - 1)) * sd / math.sqrt(n) if n > 1 else 0.0
    return mean, sd, (mean - half, mean + half)


class _Builder:
    def __init__(self, data, focus, guard, cohort=None):
        self.data, self.focus, self.guard, self.cohort = data, focus, guard, cohort

    def has(self, tp, key):
        return self.focus & ~np.isnan(self.data.timepoints[tp].values[key])

    def everyone_with(self, tp, key):
        return ~np.isnan(self.data.timepoints[tp].values[key])

    def pooled(self, everyone):
        """Rule 5: in one cohort's view, whether its share of a figure the all-cohorts view
        shows over `everyone` (a mask) is withheld, because the figures of the person's other
        cohorts beside it would leave 1 to 4 people over (core.small_numbers.pool)."""
        if self.cohort is None:
            return False
        ids, counts = np.unique(self.data.cohorts[everyone], return_counts=True)
        sizes = {int(pk): int(n) for pk, n in zip(ids, counts, strict=True) if pk >= 0}
        return self.cohort.pk in pool(sizes, remainder=int(counts[ids < 0].sum()))

    def same_as_everyone(self, mask, everyone):
        """Whether a cohort's group is the all-cohorts view's group (no one else in it)."""
        return self.cohort is None or bool((mask == everyone).all())

    def paired(self, start, end, scale):
        a, b = self.data.timepoints[start], self.data.timepoints[end]
        mask = self.has(start, scale.key) & self.has(end, scale.key)
        if not mask.any():
            return ScaleChange(scale), mask
        variables = [(start, scale.key), (end, scale.key)]
        everyone = self.everyone_with(start, scale.key) & self.everyone_with(end, scale.key)
        if self.pooled(everyone) or not self.guard.allows(mask, variables):
            reason = too_few() if mask.sum() < MIN_GROUP else would_reveal()
            return ScaleChange(scale, suppressed=True, reason=reason), None
        self.guard.show(mask, variables)
        result = self.change(start, end, scale.key, mask)
        alone = self.same_as_everyone(mask, everyone)
        reliable = None
        if result.improved is not None:
            counts = {
                "improved": result.improved,
                "deteriorated": result.deteriorated,
                "unchanged": result.unchanged,
            }
            # Rule 8: counts and bins of one cohort beside the all-cohorts view's.
            reliable = shown_counts(counts) if alone else dict.fromkeys(counts, withheld())
        histogram, histogram_reason = None, ""
        if alone:
            histogram = change_histogram(b.values[scale.key][mask] - a.values[scale.key][mask])
            if histogram is None:
                histogram_reason = NO_SIDES_CHART % {"number": MIN_GROUP}
        else:
            histogram_reason = ONE_COHORT_CHART % {"number": MIN_GROUP}
        return (
            ScaleChange(
                scale,
                result=_without_counts(result),
                reliable=reliable,
                histogram=histogram,
                histogram_reason=histogram_reason,
            ),
            mask,
        )

    def change(self, start, end, key, mask):
        instrument = self.data.timepoints[start].instrument
        return paired_change(
            self.data.timepoints[start].values[key][mask],
            self.data.timepoints[end].values[key][mask],
            reliability=instrument.reliability,
            higher_is_better=instrument.higher_is_better,
        )

    def summary(self, tp, scale):
        data = self.data.timepoints[tp]
        mask = self.has(tp, scale.key)
        if not mask.any():
            return ScoreSummary(scale)
        variables = [(tp, scale.key)]
        pooled = self.pooled(self.everyone_with(tp, scale.key))
        if pooled or not self.guard.allows(mask, variables):
            reason = too_few() if mask.sum() < MIN_GROUP else would_reveal()
            return ScoreSummary(scale, suppressed=True, reason=reason)
        self.guard.show(mask, variables)
        values = data.values[scale.key][mask]
        mean, sd, ci = _mean_ci(values)
        in_focus = self.focus[data.rows]
        matrix = data.items[in_focus][:, data.columns[scale.key]]
        alpha, alpha_reason = cronbach_alpha(matrix), ""
        # Alpha's people (every item answered) beside the scale's (scored): rule 7.
        answered = ~np.isnan(data.items[:, data.columns[scale.key]]).any(axis=1)
        complete = np.zeros(self.focus.size, dtype=bool)
        complete[data.rows[answered]] = True
        complete_everyone, complete = complete, complete & self.focus
        alpha_variables = [(tp, scale.key, "every item answered")]
        if alpha.n < MIN_GROUP:
            alpha, alpha_reason = None, too_few()
        elif (
            is_small(values.size - alpha.n)
            or self.pooled(complete_everyone)
            or not self.guard.allows(complete, alpha_variables)
        ):
            alpha, alpha_reason = None, would_reveal()
        else:
            self.guard.show(complete, alpha_variables)
        return ScoreSummary(
            scale, n=values.size, mean=mean, sd=sd, ci95=ci, alpha=alpha, alpha_reason=alpha_reason
        )

    def breakdown(self, parent, keys, label_of, scale, pooled_label):
        """Baseline → post change per group of `keys` among `parent` (rule 3 and 4)."""
        groups = []
        for key in sorted(set(keys[parent].tolist()), key=lambda k: str(label_of(k))):
            mask = parent & (keys == key)
            groups.append((label_of(key), mask, int(mask.sum())))
        pooled = pool({index: group[2] for index, group in enumerate(groups)})
        rows = [
            (label, mask) for index, (label, mask, _n) in enumerate(groups) if index not in pooled
        ]
        if pooled:
            combined = [groups[index] for index in sorted(pooled)]
            names = ", ".join(sorted(str(g[0]) for g in combined))
            rows.append(
                (pooled_label % {"names": names}, reduce(np.logical_or, [g[1] for g in combined]))
            )
        if len(rows) < 2:
            return Breakdown(
                suppressed=True,
                reason=_(
                    "Not shown: splitting these people into groups would leave groups of fewer "
                    "than %(number)s."
                )
                % {"number": MIN_GROUP},
            )
        variables = [(MAIN_CHANGE[0], scale.key), (MAIN_CHANGE[1], scale.key)]
        if self.cohort is not None:
            everyone = self.everyone_with(MAIN_CHANGE[0], scale.key) & self.everyone_with(
                MAIN_CHANGE[1], scale.key
            )
            for _label, mask in rows:
                found = np.isin(keys, np.unique(keys[mask]))
                if self.pooled(everyone & found):
                    return Breakdown(suppressed=True, reason=would_reveal())
        if not all(self.guard.allows(mask, variables) for _label, mask in rows):
            return Breakdown(suppressed=True, reason=would_reveal())
        for _label, mask in rows:
            self.guard.show(mask, variables)
        return Breakdown(
            suppressed=False,
            groups=[
                GroupChange(
                    label=label,
                    result=_without_counts(self.change(*MAIN_CHANGE, scale.key, mask)),
                )
                for label, mask in rows
            ],
        )


def _role_label(code):
    if not code:
        return NO_ROLE
    try:
        return User.Role(code).label
    except ValueError:
        return code


MEANS_FIELDS = ("mean_pre", "sd_pre", "mean_post", "sd_post")


def _without_means(result):
    return replace(result, **dict.fromkeys(MEANS_FIELDS))


def _same_means(report, summaries):
    """Rule 9: a change row's before and after means are the mean scores at its two timepoints
    (of the people who answered both), so where the page withholds the mean at either
    timepoint it withholds both of the row's means and its breakdowns' means too, with the same
    reason (either mean with the mean change would give the other)."""
    scales = []
    for row in report.scales:
        hidden = [
            summaries[(tp, row.scale.key)]
            for tp in (report.start, report.end)
            if (tp, row.scale.key) in summaries and summaries[(tp, row.scale.key)].suppressed
        ]
        if row.result is None or not hidden:
            scales.append(row)
            continue
        reason = hidden[0].reason
        breakdowns = {}
        for name in ("by_role", "by_cohort"):
            breakdown = getattr(row, name)
            if breakdown is not None and not breakdown.suppressed:
                breakdowns[name] = replace(
                    breakdown,
                    means_reason=reason,
                    groups=[replace(g, result=_without_means(g.result)) for g in breakdown.groups],
                )
        scales.append(
            replace(row, result=_without_means(row.result), means_reason=reason, **breakdowns)
        )
    return replace(report, scales=scales)


def _build(data, focus, guard, with_cohorts, course, cohort):
    builder = _Builder(data, focus, guard, cohort)
    tps = data.timepoints
    notes = []

    def same(start, end):
        return start in tps and end in tps and tps[start].instrument.pk == tps[end].instrument.pk

    def comparison(start, end):
        instrument = tps[start].instrument
        label = _("%(start)s → %(end)s") % {
            "start": Timepoint(start).label,
            "end": Timepoint(end).label,
        }
        return label, instrument

    change = None
    masks = {}
    if same(*MAIN_CHANGE):
        scales = []
        for scale in tps[MAIN_CHANGE[0]].scales:
            report, mask = builder.paired(*MAIN_CHANGE, scale)
            masks[scale.key] = mask
            scales.append(report)
        label, instrument = comparison(*MAIN_CHANGE)
        change = ChangeReport(*MAIN_CHANGE, label, instrument, instrument.higher_is_better, scales)
    elif MAIN_CHANGE[0] in tps and MAIN_CHANGE[1] in tps:
        notes.append(
            _(
                "The baseline and post questionnaires are different, so change is not computed: "
                "scores are shown for each timepoint only."
            )
        )

    timepoints = []
    for tp in TIMEPOINTS:
        if tp not in tps:
            continue
        count = int((tps[tp].respondents & focus).sum())
        small = is_small(count)
        summaries = [
            ScoreSummary(scale, suppressed=True, reason=too_few())
            if small
            else builder.summary(tp, scale)
            for scale in tps[tp].scales
        ]
        timepoints.append(
            TimepointReport(
                tp, Timepoint(tp).label, tps[tp].instrument, shown(count), small, summaries
            )
        )

    retention = []
    for start, end in RETENTION:
        if same(start, end):
            label, instrument = comparison(start, end)
            scales = [builder.paired(start, end, scale)[0] for scale in tps[start].scales]
            retention.append(
                ChangeReport(start, end, label, instrument, instrument.higher_is_better, scales)
            )
        elif start in tps and end in tps:
            notes.append(
                _(
                    "The follow-up questionnaire differs from the %(timepoint)s one, so that "
                    "change is not computed."
                )
                % {"timepoint": Timepoint(start).label.lower()}
            )

    if change is not None:
        scales = []
        for scale_change in change.scales:
            mask = masks.get(scale_change.scale.key)
            if scale_change.result is None or mask is None:
                scales.append(scale_change)
                continue
            by_role = builder.breakdown(
                mask,
                data.roles,
                _role_label,
                scale_change.scale,
                _("Other roles, combined: %(names)s"),
            )
            by_cohort = None
            if with_cohorts:
                by_cohort = builder.breakdown(
                    mask,
                    data.cohorts,
                    lambda pk: data.cohort_names.get(pk, NO_COHORT) if pk >= 0 else NO_COHORT,
                    scale_change.scale,
                    _("Other cohorts, combined: %(names)s"),
                )
            scales.append(replace(scale_change, by_role=by_role, by_cohort=by_cohort))
        change = replace(change, scales=scales)
    summaries = {(tp.timepoint, s.scale.key): s for tp in timepoints for s in tp.scales}
    if change is not None:
        change = _same_means(change, summaries)
    retention = [_same_means(report, summaries) for report in retention]
    return CourseStatistics(
        course=course,
        cohort=cohort,
        timepoints=timepoints,
        change=change,
        retention=retention,
        notes=notes,
    )


def course_statistics(course, *, enrolments=None, cohort=None):
    """The attitude-change report of `course`. `enrolments`: a queryset of Enrolment to limit it
    to (an educator's cohorts); None for everyone on the course. `cohort`: one cohort within
    that scope, checked against the whole scope (rule 5 of the module docstring)."""
    instruments = _instruments(course)
    if not instruments:
        return CourseStatistics(course, cohort, [], None, [], [])
    data = _load(course, enrolments, instruments, with_cohort_names=cohort is None)
    everyone = np.ones(data.people, dtype=bool)
    guard = NestedGroups()
    if cohort is None:
        return _build(data, everyone, guard, True, course, None)
    _build(data, everyone, guard, True, course, None)  # what the same person sees for all
    return _build(data, data.cohorts == cohort.pk, guard, False, course, cohort)


def dashboard_statistics_for_benchmark(course):
    """Everything the course dashboard computes for everyone on `course` (the benchmark's
    entry point): the same call the superuser's course view makes."""
    return course_statistics(course)
