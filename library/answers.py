"""A learner's answers to the feedback questions after a story: read from the form, checked,
stored (one per learner, story and question; changeable, and removable by choosing "No answer")
and recorded as xAPI likert interactions, in one transaction. Anything that is not one of the
questions or one of the scale's points changes nothing."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tracking import library_statements as xapi
from tracking.recording import record

from .feedback import BY_KEY, QUESTIONS, SCALE, SCALE_VALUES
from .models import StoryFeedback, StoryProgress

NO_ANSWER = ""
# The story must have been opened (or finished) before it can be rated.
OPENED = (StoryProgress.Status.OPEN, StoryProgress.Status.TRANSCRIPT, StoryProgress.Status.DONE)


class BadFeedback(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def field_name(key):
    return f"feedback-{key}"


def read(post):
    """{question key: value or None} from a posted form; BadFeedback for anything tampered."""
    answers = {}
    for name in post:
        if name.startswith("feedback-") and name.removeprefix("feedback-") not in BY_KEY:
            raise BadFeedback(_("That question is not one we ask."))
    for question in QUESTIONS:
        values = post.getlist(field_name(question.key))
        if len(values) > 1:
            raise BadFeedback(_("Choose one answer for each question."))
        raw = values[0] if values else NO_ANSWER
        if raw == NO_ANSWER:
            answers[question.key] = None
            continue
        if not raw.isdigit() or int(raw) not in SCALE_VALUES:
            raise BadFeedback(_("Choose one of the answers shown."))
        answers[question.key] = int(raw)
    return answers


def current(user, narrative):
    """{question key: value} the learner has given for this story."""
    if not user.is_authenticated:
        return {}
    return dict(
        StoryFeedback.objects.filter(user=user, narrative=narrative).values_list(
            "question", "value"
        )
    )


def may_answer(user, narrative):
    return StoryProgress.objects.filter(user=user, narrative=narrative, status__in=OPENED).exists()


def save(user, narrative, answers):
    """Store the answers; record a likert statement for each new or changed one. Returns how
    many answers changed (removed ones included)."""
    changed = 0
    with transaction.atomic():
        existing = {
            row.question: row
            for row in StoryFeedback.objects.select_for_update().filter(
                user=user, narrative=narrative
            )
        }
        statements = []
        for key, value in answers.items():
            row = existing.get(key)
            if value is None:
                if row is not None:
                    row.delete()
                    changed += 1
                continue
            if row is not None and row.value == value:
                continue
            if row is None:
                StoryFeedback.objects.create(
                    user=user, narrative=narrative, question=key, value=value
                )
            else:
                row.value = value
                row.save(update_fields=["value", "updated_at"])
            changed += 1
            question = BY_KEY[key]
            statements.append(
                xapi.library_feedback_answered(user, narrative, key, question.text, SCALE, value)
            )
        if statements:
            record(*statements, user=user)
    return changed
