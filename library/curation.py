"""What the lived-experience panel sees of the library's feedback: per story, how many people
finished it and how they answered each question, through the one small-number rule
(core/small_numbers.py). A question's mean and its spread over the scale appear only when five
or more people answered it; the spread's parts are shown beside their total, so a small part is
hidden and so is any part that would give it away by subtraction. Counts only, never a name."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from core.small_numbers import MIN_GROUP, shown, shown_parts
from narratives.models import Narrative

from .feedback import QUESTIONS, SCALE
from .models import StoryFeedback, StoryProgress


@dataclass
class QuestionFigures:
    text: str
    answered: object  # a count, or "fewer than 5"
    mean: float | None  # None when fewer than 5 answered
    spread: list  # [(label, count or Hidden)], empty when fewer than 5 answered


@dataclass
class StoryFigures:
    story: Narrative
    finished: object
    questions: list


def question_figures(question, counts):
    """`counts`: {scale value: people}."""
    total = sum(counts.values())
    if total < MIN_GROUP:
        return QuestionFigures(question.text, shown(total), None, [])
    mean = sum(value * people for value, people in counts.items()) / total
    parts = shown_parts({value: counts.get(value, 0) for value, _label in SCALE})
    return QuestionFigures(
        question.text, total, round(mean, 1), [(label, parts[value]) for value, label in SCALE]
    )


def feedback_figures(stories):
    """StoryFigures for each of `stories` (narratives), in their order: two queries."""
    ids = [story.pk for story in stories]
    answers = defaultdict(lambda: defaultdict(dict))
    for row in (
        StoryFeedback.objects.filter(narrative_id__in=ids)
        .values("narrative_id", "question", "value")
        .annotate(people=Count("user_id", distinct=True))
    ):
        answers[row["narrative_id"]][row["question"]][row["value"]] = row["people"]
    finished = dict(
        StoryProgress.objects.filter(narrative_id__in=ids, status=StoryProgress.Status.DONE)
        .values("narrative_id")
        .annotate(people=Count("user_id", distinct=True))
        .values_list("narrative_id", "people")
    )
    return [
        StoryFigures(
            story,
            shown(finished.get(story.pk, 0)),
            [question_figures(q, answers[story.pk][q.key]) for q in QUESTIONS],
        )
        for story in stories
    ]


def stories_with_activity():
    """Narratives someone has finished or rated in the library, by title."""
    touched = set(StoryFeedback.objects.values_list("narrative_id", flat=True).distinct())
    touched |= set(
        StoryProgress.objects.filter(status=StoryProgress.Status.DONE)
        .values_list("narrative_id", flat=True)
        .distinct()
    )
    return Narrative.objects.filter(pk__in=touched).order_by("title", "pk")
