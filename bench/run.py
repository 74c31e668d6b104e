#!/usr/bin/env python
"""Page and learner-journey benchmarks: one JSON object per line, `{"name", "value", "unit",
"target"}` (target null: reported, no target set).

Run it with `make bench` (full runs) or `.venv/bin/python bench/run.py --quick` (two or three
minutes); `--only pages|journey|analysis|xapi|media` runs one part. It needs PostgreSQL on
postgres://postgres@127.0.0.1:5432 (override with BENCH_DATABASE_URL; the database name must
start with `storybridge_bench`, because the run creates it and drops it again) and uses `wrk`
for the page rates when it is installed (`apt-get install wrk`), else a slower Python client;
both pages are always measured with the same client.

Metrics:
- pages.queries_per_module_page: queries one request for a signed-in learner makes, for
  modules of 1, 5 and 20 narratives (with warnings, themes, consent and a self-hosted file),
  rendered afresh after a content change (the content version bumped, so every shared fragment
  and route is stale; `all_caches_emptied` is the count with every cache emptied, the
  learner's cached preferences too); and pages.queries_per_module_page_cached, served from the
  shared caches (core/page_cache.py). Neither count may grow with the number of narratives.
- pages.module_vs_floor: requests per second of the demo module page (load_demo's
  /courses/understanding-recovery/in-their-own-words/, for a signed-in learner) divided by
  requests per second of /bench/floor/ (static HTML of the same size through the same
  middleware), both from gunicorn with 2 workers in the same run, in alternating rounds; the
  median of the per-round ratios. Both rates and the peak RSS of a worker are printed too.
- journey.p95_vs_floor: 50 simulated learners at once (threads, each a fresh user with its own
  session and CSRF token) enrol, open the demo module, pass a narrative's content-warning
  interstitial, finish the narrative, save a draft reflection, submit it and open their journal
  (bench/journey.py); the p95 latency of those requests divided by the p95 of /bench/floor/
  requested by as many threads back to back (for the page rates' duration), on the same
  gunicorn, in alternating rounds: the median of the per-round ratios. journey_p95_ms and
  floor_p95_ms are over all rounds; step_alone_ms is one learner alone, without queueing.
  journey.errors counts requests that answered something unexpected (target 0); journey.rps is
  the journey's requests per second.
- analysis.report_vs_floor: with 10,000 enrolments x 20 items x pre and post stored in
  PostgreSQL (--enrolments to change), the time the course dashboard's statistics take
  (reporting.attitude.report, everything the superuser's course view computes, alpha included)
  divided by a floor: one hand-written SQL query through the driver into numpy arrays and
  numpy (with scipy's distribution functions) computing the same change statistics and alphas
  (bench/analysis.py). Best of each in alternating rounds, median ratio; target <= 2. Also
  analysis.queries (the dashboard's query count, which must not grow from 200 to 10,000
  learners) and analysis.report_peak_memory (tracemalloc's peak during one report).
- xapi.event_vs_floor: requests per second of the tracking endpoint (/xapi/events/, a batch
  of six player events checked, built into statements and stored in the outbox, from enrolled
  learners with their page-view tokens) divided by the floor's, same client, same gunicorn,
  alternating rounds (bench/xapi_events.py); target >= 0.2.
- media.gated_vs_static: requests per second of a 1 MiB recording through the consent-checked
  file view (/narratives/<uuid>/file/recording/, the demo learner's session) divided by the same
  bytes as a static file from Django's static-file view through the same middleware (the file
  floor, /bench/floor/static/), same client, same gunicorn, rotating rounds: the median of the
  per-round ratios (bench/media.py); target >= 0.5. gated_vs_whitenoise, against the same file
  from WhiteNoise (ahead of every middleware), is printed with it. `--only media` runs it.
- xapi.forward_vs_lrs_raw: statements per second our forwarder delivers from the outbox to a
  real Ralph LRS (.deps/ralph, `make ralph`) divided by Ralph's own ingestion rate for the same
  number of statements posted straight to it in batches of 100, in the same run
  (bench/xapi_forward.py); target >= 0.8. `--only xapi` runs these two.

The server runs storybridge.settings.production (DEBUG off) with throwaway secrets. Exits
non-zero only when something fails (a page does not render, a request errors, a single
learner's journey fails before the timed rounds), never because a figure misses its target.
"""

import argparse
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/storybridge_bench"
SIZES = (1, 5, 20)
MAX_QUERIES = 15
JOURNEY_LEARNERS = 50
JOURNEY_WARMUP_LEARNERS = 10  # fill each worker's caches before the timed rounds
TARGET_RATIO = 0.10
MODES = {
    # seconds per measurement, alternating rounds, warm-up seconds per page, connections
    "quick": {"duration": 5, "rounds": 3, "warmup": 2, "connections": 4},
    "full": {"duration": 15, "rounds": 5, "warmup": 5, "connections": 4},
}


class BenchError(Exception):
    pass


def emit(name, value, unit, target, **extra):
    sys.stdout.write(
        json.dumps({"name": name, "value": value, "unit": unit, "target": target, **extra}) + "\n"
    )
    sys.stdout.flush()


def log(message):
    sys.stderr.write(f"bench: {message}\n")
    sys.stderr.flush()


# --- the throwaway database --------------------------------------------------------------------


def admin_dsn(db_url):
    parts = urlsplit(db_url)
    name = parts.path.lstrip("/")
    if not name.startswith("storybridge_bench"):
        raise BenchError(f"refusing to create and drop {name!r}: use a storybridge_bench* name")
    return parts._replace(path="/postgres").geturl(), name


@contextmanager
def bench_database(db_url):
    import psycopg

    dsn, name = admin_dsn(db_url)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_environment(db_url, media_root):
    return {
        "DJANGO_SETTINGS_MODULE": "storybridge.settings.production",
        "DATABASE_URL": db_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_BASE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STORYBRIDGE_BENCH_FLOOR": "1",
        # Apart, as deployed (the protected folder may not sit inside the public one).
        "MEDIA_ROOT": os.path.join(media_root, "public"),
        "PROTECTED_MEDIA_ROOT": os.path.join(media_root, "protected"),
        "LOG_LEVEL": "ERROR",
    }


# --- query counts ----------------------------------------------------------------------------


def count_queries(path, cookie, fresh):
    """Queries for one warm request by a signed-in learner: served from the shared caches
    (fresh=None), rendered afresh after a content change (fresh="content": the content version
    bumped, which makes every shared fragment and route stale, as tests/courses/
    test_query_count.py does), or with every cache emptied (fresh="all": also the learner's
    cached preferences and Wagtail's site root paths)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core import content_version

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = cookie
    first = client.get(path)
    if first.status_code != 200:
        raise BenchError(f"{path} answered {first.status_code}")
    if fresh == "content":
        content_version.bump()
    elif fresh == "all":
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200 or b"Sign in" in response.content:
        raise BenchError(f"{path} did not render for the signed-in learner")
    return len(queries), response.content


def check_sized_module(module, content):
    """The learner has not started the module: each narrative block with warnings waits behind
    its interstitial, one without is shown, the choice set lists its narratives, and every
    narrative is named."""
    html = content.decode()
    shown = {
        "interstitials": (html.count("Before you start:"), module.interstitials),
        "narratives": (html.count('class="narrative narrative--'), module.opened),
        "choices": (html.count(">Choose this story<"), module.choice),
        "titles": (sum(title in html for title in module.titles), len(module.titles)),
    }
    for what, (found, expected) in shown.items():
        if found != expected:
            raise BenchError(f"{module.path} showed {found} {what}, expected {expected}")


def query_metrics(modules, cookie):
    for fresh, suffix in (("content", ""), (None, "_cached")):
        counts = {}
        for size, module in modules.items():
            counts[size], content = count_queries(module.path, cookie, fresh)
            check_sized_module(module, content)
            extra = {}
            if fresh:
                extra["all_caches_emptied"] = count_queries(module.path, cookie, "all")[0]
            emit(
                f"pages.queries_per_module_page{suffix}",
                counts[size],
                "queries",
                f"<= {MAX_QUERIES}",
                narratives=size,
                **extra,
            )
        emit(
            f"pages.queries_per_module_page{suffix}_growth",
            counts[max(SIZES)] - counts[min(SIZES)],
            "queries",
            "0",
            narratives=f"{min(SIZES)}->{max(SIZES)}",
        )


# --- the server ------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, cookie=None):
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


@contextmanager
def gunicorn(env, workers=2):
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "storybridge.wsgi:application",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        f"--chdir={ROOT}",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if fetch(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise BenchError("gunicorn did not start")
            time.sleep(0.2)
        yield server, base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def worker_pids(master_pid):
    pids = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", text, re.M):
            pids.append(int(status.parent.name))
    return pids


def peak_rss_mib(pids):
    peaks = []
    for pid in pids:
        text = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"^VmHWM:\s+(\d+) kB", text, re.M).group(1)) / 1024)
    return round(max(peaks), 1)


# --- load generators -------------------------------------------------------------------------


def wrk_rate(url, cookie, duration, connections):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: sessionid={cookie}"]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if bad:
        raise BenchError(f"{url}: {bad.group(1)} responses were not 2xx/3xx")
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if errors and (int(errors.group(1)) or int(errors.group(4))):
        raise BenchError(f"{url}: {errors.group(0)}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def threaded_rate(base, path, duration, requests_for, threads, per_thread=None):
    """Requests per second from `threads` threads, each on its own kept-alive connection,
    sending back to back for `duration` seconds (or until each has sent `per_thread`).
    `requests_for(slot)` yields (method, headers, body) for each request of a thread; any
    answer but 200 fails the run."""
    import http.client

    parts = urlsplit(base)
    done, failures = [0] * threads, []
    stop = time.monotonic() + duration

    def run(slot):
        conn, requests = None, requests_for(slot)
        while time.monotonic() < stop and (per_thread is None or done[slot] < per_thread):
            method, headers, body = next(requests)
            try:
                conn = conn or http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                content = response.read()
            except (OSError, http.client.HTTPException) as error:
                failures.append(repr(error))
                return
            if response.status != 200:
                failures.append(f"{method} {path}: {response.status} {content[:200]!r}")
                return
            done[slot] += 1
            if response.will_close:
                conn.close()
                conn = None

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        raise BenchError(failures[0])
    return sum(done) / (time.monotonic() - started)


def python_rate(url, cookie, duration, connections):
    """Fallback client for the page rates: one thread per connection, GETs back to back."""
    import itertools

    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    base = f"{parts.scheme}://{parts.netloc}"
    return threaded_rate(
        base, target, duration, lambda _slot: itertools.repeat(("GET", headers, None)), connections
    )


CLIENTS = {"wrk": wrk_rate, "python": python_rate}


# --- the learner journey ---------------------------------------------------------------------


def journey_metrics(env, module_path, course_id, session_keys, mode, learners):
    """journey.*: `learners` simulated learners at once through the journey (bench/journey.py),
    and as many threads requesting the floor, in alternating rounds after a warm-up round."""
    from bench import journey

    rounds = mode["rounds"]
    warmup = min(learners, JOURNEY_WARMUP_LEARNERS)
    keys = iter(session_keys)
    check_key, alone_key = next(keys), next(keys)
    batches = [[next(keys) for _ in range(n)] for n in [warmup] + [learners] * rounds]
    with gunicorn(env) as (_server, base):
        # One learner on their own first: the journey must work before it is timed.
        results = journey.Results()
        first = journey.Learner(base, check_key, course_id, module_path, results)
        first.run()
        if results.errors:
            raise BenchError(f"the learner journey failed: {results.errors[0]}")
        floor_path = f"/bench/floor/?bytes={first.module_bytes}"
        if len(fetch(base + floor_path)[1]) != first.module_bytes:
            raise BenchError("the floor view did not return a page of the module's size")

        def run(name, batch):
            if name == "journey":
                return journey.run_journeys(base, batch, course_id, module_path)
            return journey.run_floor(base, floor_path, learners, duration)

        log(f"journey: warming up with {warmup} learners")
        duration = mode["warmup"]
        for name in ("journey", "floor"):
            run(name, batches[0])
        duration = mode["duration"]
        # One learner alone on the warm server: what each step costs without queueing.
        results = journey.Results()
        journey.Learner(base, alone_key, course_id, module_path, results).run()
        alone = {step: round(1000 * v[0], 1) for step, v in results.latencies.items()}
        measured = {"journey": [], "floor": []}
        for round_number, batch in enumerate(batches[1:]):
            order = ("journey", "floor") if round_number % 2 == 0 else ("floor", "journey")
            for name in order:
                measured[name].append(run(name, batch))
            (j, j_seconds), (f, _f_seconds) = measured["journey"][-1], measured["floor"][-1]
            log(
                f"journey round {round_number + 1}: p95 "
                f"{1000 * journey.percentile(j.all_latencies(), 0.95):.0f} ms, "
                f"{len(j.all_latencies()) / j_seconds:.0f} req/s, {len(j.errors)} errors; "
                f"floor p95 {1000 * journey.percentile(f.all_latencies(), 0.95):.0f} ms"
            )

    journeys = [results for results, _seconds in measured["journey"]]
    floors = [results for results, _seconds in measured["floor"]]
    latencies = [s for r in journeys for s in r.all_latencies()]
    floor_latencies = [s for r in floors for s in r.all_latencies()]
    errors = [e for r in journeys for e in r.errors]
    floor_errors = [e for r in floors for e in r.errors]
    for description in sorted(set(errors + floor_errors))[:5]:
        log(f"journey error: {description}")
    if not latencies or not floor_latencies:
        raise BenchError("the journey rounds answered no requests")
    journey_p95 = journey.percentile(latencies, 0.95)
    floor_p95 = journey.percentile(floor_latencies, 0.95)
    # Each round's journey and floor run back to back, under the same conditions: the median of
    # the per-round ratios (as for pages.module_vs_floor) is what one noisy round moves least.
    round_ratios = [
        journey.percentile(j.all_latencies(), 0.95) / journey.percentile(f.all_latencies(), 0.95)
        for j, f in zip(journeys, floors, strict=True)
    ]
    steps = {
        step: round(1000 * journey.percentile(values, 0.95), 1)
        for step in journey.STEPS
        if (values := [s for r in journeys for s in r.latencies.get(step, [])])
    }
    common = {"client": "python-threads", "learners": learners, "rounds": rounds}
    emit(
        "journey.p95_vs_floor",
        round(statistics.median(round_ratios), 2),
        "ratio",
        None,
        journey_p95_ms=round(1000 * journey_p95, 1),
        floor_p95_ms=round(1000 * floor_p95, 1),
        round_ratios=[round(r, 2) for r in round_ratios],
        step_p95_ms=steps,
        step_alone_ms=alone,
        floor_bytes=first.module_bytes,
        **common,
    )
    emit(
        "journey.errors",
        len(errors),
        "requests",
        "0",
        journeys_completed=sum(r.journeys for r in journeys),
        journeys=learners * rounds,
        floor_errors=len(floor_errors),
        **common,
    )
    seconds = sum(s for _results, s in measured["journey"])
    emit("journey.rps", round(len(latencies) / seconds, 1), "req/s", None, **common)


def throughput_metrics(env, module_path, cookie, mode, client):
    rate = CLIENTS[client]
    with gunicorn(env) as (server, base):
        module_url = base + module_path
        status, body = fetch(module_url, cookie)
        if status != 200 or b"Sign in" in body:
            raise BenchError(f"{module_path} did not render for the signed-in learner")
        floor_url = f"{base}/bench/floor/?bytes={len(body)}"
        if len(fetch(floor_url)[1]) != len(body):
            raise BenchError("the floor view did not return a page of the module's size")
        pages = {"module": (module_url, cookie), "floor": (floor_url, None)}
        for url, page_cookie in pages.values():
            rate(url, page_cookie, mode["warmup"], mode["connections"])
        rates = {"module": [], "floor": []}
        for round_number in range(mode["rounds"]):
            order = ("module", "floor") if round_number % 2 == 0 else ("floor", "module")
            for name in order:
                url, page_cookie = pages[name]
                rates[name].append(rate(url, page_cookie, mode["duration"], mode["connections"]))
            log(
                f"round {round_number + 1}: module {rates['module'][-1]:.0f} req/s, "
                f"floor {rates['floor'][-1]:.0f} req/s"
            )
        rss = peak_rss_mib(worker_pids(server.pid))
    ratios = [m / f for m, f in zip(rates["module"], rates["floor"], strict=True)]
    common = {"client": client, "bytes": len(body), "rounds": mode["rounds"]}
    emit(
        "pages.module_vs_floor",
        round(statistics.median(ratios), 3),
        "ratio",
        f">= {TARGET_RATIO:.2f}",
        path=module_path,
        **common,
    )
    emit("pages.module_rps", round(statistics.median(rates["module"]), 1), "req/s", None, **common)
    emit("pages.floor_rps", round(statistics.median(rates["floor"]), 1), "req/s", None, **common)
    emit("pages.worker_peak_rss", rss, "MiB", None, workers=2)


def xapi_metrics(args):
    """xapi.event_vs_floor (bench/xapi_events.py) and xapi.forward_vs_lrs_raw
    (bench/xapi_forward.py, against a real Ralph from .deps/ralph: `make ralph`)."""
    from bench import xapi_events, xapi_forward

    log("xAPI: the tracking endpoint against the floor")
    events = xapi_events.run(args)
    emit(
        "xapi.event_vs_floor",
        events["xapi.event_vs_floor"],
        "ratio",
        ">= 0.2",
        events_rps=events["events_rps"],
        floor_rps=events["floor_rps"],
        round_ratios=events["round_ratios"],
        events_per_request=events["events_per_request"],
    )
    log("xAPI: the forwarder against Ralph's own ingestion")
    forward = xapi_forward.run(args)
    emit(
        "xapi.forward_vs_lrs_raw",
        forward["xapi.forward_vs_lrs_raw"],
        "ratio",
        ">= 0.8",
        forwarder_statements_per_s=forward["xapi.forward_statements_per_s"],
        lrs_raw_statements_per_s=forward["xapi.lrs_raw_statements_per_s"],
        statements=forward["xapi.statements"],
        rounds=forward["xapi.rounds"],
        round_ratios=forward["xapi.round_ratios"],
    )


def media_metrics(args, cookie):
    """media.gated_vs_static (bench/media.py)."""
    from bench import media

    log("media: the consent-checked file view against the static file")
    figures = media.run(args, cookie)
    emit(
        "media.gated_vs_static",
        figures.pop("media.gated_vs_static"),
        "ratio",
        ">= 0.5",
        **figures,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short runs (well under 2 minutes)")
    parser.add_argument(
        "--only",
        choices=["pages", "journey", "analysis", "xapi", "media"],
        help="run only the page metrics, the learner journey, the dashboard statistics, the "
        "xAPI tracking figures or the narrative file figure",
    )
    parser.add_argument(
        "--xapi-statements",
        type=int,
        default=None,
        help="statements per round for xapi.forward_vs_lrs_raw (default 5,000; 2,000 quick)",
    )
    parser.add_argument(
        "--learners",
        type=int,
        default=JOURNEY_LEARNERS,
        help=f"simulated learners at once in the journey (default {JOURNEY_LEARNERS})",
    )
    parser.add_argument(
        "--enrolments",
        type=int,
        default=10_000,
        help="enrolments (each with 20 answers before and after) for the analysis figures",
    )
    parser.add_argument(
        "--client",
        choices=["auto", *CLIENTS],
        default="auto",
        help="load generator (auto: wrk when installed, else the Python client)",
    )
    args = parser.parse_args()
    if args.learners < 1:
        parser.error("--learners must be 1 or more")
    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
    elif client == "wrk" and not shutil.which("wrk"):
        parser.error("wrk is not installed (apt-get install wrk)")
    mode = MODES["quick" if args.quick else "full"]
    db_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB_URL)

    media_root = tempfile.mkdtemp(prefix="storybridge-bench-media-")
    env = bench_environment(db_url, media_root)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    try:
        with bench_database(db_url):
            import django
            from django.core.management import call_command
            from django.db import connection

            django.setup()
            try:
                log("migrating the bench database and collecting static files")
                quiet = {"verbosity": 0, "stdout": io.StringIO()}
                call_command("migrate", **quiet)
                call_command("collectstatic", interactive=False, **quiet)
                from bench import analysis, fixtures

                log("loading the demo and building modules of 1, 5 and 20 narratives")
                module_path = fixtures.load_demo()
                cookie = fixtures.session_cookie(fixtures.learner())
                if args.only == "analysis":
                    analysis.metrics(emit, log, learners=args.enrolments)
                    return 0
                if args.only == "xapi":
                    xapi_metrics(args)
                    return 0
                if args.only == "media":
                    media_metrics(args, cookie)
                    return 0
                if args.only != "journey":
                    query_metrics(fixtures.sized_modules(SIZES), cookie)
                course_id = fixtures.demo_course_id(module_path)
                # Fresh learners for every round (and the warm-up): each enrols once.
                session_keys = fixtures.fresh_learners(
                    2 + min(args.learners, JOURNEY_WARMUP_LEARNERS) + args.learners * mode["rounds"]
                )
            finally:
                connection.close()
            if args.only != "journey":
                throughput_metrics(env, module_path, cookie, mode, client)
            if args.only not in ("pages", "analysis"):
                journey_metrics(env, module_path, course_id, session_keys, mode, args.learners)
            if args.only is None:
                try:
                    analysis.metrics(emit, log, learners=args.enrolments)
                    xapi_metrics(args)
                    media_metrics(args, cookie)
                finally:
                    connection.close()
    except (BenchError, subprocess.CalledProcessError) as error:
        log(f"error: {error}")
        return 1
    finally:
        shutil.rmtree(media_root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
