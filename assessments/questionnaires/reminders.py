"""The follow-up reminder: which learners are due one (read by
`manage.py send_follow_up_reminders`), where it sends them, and the email itself."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrolment

from .models import CourseQuestionnaires, QuestionnaireResponse, Timepoint
from .per_course import FOLLOW_UP_WEEKS, questionnaires_for

Status = QuestionnaireResponse.Status


def follow_up_reminders_due(now=None):
    """Enrolments whose follow-up questionnaire is open and whose learner has not been reminded,
    nor answered or declined it: a queryset per course with a follow-up, chained."""
    now = now or timezone.now()
    courses = CourseQuestionnaires.objects.filter(
        course__live=True, follow_up_questionnaire__isnull=False, follow_up_weeks__isnull=False
    )
    done = QuestionnaireResponse.objects.filter(
        timepoint=Timepoint.FOLLOW_UP, status__in=[Status.SUBMITTED, Status.DECLINED]
    ).values("enrolment_id")
    for course_id, weeks in courses.values_list("course_id", "follow_up_weeks"):
        yield (
            Enrolment.objects.filter(
                course_id=course_id,
                completed_at__lte=now - datetime.timedelta(weeks=weeks),
                follow_up_reminded_at__isnull=True,
                user__is_active=True,
            )
            .exclude(user__email="")
            .exclude(pk__in=done)
        )


def enrolment_to_remind(pk):
    """The enrolment, locked, with its user, course and the course's follow-up delay
    (`follow_up_weeks`), in one query; None when another run holds it or has already marked
    it. Call inside a transaction."""
    return (
        Enrolment.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("user", "course")
        .annotate(follow_up_weeks=FOLLOW_UP_WEEKS)
        .filter(pk=pk, follow_up_reminded_at__isnull=True)
        .first()
    )


def follow_up_url(course):
    path = reverse("assessments:questionnaire", args=[course.pk, Timepoint.FOLLOW_UP])
    return f"{settings.SITE_BASE_URL}{path}"


def send_reminder(enrolment):
    """Email the reminder. The delay comes from `enrolment_to_remind`'s annotation when there."""
    weeks = getattr(enrolment, "follow_up_weeks", None)
    if weeks is None:
        weeks = questionnaires_for(enrolment.course).follow_up_weeks
    context = {
        "user": enrolment.user,
        "course": enrolment.course,
        "weeks": weeks,
        "url": follow_up_url(enrolment.course),
    }
    subject = render_to_string("assessments/email/follow_up_subject.txt", context)
    body = render_to_string("assessments/email/follow_up_reminder.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [enrolment.user.email],
    )
