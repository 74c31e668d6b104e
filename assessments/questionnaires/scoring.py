"""Scoring questionnaire answers: plain functions, no database access (tested directly).

An instrument is described by an `InstrumentSpec` (built once from a saved `Instrument` with
`InstrumentSpec.from_instrument`). `score(spec, answers)` turns one person's raw answers into a
total score and one score per subscale:

- A reverse-scored item counts as (scale minimum + scale maximum − answer).
- A scale (the whole instrument, or one subscale) is scored when at least `min_fraction` of its
  items are answered. Missing answers are prorated: "mean" is the mean of the answered items;
  "sum" is that mean × the number of items in the scale, so totals stay comparable between people
  who skipped an item and people who did not. With fewer answers the score is None.
- Whether an item is required is a rule for the form, not for scoring: scoring still prorates.
- A value that is not on the response scale, or an answer to an item the instrument does not
  have, raises ValueError. Scoring never silently accepts it.
"""

import numbers
from dataclasses import dataclass, field
from fractions import Fraction

RULES = ("sum", "mean")


@dataclass(frozen=True)
class ItemSpec:
    key: str  # str(InstrumentItem.uuid)
    reverse: bool
    subscale: str  # a subscale key, or "" for none
    required: bool


@dataclass(frozen=True)
class InstrumentSpec:
    scale_min: int
    scale_max: int
    items: tuple[ItemSpec, ...]
    subscales: tuple[str, ...]
    rule: str  # "sum" | "mean"
    min_fraction: float
    higher_is_better: bool
    # Every value on the response scale. None means every whole number from scale_min to
    # scale_max; from_instrument fills it in, so a scale with gaps (0, 1, 2, 4) is enforced.
    scale_values: tuple[int, ...] | None = None

    def __post_init__(self):
        if self.scale_min >= self.scale_max:
            raise ValueError(
                f"The scale minimum ({self.scale_min}) must be below its maximum "
                f"({self.scale_max})."
            )
        if self.rule not in RULES:
            raise ValueError(f"Unknown scoring rule {self.rule!r}: use 'sum' or 'mean'.")
        if not 0 < self.min_fraction <= 1:
            raise ValueError(
                f"min_fraction must be above 0 and at most 1, not {self.min_fraction}."
            )
        keys = [item.key for item in self.items]
        if len(set(keys)) != len(keys):
            raise ValueError("Each item needs its own key.")
        undeclared = sorted({i.subscale for i in self.items if i.subscale} - set(self.subscales))
        if undeclared:
            raise ValueError(f"Items refer to undeclared subscales: {', '.join(undeclared)}.")
        if self.scale_values is not None:
            if min(self.scale_values) != self.scale_min or max(self.scale_values) != self.scale_max:
                raise ValueError("scale_min and scale_max must be the ends of scale_values.")

    @classmethod
    def from_instrument(cls, instrument):
        """The spec of a saved (or in-memory) Instrument. Prefetch `scale_points`, `items` and
        `subscales` when building many."""
        values = tuple(sorted({point.value for point in instrument.scale_points.all()}))
        if len(values) < 2:
            raise ValueError(f"{instrument} needs at least two response scale points.")
        items = tuple(
            ItemSpec(
                key=str(item.uuid),
                reverse=item.reverse_scored,
                subscale=item.subscale,
                required=item.required,
            )
            for item in sorted(instrument.items.all(), key=lambda item: item.sort_order or 0)
        )
        return cls(
            scale_min=values[0],
            scale_max=values[-1],
            items=items,
            subscales=tuple(subscale.key for subscale in instrument.subscales.all()),
            rule=instrument.scoring_rule,
            min_fraction=float(instrument.min_answered_fraction),
            higher_is_better=instrument.higher_is_better,
            scale_values=values,
        )

    def item(self, key):
        for item in self.items:
            if item.key == key:
                return item
        raise ValueError(f"The questionnaire has no item {key!r}.")


@dataclass(frozen=True)
class Scores:
    total: float | None
    subscales: dict[str, float | None] = field(default_factory=dict)

    def as_dict(self):
        """The form stored in QuestionnaireResponse.scores."""
        return {"total": self.total, "subscales": dict(self.subscales)}


def _as_int(value):
    # bool is an Integral, but True is not an answer on a scale.
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"An answer must be a whole number on the scale, not {value!r}.")
    return int(value)


def item_score(value, reverse, scale_min, scale_max):
    """The score of one answer: the answer itself, or scale_min + scale_max − answer when the
    item is reverse-scored. Raises ValueError for a value outside [scale_min, scale_max]."""
    value = _as_int(value)
    if not scale_min <= value <= scale_max:
        raise ValueError(f"{value} is not on the scale ({scale_min} to {scale_max}).")
    return scale_min + scale_max - value if reverse else value


def validate_value(spec, value):
    """The answer as an int when it is a point of the spec's response scale; ValueError if not."""
    value = _as_int(value)
    allowed = spec.scale_values
    if allowed is None:
        on_scale = spec.scale_min <= value <= spec.scale_max
    else:
        on_scale = value in allowed
    if not on_scale:
        points = (
            f"{spec.scale_min} to {spec.scale_max}"
            if allowed is None
            else ", ".join(str(v) for v in allowed)
        )
        raise ValueError(f"{value} is not on the response scale ({points}).")
    return value


def scale_score(scored_values, rule, min_fraction):
    """One scale's score from its item scores (None = unanswered), or None when fewer than
    `min_fraction` of the items are answered. "mean": mean of the answered items; "sum": that
    mean × the number of items (prorated sum)."""
    if rule not in RULES:
        raise ValueError(f"Unknown scoring rule {rule!r}: use 'sum' or 'mean'.")
    n_items = len(scored_values)
    answered = [value for value in scored_values if value is not None]
    if not n_items or not answered:
        return None
    # Exact comparison, so 4 of 5 answered meets 0.8 regardless of float rounding.
    if Fraction(len(answered), n_items) < Fraction(str(min_fraction)):
        return None
    mean = sum(answered) / len(answered)
    return float(mean * n_items) if rule == "sum" else float(mean)


def score(spec, answers):
    """Total and subscale scores of one person's answers {item key: raw value or None}. Items
    missing from `answers` are unanswered. ValueError for an unknown item or a value that is not
    on the response scale."""
    answers = {str(key): value for key, value in answers.items()}
    known = {item.key for item in spec.items}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ValueError(f"The questionnaire has no item(s): {', '.join(unknown)}.")
    scored = {}
    for item in spec.items:
        raw = answers.get(item.key)
        if raw is None:
            scored[item.key] = None
        else:
            value = validate_value(spec, raw)
            scored[item.key] = item_score(value, item.reverse, spec.scale_min, spec.scale_max)
    total = scale_score([scored[item.key] for item in spec.items], spec.rule, spec.min_fraction)
    subscales = {
        key: scale_score(
            [scored[item.key] for item in spec.items if item.subscale == key],
            spec.rule,
            spec.min_fraction,
        )
        for key in spec.subscales
    }
    return Scores(total=total, subscales=subscales)
