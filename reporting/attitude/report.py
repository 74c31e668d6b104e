"""Attitude change on a course, for its educators: plain functions over the submitted
questionnaire responses, with every small group suppressed.

`course_statistics(course, enrolments=None, cohort=None)` returns a `CourseStatistics`: per
timepoint (baseline, post, follow-up) n, mean, SD, the 95% CI of the mean and Cronbach's alpha;
paired change baseline → post (and, for retention, baseline → follow-up and post → follow-up)
from `analysis.paired_change`; the distribution of individual change; the baseline → post change
by learner role and by cohort. All of it for the total score and for each subscale.

Phases: `loading` reads the data in a fixed number of queries whatever the number of learners,
into numpy arrays (nothing runs per learner); `figures` works out each figure and whether the
rules below let it be shown; this module puts them together in the order of rule 4; `results`
holds the dataclasses the report is made of.

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
   the same side of "no change" are merged until they are, never across it (histogram.py).
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

from dataclasses import replace

import numpy as np
from django.utils.translation import gettext_lazy as _

from assessments.questionnaires.models import Timepoint
from core.models import User
from core.small_numbers import NestedGroups, is_small, shown

from .figures import FigureBuilder, too_few
from .loading import TIMEPOINT_ORDER, course_instruments, load
from .results import (
    MAIN_CHANGE,
    RETENTION,
    ChangeReport,
    CourseStatistics,
    ScoreSummary,
    TimepointReport,
)

NO_ROLE = _("Role not given")
NO_COHORT = _("No cohort")


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


def _same_instrument(tps, start, end):
    return start in tps and end in tps and tps[start].instrument.pk == tps[end].instrument.pk


def _change_report(builder, start, end):
    """The change from `start` to `end` on each scale of their instrument, and the people each
    scale's change covers ({scale key: mask}; None where it is suppressed)."""
    tps = builder.data.timepoints
    scales, masks = [], {}
    for scale in tps[start].scales:
        report, mask = builder.paired(start, end, scale)
        masks[scale.key] = mask
        scales.append(report)
    instrument = tps[start].instrument
    label = _("%(start)s → %(end)s") % {
        "start": Timepoint(start).label,
        "end": Timepoint(end).label,
    }
    report = ChangeReport(start, end, label, instrument, instrument.higher_is_better, scales)
    return report, masks


def _main_change(builder, notes):
    """Baseline → post, when both use the same instrument (otherwise a note says why not)."""
    tps = builder.data.timepoints
    if _same_instrument(tps, *MAIN_CHANGE):
        return _change_report(builder, *MAIN_CHANGE)
    if MAIN_CHANGE[0] in tps and MAIN_CHANGE[1] in tps:
        notes.append(
            _(
                "The baseline and post questionnaires are different, so change is not computed: "
                "scores are shown for each timepoint only."
            )
        )
    return None, {}


def _timepoint_reports(builder):
    """Each timepoint's scores, every scale suppressed when fewer than 5 people answered."""
    tps = builder.data.timepoints
    timepoints = []
    for tp in TIMEPOINT_ORDER:
        if tp not in tps:
            continue
        count = int((tps[tp].respondents & builder.focus).sum())
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
    return timepoints


def _retention(builder, notes):
    """Baseline → follow-up and post → follow-up, each where both use the same instrument."""
    tps = builder.data.timepoints
    retention = []
    for start, end in RETENTION:
        if _same_instrument(tps, start, end):
            retention.append(_change_report(builder, start, end)[0])
        elif start in tps and end in tps:
            notes.append(
                _(
                    "The follow-up questionnaire differs from the %(timepoint)s one, so that "
                    "change is not computed."
                )
                % {"timepoint": Timepoint(start).label.lower()}
            )
    return retention


def _with_breakdowns(builder, change, masks, with_cohorts):
    """The baseline → post change of each shown scale by role and, in the view of all the
    person's cohorts, by cohort."""
    data = builder.data
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
    return replace(change, scales=scales)


def _build(data, focus, guard, with_cohorts, course, cohort):
    """The report of the people in `focus` (a mask over `data`'s people). `guard` admits the
    figures in the order of importance of rule 4, so the phases run in that order."""
    builder = FigureBuilder(data, focus, guard, cohort)
    notes = []
    change, masks = _main_change(builder, notes)
    timepoints = _timepoint_reports(builder)
    retention = _retention(builder, notes)
    if change is not None:
        change = _with_breakdowns(builder, change, masks, with_cohorts)
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
    instruments = course_instruments(course)
    if not instruments:
        return CourseStatistics(course, cohort, [], None, [], [])
    data = load(course, enrolments, instruments, with_cohort_names=cohort is None)
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
