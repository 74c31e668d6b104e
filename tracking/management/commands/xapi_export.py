"""Write every stored xAPI statement as JSON lines: one statement (exactly as sent) a line,
oldest first. `--since` keeps those stored on or after a date or an ISO date-time."""

import json
from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tracking.models import Statement


def parse_since(value):
    """A date (`2026-11-01`, from its start) or an ISO 8601 date-time, in the site's time
    zone when it names none. CommandError when it is neither."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--since must be a date such as 2026-11-01 or a date and time such as "
            f"2026-11-01T09:30 (ISO 8601); got {value!r}. Nothing was written."
        ) from None
    if len(value) == 10:  # a bare date: from the start of that day
        moment = datetime.combine(moment.date(), time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = "Write every stored xAPI statement as JSON lines, oldest first."

    def add_arguments(self, parser):
        parser.add_argument(
            "--since", help="Only statements stored on or after this date or ISO date-time."
        )
        parser.add_argument("--output", help="Write to this file instead of the standard output.")

    def handle(self, *args, since=None, output=None, **options):
        statements = Statement.objects.order_by("stored", "id")
        if since is not None:
            statements = statements.filter(stored__gte=parse_since(since))
        rows = statements.values_list("data", flat=True).iterator(chunk_size=1000)
        if output:
            try:
                with open(output, "w", encoding="utf-8") as stream:
                    count = self.write(rows, stream)
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
            self.stdout.write(f"Wrote {count} statements to {output}.")
        else:
            self.write(rows, self.stdout)

    @staticmethod
    def write(rows, stream):
        count = 0
        for data in rows:
            stream.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
        return count
