"""manage.py lti_sync_rosters: bring every LMS course's roster (Names and Role Provisioning) into
its Storybridge cohorts, as each instructor launch does."""

from django.core.management.base import BaseCommand

from integrations.lti import roster
from integrations.models import LtiCohort


class Command(BaseCommand):
    help = "Sync the rosters of the LMS courses linked to Storybridge cohorts."

    def handle(self, **options):
        contexts = {link.context for link in LtiCohort.objects.select_related("context")}
        for context in contexts:
            learners = roster.sync_quietly(context)
            shown = "not reachable" if learners is None else f"{learners} learners"
            self.stdout.write(f"{context.title or context.id_on_platform}: {shown}")
