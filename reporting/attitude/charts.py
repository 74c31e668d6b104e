"""Accessible charts drawn on the server as SVG (no JavaScript): a chart is a <figure> whose
<svg role="img"> is named by its <title> and <desc>, with a <figcaption> and the same numbers as a
table. Python works out the geometry; templates/reporting/attitude/includes/chart_*.html draw it.

Colours are dark on white (text #1f1f1f, marks #1a4f8b: over 7:1), with a white background of
their own so the admin's dark theme keeps the contrast. Numbers in the drawing and in the table
are the same strings (`number`).
"""

import math
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

WIDTH = 640
HEIGHT = 340
MARGIN = {"left": 72, "right": 24, "top": 28, "bottom": 64}
INK = "#1f1f1f"
MARK = "#1a4f8b"
GRID = "#c9ccd1"
MINUS = "\u2212"


def number(value, digits=2):
    """A figure as charts and their tables show it, with a real minus sign."""
    text = f"{value:.{digits}f}"
    if text.lstrip("-").strip("0.") == "":
        text = text.lstrip("-")  # no "−0.00"
    return text.replace("-", MINUS)


def nice_ticks(low, high, count=5):
    """Round tick values covering [low, high]."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= raw)
    first = math.floor(low / step + 1e-9) * step
    ticks, value = [], first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high - 1e-9:
        ticks.append(round(value, 10))
    return ticks, step


@dataclass
class Chart:
    """A drawn chart: `render()` gives the <figure> and the table with the same numbers."""

    id: str
    title: str
    desc: str
    caption: str
    template: str
    context: dict = field(default_factory=dict)
    width: int = WIDTH
    height: int = HEIGHT

    def render(self):
        return render_to_string(
            self.template,
            {
                "chart": self,
                "ink": INK,
                "colour": MARK,
                "grid": GRID,
                "margin": MARGIN,
                **self.context,
            },
        )

    def __html__(self):
        return self.render()

    __str__ = __html__  # templates call str() before escaping


def _plot_box():
    return (
        MARGIN["left"],
        WIDTH - MARGIN["right"],
        MARGIN["top"],
        HEIGHT - MARGIN["bottom"],
    )


def _axis(left, right, top, bottom):
    return {
        "left": left,
        "right": right,
        "top": top,
        "bottom": bottom,
        "middle": (top + bottom) // 2,
    }


def means_chart(chart_id, scale, points, *, caption=""):
    """Means with 95% CIs by timepoint for one scale. `points`: (label, ScoreSummary) in order;
    suppressed or empty ones are listed in the table and description, not drawn. None when there
    is nothing to draw."""
    drawn = [(label, s) for label, s in points if not s.suppressed and s.mean is not None]
    if not drawn:
        return None
    ticks, y_low, y_high = _means_axis(scale, drawn)
    left, right, top, bottom = _plot_box()

    def y(value):
        return round(bottom - (value - y_low) / (y_high - y_low) * (bottom - top), 1)

    rows, marks, missing = _mean_rows(points, (right - left) / len(points), y)
    title = _("%(scale)s: mean score with 95%% confidence interval at each timepoint") % {
        "scale": scale.name
    }
    return Chart(
        id=chart_id,
        title=title,
        desc=_means_description(marks, missing, y_low, y_high),
        caption=caption or title,
        template="reporting/attitude/includes/chart_means.html",
        context={
            "rows": rows,
            "marks": marks,
            "ticks": [{"y": y(t), "label": number(t)} for t in ticks if y_low <= t <= y_high],
            "axis": _axis(left, right, top, bottom),
            "y_label": _("Mean score"),
            "scale": scale,
        },
    )


def _means_axis(scale, drawn):
    """The ticks and the range of the score axis: the drawn CIs with some room, within the
    scale's possible scores."""
    lows = [s.ci95[0] for _label, s in drawn]
    highs = [s.ci95[1] for _label, s in drawn]
    span = max(highs) - min(lows)
    pad = max(span * 0.15, (scale.high - scale.low) * 0.05, 1e-6)
    low = max(scale.low, min(lows) - pad)
    high = min(scale.high, max(highs) + pad)
    ticks, _step = nice_ticks(low, high)
    ticks = [t for t in ticks if scale.low - 1e-9 <= t <= scale.high + 1e-9] or [low, high]
    return ticks, min(ticks[0], low), max(ticks[-1], high)


def _mean_rows(points, slot, y):
    """A table row per timepoint, the drawn ones (marks) with their geometry, and the labels of
    those not drawn."""
    left = MARGIN["left"]
    marks, rows, missing = [], [], []
    for index, (label, summary) in enumerate(points):
        x = round(left + slot * (index + 0.5), 1)
        shown = not summary.suppressed and summary.mean is not None
        row = {"label": label, "x": x, "shown": shown}
        if shown:
            row.update(
                n=summary.n,
                mean=number(summary.mean),
                sd=number(summary.sd),
                ci_low=number(summary.ci95[0]),
                ci_high=number(summary.ci95[1]),
                y=y(summary.mean),
                y_low=y(summary.ci95[0]),
                y_high=y(summary.ci95[1]),
                cap_left=round(x - 10, 1),
                cap_right=round(x + 10, 1),
                label_x=round(x + 14, 1),
            )
            marks.append(row)
        else:
            row["reason"] = summary.reason or _("No one yet.")
            missing.append(label)
        rows.append(row)
    return rows, marks, missing


def _means_description(marks, missing, y_low, y_high):
    parts = [
        _("%(label)s: mean %(mean)s (95%% CI %(low)s to %(high)s), %(n)s people.")
        % {
            "label": row["label"],
            "mean": row["mean"],
            "low": row["ci_low"],
            "high": row["ci_high"],
            "n": row["n"],
        }
        for row in marks
    ]
    if missing:
        parts.append(_("Not shown: %(labels)s.") % {"labels": ", ".join(map(str, missing))})
    return _(
        "Points are means, bars are 95%% confidence intervals; the axis runs from %(low)s "
        "to %(high)s. "
    ) % {"low": number(y_low), "high": number(y_high)} + " ".join(parts)


def bin_label(b):
    """How a bin of change reads: "No change (0)", "−0.50 to under 0", "more than 0 to 0.50"."""
    if b.no_change:
        return _("No change (0)")
    values = {"low": number(b.low), "high": number(b.high)}
    if b.closed_low and b.closed_high:
        return _("%(low)s to %(high)s") % values
    if b.closed_low:
        return _("%(low)s to under %(high)s") % values
    return _("more than %(low)s to %(high)s") % values


def change_histogram_chart(chart_id, scale, bins, *, higher_is_better=True, caption=""):
    """The distribution of individual change (after − before) as bars over bins of change
    (histogram.change_histogram: every bin holds 0 or at least 5 people and lies on
    one side of no change). The "no change" bin gets a slot of its own at 0, one typical bin
    wide, so falls are drawn left of it and rises right of it. None without bins."""
    if not bins:
        return None
    left, right, top, bottom = _plot_box()
    axis = _ChangeAxis(bins, left, right)
    most = max(b.count for b in bins)
    count_ticks, _step = nice_ticks(0, max(most * 1.15, 1))
    count_ticks = [t for t in count_ticks if t == int(t)]
    y_top = max(count_ticks[-1], most)

    def y(value):
        return round(bottom - value / y_top * (bottom - top), 1)

    bars, rows = [], []
    for b in bins:
        row = {"label": bin_label(b), "count": b.count}
        rows.append(row)
        start, end = axis.span(b)
        bars.append(
            {
                **row,
                "x": start + 1,
                "width": max(round(end - start - 2, 1), 1),
                "y": y(b.count),
                "height": round(y(0) - y(b.count), 1),
                "text_x": round((start + end) / 2, 1),
                "text_y": y(b.count) - 6,
            }
        )
    value_ticks, _step = nice_ticks(axis.low, axis.high, 6)
    value_ticks = [t for t in value_ticks if axis.low - 1e-9 <= t <= axis.high + 1e-9]
    better = _("higher") if higher_is_better else _("lower")
    title = _("%(scale)s: how much each person's score changed") % {"scale": scale.name}
    desc = _(
        "Bars count people by their change in score (after minus before); the dashed line is no "
        "change, with falls to its left and rises to its right, never in the same bar. For this "
        "questionnaire %(better)s scores are better. Groups of fewer than 5 people are merged "
        "with their neighbours on the same side. "
    ) % {"better": better} + " ".join(_("%(label)s: %(count)s people.") % row for row in rows)
    return Chart(
        id=chart_id,
        title=title,
        desc=desc,
        caption=caption or title,
        template="reporting/attitude/includes/chart_histogram.html",
        context={
            "rows": rows,
            "bars": bars,
            "count_ticks": [{"y": y(t), "label": str(int(t))} for t in count_ticks],
            "value_ticks": [
                {"x": axis.zero_x if t == 0 else axis.x(t), "label": number(t)} for t in value_ticks
            ],
            "zero_x": axis.zero_x,
            "axis": _axis(left, right, top, bottom),
            "x_label": _("Change in score (after − before)"),
            "y_label": _("People"),
            "scale": scale,
        },
    )


class _ChangeAxis:
    """The horizontal axis of the change histogram: falls (and 0 seen from them) left of the
    no-change slot, rises right of it."""

    def __init__(self, bins, left, right):
        self.left = left
        self.low, self.high = min(bins[0].low, 0), max(bins[-1].high, 0)
        widths = [b.high - b.low for b in bins if not b.no_change]
        self.slot = min(widths) if any(b.no_change for b in bins) and widths else 0
        if not widths:
            self.slot = 1.0
        self.scale = (right - left) / (self.high - self.low + self.slot)
        self.zero_left, self.zero_right = self.x(0, rising=False), self.x(0, rising=True)
        self.zero_x = round((self.zero_left + self.zero_right) / 2, 1)

    def x(self, value, rising=None):
        rising = value > 0 if rising is None else rising
        return round(self.left + (value - self.low + (self.slot if rising else 0)) * self.scale, 1)

    def span(self, b):
        """Where a bin's bar starts and ends."""
        if b.no_change:
            return self.zero_left, self.zero_right
        rising = b.low >= 0
        return self.x(b.low, rising), self.x(b.high, rising)
