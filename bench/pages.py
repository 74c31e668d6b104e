"""The page metrics: pages.queries_per_module_page (and _cached) and pages.module_vs_floor,
with the rates and a worker's peak memory (see bench/run.py for what each figure means).

`query_metrics` runs in the bench process, inside Django, on the bench database; and
`throughput_metrics` against gunicorn on the same database (bench/run.py prepares both).
"""

import re
import statistics
from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.harness import CLIENTS, BenchError, emit, fetch, gunicorn, log
from core import content_version

SIZES = (1, 5, 20)
MAX_QUERIES = 15
TARGET_RATIO = 0.10


# --- query counts ----------------------------------------------------------------------------


def count_queries(path, cookie, fresh):
    """Queries for one warm request by a signed-in learner: served from the shared caches
    (fresh=None), rendered afresh after a content change (fresh="content": the content version
    bumped, which makes every shared fragment and route stale, as tests/courses/
    test_query_count.py does), or with every cache emptied (fresh="all": also the learner's
    cached preferences and Wagtail's site root paths)."""
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


# --- the rates -------------------------------------------------------------------------------


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
