"""Assignment and Grade Services: completion (and the knowledge-check score, where the link was made
to send it) goes back to the LMS's line item. A launch with a line item leaves an LtiGrade row;
`send_due` (run by `manage.py lti_send_grades`, from cron or a worker) sends each whose learner
has completed. A failure to send is kept and tried again after a growing wait (1, 2, 4… minutes,
at most 6 hours); a refusal the LMS says is final (4xx other than 429) stops it and shows in
Settings → LMS grades. Only completion and the score ever leave."""

import datetime
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException
from pylti1p3.grade import Grade
from pylti1p3.service_connector import ServiceConnector
from requests import RequestException

from courses.enrolment_models import Enrolment

from ..models import LtiGrade
from ..progress import course_of, progress_of, target_of
from .sync import kept

logger = logging.getLogger("storybridge.lti")
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LONGEST_WAIT = datetime.timedelta(hours=6)


def expect(enrolment, lti_user, context, target, lineitem, send_score):
    """Remember that this line item waits for the learner's completion of `target` (written
    only when something about it changed)."""
    kept(
        LtiGrade,
        None,
        {"lti_user": lti_user, "lineitem_url": lineitem},
        {"user": enrolment.user, "context": context, "page": target, "send_score": send_score},
    )


def status_of(problem):
    response = getattr(problem, "response", None)
    if response is None and problem.args and hasattr(problem.args[0], "status_code"):
        response = problem.args[0]
    return getattr(response, "status_code", None)


def put(grade_row, progress):
    registration = grade_row.context.deployment.registration.to_registration()
    service = AssignmentsGradesService(
        ServiceConnector(registration),
        {
            "scope": [SCORE_SCOPE],
            "lineitems": grade_row.context.lineitems_url,
            "lineitem": grade_row.lineitem_url,
        },
    )
    grade = (
        Grade()
        .set_user_id(grade_row.lti_user.sub)
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
        .set_timestamp(timezone.now().isoformat())
    )
    if progress.score is not None:
        grade.set_score_given(progress.score).set_score_maximum(100)
    service.put_grade(grade)


def send_due(now=None):
    """Send every due grade whose learner has completed; {"sent", "waiting", "failed"}."""
    now = now or timezone.now()
    counts = {"sent": 0, "waiting": 0, "failed": 0}
    due = (
        LtiGrade.objects.filter(sent_at__isnull=True, gave_up=False)
        .filter(Q(next_try_at__isnull=True) | Q(next_try_at__lte=now))
        .select_related("lti_user", "context__deployment__registration", "page", "user")
    )
    for row in due:
        target = target_of(row.page)
        enrolment = Enrolment.objects.filter(user=row.user, course=course_of(target)).first()
        if target is None or enrolment is None:
            continue
        progress = progress_of(enrolment, target, with_score=row.send_score)
        if not progress.completed:
            counts["waiting"] += 1
            continue
        try:
            put(row, progress)
        except (LtiException, RequestException) as problem:
            counts["failed"] += 1
            failed(row, problem, now)
            continue
        with transaction.atomic():
            LtiGrade.objects.filter(pk=row.pk).update(
                completed=True, score=progress.score, sent_at=now, last_error=""
            )
        counts["sent"] += 1
    return counts


def failed(row, problem, now):
    status = status_of(problem)
    final = status is not None and 400 <= status < 500 and status != 429
    attempts = row.attempts + 1
    wait = min(datetime.timedelta(minutes=2 ** (attempts - 1)), LONGEST_WAIT)
    LtiGrade.objects.filter(pk=row.pk).update(
        attempts=attempts,
        next_try_at=now + wait,
        gave_up=final,
        last_error=f"{status or type(problem).__name__}: {str(problem)[:200]}",
    )
    logger.warning(
        "grade for line item %s not sent (%s); try %s", row.lineitem_url, status, attempts
    )
