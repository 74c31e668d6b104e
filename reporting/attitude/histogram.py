"""The distribution of individual change (after − before) as bins an educator may see.

Improvers and decliners are never counted in the same bin: 0 is always a bin edge. Bins have a
round width w and run outwards from 0 on each side (decliners [−2w, −w), [−w, 0); improvers
(0, w], (w, 2w]), and the people whose score did not change have a bin of their own. The
small-number rule (core/small_numbers.py): every bin holds 0 or at least MIN_GROUP people.
Neighbouring bins on the same side are merged until they do; a "no change" bin of 1 to 4 people
joins the nearest non-empty bin on one side (decliners first), and a side of 1 to 4 people
joins the "no change" bin. When that still leaves a bin of 1 to 4, there is no histogram at all
(None): drawing it would mean mixing improvers with decliners or showing a small group.
"""

import math
from dataclasses import dataclass

import numpy as np

from core.small_numbers import MIN_GROUP, is_small


@dataclass(frozen=True)
class Bin:
    """People whose change lies between `low` and `high`; `closed_low` / `closed_high` say
    whether each end is included. The "no change" bin is low = high = 0."""

    low: float
    high: float
    count: int
    closed_low: bool = True
    closed_high: bool = False

    @property
    def no_change(self):
        return self.low == 0 and self.high == 0

    def holds(self, value):
        above = value >= self.low if self.closed_low else value > self.low
        below = value <= self.high if self.closed_high else value < self.high
        return above and below


def _nice_up(value):
    """The smallest round number (1, 2, 2.5 or 5 times a power of ten) at least `value`."""
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value * (1 - 1e-9))


def bin_width(change):
    """About ten bins over the range, never narrower than the smallest step between values
    (scores move in steps, and narrower bins would only add empty ones)."""
    distinct = np.unique(change)
    if distinct.size < 2:
        return 1.0
    return max(
        _nice_up(float(distinct[-1] - distinct[0]) / 10), _nice_up(float(np.diff(distinct).min()))
    )


def _merge(counts):
    """Runs [inner, outer, count] of the bins of one side (index 0 next to zero), merged
    outwards until each holds 0 or at least MIN_GROUP (a side of 1 to 4 is one small run)."""
    runs, start, running = [], None, 0
    for offset, count in enumerate(counts):
        if start is None:
            start = offset
        running += count
        if running == 0 or running >= MIN_GROUP:
            runs.append([start, offset, running])
            start, running = None, 0
    if start is not None:  # a small remainder joins the last run
        if runs:
            runs[-1][1], runs[-1][2] = len(counts) - 1, runs[-1][2] + running
        else:
            runs.append([start, len(counts) - 1, running])
    while len(runs) > 1 and is_small(runs[-1][2]):
        last = runs.pop()
        runs[-1][1], runs[-1][2] = last[1], runs[-1][2] + last[2]
    merged = []  # runs of empty bins become one
    for inner, outer, count in runs:
        if merged and count == 0 and merged[-1][2] == 0:
            merged[-1][1] = outer
        else:
            merged.append([inner, outer, count])
    return merged


def _side(values, width):
    """The merged runs of one side's absolute changes (all > 0)."""
    if not values.size:
        return []
    index = np.ceil(np.round(values / width, 6)).astype(np.int64) - 1
    return _merge(np.bincount(index).tolist())


def _edge(value):
    return round(value, 9) + 0.0  # never -0.0


def _take_inner(runs):
    """Remove and return (outer index, count) of the runs up to the first non-empty one."""
    outer, count = -1, 0
    while runs and count == 0:
        _inner, outer, count = runs.pop(0)
    return outer, count


def change_histogram(change):
    """Bins of individual change (see the module docstring), ordered from the largest fall to
    the largest rise; [] for no one; None when no histogram can be shown."""
    change = np.round(np.asarray(change, dtype=float), 9)
    if not change.size:
        return []
    width = bin_width(change)
    falls, rises = _side(-change[change < 0], width), _side(change[change > 0], width)
    zero = int((change == 0).sum())
    fall_total = sum(run[2] for run in falls)
    rise_total = sum(run[2] for run in rises)
    # The "no change" bin joins a side (as its inner bin, closed at 0), or stands alone.
    joined = None
    if is_small(fall_total) or (is_small(zero) and fall_total and not is_small(rise_total)):
        joined = "falls"
    elif is_small(rise_total) or is_small(zero):
        joined = "rises"
    if is_small(fall_total) and is_small(rise_total):
        return None
    fall_inner = rise_inner = None
    if joined == "falls":
        outer, count = _take_inner(falls)
        fall_inner = Bin(_edge(-(outer + 1) * width), 0.0, count + zero, True, True)
    elif joined == "rises":
        outer, count = _take_inner(rises)
        rise_inner = Bin(0.0, _edge((outer + 1) * width), count + zero, True, True)
    bins = [
        Bin(_edge(-(outer + 1) * width), _edge(-inner * width), count, True, False)
        for inner, outer, count in reversed(falls)
    ]
    if fall_inner is not None:
        bins.append(fall_inner)
    if joined is None:
        bins.append(Bin(0.0, 0.0, zero, True, True))
    if rise_inner is not None:
        bins.append(rise_inner)
    bins += [
        Bin(_edge(inner * width), _edge((outer + 1) * width), count, False, True)
        for inner, outer, count in rises
    ]
    if any(is_small(b.count) for b in bins):
        return None
    return bins
