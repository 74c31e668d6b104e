"""Instruments for the questionnaire tests, written for these tests (no published wording)."""

from assessments.models import (
    CourseQuestionnaires,
    Instrument,
    InstrumentItem,
    ScalePoint,
    Subscale,
)
from assessments.questionnaires.per_course import forget_questionnaires

AGREE_SCALE = (
    ("Strongly disagree", 1),
    ("Disagree", 2),
    ("Neither agree nor disagree", 3),
    ("Agree", 4),
    ("Strongly agree", 5),
)

# (text, reverse-scored, subscale, required)
ITEMS = (
    ("People can recover and live well.", False, "hope", True),
    ("Recovery is rare.", True, "hope", True),
    ("I would be at ease working beside someone who has been unwell.", False, "ease", True),
    ("I would rather keep my distance.", True, "ease", False),
)


def make_instrument(name="Thinking about recovery", rule="mean", scale=AGREE_SCALE, items=ITEMS):
    instrument = Instrument.objects.create(
        name=name,
        version="1",
        scoring_rule=rule,
        introduction="We ask the same questions before and after the course.",
        higher_is_better=True,
    )
    for order, (label, value) in enumerate(scale):
        ScalePoint.objects.create(instrument=instrument, label=label, value=value, sort_order=order)
    keys = list(dict.fromkeys(item[2] for item in items if item[2]))
    for order, key in enumerate(keys):
        Subscale.objects.create(
            instrument=instrument, key=key, name=key.capitalize(), sort_order=order
        )
    for order, (text, reverse, subscale, required) in enumerate(items):
        InstrumentItem.objects.create(
            instrument=instrument,
            text=text,
            reverse_scored=reverse,
            subscale=subscale,
            required=required,
            sort_order=order,
        )
    return instrument


def item_keys(instrument):
    return [str(item.uuid) for item in instrument.items.order_by("sort_order")]


def answers(instrument, *values):
    """{item uuid: value} for the items in order; None leaves an item out."""
    return {
        key: value
        for key, value in zip(item_keys(instrument), values, strict=False)
        if value is not None
    }


def form_data(instrument, *values, action="submit"):
    """The POST the questionnaire form sends."""
    data = {f"item-{key}": str(value) for key, value in answers(instrument, *values).items()}
    data["action"] = action
    return data


def set_questionnaires(course, baseline=None, post=None, follow_up=None, weeks=None):
    """The one place tests set which questionnaires a course asks (its CourseQuestionnaires)."""
    CourseQuestionnaires.objects.update_or_create(
        course=course,
        defaults={
            "baseline_questionnaire": baseline,
            "post_questionnaire": post,
            "follow_up_questionnaire": follow_up,
            "follow_up_weeks": weeks,
        },
    )
    forget_questionnaires(course)
    return course
