"""xapi.forward_vs_lrs_raw: statements per second our forwarder delivers from the outbox to a
real Ralph, divided by Ralph's own ingestion rate for the same kind of statements posted
straight to it in batches of 100 (one kept-alive connection, bodies serialised before the
clock starts), in the same run. Target >= 0.8.

Each round empties the LRS and posts N statements raw; and empties it again, records N new
statements in the outbox (not timed) and times `tracking.forwarder.forward()` (what `manage.py
xapi_forward --once` runs, with its default two senders) delivering them. Rounds alternate
which of the two goes first; the ratio is the median of the per-round ratios (3 rounds quick,
5 full: on a busy machine Ralph's own time for the same work varies by a third from one round
to the next). Ralph's filesystem backend reads its whole file on every POST (to find existing
ids), so both sides start from an empty LRS and grow it identically.

`run(args)` needs Django set up on a migrated database (bench/run.py does that); `args.quick`
and `args.xapi_statements` are read if present. Standalone:
    .venv/bin/python bench/xapi_forward.py [--quick] [--statements N]
on a throwaway PostgreSQL database like bench/run.py (BENCH_DATABASE_URL).
"""

import argparse
import http.client
import json
import shutil
import statistics
import sys
import time
import uuid
from pathlib import Path

if __name__ == "__main__":
    # On its own: Django set up for a bench run before the project's modules load.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.harness import setup_django

    BENCH = setup_django()

# Models load only once Django is set up (by bench/run.py, or above when run on its own).
from django.db import connection  # noqa: E402 (Django is set up first)
from django.test import override_settings  # noqa: E402 (Django is set up first)

from bench.harness import bench_database, migrate  # noqa: E402 (Django is set up first)
from tests.tracking.conftest import registered_statements  # noqa: E402 (Django is set up first)
from tests.tracking.lrs_server import (  # noqa: E402 (Django is set up first)
    XAPI_HEADERS,
    RalphServer,
    _auth_header,
)
from tracking import forwarder  # noqa: E402 (Django is set up first)
from tracking.outbox import record_many  # noqa: E402 (Django is set up first)

BATCH = 100
THREADS = 2  # what `manage.py xapi_forward` uses by default on PostgreSQL
TARGET = 0.8


def _statements(count):
    return registered_statements(count)


def _raw_rate(lrs, statements):
    bodies = [
        json.dumps(statements[i : i + BATCH]).encode() for i in range(0, len(statements), BATCH)
    ]
    headers = {**XAPI_HEADERS, **_auth_header(lrs.username, lrs.password)}
    conn = http.client.HTTPConnection("127.0.0.1", lrs.port, timeout=60)
    started = time.perf_counter()
    for body in bodies:
        conn.request("POST", "/xAPI/statements", body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"Ralph answered {response.status} to a raw batch")
    elapsed = time.perf_counter() - started
    conn.close()
    return len(statements) / elapsed


def _forward_rate(lrs, count):
    name = f"bench-{uuid.uuid4().hex[:8]}"
    with override_settings(XAPI_LRS_ENDPOINTS=[lrs.endpoint(name=name, timeout=60)]):
        statements = _statements(count)
        for i in range(0, count, 1000):
            record_many(statements[i : i + 1000])
        started = time.perf_counter()
        (summary,) = forwarder.forward(endpoint=name, batch_size=BATCH, threads=THREADS)
        elapsed = time.perf_counter() - started
    if summary.delivered != count:
        raise RuntimeError(f"the forwarder delivered {summary.delivered} of {count}: {summary}")
    held = lrs.ids()
    if len(held) != count or len(set(held)) != count:
        raise RuntimeError(f"Ralph holds {len(held)} statements, expected {count} distinct")
    return count / elapsed


def run(args):
    """The figures as a dict: the ratio under "xapi.forward_vs_lrs_raw", plus the rates."""
    quick = getattr(args, "quick", False)
    count = getattr(args, "xapi_statements", None) or (2000 if quick else 5000)
    rounds = 3 if quick else 5
    raw_rates, forward_rates = [], []
    with RalphServer() as lrs:
        lrs.clear()
        _raw_rate(lrs, _statements(BATCH))  # warm up Ralph (auth cache, imports)
        for number in range(rounds):
            # Alternate which goes first: a machine that speeds up or slows down during a
            # round then favours neither side.
            for side in ("raw", "forward") if number % 2 == 0 else ("forward", "raw"):
                lrs.clear()
                if side == "raw":
                    raw_rates.append(_raw_rate(lrs, _statements(count)))
                else:
                    forward_rates.append(_forward_rate(lrs, count))
    ratios = [f / r for f, r in zip(forward_rates, raw_rates, strict=True)]
    return {
        "xapi.forward_vs_lrs_raw": round(statistics.median(ratios), 3),
        "xapi.forward_statements_per_s": round(statistics.median(forward_rates), 1),
        "xapi.lrs_raw_statements_per_s": round(statistics.median(raw_rates), 1),
        "xapi.statements": count,
        "xapi.rounds": rounds,
        "xapi.round_ratios": [round(r, 3) for r in ratios],
        "xapi.target": TARGET,
    }


def main(bench):
    """On its own: a throwaway database, migrated, and the figures as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--statements", dest="xapi_statements", type=int, default=None)
    try:
        args = parser.parse_args()
        with bench_database(bench.db_url):
            try:
                migrate(collect_static=False)
                sys.stdout.write(json.dumps(run(args)) + "\n")
            finally:
                connection.close()
    finally:
        shutil.rmtree(bench.media_root, ignore_errors=True)


if __name__ == "__main__":
    main(BENCH)
