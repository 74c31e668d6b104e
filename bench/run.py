#!/usr/bin/env python
"""Page and learner-journey benchmarks: one JSON object per line, `{"name", "value", "unit",
"target"}` (target null: reported, no target set).

Run it with `make bench` (full runs) or `.venv/bin/python bench/run.py --quick` (two or three
minutes); `--only pages|journey|analysis|xapi|media|recommend|library|lti` runs one
part. It needs
PostgreSQL on postgres://postgres@127.0.0.1:5432 (override with BENCH_DATABASE_URL; the
database name must start with `storybridge_bench`, because the run creates it and drops it
again; `--only recommend` needs none) and uses `wrk` for the page rates when it is installed
(`apt-get install wrk`), else a slower Python client; both pages are always measured with
the same client.

Metrics:
- pages.queries_per_module_page: queries one request for a signed-in learner makes, for
  modules of 1, 5 and 20 narratives (with warnings, themes, consent and a self-hosted file),
  rendered afresh after a content change (the content version bumped, so every shared fragment
  and route is stale; `all_caches_emptied` is the count with every cache emptied, the
  learner's cached preferences too); and pages.queries_per_module_page_cached, served from the
  shared caches (core/page_cache.py). Neither count may grow with the number of narratives
  (bench/pages.py, as the next).
- pages.module_vs_floor: requests per second of the demo module page (load_demo's
  /courses/understanding-recovery/in-their-own-words/, for a signed-in learner) divided by
  requests per second of /bench/floor/ (static HTML of the same size through the same
  middleware), both from gunicorn with 2 workers in the same run, in alternating rounds; the
  median of the per-round ratios. Both rates and the peak RSS of a worker are printed too.
  /bench/floor/ is portal.views.bench_floor, on when STORYBRIDGE_BENCH_FLOOR is set.
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
- recommend.*: the story recommender's offline evaluation on simulated learners (precision@5
  and nDCG@5 against popularity and random, coverage, diversity, role fairness, narrator
  exposure, ms per list), bench/recommend.py; needs no database or server, so `--only
  recommend` makes none.
- library.page_vs_floor: requests per second of /stories/?q=allotment for the signed-in
  learner, with 1,000 narratives in the catalogue (bench/story_library.py grows it), divided by
  the floor's for a page of the same size, same client, same gunicorn, alternating rounds:
  the median ratio; target >= 0.10. The listing is remembered per address (library/views.py),
  so this is the repeated search; library.queries gives that page's queries at 100 and 1,000
  narratives, remembered and worked out afresh (growth must be 0 for both). `--only library`
  runs these two.
- lti.launch_vs_floor: whole LTI 1.3 launches per second (login initiation, the signed token
  checked with the platform's keys cached, the account found and signed in, the module page
  served) divided by the floor's requests per second for a page of the same size, same
  gunicorn (with Redis as the workers' shared cache, as LTI needs), rotating rounds: the
  median ratio (bench/lti_launch.py); target >= 0.2. login_ms, launch_ms and page_ms are each
  request's median latency under that load. lti.sign_in_vs_floor (no target) is the same
  without the page (login initiation and launch POST). `--only lti` runs them.

The server runs storybridge.settings.production (DEBUG off) with throwaway secrets; the
database, the environment, the server and the load clients are bench/harness.py's. Exits
non-zero only when something fails (a page does not render, a request errors, a single
learner's journey fails before the timed rounds), never because a figure misses its target.
"""

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

# The parts of the bench import models: Django is set up for the run (the environment, a
# temporary media root, django.setup()) before they load.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import harness

BENCH = harness.setup_django()

from django.db import connection  # noqa: E402 (Django is set up first)

from bench import (  # noqa: E402 (Django is set up first)
    analysis,
    fixtures,
    journey,
    lti_launch,
    media,
    pages,
    recommend,
    story_library,
    xapi_events,
    xapi_forward,
)
from bench.harness import CLIENTS, MODES, BenchError, emit, log  # noqa: E402 (Django first)


def xapi_metrics(args, _cookie):
    """xapi.event_vs_floor (bench/xapi_events.py) and xapi.forward_vs_lrs_raw
    (bench/xapi_forward.py, against a real Ralph from .deps/ralph: `make ralph`)."""
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
    log("media: the consent-checked file view against the static file")
    figures = media.run(args, cookie)
    emit(
        "media.gated_vs_static",
        figures.pop("media.gated_vs_static"),
        "ratio",
        ">= 0.5",
        **figures,
    )


def analysis_metrics(args, _cookie):
    """analysis.* (bench/analysis.py)."""
    analysis.metrics(learners=args.enrolments)


IN_PROCESS = {"analysis": analysis_metrics, "xapi": xapi_metrics, "media": media_metrics}


def parse_args():
    """The options, the page-rate client and the mode (quick or full) they choose."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short runs (well under 2 minutes)")
    parser.add_argument(
        "--only",
        choices=["pages", "journey", "analysis", "xapi", "media", "recommend", "library", "lti"],
        help="run only the page metrics, the learner journey, the dashboard statistics, the "
        "xAPI tracking figures, the narrative file figure or the recommender's evaluation "
        "(no database)",
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
        default=journey.LEARNERS,
        help=f"simulated learners at once in the journey (default {journey.LEARNERS})",
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
    return args, client, mode


def run(args, client, mode):
    """The parts `args.only` names (every part without it), on the new bench database."""
    try:
        log("migrating the bench database and collecting static files")
        harness.migrate()
        log("loading the demo and building modules of 1, 5 and 20 narratives")
        module_path = fixtures.load_demo()
        cookie = fixtures.session_cookie(fixtures.learner())
        if args.only == "library":
            library_metrics(cookie, client, mode)
            return
        if args.only == "lti":
            lti_launch.metrics(BENCH.env, module_path, mode)
            return
        if args.only in IN_PROCESS:
            IN_PROCESS[args.only](args, cookie)
            return
        if args.only != "journey":
            pages.query_metrics(fixtures.sized_modules(pages.SIZES), cookie)
        course_id = fixtures.demo_course_id(module_path)
        # Fresh learners for every round (and the warm-up): each enrols once.
        session_keys = fixtures.fresh_learners(
            2 + min(args.learners, journey.WARMUP_LEARNERS) + args.learners * mode["rounds"]
        )
    finally:
        connection.close()
    if args.only != "journey":
        pages.throughput_metrics(BENCH.env, module_path, cookie, mode, client)
    if args.only != "pages":
        journey.metrics(BENCH.env, module_path, course_id, session_keys, mode, args.learners)
    if args.only is None:
        try:
            for part in IN_PROCESS.values():
                part(args, cookie)
        finally:
            connection.close()
        library_metrics(cookie, client, mode)
        lti_launch.metrics(BENCH.env, module_path, mode)


def library_metrics(cookie, client, mode):
    """library.queries and library.page_vs_floor (bench/story_library.py): the catalogue is
    grown in the bench process, then the page is measured on gunicorn."""
    try:
        story_library.query_metrics(cookie)
    finally:
        connection.close()
    story_library.throughput(BENCH.env, cookie, mode, client)


def main():
    try:
        args, client, mode = parse_args()
        if args.only != "recommend":
            with harness.bench_database(BENCH.db_url):
                run(args, client, mode)
        if args.only in (None, "recommend"):
            recommend.metrics()
    except (BenchError, subprocess.CalledProcessError) as error:
        log(f"error: {error}")
        return 1
    finally:
        shutil.rmtree(BENCH.media_root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
