"""`manage.py xapi_forward --once | --loop`: send the outbox to each LRS (tracking/forwarder.py).

Each run first puts the breaks and support requests of days that have ended in the outbox
(tracking/sensitive.py), then sends."""

import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from tracking import endpoints, forwarder, sensitive


class Command(BaseCommand):
    help = (
        "Send pending xAPI statements to each LRS in XAPI_LRS_ENDPOINTS: once, or in a loop "
        "until SIGTERM or SIGINT. Each run first adds the statements of breaks and support "
        "requests of days that have ended. Prints one line per LRS per run."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--once", action="store_true", help="Send what is due, then exit.")
        mode.add_argument("--loop", action="store_true", help="Keep sending until stopped.")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help="Statements per request (default: the endpoint's batch_size, else 100).",
        )
        parser.add_argument("--endpoint", default=None, help="Only this LRS, by its name.")
        parser.add_argument(
            "--threads",
            type=int,
            default=2,
            help="Senders per LRS at once, on PostgreSQL (default 2: one locks and saves its "
            "batch while another waits for the LRS). SQLite always uses one.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=5.0,
            help="Seconds to sleep between runs with --loop (default 5).",
        )

    def handle(self, *args, once, loop, batch_size, endpoint, interval, threads, **options):
        configured = endpoints.names()
        if not configured:
            self.release()
            self.stdout.write("No LRS configured (XAPI_LRS_ENDPOINTS): statements stay here.")
            return
        if endpoint and endpoint not in configured:
            raise CommandError(
                f"No LRS named {endpoint!r} in XAPI_LRS_ENDPOINTS; "
                f"configured: {', '.join(configured)}."
            )
        if batch_size is not None and not 1 <= batch_size <= 1000:
            raise CommandError("--batch-size must be between 1 and 1000.")
        if not 1 <= threads <= 16:
            raise CommandError("--threads must be between 1 and 16.")
        if interval < 0:
            raise CommandError("--interval must not be negative.")
        stop = threading.Event()
        if loop:
            for sig in (signal.SIGTERM, signal.SIGINT):
                # The batch in flight finishes and is saved; then the loop ends.
                signal.signal(sig, lambda *_: stop.set())
        while True:
            self.release()
            for summary in forwarder.forward(
                endpoint=endpoint, batch_size=batch_size, should_stop=stop.is_set, threads=threads
            ):
                self.stdout.write(summary.line())
            if once or stop.wait(interval):
                break
        if loop:
            self.stdout.write("Stopped.")

    def release(self):
        released = sensitive.release()
        if released:
            self.stdout.write(
                f"Added {released} statements of breaks and support requests from days that "
                "have ended."
            )
