"""paired_change and cronbach_alpha against scipy and independent formulas, and every edge case
(explicit None + notes, never an exception, NaN or infinity)."""

import dataclasses
import math
from decimal import Decimal

import numpy as np
import pytest
from scipy import stats

from reporting.attitude.analysis import CronbachAlpha, PairedChange, cronbach_alpha, paired_change

TOL = {"rel": 1e-6, "abs": 1e-12}
SEEDS = [1, 7, 42, 2024]
SIZES = [2, 3, 5, 10, 31, 60, 200, 500]


def assert_no_nan_or_inf(result):
    """Nothing undefined reaches a page: every number is finite or None."""
    for field in dataclasses.fields(result):
        value = getattr(result, field.name)
        values = value if isinstance(value, tuple) and field.name != "notes" else (value,)
        for item in values:
            if isinstance(item, float):
                assert math.isfinite(item), f"{field.name} = {item}"
                assert type(item) is float, f"{field.name} is {type(item)}"


def random_pairs(seed, n, kind):
    """Random pre/post scores with some spread in pre, post and change (drawn again if a small
    sample happens to have none; the edge-case tests cover those)."""
    rng = np.random.default_rng(seed)
    while True:
        if kind == "continuous":
            pre = rng.normal(3.0, 0.8, n)
            post = pre + rng.normal(0.3, 0.6, n)
        else:  # totals of 10 items on 1–5: ties and zero changes, as real data has
            pre = rng.integers(1, 6, (n, 10)).sum(axis=1).astype(float)
            post = pre + rng.integers(-3, 5, n)
        if min(np.ptp(pre), np.ptp(post), np.ptp(post - pre)) > 0:
            return pre, post


# paired_change against scipy ------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("kind", ["continuous", "integer"])
def test_paired_change_agrees_with_scipy(seed, n, kind):
    pre, post = random_pairs(seed, n, kind)
    change = post - pre
    result = paired_change(pre, post)
    assert_no_nan_or_inf(result)

    assert result.n == n
    assert result.mean_pre == pytest.approx(np.mean(pre), **TOL)
    assert result.mean_post == pytest.approx(np.mean(post), **TOL)
    assert result.sd_pre == pytest.approx(stats.tstd(pre), **TOL)
    assert result.sd_post == pytest.approx(stats.tstd(post), **TOL)
    assert result.mean_change == pytest.approx(np.mean(change), **TOL)
    assert result.sd_change == pytest.approx(stats.tstd(change), **TOL)

    expected = stats.ttest_rel(post, pre)
    assert result.t == pytest.approx(expected.statistic, **TOL)
    assert result.p_t == pytest.approx(expected.pvalue, **TOL)
    assert result.df == expected.df == n - 1

    se = stats.tstd(change) / math.sqrt(n)
    half = stats.t.ppf(0.975, n - 1) * se
    low, high = result.ci95_change
    assert low == pytest.approx(np.mean(change) - half, **TOL)
    assert high == pytest.approx(np.mean(change) + half, **TOL)
    if hasattr(expected, "confidence_interval"):
        ci = expected.confidence_interval(0.95)
        assert (low, high) == (pytest.approx(ci.low, **TOL), pytest.approx(ci.high, **TOL))

    d_z = np.mean(change) / stats.tstd(change)
    assert result.d_z == pytest.approx(d_z, **TOL)
    assert result.d_av == pytest.approx(
        np.mean(change) / ((stats.tstd(pre) + stats.tstd(post)) / 2), **TOL
    )
    if n >= 3:
        df = n - 1
        assert result.g_z == pytest.approx((1 - 3 / (4 * df - 1)) * d_z, **TOL)
    else:
        assert result.g_z is None

    if np.any(change != 0):
        expected_w = stats.wilcoxon(post, pre)  # scipy defaults: zero_method "wilcox"
        assert result.p_wilcoxon == pytest.approx(expected_w.pvalue, **TOL)
    assert result.r_prepost == pytest.approx(stats.pearsonr(pre, post).statistic, **TOL)


def test_p_values_are_real_and_can_be_small():
    pre, post = random_pairs(3, 200, "continuous")
    result = paired_change(pre, post + 1)
    assert 0 <= result.p_t < 1e-10
    assert 0 <= result.p_wilcoxon < 1e-10
    assert result.t > 10


def test_lists_tuples_and_arrays_give_the_same_result():
    pre, post = random_pairs(5, 40, "integer")
    from_arrays = paired_change(pre, post, reliability=0.8)
    assert paired_change(list(pre), list(post), reliability=0.8) == from_arrays
    assert paired_change(tuple(pre), tuple(post), reliability=Decimal("0.8")) == from_arrays


def test_paired_change_is_a_frozen_dataclass():
    result = paired_change([1, 2, 3], [2, 4, 5])
    assert isinstance(result, PairedChange)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.n = 5


def test_known_small_example():
    result = paired_change([1, 2, 3, 4], [2, 4, 5, 4])
    # changes 1, 2, 2, 0: mean 1.25, SD sqrt(0.9166…)
    assert result.mean_change == 1.25
    assert result.sd_change == pytest.approx(math.sqrt(11 / 12))
    assert result.t == pytest.approx(1.25 / (math.sqrt(11 / 12) / 2))
    assert result.df == 3


def test_hedges_correction_shrinks_d_z():
    pre, post = random_pairs(11, 6, "continuous")
    result = paired_change(pre, post)
    assert result.g_z == pytest.approx(result.d_z * (1 - 3 / 19))
    assert abs(result.g_z) < abs(result.d_z)


# reliable change ------------------------------------------------------------------------------


def test_reliable_change_by_hand():
    pre = [10, 12, 14, 16, 18]  # SD sqrt(10)
    post = [15, 7, 18, 16, 28]  # changes +5, −5, +4, 0, +10
    result = paired_change(pre, post, reliability=0.75)
    # SE_diff = sqrt(10) × sqrt(2) × sqrt(0.25) = sqrt(5); reliable change needs > 1.96 × sqrt(5)
    assert result.se_diff == pytest.approx(math.sqrt(5))
    assert result.reliable_change_points == pytest.approx(1.96 * math.sqrt(5))
    assert (result.improved, result.deteriorated, result.unchanged) == (2, 1, 2)
    assert result.reliability == 0.75


def test_reliable_change_when_lower_is_better():
    pre = [10, 12, 14, 16, 18]
    post = [15, 7, 18, 16, 28]
    result = paired_change(pre, post, reliability=0.75, higher_is_better=False)
    assert (result.improved, result.deteriorated, result.unchanged) == (1, 2, 2)
    assert result.higher_is_better is False


@pytest.mark.parametrize("seed", SEEDS)
def test_reliable_change_agrees_with_the_jacobson_truax_formula(seed):
    pre, post = random_pairs(seed, 300, "continuous")
    result = paired_change(pre, post, reliability=0.7)
    se_diff = np.std(pre, ddof=1) * math.sqrt(2) * math.sqrt(1 - 0.7)
    rci = (post - pre) / se_diff
    assert result.se_diff == pytest.approx(se_diff, **TOL)
    assert result.improved == int(np.sum(rci > 1.96))
    assert result.deteriorated == int(np.sum(rci < -1.96))
    assert result.improved + result.deteriorated + result.unchanged == 300
    assert result.improved > 0 and result.deteriorated > 0


def test_no_reliable_change_without_reliability():
    result = paired_change([1, 2, 3], [3, 4, 9])
    assert result.reliability is None
    assert result.se_diff is None
    assert result.reliable_change_points is None
    assert (result.improved, result.deteriorated, result.unchanged) == (None, None, None)


def test_everyone_improved():
    pre = [10, 11, 12, 13, 14, 15]
    post = [20, 22, 21, 25, 24, 26]
    result = paired_change(pre, post, reliability=0.9)
    assert (result.improved, result.deteriorated, result.unchanged) == (6, 0, 0)
    assert result.p_wilcoxon == pytest.approx(stats.wilcoxon(post, pre).pvalue, **TOL)
    assert result.p_wilcoxon == pytest.approx(2 / 2**6)  # exact: all ranks positive
    assert result.t > 0 and result.d_z > 0
    lower_is_better = paired_change(pre, post, reliability=0.9, higher_is_better=False)
    assert (lower_is_better.improved, lower_is_better.deteriorated) == (0, 6)
    # Direction changes the counts only, never the statistics.
    assert lower_is_better.d_z == result.d_z


@pytest.mark.parametrize("reliability", [1, 1.5, -0.1])
def test_reliability_outside_0_to_1_is_refused(reliability):
    with pytest.raises(ValueError, match="reliability"):
        paired_change([1, 2, 3], [2, 3, 5], reliability=reliability)


# edge cases -----------------------------------------------------------------------------------


UNDEFINED_WITHOUT_SPREAD = ("sd_pre", "sd_post", "sd_change", "ci95_change", "t", "df", "p_t")
UNDEFINED_EFFECTS = ("d_z", "d_av", "g_z", "p_wilcoxon", "r_prepost")


@pytest.mark.parametrize("pre,post", [([], []), ([float("nan")], [2.0]), ([None, 3], [1, None])])
def test_no_pairs(pre, post):
    result = paired_change(pre, post, reliability=0.8)
    assert_no_nan_or_inf(result)
    assert result.n == 0
    assert result.n_incomplete == len(pre)
    for name in ("mean_pre", "mean_post", "mean_change", *UNDEFINED_WITHOUT_SPREAD):
        assert getattr(result, name) is None, name
    for name in UNDEFINED_EFFECTS:
        assert getattr(result, name) is None, name
    assert (result.improved, result.deteriorated, result.unchanged) == (0, 0, 0)
    assert "No complete pairs of scores: nothing to compare." in result.notes


def test_one_person():
    result = paired_change([3.0], [4.5], reliability=0.8)
    assert_no_nan_or_inf(result)
    assert (result.n, result.mean_pre, result.mean_post, result.mean_change) == (1, 3.0, 4.5, 1.5)
    for name in (*UNDEFINED_WITHOUT_SPREAD, *UNDEFINED_EFFECTS, "se_diff"):
        assert getattr(result, name) is None, name
    assert (result.improved, result.deteriorated, result.unchanged) == (None, None, None)
    assert "Fewer than 2 people: no spread or test." in result.notes


def test_two_people():
    result = paired_change([1.0, 3.0], [2.0, 6.0])
    assert_no_nan_or_inf(result)
    assert result.n == 2
    assert result.df == 1
    assert result.t == pytest.approx(stats.ttest_rel([2.0, 6.0], [1.0, 3.0]).statistic)
    assert result.r_prepost == pytest.approx(1.0)
    assert result.g_z is None
    assert any("g_z is not reported" in note for note in result.notes)


def test_zero_variance_before():
    result = paired_change([3, 3, 3, 3], [2, 4, 5, 3], reliability=0.8)
    assert_no_nan_or_inf(result)
    assert result.sd_pre == 0.0
    assert result.r_prepost is None
    # d_av uses the mean of the SDs, which is still above 0.
    assert result.d_av == pytest.approx(0.5 / (stats.tstd([2, 4, 5, 3]) / 2))
    assert result.t == pytest.approx(stats.ttest_rel([2, 4, 5, 3], [3, 3, 3, 3]).statistic)
    assert result.se_diff is None
    assert (result.improved, result.deteriorated, result.unchanged) == (None, None, None)
    assert any("Reliable change needs some spread" in note for note in result.notes)
    assert any("correlation is undefined" in note for note in result.notes)


def test_zero_variance_of_change():
    # Everyone gained exactly 2 points: t would be infinite.
    result = paired_change([1, 2, 3, 4], [3, 4, 5, 6], reliability=0.8)
    assert_no_nan_or_inf(result)
    assert result.mean_change == 2.0
    assert result.sd_change == 0.0
    assert result.ci95_change == (2.0, 2.0)
    assert (result.t, result.p_t, result.d_z, result.g_z) == (None, None, None, None)
    assert result.df == 3
    assert result.p_wilcoxon == pytest.approx(stats.wilcoxon([2, 2, 2, 2]).pvalue, **TOL)
    assert result.r_prepost == pytest.approx(1.0)
    assert result.d_av == pytest.approx(2 / stats.tstd([1, 2, 3, 4]))
    assert any("exactly the same amount" in note for note in result.notes)
    assert result.improved == 4  # 2 > 1.96 × SE_diff = 1.96 × 1.29 × 0.632


def test_same_change_within_rounding_noise_counts_as_zero_variance():
    pre = [10 / 3, 1.0, 2.0, 7 / 3]
    post = [10 / 3 + 1, 2.0, 3.0, 7 / 3 + 1]
    result = paired_change(pre, post)
    assert result.sd_change == 0.0
    assert result.t is None


def test_identical_pairs():
    result = paired_change([1, 4, 2, 5], [1, 4, 2, 5], reliability=0.8)
    assert_no_nan_or_inf(result)
    assert result.mean_change == 0.0
    assert result.sd_change == 0.0
    assert result.ci95_change == (0.0, 0.0)
    for name in ("t", "p_t", "d_z", "g_z", "p_wilcoxon"):
        assert getattr(result, name) is None, name
    assert result.d_av == 0.0
    assert result.r_prepost == pytest.approx(1.0)
    assert (result.improved, result.deteriorated, result.unchanged) == (0, 0, 4)
    assert "No one's score changed: there is nothing to test." in result.notes


def test_everyone_the_same_before_and_after():
    result = paired_change([3, 3, 3], [3, 3, 3], reliability=0.8)
    assert_no_nan_or_inf(result)
    for name in ("t", "p_t", "d_z", "d_av", "g_z", "p_wilcoxon", "r_prepost", "se_diff"):
        assert getattr(result, name) is None, name
    assert result.mean_change == 0.0


def test_missing_scores_leave_out_the_pair():
    pre = [1.0, 2.0, np.nan, 4.0, 5.0, None]
    post = [2.0, 2.5, 3.0, np.nan, 7.0, 1.0]
    result = paired_change(pre, post)
    assert result.n_incomplete == 3
    assert result.n == 3
    assert dataclasses.replace(result, n_incomplete=0, notes=()) == dataclasses.replace(
        paired_change([1.0, 2.0, 5.0], [2.0, 2.5, 7.0]), notes=()
    )
    assert "3 pair(s) with a missing score were left out." in result.notes


def test_unequal_lengths_are_a_programming_error():
    with pytest.raises(ValueError, match="same length .*got 3 and 2"):
        paired_change([1, 2, 3], [1, 2])


@pytest.mark.parametrize(
    "pre,message",
    [
        ([1, float("inf"), 3], "infinite"),
        ([[1, 2], [3, 4], [5, 6]], "one-dimensional"),
        (["a", "b", "c"], "sequence of numbers"),
    ],
)
def test_bad_input_is_refused(pre, message):
    with pytest.raises(ValueError, match=message):
        paired_change(pre, [1, 2, 3])


def test_ten_thousand_pairs():
    pre, post = random_pairs(99, 10_000, "integer")
    result = paired_change(pre, post, reliability=0.8)
    assert result.n == 10_000
    assert result.t == pytest.approx(stats.ttest_rel(post, pre).statistic, **TOL)
    assert result.p_wilcoxon == pytest.approx(stats.wilcoxon(post, pre).pvalue, **TOL)


# cronbach_alpha -------------------------------------------------------------------------------


def items_matrix(seed, n, k):
    """Answers on 1–5 driven by one trait, so alpha is usually positive; drawn again if the
    totals happen not to vary."""
    rng = np.random.default_rng(seed)
    while True:
        trait = rng.normal(0, 1, (n, 1))
        matrix = np.clip(np.rint(3 + trait + rng.normal(0, 1, (n, k))), 1, 5)
        if np.ptp(matrix.sum(axis=1)) > 0:
            return matrix


def alpha_from_covariance(matrix):
    """Alpha from the covariance matrix: k/(k−1) × (1 − trace / sum of all covariances)."""
    cov = np.cov(matrix, rowvar=False)
    k = matrix.shape[1]
    return k / (k - 1) * (1 - np.trace(cov) / cov.sum())


def feldt_ci(alpha, n, k):
    df1, df2 = n - 1, (n - 1) * (k - 1)
    return (
        1 - (1 - alpha) * stats.f.ppf(0.975, df1, df2),
        1 - (1 - alpha) * stats.f.ppf(0.025, df1, df2),
    )


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n,k", [(2, 2), (3, 4), (10, 5), (57, 8), (500, 20)])
def test_cronbach_alpha_agrees_with_the_covariance_formula_and_feldt(seed, n, k):
    matrix = items_matrix(seed, n, k)
    result = cronbach_alpha(matrix)
    assert_no_nan_or_inf(result)
    expected = alpha_from_covariance(matrix)
    assert (result.n, result.k) == (n, k)
    assert result.alpha == pytest.approx(expected, **TOL)
    low, high = feldt_ci(expected, n, k)
    assert result.ci95[0] == pytest.approx(low, **TOL)
    assert result.ci95[1] == pytest.approx(high, **TOL)
    assert result.ci95[0] <= result.alpha <= result.ci95[1]


def test_alpha_known_small_example():
    # item variances 1 and 1/3, total variance 7/3: alpha = 2 × (1 − (4/3) / (7/3)) = 6/7
    result = cronbach_alpha([[1, 2], [2, 3], [3, 3]])
    assert result == CronbachAlpha(
        alpha=pytest.approx(6 / 7), n=3, k=2, ci95=result.ci95, n_incomplete=0, notes=()
    )
    assert result.ci95 == pytest.approx(feldt_ci(6 / 7, 3, 2))


def test_alpha_of_identical_items_is_one():
    result = cronbach_alpha([[1, 1, 1], [3, 3, 3], [4, 4, 4], [2, 2, 2]])
    assert result.alpha == pytest.approx(1.0)
    assert result.ci95 == (pytest.approx(1.0), pytest.approx(1.0))


def test_alpha_can_be_negative():
    matrix = [[1, 5, 2], [2, 3, 3], [5, 1, 4], [4, 1, 5]]
    result = cronbach_alpha(matrix)
    assert result.alpha == pytest.approx(alpha_from_covariance(np.array(matrix, dtype=float)))
    assert result.alpha < 0


def test_alpha_uses_complete_rows_only():
    matrix = items_matrix(8, 40, 6)
    with_gaps = matrix.copy()
    with_gaps[[3, 17], [0, 5]] = np.nan
    as_lists = [[None if np.isnan(v) else v for v in row] for row in with_gaps]
    result = cronbach_alpha(as_lists)
    complete = np.delete(matrix, [3, 17], axis=0)
    assert result.n == 38
    assert result.n_incomplete == 2
    assert result.alpha == pytest.approx(alpha_from_covariance(complete), **TOL)
    assert "2 person(s) with a missing answer were left out." in result.notes


@pytest.mark.parametrize(
    "matrix,n,k,note",
    [
        ([], 0, 0, "at least 2 items"),
        (np.empty((0, 5)), 0, 5, "at least 2 people"),
        ([[1, 2, 3]], 1, 3, "at least 2 people"),
        ([[1], [2], [3]], 3, 1, "at least 2 items"),
        ([[1, 5], [2, 4], [3, 3]], 3, 2, "same total score"),  # totals all 6
        ([[2, 2], [2, 2], [2, 2]], 3, 2, "same total score"),
        ([[1, None], [None, 2], [3, 3]], 1, 2, "at least 2 people"),
    ],
)
def test_alpha_edge_cases(matrix, n, k, note):
    result = cronbach_alpha(matrix)
    assert_no_nan_or_inf(result)
    assert (result.alpha, result.ci95) == (None, None)
    assert (result.n, result.k) == (n, k)
    assert any(note in message for message in result.notes), result.notes


@pytest.mark.parametrize(
    "matrix,message",
    [
        ([1, 2, 3], "two-dimensional"),
        ([[1, 2], [3]], "rectangular"),
        ([[1, float("inf")], [2, 3]], "infinite"),
    ],
)
def test_alpha_bad_input_is_refused(matrix, message):
    with pytest.raises(ValueError, match=message):
        cronbach_alpha(matrix)


def test_alpha_for_ten_thousand_people():
    matrix = items_matrix(4, 10_000, 20)
    result = cronbach_alpha(matrix)
    assert result.alpha == pytest.approx(alpha_from_covariance(matrix), **TOL)
    assert 0.9 < result.alpha < 1
