"""xapi.event_vs_floor: requests per second of the tracking endpoint divided by the floor's.

Each request is what the tracking script sends while a learner listens: one batch of six
player events (initialized, played, paused, seeked, played, paused, with played segments and
progress) for the demo's audio narrative, posted as JSON with the CSRF header by a signed-in,
enrolled learner, checked, built into six statements and stored in the outbox (every batch
stores new statements: sequence numbers move on). The floor is /bench/floor/ (static HTML
through the same middleware) requested by the same client, from gunicorn with 2 workers in
the same run, in alternating rounds; the figure is the median of the per-round ratios.

Learners take turns (each thread cycles through its own), so that none goes past the
endpoint's per-learner rate limit: the figure measures the endpoint, not the limit. Before the
rounds, every learner sends WARM_BATCHES batches, so that the rounds measure the steady state
of a page that sends a batch every ten seconds for the length of a narrative, not the first
batch of each page view (which resolves the page view: three more queries).

`run(args)` expects Django set up on the bench database with the demo loaded (bench/run.py
does both) and reads `args.quick`; it returns the figures as a dict. On its own,
`.venv/bin/python bench/xapi_events.py [--quick]` does the same on a throwaway database
(BENCH_DATABASE_URL, as bench/run.py) and prints the dict as one JSON line.
"""

import argparse
import itertools
import json
import secrets
import shutil
import statistics
import string
import sys
from pathlib import Path

if __name__ == "__main__":
    # On its own: Django set up for a bench run before the project's modules load.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.harness import setup_django

    BENCH = setup_django()

# Models load only once Django is set up (by bench/run.py, or above when run on its own).
from django.contrib.sessions.models import Session  # noqa: E402 (Django is set up first)
from django.db import connection  # noqa: E402 (Django is set up first)

from bench import fixtures  # noqa: E402 (Django is set up first)
from bench.harness import (  # noqa: E402 (Django is set up first)
    MODES,
    BenchError,
    bench_database,
    fetch,
    gunicorn,
    log,
    migrate,
    threaded_rate,
)
from courses.models import Enrolment, ModulePage  # noqa: E402 (Django is set up first)
from narratives.models import Narrative  # noqa: E402 (Django is set up first)
from tracking.models import Statement  # noqa: E402 (Django is set up first)
from tracking.player.tokens import make_token  # noqa: E402 (Django is set up first)

LEARNERS_PER_THREAD = 100
THREADS = 4
WARM_BATCHES = 4  # per learner before the measured rounds
CSRF_CHARS = string.ascii_letters + string.digits


def setting():
    """The demo module with its audio narrative, and learners enrolled on its course, each
    with a session, a CSRF cookie and a page-view token. Returns (narrative, clients)."""
    module = ModulePage.objects.get(slug=fixtures.DEMO_MODULE_SLUG)
    audio = Narrative.objects.filter(pk__in=module.narrative_ids(), modality="audio").first()
    if audio is None or not audio.duration:
        raise BenchError("the demo module has no audio narrative with a duration")
    course = module.get_parent().specific
    keys = fixtures.fresh_learners(LEARNERS_PER_THREAD * THREADS, prefix="xapi")
    sessions = {s.session_key: s.get_decoded() for s in Session.objects.filter(pk__in=keys)}
    enrolments = Enrolment.objects.bulk_create(
        [Enrolment(user_id=int(sessions[key]["_auth_user_id"]), course=course) for key in keys]
    )
    clients = []
    for key, enrolment in zip(keys, enrolments, strict=True):
        csrf = "".join(secrets.choice(CSRF_CHARS) for _ in range(32))
        token = make_token(enrolment.user, enrolment, module)
        clients.append(
            {"cookie": f"sessionid={key}; csrftoken={csrf}", "csrf": csrf, "token": token}
        )
    return audio, clients


def batch(narrative, length, token, number):
    """The events of one batch; `number` moves the sequence numbers on."""
    base = {"narrative": str(narrative.uuid), "length": length, "at": 1000}
    seq = itertools.count(number * 10)
    return json.dumps(
        {
            "token": token,
            "events": [
                {**base, "type": "initialized", "seq": next(seq)},
                {**base, "type": "played", "seq": next(seq), "time": 0},
                {
                    **base,
                    "type": "paused",
                    "seq": next(seq),
                    "time": 12.5,
                    "progress": round(12.5 / length, 3),
                    "segments": [[0, 12.5]],
                },
                {**base, "type": "seeked", "seq": next(seq), "from": 12.5, "to": 5},
                {**base, "type": "played", "seq": next(seq), "time": 5},
                {
                    **base,
                    "type": "paused",
                    "seq": next(seq),
                    "time": 20,
                    "progress": round(20 / length, 3),
                    "segments": [[0, 12.5], [5, 20]],
                },
            ],
        }
    ).encode()


def rate(base, path, duration, requests_for, per_thread=None):
    """Requests per second from THREADS threads (bench.harness.threaded_rate)."""
    return threaded_rate(base, path, duration, requests_for, THREADS, per_thread)


def run(args):
    mode = MODES["quick" if getattr(args, "quick", False) else "full"]
    narrative, clients = setting()
    length = narrative.duration.total_seconds()
    stored_before = Statement.objects.count()
    connection.close()
    counter = itertools.count()

    def events_for(slot):
        mine = itertools.cycle(clients[slot::THREADS])
        while True:
            client = next(mine)
            headers = {
                "Cookie": client["cookie"],
                "X-CSRFToken": client["csrf"],
                "Content-Type": "application/json",
            }
            yield "POST", headers, batch(narrative, length, client["token"], next(counter))

    with gunicorn({}) as (_server, base):
        status, body = fetch(f"{base}/bench/floor/?bytes=64")
        if status != 200:
            raise BenchError("the floor view did not answer")
        floor_path = "/bench/floor/?bytes=64"

        def floor_for(_slot):
            return itertools.repeat(("GET", {}, None))

        pages = {"events": ("/xapi/events/", events_for), "floor": (floor_path, floor_for)}
        # Warm-up: the floor for a while, and every learner's page sends its first few batches
        # (a page sends one every ten seconds or so, for as long as the narrative plays): the
        # measured rounds then see the batches that follow, with the page view resolved and
        # cached in both workers, as most of a page's batches are.
        rate(base, floor_path, mode["warmup"], floor_for)
        rate(base, "/xapi/events/", 600, events_for, per_thread=WARM_BATCHES * LEARNERS_PER_THREAD)
        rates = {"events": [], "floor": []}
        for number in range(mode["rounds"]):
            order = ("events", "floor") if number % 2 == 0 else ("floor", "events")
            for name in order:
                path, requests_for = pages[name]
                rates[name].append(rate(base, path, mode["duration"], requests_for))
            log(
                f"xapi round {number + 1}: events {rates['events'][-1]:.0f} req/s, "
                f"floor {rates['floor'][-1]:.0f} req/s"
            )
    stored = Statement.objects.count() - stored_before
    connection.close()
    ratios = [e / f for e, f in zip(rates["events"], rates["floor"], strict=True)]
    return {
        "xapi.event_vs_floor": round(statistics.median(ratios), 3),
        "events_rps": round(statistics.median(rates["events"]), 1),
        "floor_rps": round(statistics.median(rates["floor"]), 1),
        "round_ratios": [round(r, 3) for r in ratios],
        "events_per_request": 6,
        "statements_stored": stored,
        "threads": THREADS,
        "rounds": mode["rounds"],
    }


def main(bench):
    """On its own: the bench database made, migrated and loaded as bench/run.py does."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    try:
        options = parser.parse_args()
        with bench_database(bench.db_url):
            migrate()
            fixtures.load_demo()
            sys.stdout.write(json.dumps(run(options)) + "\n")
    finally:
        shutil.rmtree(bench.media_root, ignore_errors=True)


if __name__ == "__main__":
    main(BENCH)
