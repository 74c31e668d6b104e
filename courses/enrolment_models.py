"""Cohorts, enrolments and per-module progress. Business rules live in courses/enrolment.py."""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read aloud or copied from a slide comes out right.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 8


def new_join_code():
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(code):
    """What a learner typed, as stored: capitals, no spaces or dashes."""
    return "".join(ch for ch in (code or "") if ch not in " -\t\r\n").upper()


class CohortQuerySet(models.QuerySet):
    def for_educator(self, user):
        """The cohorts this person runs; every cohort for a superuser."""
        if user.is_superuser:
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(educators=user)


class Cohort(models.Model):
    """A group of learners on one course, joined with a code, run by its educators."""

    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("course"),
        help_text=_("The course this group of learners takes."),
    )
    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_("For example: September 2026 nursing intake. Learners see this name."),
    )
    join_code = models.CharField(
        _("join code"),
        max_length=16,
        unique=True,
        blank=True,
        default=new_join_code,
        help_text=_(
            "Learners type this on the 'Join a course' page. It is made for you; clear it to "
            "get a new one (the old code then stops working)."
        ),
    )
    starts_on = models.DateField(
        _("starts on"),
        default=timezone.localdate,
        help_text=_("The join code works from this day."),
    )
    ends_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        help_text=_("The join code stops working after this day. Leave empty to keep it open."),
    )
    educators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="cohorts_run",
        blank=True,
        verbose_name=_("educators"),
        help_text=_("Who runs this cohort and can see its progress. You are added yourself."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.UniqueConstraint(Upper("join_code"), name="courses_cohort_join_code_ci_unique"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.join_code = normalise_join_code(self.join_code) or new_join_code()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The end date must be on or after the start date.")}
            )

    def is_open(self, on=None):
        """Whether the join code works on the given day (today by default)."""
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)


class Enrolment(models.Model):
    """One learner's attempt at one course. Its uuid is the xAPI registration of the attempt."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="enrolments"
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    last_module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # When the delayed follow-up questionnaire's reminder was emailed: it is sent once.
    follow_up_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="courses_enrolment_one_per_course"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.course}"


class ModuleProgress(models.Model):
    """A learner's progress through one module of an enrolment."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    module = models.ForeignKey("courses.ModulePage", on_delete=models.CASCADE, related_name="+")
    first_visited_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Where the learner stands with each narrative slot of the module, by block id: what the
    # module page needs to render it, read with the enrolment in one query. The history of
    # choices is NarrativeDecision's; see courses/viewing.py.
    narrative_state = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "module"], name="courses_moduleprogress_once_per_module"
            )
        ]

    def __str__(self):
        return f"{self.enrolment} – {self.module_id}"
