"""The questions a learner may answer after a story in the library, written for this project
(never the wording of a published scale). Each is optional, on one labelled five-point scale;
one answer per learner, story and question, which the learner may change."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    # How the recommender reads the answer: hopeful and relatable stories are "helpful".
    helpful: bool = True


QUESTIONS = (
    Question("hopeful", _("How hopeful did this story leave you?")),
    Question("relate", _("How much could you relate to it?")),
    Question("practice", _("How much will it change how you work with people?")),
)
QUESTION_KEYS = tuple(q.key for q in QUESTIONS)
BY_KEY = {q.key: q for q in QUESTIONS}

# The labelled points of the scale: (value, label). The value is the xAPI likert response.
SCALE = (
    (1, _("Not at all")),
    (2, _("A little")),
    (3, _("Somewhat")),
    (4, _("Quite a lot")),
    (5, _("Very much")),
)
SCALE_VALUES = tuple(value for value, _label in SCALE)
LOW, HIGH = SCALE_VALUES[0], SCALE_VALUES[-1]
