"""The follow-up reminder: which learners are due one (read by
`manage.py send_follow_up_reminders`), where it sends them, and the email itself."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from courses.models import CoursePage, Enrolment

from .models import QuestionnaireResponse, Timepoint

Status = QuestionnaireResponse.Status


def follow_up_reminders_due(now=None):
    """Enrolments whose follow-up questionnaire is open and whose learner has not been reminded,
    nor answered or declined it: a queryset per course with a follow-up, chained."""
    now = now or timezone.now()
    courses = CoursePage.objects.live().filter(
        follow_up_questionnaire__isnull=False, follow_up_weeks__isnull=False
    )
    done = QuestionnaireResponse.objects.filter(
        timepoint=Timepoint.FOLLOW_UP, status__in=[Status.SUBMITTED, Status.DECLINED]
    ).values("enrolment_id")
    for course in courses.only("pk", "follow_up_weeks"):
        yield (
            Enrolment.objects.filter(
                course_id=course.pk,
                completed_at__lte=now - datetime.timedelta(weeks=course.follow_up_weeks),
                follow_up_reminded_at__isnull=True,
                user__is_active=True,
            )
            .exclude(user__email="")
            .exclude(pk__in=done)
        )


def follow_up_url(course):
    path = reverse("assessments:questionnaire", args=[course.pk, Timepoint.FOLLOW_UP])
    return f"{settings.SITE_BASE_URL}{path}"


def send_reminder(enrolment):
    context = {
        "user": enrolment.user,
        "course": enrolment.course,
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
