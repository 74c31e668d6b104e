"""What the attitude-change report holds (reporting/attitude/report.py builds it): per
timepoint a summary of each scale, and the change between two timepoints per scale, with its
breakdowns by role and by cohort. A figure that may not be shown is `suppressed` (or None) and
its `reason` says why, in words for the page."""

from dataclasses import dataclass, field

from assessments.questionnaires.models import Instrument, Timepoint
from core.small_numbers import MIN_GROUP

from .histogram import Bin
from .summary import SHORT_LABELS, summarise

TOTAL = ""  # the key of the total score among the scales
MAIN_CHANGE = (Timepoint.PRE, Timepoint.POST)
RETENTION = ((Timepoint.PRE, Timepoint.FOLLOW_UP), (Timepoint.POST, Timepoint.FOLLOW_UP))


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
        """A plain-language summary per scale (summary.py), from the shown figures."""
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
