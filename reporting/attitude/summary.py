"""Plain-language summaries of attitude change, for a busy educator: one short paragraph per scale
built only from figures the dashboard already shows (so the small-number rule has decided them).

How big a change is follows Cohen's (1988) conventions for a standardised mean difference:
|d| below 0.2 is negligible ("hardly changed"), 0.2 small ("a little"), 0.5 medium
("moderately"), 0.8 large ("a lot"). The d used is d_av (mean change divided by the mean of the
two SDs), which Lakens (2013) recommends for comparing a before-and-after change with Cohen's
benchmarks; d_z is used only when d_av is undefined. Cohen, J. (1988). Statistical power
analysis for the behavioral sciences (2nd ed.). Lawrence Erlbaum. Lakens, D. (2013).
Calculating and reporting effect sizes. Frontiers in Psychology, 4, 863.

"More than chance" is the reliable change index (Jacobson & Truax, 1991) counts as shown (small
counts read "fewer than 5"). A caution is added when the 95% CI of the mean change includes no
change, or when fewer than FEW_PEOPLE people answered both times.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.questionnaires.models import Timepoint
from core.small_numbers import is_hidden

# What the dashboard calls each timepoint in its tables and charts.
SHORT_LABELS = {
    Timepoint.PRE: gettext_lazy("Before"),
    Timepoint.POST: gettext_lazy("After"),
    Timepoint.FOLLOW_UP: gettext_lazy("Follow-up"),
}

# Cohen (1988): the lower bound of each band of |d|, largest first.
BANDS = ((0.8, "large"), (0.5, "medium"), (0.2, "small"), (0.0, "negligible"))
# Below this many pairs, even a CI that excludes zero is a first sign rather than proof
# (a 95% CI of a mean from fewer than 20 people is wide on any attitude scale).
FEW_PEOPLE = 20
MINUS = "\u2212"
COHEN_1988 = (
    "Cohen, J. (1988). Statistical power analysis for the behavioral sciences (2nd ed.). "
    "Lawrence Erlbaum."
)
JACOBSON_TRUAX_1991 = (
    "Jacobson, N. S., & Truax, P. (1991). Clinical significance: a statistical approach to "
    "defining meaningful change in psychotherapy research. Journal of Consulting and Clinical "
    "Psychology, 59(1), 12–19."
)


@dataclass(frozen=True)
class ChangeSummary:
    """What a summary says: `headline` ("Attitudes improved a little") and `sentences` after it,
    or no headline and a `reason` why there is no summary."""

    scale: object
    headline: str = ""
    sentences: tuple[str, ...] = ()
    reason: str = ""
    band: str = ""  # negligible / small / medium / large, or "" when not sized
    direction: str = ""  # improved / worse / none

    @property
    def text(self):
        return " ".join((f"{self.headline}:" if self.sentences else self.headline, *self.sentences))


def signed(value):
    """+0.17, −0.08, 0.00: an explicit sign and a real minus, never "−0.00"."""
    text = f"{value:+.2f}"
    if float(text) == 0:
        return "0.00"
    return text.replace("-", MINUS)


def _point(value):
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}"


def cohen_band(d):
    """Cohen's (1988) band of an effect size: negligible, small, medium or large."""
    size = abs(d)
    return next(name for floor, name in BANDS if size >= floor)


def _headline(band, direction):
    if direction == "none" or band == "negligible":
        return _("Attitudes hardly changed")
    if band == "":
        return _("Attitudes improved") if direction == "improved" else _("Attitudes got worse")
    words = {
        ("improved", "small"): _("Attitudes improved a little"),
        ("improved", "medium"): _("Attitudes improved moderately"),
        ("improved", "large"): _("Attitudes improved a lot"),
        ("worse", "small"): _("Attitudes got a little worse"),
        ("worse", "medium"): _("Attitudes got moderately worse"),
        ("worse", "large"): _("Attitudes got a lot worse"),
    }
    return words[(direction, band)]


def _reliable_sentence(reliable, n):
    if not reliable:
        return _(
            "This questionnaire has no reliability figure, so no one can be said to have "
            "changed by more than chance."
        )
    improved, worse = reliable["improved"], reliable["deteriorated"]
    if all(is_hidden(value) and value.withheld for value in (improved, worse)):
        return _(
            "How many changed by more than chance is withheld here, as it could give away a "
            "small group."
        )
    if is_hidden(improved) and improved.withheld:
        first = _("How many improved by more than chance is withheld")
    elif improved == 0:
        first = _("No one improved by more than chance")
    else:
        first = _("%(count)s of %(n)s improved by more than chance") % {"count": improved, "n": n}
    if is_hidden(worse) and worse.withheld:
        second = _("how many got worse is withheld")
    elif worse == 0:
        second = _("none got worse")
    else:
        second = _("%(count)s got worse") % {"count": worse}
    return f"{first}, {second}."


def summarise(scale_change, *, higher_is_better=True):
    """The plain-language summary of one dashboard.ScaleChange (already through the
    small-number rule): a ChangeSummary, with a `reason` instead when there is none."""
    scale = scale_change.scale
    if scale_change.suppressed:
        return ChangeSummary(
            scale, reason=_("No summary. %(reason)s") % {"reason": scale_change.reason}
        )
    result = scale_change.result
    if result is None:
        return ChangeSummary(
            scale, reason=_("No summary yet: no one has answered both before and after.")
        )
    n, change = result.n, result.mean_change
    better = change > 0 if higher_is_better else change < 0
    direction = "none" if change == 0 else ("improved" if better else "worse")
    d = result.d_av if result.d_av is not None else result.d_z
    band = "negligible" if change == 0 else (cohen_band(d) if d is not None else "")
    ci = result.ci95_change
    figure = _("%(change)s on a %(low)s to %(high)s scale") % {
        "change": signed(change),
        "low": _point(scale.low),
        "high": _point(scale.high),
    }
    if ci is not None:
        figure += " " + _("(could be between %(low)s and %(high)s)") % {
            "low": signed(ci[0]),
            "high": signed(ci[1]),
        }
    sentences = [figure + ".", _reliable_sentence(scale_change.reliable, n)]
    crosses_zero = ci is None or ci[0] <= 0 <= ci[1]
    if crosses_zero:
        sentences.append(_("With %(n)s people this could still be chance.") % {"n": n})
    elif n < FEW_PEOPLE:
        sentences.append(
            _("With only %(n)s people, treat this as a first sign rather than proof.") % {"n": n}
        )
    else:
        sentences.append(_("With %(n)s people this is unlikely to be chance alone.") % {"n": n})
    return ChangeSummary(
        scale,
        headline=_headline(band, direction),
        sentences=tuple(sentences),
        band=band,
        direction=direction,
    )
