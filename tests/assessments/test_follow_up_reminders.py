"""`manage.py send_follow_up_reminders`: each learner whose follow-up questionnaire is due gets
one email with a link to it, never before the configured weeks, never after answering or
declining, never for a course without a follow-up; --dry-run sends and records nothing."""

import datetime
import threading
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from assessments.models import Timepoint
from assessments.questionnaires import answering as rules
from assessments.questionnaires import reminders
from courses.models import Enrolment
from tests.factories import CoursePageFactory, EnrolmentFactory, UserFactory

from .factories_questionnaires import answers, make_instrument, set_questionnaires

WEEKS = 12


@pytest.fixture
def instrument(db):
    return make_instrument()


@pytest.fixture
def asking_course(course, instrument):
    return set_questionnaires(course, instrument, instrument, instrument, weeks=WEEKS)


def completed(course, weeks_ago, username="learner", **user):
    user = UserFactory(username=username, **user)
    return EnrolmentFactory(
        user=user,
        course=course,
        completed_at=timezone.now() - datetime.timedelta(weeks=weeks_ago),
    )


def run(*args):
    out = StringIO()
    call_command("send_follow_up_reminders", *args, stdout=out)
    return out.getvalue()


def test_a_due_learner_is_reminded_once_with_a_link(asking_course, settings):
    settings.SITE_BASE_URL = "https://learn.example.org"
    enrolment = completed(asking_course, WEEKS + 1, first_name="Ada", email="ada@example.org")
    assert run() == "Sent 1 follow-up reminder(s).\n"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ada@example.org"]
    assert email.subject == "A short follow-up questionnaire for Recovery basics"
    link = f"https://learn.example.org/questionnaires/{asking_course.pk}/follow_up/"
    assert link in email.body
    assert email.body.startswith("Hello Ada,")
    assert "12 weeks since you completed Recovery basics" in email.body
    assert "Answering is up to you" in email.body
    enrolment.refresh_from_db()
    assert enrolment.follow_up_reminded_at is not None
    assert run() == "Sent 0 follow-up reminder(s).\n"
    assert len(mail.outbox) == 1


def test_not_before_the_weeks_have_passed(asking_course):
    enrolment = completed(asking_course, WEEKS - 1)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        completed_at=timezone.now() - datetime.timedelta(weeks=WEEKS) + datetime.timedelta(hours=1)
    )
    completed(asking_course, 0, username="just_finished")
    EnrolmentFactory(user=UserFactory(username="not_finished"), course=asking_course)
    assert run() == "Sent 0 follow-up reminder(s).\n"
    assert mail.outbox == []
    assert not Enrolment.objects.filter(follow_up_reminded_at__isnull=False).exists()


@pytest.mark.parametrize("how", ["submitted", "declined"])
def test_not_after_answering_or_declining(asking_course, instrument, how):
    enrolment = completed(asking_course, WEEKS + 1)
    if how == "submitted":
        rules.submit(enrolment, Timepoint.FOLLOW_UP, answers(instrument, 4, 2, 5, 1))
    else:
        rules.decline(enrolment, Timepoint.FOLLOW_UP)
    assert run() == "Sent 0 follow-up reminder(s).\n"
    assert mail.outbox == []


def test_a_started_draft_still_gets_the_reminder(asking_course, instrument):
    enrolment = completed(asking_course, WEEKS + 1)
    rules.save_answers(enrolment, Timepoint.FOLLOW_UP, answers(instrument, 4))
    assert run() == "Sent 1 follow-up reminder(s).\n"


def test_not_for_courses_without_a_follow_up(course_index, instrument):
    no_follow_up = set_questionnaires(
        CoursePageFactory(parent=course_index, title="Short course"), instrument, instrument
    )
    completed(no_follow_up, 52)
    assert run() == "Sent 0 follow-up reminder(s).\n"
    assert mail.outbox == []


def test_not_for_unpublished_courses_or_learners_without_an_address(asking_course):
    completed(asking_course, WEEKS + 1, email="")
    completed(asking_course, WEEKS + 1, username="gone", is_active=False)
    assert run() == "Sent 0 follow-up reminder(s).\n"
    completed(asking_course, WEEKS + 1, username="waiting")
    asking_course.unpublish()
    assert run() == "Sent 0 follow-up reminder(s).\n"
    assert mail.outbox == []


def test_each_course_uses_its_own_weeks(asking_course, course_index, instrument):
    four_weeks = set_questionnaires(
        CoursePageFactory(parent=course_index, title="Four weeks"),
        follow_up=instrument,
        weeks=4,
    )
    completed(four_weeks, 5, username="short")
    completed(asking_course, 5, username="long")
    assert run() == "Sent 1 follow-up reminder(s).\n"
    assert mail.outbox[0].to == ["short@example.org"]


def test_a_dry_run_sends_and_records_nothing(asking_course):
    enrolment = completed(asking_course, WEEKS + 1)
    assert run("--dry-run") == ("Would send 1 follow-up reminder(s) (dry run: nothing sent).\n")
    assert mail.outbox == []
    enrolment.refresh_from_db()
    assert enrolment.follow_up_reminded_at is None


def test_a_failed_email_is_not_marked_and_is_retried(asking_course, monkeypatch):
    enrolment = completed(asking_course, WEEKS + 1)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(reminders, "send_mail", refuse)
    with pytest.raises(Exception, match="1 reminder"):
        run()
    enrolment.refresh_from_db()
    assert enrolment.follow_up_reminded_at is None
    monkeypatch.undo()
    assert run() == "Sent 1 follow-up reminder(s).\n"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_two_runs_at_once_send_each_reminder_once(asking_course):
    for n in range(6):
        completed(asking_course, WEEKS + 1, username=f"learner{n}")
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait(timeout=10)
            run()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    recipients = sorted(address for email in mail.outbox for address in email.to)
    assert recipients == sorted(f"learner{n}@example.org" for n in range(6))
    assert Enrolment.objects.filter(follow_up_reminded_at__isnull=True).count() == 0
