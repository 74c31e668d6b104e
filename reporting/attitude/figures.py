"""The figures of the attitude-change report and whether each may be shown (the small-number
rules 1 to 8 in the docstring of reporting/attitude/report.py, which builds the report from them).
"""

import math
from dataclasses import replace
from functools import reduce

import numpy as np
from django.utils.translation import gettext_lazy as _

from core.lazy_modules import lazy
from core.small_numbers import MIN_GROUP, is_small, pool, shown_parts, withheld

from .analysis import cronbach_alpha, paired_change
from .histogram import change_histogram
from .results import MAIN_CHANGE, Breakdown, GroupChange, ScaleChange, ScoreSummary

# scipy's statistics load on the first report, not in every web worker (core/lazy_modules.py).
stats = lazy("scipy.stats")

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


def too_few():
    return TOO_FEW % {"number": MIN_GROUP}


def would_reveal():
    return WOULD_REVEAL % {"number": MIN_GROUP}


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


class FigureBuilder:
    """The figures of one view (the people in `focus`), each shown only when `guard` admits it
    (rules 1 to 8 of reporting/attitude/report.py)."""

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
