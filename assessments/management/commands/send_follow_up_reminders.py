"""`manage.py send_follow_up_reminders`: email each learner whose follow-up questionnaire is
due, once. Run it from cron or a worker, for example daily.

Each reminder is sent in its own transaction that locks the enrolment (skipping rows another
run holds) and marks it reminded, so two runs at once never send the same reminder twice. A
learner who has already answered or declined the follow-up is not reminded."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from assessments.questionnaires.reminders import (
    enrolment_to_remind,
    follow_up_reminders_due,
    send_reminder,
)
from courses.models import Enrolment


class Command(BaseCommand):
    help = (
        "Email the follow-up questionnaire reminder to every learner whose follow-up is due and "
        "who has not been reminded yet. Each learner is reminded once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count the reminders that are due without sending or recording any.",
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        sent = failed = 0
        for due in follow_up_reminders_due(now):
            pks = list(due.values_list("pk", flat=True))
            if dry_run:
                sent += len(pks)
                continue
            for pk in pks:
                try:
                    sent += self.remind(pk, now)
                except OSError as error:  # smtplib's errors included
                    # Not marked: the next run tries this learner again.
                    failed += 1
                    self.stderr.write(f"Could not send the reminder for enrolment {pk}: {error}")
        if dry_run:
            self.stdout.write(f"Would send {sent} follow-up reminder(s) (dry run: nothing sent).")
            return
        self.stdout.write(f"Sent {sent} follow-up reminder(s).")
        if failed:
            raise CommandError(f"{failed} reminder(s) could not be sent; they will be retried.")

    def remind(self, pk, now):
        """Send one reminder and mark it, in one transaction. 0 when another run holds or has
        already marked the enrolment."""
        with transaction.atomic():
            enrolment = enrolment_to_remind(pk)
            if enrolment is None:
                return 0
            send_reminder(enrolment)
            Enrolment.objects.filter(pk=pk).update(follow_up_reminded_at=now)
        return 1
