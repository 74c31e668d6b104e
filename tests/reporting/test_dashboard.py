"""course_statistics: the figures agree with analysis.paired_change and cronbach_alpha on the
same people, every group of fewer than 5 is suppressed (and cannot be worked out from what is
shown), and the number of queries does not grow with the number of learners."""

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.questionnaires.models import Timepoint
from assessments.questionnaires.per_course import questionnaires_for
from assessments.questionnaires.scoring import item_score
from courses.models import Enrolment
from reporting.attitude.analysis import cronbach_alpha, paired_change
from reporting.attitude.figures import shown_counts
from reporting.attitude.histogram import change_histogram
from reporting.attitude.report import course_statistics
from reporting.attitude.results import TOTAL
from tests.assessments.factories_questionnaires import make_instrument, set_questionnaires
from tests.factories import CohortFactory

from .factories_dashboard import learner, respond

PRE, POST, FOLLOW_UP = Timepoint.PRE, Timepoint.POST, Timepoint.FOLLOW_UP
FEWER = "fewer than 5"


@pytest.fixture
def instrument(db):
    instrument = make_instrument()
    instrument.reliability = "0.800"
    instrument.save()
    return instrument


@pytest.fixture
def questionnaires(course, instrument):
    return set_questionnaires(course, baseline=instrument, post=instrument)


def answers(rng, shift=0):
    """Four answers on the 1-5 scale; `shift` moves the two positive items up and the two
    reverse-scored ones down (an improvement)."""
    base = rng.integers(1, 6, size=4)
    moved = base + np.array([shift, -shift, shift, -shift])
    return [int(v) for v in np.clip(moved, 1, 5)]


def people(course, n, *, cohort=None, role="", post=True, seed=0, shift=1):
    rng = np.random.default_rng(seed)
    made = []
    for _ in range(n):
        enrolment = learner(course, cohort, role)
        made.append(enrolment)
        asked = questionnaires_for(course)
        respond(enrolment, asked.baseline_questionnaire, PRE, answers(rng))
        if post:
            respond(enrolment, asked.post_questionnaire, POST, answers(rng, shift))
    return made


def scores(enrolments, timepoint, key=TOTAL):
    values = []
    for enrolment in enrolments:
        stored = enrolment.questionnaire_responses.get(timepoint=timepoint).scores
        values.append(stored["total"] if key == TOTAL else stored["subscales"][key])
    return values


def scale(report_rows, key):
    return next(row for row in report_rows if row.scale.key == key)


def summary(report, timepoint, key=TOTAL):
    tp = next(tp for tp in report.timepoints if tp.timepoint == timepoint)
    return scale(tp.scales, key)


# --- the figures --------------------------------------------------------------------------


def test_change_agrees_with_paired_change_for_the_total_and_each_subscale(
    course, questionnaires, instrument
):
    enrolments = people(course, 12, seed=3)

    report = course_statistics(course)

    for key in (TOTAL, "hope", "ease"):
        expected = paired_change(
            scores(enrolments, PRE, key),
            scores(enrolments, POST, key),
            reliability=0.8,
            higher_is_better=True,
        )
        row = scale(report.change.scales, key)
        assert not row.suppressed
        got = row.result
        assert got.n == expected.n == 12
        for name in (
            "mean_pre",
            "sd_pre",
            "mean_post",
            "sd_post",
            "mean_change",
            "sd_change",
            "t",
            "p_t",
            "d_z",
            "d_av",
            "g_z",
            "p_wilcoxon",
            "r_prepost",
        ):
            assert getattr(got, name) == pytest.approx(getattr(expected, name), abs=1e-12), name
        assert got.ci95_change == pytest.approx(expected.ci95_change, abs=1e-12)
        # The raw reliable-change counts are never in the report; the shown ones are.
        assert got.improved is None and got.deteriorated is None and got.unchanged is None
        assert row.reliable == shown_counts(
            {
                "improved": expected.improved,
                "deteriorated": expected.deteriorated,
                "unchanged": expected.unchanged,
            }
        )


def test_each_timepoint_has_its_mean_sd_and_alpha_over_item_scores(
    course, questionnaires, instrument
):
    enrolments = people(course, 9, seed=5)
    people(course, 6, post=False, seed=6)  # baseline only: 15 at baseline, 9 paired
    everyone = Enrolment.objects.filter(course=course).order_by("pk")

    report = course_statistics(course)

    pre = summary(report, PRE)
    values = np.array(scores(everyone, PRE))
    assert pre.n == 15
    assert pre.mean == pytest.approx(values.mean())
    assert pre.sd == pytest.approx(values.std(ddof=1))
    items = list(instrument.items.order_by("sort_order"))
    matrix = [
        [
            item_score(
                enrolment.questionnaire_responses.get(timepoint=PRE).answers.get(item=item).value,
                item.reverse_scored,
                1,
                5,
            )
            for item in items
        ]
        for enrolment in everyone
    ]
    expected = cronbach_alpha(matrix)
    assert pre.alpha.alpha == pytest.approx(expected.alpha)
    assert pre.alpha.ci95 == pytest.approx(expected.ci95)
    hope = summary(report, PRE, "hope")
    assert hope.alpha.alpha == pytest.approx(cronbach_alpha([row[:2] for row in matrix]).alpha)
    assert summary(report, POST).n == 9
    assert summary(report, POST).mean == pytest.approx(np.mean(scores(enrolments, POST)))


def test_different_baseline_and_post_questionnaires_give_timepoints_but_no_change(
    course, instrument
):
    other = make_instrument(name="Another questionnaire")
    set_questionnaires(course, baseline=instrument, post=other)
    for enrolment in people(course, 6, post=False):
        respond(enrolment, other, POST, [4, 2, 4, 2])

    report = course_statistics(course)

    assert report.change is None
    assert any("change is not computed" in str(note) for note in report.notes)
    assert summary(report, PRE).n == 6
    assert summary(report, POST).n == 6


def test_a_course_without_questionnaires_has_an_empty_report(course):
    report = course_statistics(course)
    assert not report.has_questionnaires
    assert report.change is None


# --- small numbers --------------------------------------------------------------------------


def test_a_timepoint_of_4_people_is_suppressed_and_of_5_shown(course, questionnaires):
    people(course, 4, post=False)

    report = course_statistics(course)

    tp = report.timepoints[0]
    assert tp.suppressed and tp.respondents == FEWER
    for row in tp.scales:
        assert row.suppressed and row.n is None and row.mean is None and row.alpha is None

    people(course, 1, post=False, seed=9)
    report = course_statistics(course)
    assert report.timepoints[0].respondents == 5
    assert summary(report, PRE).n == 5 and summary(report, PRE).mean is not None


def test_a_change_of_4_pairs_is_suppressed_and_of_5_shown(course, questionnaires):
    people(course, 4)
    people(course, 6, post=False, seed=1)

    report = course_statistics(course)

    row = scale(report.change.scales, TOTAL)
    assert row.suppressed and row.result is None and row.histogram is None
    assert "Fewer than 5" in row.reason
    assert summary(report, POST).suppressed  # 4 people after

    people(course, 1, seed=2)
    report = course_statistics(course)
    row = scale(report.change.scales, TOTAL)
    assert not row.suppressed and row.result.n == 5
    assert summary(report, PRE).n == 11 and summary(report, POST).n == 5


def test_a_timepoint_that_would_reveal_fewer_than_5_by_subtraction_is_withheld(
    course, questionnaires
):
    """Baseline of 6 and baseline → post of 5 would give away one person's baseline score."""
    people(course, 5)
    people(course, 1, post=False, seed=4)

    report = course_statistics(course)

    assert scale(report.change.scales, TOTAL).result.n == 5
    pre = summary(report, PRE)
    assert pre.suppressed and pre.mean is None
    assert "would reveal" in pre.reason
    assert summary(report, POST).n == 5  # the same 5 people: nothing to subtract


def test_role_groups_of_4_are_suppressed_and_of_5_shown(course, questionnaires):
    people(course, 5, role="care_assistant", seed=1)
    people(course, 4, role="nursing_trainee", seed=2)

    report = course_statistics(course)

    by_role = scale(report.change.scales, TOTAL).by_role
    # 4 nursing trainees cannot be shown, and 5 care assistants beside the total of 9 would
    # give them away: no breakdown at all.
    assert by_role.suppressed and by_role.groups == []

    people(course, 1, role="nursing_trainee", seed=3)
    report = course_statistics(course)
    by_role = scale(report.change.scales, TOTAL).by_role
    assert not by_role.suppressed
    assert [(str(g.label), g.result.n) for g in by_role.groups] == [
        ("Care assistant", 5),
        ("Nursing trainee", 5),
    ]


def test_a_small_role_is_pooled_so_it_cannot_be_worked_out(course, questionnaires):
    people(course, 6, role="care_assistant", seed=1)
    people(course, 5, role="nursing_trainee", seed=2)
    people(course, 3, role="other_staff", seed=3)

    report = course_statistics(course)

    groups = scale(report.change.scales, TOTAL).by_role.groups
    ns = [g.result.n for g in groups]
    assert all(n >= 5 for n in ns) and sum(ns) == 14
    assert [str(g.label) for g in groups] == [
        "Care assistant",
        "Other roles, combined: Nursing trainee, Other staff",
    ]


def test_reliable_change_counts_hide_a_lone_small_count_and_its_complement():
    assert shown_counts({"improved": 3, "deteriorated": 0, "unchanged": 17}) == {
        "improved": FEWER,
        "deteriorated": 0,
        "unchanged": "withheld",
    }
    assert shown_counts({"improved": 5, "deteriorated": 0, "unchanged": 17}) == {
        "improved": 5,
        "deteriorated": 0,
        "unchanged": 17,
    }
    assert shown_counts({"improved": 2, "deteriorated": 3, "unchanged": 17}) == {
        "improved": FEWER,
        "deteriorated": FEWER,
        "unchanged": 17,
    }
    # Two hidden counts that add up to 1 to 4 are given away by the shown n as surely as one.
    assert shown_counts({"improved": 1, "deteriorated": 2, "unchanged": 17}) == {
        "improved": FEWER,
        "deteriorated": FEWER,
        "unchanged": "withheld",
    }


@pytest.mark.parametrize("seed", range(8))
def test_histogram_bins_hold_none_or_at_least_5_people_and_never_straddle_zero(seed):
    rng = np.random.default_rng(seed)
    change = rng.normal(0.4, 0.7, size=int(rng.integers(5, 60))).round(2)
    change[: int(rng.integers(0, 8))] = 0  # some people did not change

    bins = change_histogram(change)
    if bins is None:  # only when a side (with no change) is 1 to 4 people
        falls, rises, zero = (change < 0).sum(), (change > 0).sum(), (change == 0).sum()
        assert 0 < falls + zero < 5 or 0 < rises + zero < 5 or (0 < falls < 5 and 0 < rises < 5)
        return

    assert sum(b.count for b in bins) == change.size
    assert all(b.count == 0 or b.count >= 5 for b in bins)
    assert not any(b.low < 0 < b.high for b in bins)  # 0 is always an edge
    for value in change:  # each person is in exactly one bin
        assert sum(b.holds(value) for b in bins) == 1
    for b in bins:
        assert b.count == sum(b.holds(value) for value in change)
        held = [value for value in change if b.holds(value)]
        assert all(v <= 0 for v in held) or all(v >= 0 for v in held)


def test_improvers_and_decliners_are_never_in_the_same_bin():
    """Before this fix one bin ran from −0.25 to under 0.25, counting 3 people whose scores
    fell with 3 whose scores rose."""
    change = [-0.2] * 3 + [0.2] * 3 + [0.6] * 5 + [-0.6] * 5

    bins = change_histogram(change)

    assert [(b.low, b.high, b.count) for b in bins] == [
        (-1.0, 0.0, 8),
        (0.0, 0.0, 0),
        (0.0, 1.0, 8),
    ]
    assert [b.closed_low for b in bins] == [True, True, False]
    assert [b.closed_high for b in bins] == [False, True, True]


def test_no_change_has_a_bin_of_its_own_or_joins_one_side():
    change = [0.0] * 5 + [0.5] * 6 + [-0.5] * 5
    bins = change_histogram(change)
    assert [(b.low, b.high, b.count, b.no_change) for b in bins] == [
        (-0.5, 0.0, 5, False),
        (0.0, 0.0, 5, True),
        (0.0, 0.5, 6, False),
    ]
    # 2 people with no change join the decliners' inner bin, closed at 0.
    bins = change_histogram([0.0] * 2 + [0.5] * 6 + [-0.5] * 5)
    assert [(b.low, b.high, b.count) for b in bins] == [(-0.5, 0.0, 7), (0.0, 0.5, 6)]
    assert bins[0].holds(0.0) and not bins[1].holds(0.0)


def test_a_side_of_fewer_than_5_with_no_one_unchanged_gives_no_histogram():
    assert change_histogram([-0.5] * 3 + [0.5] * 10) is None
    bins = change_histogram([-0.5] * 3 + [0.0] * 2 + [0.5] * 10)
    assert [(b.low, b.high, b.count) for b in bins] == [(-0.5, 0.0, 5), (0.0, 0.5, 10)]


def test_a_withheld_mean_is_withheld_in_the_change_and_its_breakdowns_too(course, questionnaires):
    """10 answered both times and 1 only after: the after mean of all 11 is withheld (beside the
    10's it would give one person's score away), so the change table's before and after means
    and the breakdown's are withheld with the same reason, not shown as numbers."""
    people(course, 5, role="care_assistant", seed=1)
    people(course, 5, role="nursing_trainee", seed=2)
    late = learner(course, None, "care_assistant")
    respond(late, questionnaires_for(course).post_questionnaire, POST, [3, 3, 3, 3])

    report = course_statistics(course)

    after = summary(report, POST)
    assert after.suppressed and "would reveal" in after.reason
    row = scale(report.change.scales, TOTAL)
    assert row.means_reason == after.reason
    assert row.result.n == 10 and row.result.mean_change is not None
    assert row.result.mean_pre is None and row.result.mean_post is None
    assert row.result.sd_pre is None and row.result.sd_post is None
    by_role = row.by_role
    assert not by_role.suppressed and by_role.means_reason == after.reason
    assert all(g.result.mean_pre is None and g.result.mean_post is None for g in by_role.groups)
    assert all(g.result.mean_change is not None for g in by_role.groups)


def test_means_are_shown_in_the_change_when_the_timepoints_show_them(course, questionnaires):
    people(course, 6)

    report = course_statistics(course)

    row = scale(report.change.scales, TOTAL)
    assert row.means_reason == ""
    assert row.result.mean_post == pytest.approx(summary(report, POST).mean)
    assert row.result.mean_pre == pytest.approx(summary(report, PRE).mean)


# --- scope ----------------------------------------------------------------------------------


def test_the_scope_limits_the_figures_to_the_given_enrolments(course, questionnaires):
    alpha = CohortFactory(course=course, name="Alpha")
    bravo = CohortFactory(course=course, name="Bravo")
    mine = people(course, 6, cohort=alpha, seed=1)
    people(course, 7, cohort=bravo, seed=2, shift=-1)

    report = course_statistics(course, enrolments=Enrolment.objects.filter(cohort=alpha))

    row = scale(report.change.scales, TOTAL)
    assert row.result.n == 6
    expected = paired_change(scores(mine, PRE), scores(mine, POST), reliability=0.8)
    assert row.result.mean_change == pytest.approx(expected.mean_change)
    assert row.by_cohort.suppressed  # one cohort: nothing to break down


def test_a_cohort_view_is_checked_against_the_course_view(course, questionnaires):
    """Bravo has 4 people: the course view (10) minus Alpha's view (6) would show them."""
    alpha = CohortFactory(course=course, name="Alpha")
    bravo = CohortFactory(course=course, name="Bravo")
    people(course, 6, cohort=alpha, seed=1)
    people(course, 4, cohort=bravo, seed=2)

    whole = course_statistics(course)
    assert scale(whole.change.scales, TOTAL).result.n == 10
    assert scale(whole.change.scales, TOTAL).by_cohort.suppressed

    report = course_statistics(course, cohort=alpha)
    row = scale(report.change.scales, TOTAL)
    assert row.suppressed and row.result is None and "would reveal" in row.reason
    assert summary(report, PRE).suppressed

    people(course, 1, cohort=bravo, seed=3)
    report = course_statistics(course, cohort=alpha)
    assert scale(report.change.scales, TOTAL).result.n == 6


def test_two_cohort_views_beside_the_course_view_give_no_small_cohort_away(course, instrument):
    """Baseline only (so no breakdown by cohort). Alpha 6, Bravo 6, Charlie 2: each cohort
    differs from the course view by 8 people, but the course's sum of scores minus Alpha's and
    Bravo's is Charlie's two, whose mean would follow. One of the big cohorts is withheld."""
    set_questionnaires(course, baseline=instrument)
    alpha, bravo, charlie = (CohortFactory(course=course, name=n) for n in "ABC")
    people(course, 6, cohort=alpha, post=False, seed=1)
    people(course, 6, cohort=bravo, post=False, seed=2)
    small = people(course, 2, cohort=charlie, post=False, seed=3)

    whole = summary(course_statistics(course), PRE)
    views = [summary(course_statistics(course, cohort=c), PRE) for c in (alpha, bravo)]

    assert whole.n == 14  # the course view still shows everyone
    shown = [view for view in views if not view.suppressed]
    assert len(shown) < 2
    if len(shown) == 2:  # what the attacker would do
        secret = np.mean(scores(small, PRE))
        worked_out = (whole.n * whole.mean - sum(v.n * v.mean for v in shown)) / 2
        assert worked_out != pytest.approx(secret)
    assert all("would reveal" in str(view.reason) for view in views if view.suppressed)


def test_a_cohort_histogram_is_shown_only_when_it_is_the_course_views(course, questionnaires):
    """Bins of one cohort beside the bins of all: the difference in a bin is the other cohorts'
    people there, which can be 1 to 4 whatever each view's own bins hold."""
    alpha, bravo = (CohortFactory(course=course, name=n) for n in "AB")
    # Everyone improves (shift 4), so the histogram has no side of 1 to 4 people.
    people(course, 9, cohort=alpha, seed=1, shift=4)
    people(course, 8, cohort=bravo, seed=2, shift=4)

    report = course_statistics(course, cohort=alpha)
    row = scale(report.change.scales, TOTAL)

    assert row.result.n == 9
    assert row.histogram is None
    assert "all your cohorts" in str(row.histogram_reason)

    only = course_statistics(
        course, enrolments=Enrolment.objects.filter(cohort=alpha), cohort=alpha
    )
    assert scale(only.change.scales, TOTAL).histogram


# --- cost -----------------------------------------------------------------------------------


def count_queries(course):
    with CaptureQueriesContext(connection) as queries:
        report = course_statistics(course)
    return len(queries), report


def test_the_number_of_queries_does_not_grow_with_learners(
    course, questionnaires, django_assert_max_num_queries
):
    cohort = CohortFactory(course=course)
    people(course, 6, cohort=cohort, seed=1)
    few, report = count_queries(course)
    assert scale(report.change.scales, TOTAL).result.n == 6

    people(course, 34, cohort=cohort, seed=2, role="care_assistant")
    with django_assert_max_num_queries(few):
        report = course_statistics(course)
    assert scale(report.change.scales, TOTAL).result.n == 40
    assert few <= 7


def test_a_course_with_questionnaires_but_no_answers_yet_has_no_numbers(course, questionnaires):
    learner(course)

    report = course_statistics(course)

    assert [tp.respondents for tp in report.timepoints] == [0, 0]
    assert all(row.n is None and not row.suppressed for row in report.timepoints[0].scales)
    assert scale(report.change.scales, TOTAL).empty


def test_alpha_is_withheld_when_its_people_differ_from_the_scores_by_1_to_4(course):
    """Alpha counts the people who answered every item; the scale's n counts everyone scored
    (prorated with one item of five left out). 12 scored beside alpha's n = 10 would tell the
    2 who left an item out."""
    five = make_instrument(
        name="Five questions",
        items=[(f"Statement {n}.", False, "", True) for n in range(1, 6)],
    )
    set_questionnaires(course, baseline=five)
    rng = np.random.default_rng(3)
    for index in range(12):
        values = [int(v) for v in rng.integers(1, 6, size=5)]
        if index < 2:
            values[4] = None
        respond(learner(course), five, PRE, values)

    pre = summary(course_statistics(course), PRE)

    assert pre.n == 12
    assert pre.alpha is None
    assert "would reveal" in str(pre.alpha_reason)


def test_alpha_is_shown_when_everyone_scored_answered_every_item(course):
    five = make_instrument(
        name="Five questions",
        items=[(f"Statement {n}.", False, "", True) for n in range(1, 6)],
    )
    set_questionnaires(course, baseline=five)
    rng = np.random.default_rng(3)
    for _index in range(12):
        respond(learner(course), five, PRE, [int(v) for v in rng.integers(1, 6, size=5)])

    pre = summary(course_statistics(course), PRE)

    assert pre.n == 12 and pre.alpha.n == 12
