"""What learners write. Rules (saving, submitting, sharing) live in
assessments/reflections/rules.py."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from courses.models import Cohort

MAX_REFLECTION_CHARS = 20_000


class ReflectionQuerySet(models.QuerySet):
    def shared_with(self, user):
        """Submitted reflections their learners shared, from the cohorts this person runs; every
        shared reflection for a superuser. Nothing for anyone else."""
        shared = self.filter(shared_with_educators=True, status=Reflection.Status.SUBMITTED)
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return shared
        return shared.filter(enrolment__cohort__in=Cohort.objects.for_educator(user))


class Reflection(models.Model):
    """One learner's answer to one reflection block of a module, private unless they share it.

    The prompt and titles are copied when the learner writes, so the portfolio still reads
    right after the module is edited or deleted."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reflections",
        verbose_name=_("learner"),
    )
    enrolment = models.ForeignKey(
        "courses.Enrolment",
        on_delete=models.CASCADE,
        related_name="reflections",
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
    prompt = models.CharField(_("prompt"), max_length=300)
    course_title = models.CharField(_("course"), max_length=255)
    module_title = models.CharField(_("module"), max_length=255)
    narrative_title = models.CharField(_("narrative"), max_length=255, blank=True)
    text = models.TextField(_("reflection"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    shared_with_educators = models.BooleanField(_("shared with educators"), default=False)
    # Ticked by the learner when they submitted, and only offered while the site's setting
    # (StorybridgeSettings.send_reflection_text_to_lrs) is on: the text goes in the xAPI
    # statement only with both.
    text_to_lrs_agreed = models.BooleanField(
        _("agreed to send the text to the learning record store"),
        default=False,
        help_text=_(
            "The learner agreed that their organisation's learning record store may keep the "
            "words of this reflection under their pseudonym."
        ),
    )
    shared_at = models.DateTimeField(_("shared at"), null=True, blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = ReflectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "module", "block_id"],
                name="assessments_reflection_once_per_block",
            ),
            # Only finished work is shared: a draft can never reach an educator.
            models.CheckConstraint(
                condition=Q(shared_with_educators=False) | Q(status="submitted"),
                name="assessments_reflection_shared_only_when_submitted",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-updated_at"], name="assessments_refl_user_idx"),
            models.Index(
                fields=["shared_with_educators", "-submitted_at"],
                name="assessments_refl_shared_idx",
            ),
        ]

    def __str__(self):
        return self.prompt

    def get_absolute_url(self):
        return reverse("assessments:reflection", args=[self.uuid])

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED

    @property
    def anchor(self):
        return f"reflection-{self.block_id}"
