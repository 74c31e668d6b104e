"""The story library's page figures: library.page_vs_floor and library.queries.

`prepare(count)` adds `count` narratives (bulk rows, then indexed for search as a save would)
with themes, warnings and consent, most of them sharing the search term; `query_metrics` counts
the queries of /stories/?q=<term> at two catalogue sizes, remembered and worked out afresh
(neither may grow); `throughput`
measures the page's requests per second against the floor of the same size on gunicorn.
"""

import datetime
import statistics

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.search.backends import get_search_backends

from bench.harness import CLIENTS, BenchError, emit, fetch, gunicorn, log
from library import recommendations
from narratives.models import Consent, ContentWarning, Narrative, NarrativeContentWarning, Theme

TERM = "allotment"
PATH = f"/stories/?q={TERM}"
TARGET_RATIO = 0.10
SIZES = (100, 1000)
WORDS = ("allotment", "kettle", "ward", "garden", "bus", "choir", "dog", "football")
TEXT = (
    "<p>I remember the day I came home. Small routines helped: the {word}, a neighbour and a "
    "peer support group. Recovery, for me, was small kind things done again and again.</p>"
)


def prepare(count):
    """Add narratives until the catalogue holds `count` made here."""
    made = Narrative.objects.filter(title__startswith="Library bench ").count()
    if made >= count:
        return
    themes = list(Theme.objects.order_by("sort_order"))
    warnings = list(ContentWarning.objects.filter(slug__in=("self-harm", "stigma", "abuse")))
    today = datetime.date.today()
    new = [
        Narrative(
            title=f"Library bench {n:05d}: the {WORDS[n % len(WORDS)]}",
            narrator_pseudonym=f"Bench narrator {n % 97}",
            summary="Talks about the months after leaving hospital and who helped.",
            modality=Narrative.Modality.TEXT,
            text_body=TEXT.format(word=WORDS[n % len(WORDS)]),
            duration=datetime.timedelta(minutes=2 + n % 25),
            live=True,
            last_reviewed=today,
        )
        for n in range(made, count)
    ]
    Narrative.objects.bulk_create(new, batch_size=500)
    stored = list(Narrative.objects.filter(title__in=[n.title for n in new]))
    Consent.objects.bulk_create(
        [Consent(narrative=n, given=today - datetime.timedelta(days=30)) for n in stored]
    )
    through = Narrative.themes.through
    through.objects.bulk_create(
        [
            through(narrative_id=n.pk, theme_id=themes[(n.pk + k) % len(themes)].pk)
            for n in stored
            for k in range(2)
        ],
        ignore_conflicts=True,
    )
    NarrativeContentWarning.objects.bulk_create(
        [
            NarrativeContentWarning(
                narrative=n, warning=warnings[n.pk % len(warnings)], sort_order=0
            )
            for n in stored
            if n.pk % 3
        ]
    )
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(Narrative, stored)
    recommendations.forget()


def count_queries(cookie, remembered):
    """Queries of one request for PATH: with the page remembered, or worked out afresh (the
    bench's cache is this process's memory, so clearing it touches nothing else)."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = cookie
    for _ in range(2):  # the first requests after a change fit the recommender again
        client.get(PATH)
    if not remembered:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PATH)
    if response.status_code != 200 or TERM not in response.content.decode().lower():
        raise BenchError(f"{PATH} did not list the stories for the signed-in learner")
    return len(queries)


def query_metrics(cookie):
    counts, fresh = {}, {}
    for size in SIZES:
        log(f"library: {size} narratives")
        prepare(size)
        counts[size] = count_queries(cookie, remembered=True)
        fresh[size] = count_queries(cookie, remembered=False)
    emit(
        "library.queries",
        counts[SIZES[-1]],
        "queries",
        "no growth",
        growth=max(counts[SIZES[-1]] - counts[SIZES[0]], fresh[SIZES[-1]] - fresh[SIZES[0]]),
        by_catalogue_size=counts,
        worked_out_by_catalogue_size=fresh,
    )


def throughput(env, cookie, mode, client):
    rate = CLIENTS[client]
    with gunicorn(env) as (_server, base):
        url = base + PATH
        status, body = fetch(url, cookie)
        if status != 200:
            raise BenchError(f"{PATH} answered {status}")
        floor = f"{base}/bench/floor/?bytes={len(body)}"
        pages = {"library": (url, cookie), "floor": (floor, None)}
        for page_url, page_cookie in pages.values():
            rate(page_url, page_cookie, mode["warmup"], mode["connections"])
        rates = {"library": [], "floor": []}
        for round_number in range(mode["rounds"]):
            order = ("library", "floor") if round_number % 2 == 0 else ("floor", "library")
            for name in order:
                page_url, page_cookie = pages[name]
                rates[name].append(
                    rate(page_url, page_cookie, mode["duration"], mode["connections"])
                )
            log(
                f"round {round_number + 1}: library {rates['library'][-1]:.0f} req/s, "
                f"floor {rates['floor'][-1]:.0f} req/s"
            )
    ratios = [a / b for a, b in zip(rates["library"], rates["floor"], strict=True)]
    emit(
        "library.page_vs_floor",
        round(statistics.median(ratios), 3),
        "ratio",
        f">= {TARGET_RATIO:.2f}",
        path=PATH,
        narratives=SIZES[-1],
        library_rps=round(statistics.median(rates["library"]), 1),
        floor_rps=round(statistics.median(rates["floor"]), 1),
        bytes=len(body),
        client=client,
        rounds=mode["rounds"],
    )
