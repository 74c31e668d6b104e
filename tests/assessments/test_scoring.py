"""Scoring questionnaire answers: reverse items, subscales, prorating, out-of-scale values."""

import uuid
from decimal import Decimal

import pytest

from assessments.models import Instrument, InstrumentItem, ScalePoint, Subscale
from assessments.questionnaires.scoring import (
    InstrumentSpec,
    ItemSpec,
    Scores,
    item_score,
    scale_score,
    score,
    validate_value,
)


def make_spec(rule="sum", min_fraction=0.75, **kwargs):
    """Four items on a 1–5 scale: a1, a2 (reversed) in subscale "a"; b1 (reversed), b2 in "b"."""
    items = (
        ItemSpec("a1", reverse=False, subscale="a", required=True),
        ItemSpec("a2", reverse=True, subscale="a", required=True),
        ItemSpec("b1", reverse=True, subscale="b", required=False),
        ItemSpec("b2", reverse=False, subscale="b", required=True),
    )
    values = dict(
        scale_min=1,
        scale_max=5,
        items=items,
        subscales=("a", "b"),
        rule=rule,
        min_fraction=min_fraction,
        higher_is_better=True,
    )
    values.update(kwargs)
    return InstrumentSpec(**values)


# item_score -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value,expected", [(1, 5), (2, 4), (3, 3), (4, 2), (5, 1)])
def test_reverse_item_scores_min_plus_max_minus_answer(value, expected):
    assert item_score(value, True, 1, 5) == expected
    assert item_score(value, False, 1, 5) == value


def test_reverse_item_on_a_scale_from_zero():
    assert item_score(0, True, 0, 6) == 6
    assert item_score(2, True, 0, 6) == 4


@pytest.mark.parametrize("value", [0, 6, -1, 100])
def test_item_score_refuses_values_off_the_scale(value):
    with pytest.raises(ValueError, match="not on the scale"):
        item_score(value, False, 1, 5)


@pytest.mark.parametrize("value", [True, 2.5, 3.0, "3", None])
def test_item_score_refuses_values_that_are_not_whole_numbers(value):
    with pytest.raises(ValueError, match="whole number"):
        item_score(value, False, 1, 5)


# scale_score ----------------------------------------------------------------------------------


def test_sum_and_mean_of_a_fully_answered_scale():
    assert scale_score([4, 2, 3, 5], "sum", 0.8) == 14.0
    assert scale_score([4, 2, 3, 5], "mean", 0.8) == 3.5


def test_prorated_sum_is_mean_of_answered_times_number_of_items():
    # 4 of 5 answered (exactly 0.8): mean 3.5 of the answered, × 5 items.
    assert scale_score([4, 2, None, 3, 5], "sum", 0.8) == 17.5
    assert scale_score([4, 2, None, 3, 5], "mean", 0.8) == 3.5


def test_prorating_at_exactly_the_threshold_scores():
    assert scale_score([1] * 8 + [None] * 2, "mean", 0.8) == 1.0
    assert scale_score([2] * 7 + [None] * 3, "sum", 0.7) == 20.0
    assert scale_score([3] + [None] * 9, "mean", 0.1) == 3.0
    assert scale_score([4, 4, 4, None], "sum", Decimal("0.75")) == 16.0


def test_just_below_the_threshold_there_is_no_score():
    assert scale_score([1] * 7 + [None] * 3, "mean", 0.8) is None
    assert scale_score([2] * 6 + [None] * 4, "sum", 0.7) is None
    assert scale_score([4, 4, None, None], "sum", Decimal("0.75")) is None
    # 2 of 3 is 0.666…, below 0.67.
    assert scale_score([4, 4, None], "mean", 0.67) is None
    assert scale_score([4, 4, None], "mean", 0.66) == 4.0


def test_nothing_answered_has_no_score_whatever_the_threshold():
    assert scale_score([None, None, None], "mean", 0.01) is None
    assert scale_score([], "sum", 0.5) is None


def test_scale_score_refuses_an_unknown_rule():
    with pytest.raises(ValueError, match="Unknown scoring rule"):
        scale_score([1, 2], "median", 0.8)


# score ----------------------------------------------------------------------------------------


def test_score_reverses_items_and_scores_subscales_and_total():
    answers = {"a1": 4, "a2": 2, "b1": 5, "b2": 3}  # scored: 4, 4, 1, 3
    result = score(make_spec("sum"), answers)
    assert result == Scores(total=12.0, subscales={"a": 8.0, "b": 4.0})
    result = score(make_spec("mean"), answers)
    assert result == Scores(total=3.0, subscales={"a": 4.0, "b": 2.0})


def test_score_prorates_total_and_leaves_out_a_subscale_with_too_few_answers():
    # b1 unanswered: total 3 of 4 = 0.75 (meets 0.75); subscale b 1 of 2 = 0.5 (does not).
    result = score(make_spec("sum", min_fraction=0.75), {"a1": 4, "a2": 2, "b2": 3})
    assert result.total == pytest.approx(44 / 3)  # mean (4 + 4 + 3) / 3 × 4 items
    assert result.subscales == {"a": 8.0, "b": None}


def test_score_below_the_threshold_gives_no_total():
    result = score(make_spec("mean", min_fraction=0.8), {"a1": 4, "a2": 2, "b2": 3})
    assert result.total is None
    assert result.subscales == {"a": 4.0, "b": None}


def test_unanswered_required_item_still_prorates():
    # a1 is required; scoring is not the form: it prorates anyway.
    result = score(make_spec("mean", min_fraction=0.5), {"a1": None, "a2": 1, "b1": 1, "b2": 5})
    assert result.total == pytest.approx((5 + 5 + 5) / 3)
    assert result.subscales == {"a": 5.0, "b": 5.0}


def test_nothing_answered_scores_nothing():
    assert score(make_spec(), {}).as_dict() == {"total": None, "subscales": {"a": None, "b": None}}


@pytest.mark.parametrize("value", [0, 6, 2.5, "4", True])
def test_score_refuses_a_value_off_the_scale(value):
    with pytest.raises(ValueError):
        score(make_spec(), {"a1": value, "a2": 2, "b1": 5, "b2": 3})


def test_score_refuses_an_unknown_item():
    with pytest.raises(ValueError, match="no item"):
        score(make_spec(), {"a1": 4, "a2": 2, "b1": 5, "b2": 3, "tampered": 3})


def test_score_accepts_uuid_keys():
    key = uuid.uuid4()
    items = (ItemSpec(str(key), True, "", True), ItemSpec("x", False, "", True))
    spec = InstrumentSpec(1, 5, items, (), "sum", 1, True)
    assert score(spec, {key: 1, "x": 2}).total == 7.0


def test_a_scale_with_gaps_refuses_the_missing_point():
    spec = make_spec(scale_min=0, scale_max=4, scale_values=(0, 1, 2, 4))
    assert validate_value(spec, 4) == 4
    with pytest.raises(ValueError, match="not on the response scale"):
        validate_value(spec, 3)
    with pytest.raises(ValueError, match="not on the response scale"):
        score(spec, {"a1": 3})


def test_validate_value_without_listed_points_uses_min_to_max():
    spec = make_spec()
    assert [validate_value(spec, v) for v in (1, 3, 5)] == [1, 3, 5]
    with pytest.raises(ValueError):
        validate_value(spec, 6)


def test_scores_as_dict_is_the_stored_form():
    scores = Scores(total=3.5, subscales={"a": None, "b": 2.0})
    assert scores.as_dict() == {"total": 3.5, "subscales": {"a": None, "b": 2.0}}


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"scale_min": 5, "scale_max": 5}, "below its maximum"),
        ({"rule": "median"}, "Unknown scoring rule"),
        ({"min_fraction": 0}, "min_fraction"),
        ({"min_fraction": 1.2}, "min_fraction"),
        ({"subscales": ("a",)}, "undeclared subscales: b"),
        ({"scale_values": (1, 2, 3)}, "ends of scale_values"),
    ],
)
def test_instrument_spec_refuses_inconsistent_settings(changes, message):
    with pytest.raises(ValueError, match=message):
        make_spec(**changes)


def test_instrument_spec_refuses_duplicate_item_keys():
    item = ItemSpec("a1", False, "", True)
    with pytest.raises(ValueError, match="own key"):
        InstrumentSpec(1, 5, (item, item), (), "sum", 0.8, True)


# from_instrument ------------------------------------------------------------------------------


@pytest.fixture
def instrument(db):
    instrument = Instrument(
        name="Working alongside recovery",
        version="1.0",
        scoring_rule=Instrument.ScoringRule.SUM,
        higher_is_better=False,
        min_answered_fraction=Decimal("0.75"),
        reliability=Decimal("0.850"),
    )
    for label, value in [("Agree", 2), ("Unsure", 1), ("Disagree", 0), ("Strongly agree", 4)]:
        instrument.scale_points.add(ScalePoint(label=label, value=value))
    instrument.subscales.add(Subscale(key="hope", name="Hope"))
    instrument.subscales.add(Subscale(key="distance", name="Social distance"))
    instrument.save()
    texts = [
        ("People can recover.", False, "hope"),
        ("I would avoid working with them.", True, "distance"),
        ("Recovery is rare.", True, "hope"),
        ("I would share a break room.", False, "distance"),
    ]
    for order, (text, reverse, subscale) in enumerate(texts):
        InstrumentItem.objects.create(
            instrument=instrument,
            text=text,
            reverse_scored=reverse,
            subscale=subscale,
            required=order != 3,
            sort_order=order,
        )
    return instrument


def test_from_instrument_reads_a_saved_instrument(instrument):
    saved = Instrument.objects.prefetch_related("scale_points", "items", "subscales").get(
        pk=instrument.pk
    )
    spec = InstrumentSpec.from_instrument(saved)
    items = list(InstrumentItem.objects.filter(instrument=instrument).order_by("sort_order"))
    assert spec.scale_min == 0
    assert spec.scale_max == 4
    assert spec.scale_values == (0, 1, 2, 4)
    assert spec.rule == "sum"
    assert spec.min_fraction == 0.75
    assert spec.higher_is_better is False
    assert spec.subscales == ("hope", "distance")
    assert spec.items == (
        ItemSpec(str(items[0].uuid), False, "hope", True),
        ItemSpec(str(items[1].uuid), True, "distance", True),
        ItemSpec(str(items[2].uuid), True, "hope", True),
        ItemSpec(str(items[3].uuid), False, "distance", False),
    )
    # Reversed on 0–4: x → 4 − x.
    answers = {items[0].uuid: 4, items[1].uuid: 0, items[2].uuid: 1, items[3].uuid: 2}
    assert score(spec, answers).as_dict() == {
        "total": 4.0 + 4.0 + 3.0 + 2.0,
        "subscales": {"hope": 7.0, "distance": 6.0},
    }
    with pytest.raises(ValueError, match="not on the response scale"):
        score(spec, {items[0].uuid: 3})


def test_from_instrument_needs_two_scale_points(db):
    instrument = Instrument(name="Too short", version="1")
    instrument.scale_points.add(ScalePoint(label="Yes", value=1))
    instrument.save()
    with pytest.raises(ValueError, match="at least two"):
        InstrumentSpec.from_instrument(instrument)
