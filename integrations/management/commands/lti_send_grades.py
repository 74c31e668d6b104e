"""manage.py lti_send_grades [--loop SECONDS]: send the LMS grades that are due (completion and,
where chosen, the knowledge-check score), trying failed ones again later. Run it from cron or as a
worker, as xapi_forward."""

import time

from django.core.management.base import BaseCommand

from integrations.lti import grades


class Command(BaseCommand):
    help = "Send due LTI grades to the LMSs, retrying failures with a growing wait."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=int, default=0, help="run every N seconds")

    def handle(self, loop, **options):
        while True:
            counts = grades.send_due()
            self.stdout.write(
                f"sent {counts['sent']}, waiting for completion {counts['waiting']}, "
                f"failed (will retry) {counts['failed']}"
            )
            if loop <= 0:
                return
            time.sleep(loop)
