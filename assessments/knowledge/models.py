"""A learner's answer to a knowledge check. Rules live in assessments/knowledge/checks.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class KnowledgeCheckAnswer(models.Model):
    """The latest answer of one enrolment to one knowledge-check block of a module.

    Knowledge checks are formative: a learner may answer again, and the row keeps their latest
    answer with how many times they have answered. Answering, right or wrong, is what counts
    towards completing the module."""

    enrolment = models.ForeignKey(
        "courses.Enrolment",
        on_delete=models.CASCADE,
        related_name="knowledge_check_answers",
        verbose_name=_("enrolment"),
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("module"),
    )
    block_id = models.CharField(_("block id"), max_length=64)
    selected = models.JSONField(
        _("answers chosen"), default=list, help_text=_("The indexes of the options chosen.")
    )
    correct = models.BooleanField(_("right"), default=False)
    attempts = models.PositiveIntegerField(_("times answered"), default=0)
    answered_at = models.DateTimeField(_("first answered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last answered at"), auto_now=True)

    class Meta:
        verbose_name = _("knowledge check answer")
        verbose_name_plural = _("knowledge check answers")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "module", "block_id"],
                name="assessments_knowledge_answer_once_per_block",
            ),
        ]

    def __str__(self):
        return f"{self.block_id}: {self.selected}"
