"""What may leave Storybridge for an LMS, one rule for SCORM and LTI: whether a learner has
completed a course or module, and (where the link was made to send it) their knowledge-check
score, the share of questions answered right, 0 to 100. Never attitude answers or reflections."""

from dataclasses import dataclass

from django.db.models import Count, Q

from assessments.knowledge.models import KnowledgeCheckAnswer
from courses.enrolment_models import ModuleProgress
from courses.models import CoursePage, ModulePage


@dataclass(frozen=True)
class Progress:
    completed: bool
    score: int | None


def target_of(page):
    """The CoursePage or ModulePage a link opens, or None for any other page."""
    specific = page.specific
    return specific if isinstance(specific, CoursePage | ModulePage) else None


def course_of(target):
    return target if isinstance(target, CoursePage) else target.get_parent().specific


def progress_of(enrolment, target, *, with_score):
    if isinstance(target, CoursePage):
        completed = enrolment.completed_at is not None
        modules = [module.pk for module in target.modules]
    else:
        completed = ModuleProgress.objects.filter(
            enrolment=enrolment, module=target, completed_at__isnull=False
        ).exists()
        modules = [target.pk]
    score = None
    if completed and with_score:
        counts = KnowledgeCheckAnswer.objects.filter(
            enrolment=enrolment, module_id__in=modules
        ).aggregate(answered=Count("pk"), right=Count("pk", filter=Q(correct=True)))
        if counts["answered"]:
            score = round(100 * counts["right"] / counts["answered"])
    return Progress(completed, score)
