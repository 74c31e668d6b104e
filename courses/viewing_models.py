"""What learners chose before narratives: the history of their choices. Rules live in
courses/viewing.py, recording in courses/choices.py. Breaks and support requests are never
linked to a person: only counts of them are kept (tracking/sensitive.py)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Choice(models.TextChoices):
    CONTINUE = "continue", _("Continued to the narrative")
    TRANSCRIPT = "transcript", _("Read the transcript instead")
    ANOTHER = "another", _("Asked to choose another narrative")
    CHOSEN = "chosen", _("Chose a narrative")
    SKIP = "skip", _("Skipped for now")
    EXPERIENCED = "experienced", _("Finished the narrative")


class NarrativeDecision(models.Model):
    """One choice a learner made about a narrative slot of a module. Append-only: the current
    state of each slot is kept on ModuleProgress.narrative_state."""

    enrolment = models.ForeignKey(
        "courses.Enrolment", on_delete=models.CASCADE, related_name="narrative_decisions"
    )
    module = models.ForeignKey("courses.ModulePage", on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64)
    narrative = models.ForeignKey(
        "narratives.Narrative", on_delete=models.CASCADE, related_name="decisions"
    )
    choice = models.CharField(max_length=20, choices=Choice.choices)
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("narrative decision")
        indexes = [models.Index(fields=["enrolment", "module"])]

    def __str__(self):
        return f"{self.get_choice_display()} ({self.narrative_id})"
