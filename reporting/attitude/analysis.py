"""Statistics of attitude change: plain, vectorised functions on numbers (no database access).

`paired_change(pre, post, *, reliability=None, higher_is_better=True)` compares the scores of the
same people before and after; `cronbach_alpha(item_matrix)` measures internal consistency. Both
accept lists, tuples or numpy arrays, and stay fast for tens of thousands of people.

Definitions (change = post − pre, per person; SDs use n − 1):

- ci95_change: mean_change ± t(0.975, df) × sd_change / √n, df = n − 1.
- t, p_t: the paired t-test, two-sided (same as scipy.stats.ttest_rel(post, pre)).
- d_z = mean_change / sd_change.  d_av = mean_change / ((sd_pre + sd_post) / 2).
- g_z = J × d_z with Hedges' small-sample correction J = 1 − 3 / (4·df − 1), df = n − 1.
- p_wilcoxon: scipy.stats.wilcoxon(change), two-sided, with scipy's default zero_method
  "wilcox": people whose score did not change are left out of the ranking. scipy's default
  method "auto" is kept: exact for n ≤ 50 without ties or zero changes, an exact enumeration
  for n ≤ 13 with them, otherwise the normal approximation (tie-corrected).
- r_prepost: Pearson's r between pre and post.
- Reliable change (Jacobson & Truax, 1991), only when `reliability` is given:
  se_diff = sd_pre × √2 × √(1 − reliability); RCI = change / se_diff; a person with |RCI| > 1.96
  changed reliably: improved if the change is in the better direction (up when
  higher_is_better, down otherwise), deteriorated if not; everyone else is unchanged.
  reliable_change_points = 1.96 × se_diff, the smallest change in score points that counts.
- Cronbach's alpha = k / (k − 1) × (1 − Σ item variances / variance of the total), over people
  with every item answered (listwise). Its 95% CI is Feldt's (1965): (1 − alpha_pop) /
  (1 − alpha) follows F(n − 1, (n − 1)(k − 1)), so
  lower = 1 − (1 − alpha) × F.isf(0.025), upper = 1 − (1 − alpha) × F.isf(0.975).

Missing values (None or NaN): paired_change leaves out pairs with either score missing
(`n_incomplete` counts them); cronbach_alpha leaves out people with any item missing
(`n_incomplete`). Infinite values and pre/post of different lengths are programming errors and
raise ValueError.

Edge cases never raise and never return NaN or infinity: a statistic that is undefined is None
and `notes` says why in plain words.

| case (after leaving out missing pairs)   | result                                               |
| ---------------------------------------- | ---------------------------------------------------- |
| n = 0                                    | every statistic None; reliable-change counts 0 when   |
|                                          | reliability is given                                  |
| n = 1                                    | means and mean_change; SDs, CI, tests, effect sizes,  |
|                                          | r, se_diff and reliable-change counts None            |
| n = 2                                    | everything computed, except g_z (None: J = 0 at df=1) |
| sd_pre = 0 or sd_post = 0                | r_prepost None; d_av uses the other SD (None if both  |
|                                          | are 0); with sd_pre = 0 also se_diff and the          |
|                                          | reliable-change counts None                           |
| sd_change = 0, mean_change ≠ 0 (everyone | t, p_t, d_z, g_z None (infinite); CI is (m, m);       |
| changed by the same amount)              | p_wilcoxon from scipy                                 |
| every change 0 (identical pairs)         | mean_change 0, sd_change 0, CI (0, 0); t, p_t, d_z,   |
|                                          | g_z, p_wilcoxon None; d_av 0 when an SD is > 0;       |
|                                          | everyone unchanged when reliable change is computed   |
| alpha: k < 2, n < 2, or total variance 0 | alpha and ci95 None                                   |
"""

import math
import warnings
from dataclasses import dataclass

import numpy as np

from core.lazy_modules import lazy

# scipy's statistics load on the first report, not in every web worker (core/lazy_modules.py).
stats = lazy("scipy.stats")

RCI_CUTOFF = 1.96
CONFIDENCE = 0.95


@dataclass(frozen=True)
class PairedChange:
    n: int
    mean_pre: float | None
    sd_pre: float | None
    mean_post: float | None
    sd_post: float | None
    mean_change: float | None
    sd_change: float | None
    ci95_change: tuple[float, float] | None
    t: float | None
    df: int | None
    p_t: float | None
    d_z: float | None
    d_av: float | None
    g_z: float | None
    p_wilcoxon: float | None
    r_prepost: float | None
    higher_is_better: bool = True
    reliability: float | None = None
    se_diff: float | None = None
    reliable_change_points: float | None = None
    improved: int | None = None
    deteriorated: int | None = None
    unchanged: int | None = None
    n_incomplete: int = 0
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class CronbachAlpha:
    alpha: float | None
    n: int
    k: int
    ci95: tuple[float, float] | None
    n_incomplete: int = 0
    notes: tuple[str, ...] = ()


def _finite(value):
    """A plain float, or None for NaN/infinity (which must never reach a page)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _as_vector(values, name):
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a sequence of numbers or None: {error}") from None
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional (one score per person).")
    if np.isinf(array).any():
        raise ValueError(f"{name} contains an infinite value.")
    return array


def _sd(values, tolerance):
    """SD with n − 1; exactly 0 when the values differ by no more than rounding noise (so that
    changes such as 4.333… − 3.333… and 2 − 1 count as the same)."""
    if values.size < 2:
        return None
    if np.ptp(values) <= tolerance:
        return 0.0
    return float(np.std(values, ddof=1))


def paired_change(pre, post, *, reliability=None, higher_is_better=True):
    """Change from `pre` to `post` (equal-length sequences, one pair per person). See the module
    docstring for every statistic and edge case."""
    pre, post, reliability = _checked(pre, post, reliability)
    complete = ~(np.isnan(pre) | np.isnan(post))
    n_incomplete = int(pre.size - complete.sum())
    notes = []
    if n_incomplete:
        notes.append(f"{n_incomplete} pair(s) with a missing score were left out.")
    pairs = _Pairs.of(pre[complete], post[complete])
    tests = _tests_and_effect_sizes(pairs, notes)
    reliable = _reliable_change(pairs, reliability, higher_is_better, notes)
    return PairedChange(
        n=pairs.n,
        mean_pre=pairs.mean_pre,
        sd_pre=_finite(pairs.sd_pre),
        mean_post=pairs.mean_post,
        sd_post=_finite(pairs.sd_post),
        mean_change=pairs.mean_change,
        sd_change=_finite(pairs.sd_change),
        **tests,
        higher_is_better=higher_is_better,
        reliability=reliability,
        **reliable,
        n_incomplete=n_incomplete,
        notes=tuple(notes),
    )


def _checked(pre, post, reliability):
    """The scores as float vectors of the same length, and the reliability as a float in
    [0, 1); anything else is a programming error (ValueError)."""
    pre = _as_vector(pre, "pre")
    post = _as_vector(post, "post")
    if pre.shape != post.shape:
        raise ValueError(
            "pre and post must have the same length (one pair of scores per person): "
            f"got {pre.size} and {post.size}."
        )
    if reliability is not None:
        reliability = float(reliability)
        if not 0 <= reliability < 1:
            raise ValueError(f"reliability must be at least 0 and below 1, not {reliability}.")
    return pre, post, reliability


@dataclass(frozen=True)
class _Pairs:
    """The complete pairs, their means and SDs (None where undefined)."""

    pre: np.ndarray
    post: np.ndarray
    change: np.ndarray
    n: int
    all_zero: bool  # no one's score changed (within rounding noise)
    mean_pre: float | None
    mean_post: float | None
    mean_change: float | None
    sd_pre: float | None
    sd_post: float | None
    sd_change: float | None

    @classmethod
    def of(cls, pre, post):
        n = int(pre.size)
        change = post - pre
        # Differences within rounding noise of the scores count as equal.
        tolerance = (
            1e-12 * max(1.0, float(np.abs(pre).max()), float(np.abs(post).max())) if n else 0
        )
        all_zero = bool(np.all(np.abs(change) <= 2 * tolerance))
        return cls(
            pre=pre,
            post=post,
            change=change,
            n=n,
            all_zero=all_zero,
            mean_pre=_finite(pre.mean()) if n else None,
            mean_post=_finite(post.mean()) if n else None,
            mean_change=(0.0 if all_zero else _finite(change.mean())) if n else None,
            sd_pre=_sd(pre, tolerance),
            sd_post=_sd(post, tolerance),
            sd_change=_sd(change, 2 * tolerance),
        )


def _tests_and_effect_sizes(pairs, notes):
    """The CI of the mean change, the paired t-test, Wilcoxon's test, d_z, g_z, d_av and r: the
    fields of PairedChange of those names, None where undefined (`notes` says why)."""
    ci = t = df = p_t = d_z = g_z = p_wilcoxon = r = d_av = None
    n, change, mean_change, sd_change = pairs.n, pairs.change, pairs.mean_change, pairs.sd_change
    if n == 0:
        notes.append("No complete pairs of scores: nothing to compare.")
    elif n == 1:
        notes.append("Fewer than 2 people: no spread or test.")
    else:
        df = n - 1
        half_width = stats.t.ppf(0.5 + CONFIDENCE / 2, df) * sd_change / math.sqrt(n)
        ci = (_finite(mean_change - half_width), _finite(mean_change + half_width))
        if pairs.all_zero:
            notes.append("No one's score changed: there is nothing to test.")
        elif sd_change == 0:
            notes.append(
                "Everyone's score changed by exactly the same amount: the t-test and d_z are "
                "undefined (infinite)."
            )
        else:
            t = _finite(mean_change / (sd_change / math.sqrt(n)))
            p_t = _finite(2 * stats.t.sf(abs(t), df))
            d_z = _finite(mean_change / sd_change)
            if df >= 2:
                g_z = _finite((1 - 3 / (4 * df - 1)) * d_z)
            else:
                notes.append("With 2 people Hedges' correction is zero: g_z is not reported.")
        if not pairs.all_zero:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                p_wilcoxon = _finite(
                    stats.wilcoxon(change, zero_method="wilcox", alternative="two-sided").pvalue
                )
        d_av = _d_av(pairs, notes)
        r = _correlation(pairs, notes)
    return {
        "ci95_change": ci,
        "t": t,
        "df": df,
        "p_t": p_t,
        "d_z": d_z,
        "d_av": d_av,
        "g_z": g_z,
        "p_wilcoxon": p_wilcoxon,
        "r_prepost": r,
    }


def _d_av(pairs, notes):
    mean_sd = (pairs.sd_pre + pairs.sd_post) / 2
    if mean_sd > 0:
        return _finite(pairs.mean_change / mean_sd)
    notes.append("Scores did not vary between people before or after: d_av is undefined.")
    return None


def _correlation(pairs, notes):
    """Pearson's r between pre and post."""
    if not (pairs.sd_pre > 0 and pairs.sd_post > 0):
        notes.append("Scores before or after did not vary: their correlation is undefined.")
        return None
    pre_c, post_c = pairs.pre - pairs.pre.mean(), pairs.post - pairs.post.mean()
    r = float(np.dot(pre_c, post_c) / math.sqrt(np.dot(pre_c, pre_c) * np.dot(post_c, post_c)))
    return _finite(min(1.0, max(-1.0, r)))


def _reliable_change(pairs, reliability, higher_is_better, notes):
    """Jacobson and Truax's reliable change, when `reliability` is given: the PairedChange fields
    se_diff, reliable_change_points, improved, deteriorated and unchanged."""
    se_diff = points = improved = deteriorated = unchanged = None
    if reliability is not None:
        if pairs.n == 0:
            improved = deteriorated = unchanged = 0
        elif not pairs.sd_pre:
            notes.append(
                "Reliable change needs some spread in the scores before: it was not computed."
            )
        else:
            se_diff = _finite(pairs.sd_pre * math.sqrt(2) * math.sqrt(1 - reliability))
            points = _finite(RCI_CUTOFF * se_diff)
            rci = pairs.change / se_diff
            up, down = int((rci > RCI_CUTOFF).sum()), int((rci < -RCI_CUTOFF).sum())
            improved, deteriorated = (up, down) if higher_is_better else (down, up)
            unchanged = pairs.n - improved - deteriorated
    return {
        "se_diff": se_diff,
        "reliable_change_points": points,
        "improved": improved,
        "deteriorated": deteriorated,
        "unchanged": unchanged,
    }


def cronbach_alpha(item_matrix):
    """Cronbach's alpha of `item_matrix` (rows = people, columns = items) with Feldt's 95% CI,
    over the people who answered every item. See the module docstring for edge cases."""
    try:
        matrix = np.asarray(item_matrix, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"item_matrix must be a rectangular table of numbers or None: {error}"
        ) from None
    if matrix.size == 0 and matrix.ndim == 1:
        matrix = matrix.reshape(0, 0)
    if matrix.ndim != 2:
        raise ValueError("item_matrix must be two-dimensional (rows = people, columns = items).")
    if np.isinf(matrix).any():
        raise ValueError("item_matrix contains an infinite value.")
    complete = ~np.isnan(matrix).any(axis=1)
    n_incomplete = int(matrix.shape[0] - complete.sum())
    matrix = matrix[complete]
    n, k = (int(size) for size in matrix.shape)
    notes = []
    if n_incomplete:
        notes.append(f"{n_incomplete} person(s) with a missing answer were left out.")

    alpha = ci = None
    if k < 2:
        notes.append("Alpha needs at least 2 items.")
    elif n < 2:
        notes.append("Alpha needs at least 2 people who answered every item.")
    else:
        totals = matrix.sum(axis=1)
        item_variance = matrix.var(axis=0, ddof=1).sum()
        total_variance = totals.var(ddof=1)
        if np.ptp(totals) > 1e-12 * max(1.0, float(np.abs(totals).max())):
            alpha = _finite(k / (k - 1) * (1 - item_variance / total_variance))
            df1, df2 = n - 1, (n - 1) * (k - 1)
            tail = (1 - CONFIDENCE) / 2
            ci = (
                _finite(1 - (1 - alpha) * stats.f.isf(tail, df1, df2)),
                _finite(1 - (1 - alpha) * stats.f.isf(1 - tail, df1, df2)),
            )
        else:
            notes.append("Everyone had the same total score: alpha is undefined.")
    return CronbachAlpha(
        alpha=alpha, n=n, k=k, ci95=ci, n_incomplete=n_incomplete, notes=tuple(notes)
    )
