"""What the library keeps about a learner and a story: where they are in its safe-viewing flow
(and whether they finished it), and their answers to the feedback questions. Both are personal
data about staff: exported and erased with the account (library/personal_data.py)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .feedback import HIGH, LOW, QUESTIONS


class StoryProgress(models.Model):
    """One learner's state with one story opened from the library (not in a module)."""

    class Status(models.TextChoices):
        NEW = "new", _("Not started")
        OPEN = "open", _("Opened")
        TRANSCRIPT = "transcript", _("Reading the transcript")
        CHOOSING = "choosing", _("Choosing another story")
        SKIPPED = "skipped", _("Skipped for now")
        DONE = "done", _("Finished")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="story_progress"
    )
    narrative = models.ForeignKey(
        "narratives.Narrative", on_delete=models.CASCADE, related_name="library_progress"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    # The content-warning notice was shown and recorded while the learner had not decided.
    warning_shown = models.BooleanField(default=False)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "narrative"], name="one_progress_per_story")
        ]
        verbose_name = _("story progress")
        verbose_name_plural = _("story progress")

    def __str__(self):
        return f"{self.narrative_id}: {self.status}"


class StoryFeedback(models.Model):
    """One answer to one feedback question about one story."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="story_feedback"
    )
    narrative = models.ForeignKey(
        "narratives.Narrative", on_delete=models.CASCADE, related_name="library_feedback"
    )
    question = models.CharField(max_length=20, choices=[(q.key, q.text) for q in QUESTIONS])
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(LOW), MaxValueValidator(HIGH)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "narrative", "question"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=LOW, value__lte=HIGH), name="feedback_on_scale"
            ),
        ]
        indexes = [models.Index(fields=["narrative", "question"])]
        verbose_name = _("story feedback")
        verbose_name_plural = _("story feedback")

    def __str__(self):
        return f"{self.narrative_id} {self.question}={self.value}"
