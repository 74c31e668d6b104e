"""The learner-journey benchmark: simulated learners working through the demo module at once.

Each simulated learner is a distinct, signed-in user (a session made directly in the database,
see bench/fixtures.fresh_learners: signing in over HTTP is rate limited) with its own cookies
and CSRF token, on its own thread, using the site through its real endpoints as a browser
without JavaScript would:

  1. POST /enrol/<course>/ with next=<module>            -> 302 to the module
  2. GET the module                                      -> 200, the interstitial
  3. POST the interstitial's form, choice=continue       -> 302 back to the slot
  4. GET the module                                      -> 200, the narrative itself
  5. POST the same form's choice=experienced             -> 302 back to the slot
  6. GET the module                                      -> 200, the slot done, the reflection
  7. POST the reflection, action=draft (a few words)     -> 302 back to the reflection
  8. POST the reflection, action=submit (enough words)   -> 302 back to the reflection
  9. GET /journal/                                       -> 200, the submitted reflection

A request answering anything else, or a page without what that step needs, is an error; the
learner then stops (later steps depend on it). Redirects are checked, not followed: steps 2, 4
and 6 are the pages a browser would be sent to.

The floor is /bench/floor/ (static HTML of the module page's size, same middleware), requested
by the same client with as many threads, back to back for a few seconds, in alternating rounds.
The bench talks plain HTTP to gunicorn, as for the page metrics: the production settings mark
the session and CSRF cookies Secure, which a browser would only send back over HTTPS, so the
client keeps cookies itself whatever their flags (no Referer check applies: Django checks it
for HTTPS requests only).

`metrics()` runs the rounds against gunicorn on the bench database (bench/run.py prepares it
and the learners' sessions) and prints the journey.* figures.
"""

import http.client
import re
import secrets
import statistics
import string
import threading
import time
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlencode, urlsplit

from bench.harness import BenchError, emit, fetch, gunicorn, log

LEARNERS = 50  # simulated learners at once (bench/run.py --learners)
WARMUP_LEARNERS = 10  # fill each worker's caches before the timed rounds
TIMEOUT = 60  # seconds: 50 learners queue for 2 workers, so waits are long but finite
STEPS = (
    "enrol",
    "module",
    "continue",
    "module_open",
    "experienced",
    "module_done",
    "reflection_draft",
    "reflection_submit",
    "journal",
)
REQUESTS_PER_JOURNEY = len(STEPS)
CSRF_CHARS = string.ascii_letters + string.digits

INTERSTITIAL_FORM = re.compile(
    r'<form method="post" action="(?P<action>/modules/(?P<module>\d+)/narratives/'
    r'(?P<block>[^/"]+)/)" class="choices">(?P<fields>.*?)</form>',
    re.S,
)
AFTER_FORM = re.compile(
    r'<form method="post" action="(?P<action>[^"]+)" class="choices choices--after">'
    r"(?P<fields>.*?)</form>",
    re.S,
)
REFLECTION_FORM = re.compile(
    r'<form class="reflection__form" method="post" action="(?P<action>/modules/\d+/'
    r'reflections/(?P<block>[^/"]+)/)"(?P<attrs>[^>]*)>(?P<fields>.*?)</form>',
    re.S,
)
HIDDEN = re.compile(r'<input type="hidden" name="(?P<name>[^"]+)" value="(?P<value>[^"]*)">')
MIN_WORDS = re.compile(r'data-min-words="(\d*)"')

DRAFT_TEXT = "Aisha's manager made a real difference"
REFLECTION_WORDS = (
    "What stayed with me most was how small the helpful things were. Nobody in these stories "
    "was rescued by a grand plan; they were helped by someone who noticed them, remembered "
    "their name, asked what mattered and came back the next day. Hope and connectedness came "
    "from people who stayed. On my next placement I will sit down when I talk, ask how someone "
    "likes to be called, and remember one thing they tell me so that I can ask about it later."
).split()


class StepFailed(Exception):
    pass


def reflection_text(min_words):
    """A reflection of at least `min_words` words (the sample text, repeated as needed)."""
    words = list(REFLECTION_WORDS)
    while len(words) < max(min_words, 1):
        words += REFLECTION_WORDS
    return " ".join(words)


def hidden_fields(html):
    return {m["name"]: unescape(m["value"]) for m in HIDDEN.finditer(html)}


def percentile(values, fraction):
    """The `fraction` quantile (0.95 for p95), interpolated between the closest samples."""
    ordered = sorted(values)
    if not ordered:
        return None
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[round(fraction * 100) - 1]


@dataclass
class Results:
    """Latencies (seconds) of answered requests, by step, and the failures, from all threads."""

    latencies: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    journeys: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, step, seconds):
        with self.lock:
            self.latencies.setdefault(step, []).append(seconds)

    def fail(self, description):
        with self.lock:
            self.errors.append(description)

    def finished(self):
        with self.lock:
            self.journeys += 1

    def all_latencies(self):
        return [s for values in self.latencies.values() for s in values]


class Browser:
    """One user's client: a keep-alive connection (reopened when the server closes it, as
    gunicorn's sync workers do after each response) and a cookie jar."""

    def __init__(self, base, cookies=None):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = dict(cookies or {})
        self.conn = None

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method, path, form=None):
        """(status, headers, body text, seconds from sending to the last byte read)."""
        headers = {"Accept": "text/html", "Accept-Encoding": "identity"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        seconds = time.perf_counter() - started
        if response.will_close:
            self.close()
        self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
        return response.status, response.headers, content.decode("utf-8", "replace"), seconds

    def _keep_cookies(self, headers):
        for header in headers:
            pair, *attributes = header.split(";")
            name, _, value = pair.strip().partition("=")
            attrs = {a.strip().split("=", 1)[0].lower(): a.strip() for a in attributes}
            expired = attrs.get("max-age", "").lower() == "max-age=0" or "1970" in attrs.get(
                "expires", ""
            )
            if expired or value in ("", '""'):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value


class Learner:
    """One simulated learner going through the journey once; records into `results`."""

    def __init__(self, base, session_key, course_id, module_path, results):
        self.csrf = "".join(secrets.choice(CSRF_CHARS) for _ in range(32))
        # The CSRF cookie a first visit to the site would have set.
        self.browser = Browser(base, {"sessionid": session_key, "csrftoken": self.csrf})
        self.course_id = course_id
        self.module_path = module_path
        self.results = results
        self.module_bytes = None

    def step(self, name, method, path, form=None, expect=200, location=None):
        try:
            status, headers, html, seconds = self.browser.request(method, path, form)
        except (OSError, http.client.HTTPException) as error:
            raise StepFailed(f"{name}: {method} {path}: {type(error).__name__}: {error}") from None
        self.results.record(name, seconds)
        if status != expect:
            raise StepFailed(f"{name}: {method} {path} answered {status}, expected {expect}")
        if location is not None:
            target = urlsplit(headers.get("Location", "")).path
            if target != location:
                raise StepFailed(f"{name}: {method} {path} sent to {target!r}, not {location!r}")
        return html

    def page(self, name, *markers):
        html = self.step(name, "GET", self.module_path)
        for marker in markers:
            if marker not in html:
                raise StepFailed(f"{name}: the module page did not show {marker!r}")
        return html

    def post_form(self, name, url, fields, **extra):
        form = {"csrfmiddlewaretoken": self.csrf, **fields, **extra}
        return self.step(name, "POST", url, form, expect=302, location=self.module_path)

    def run(self):
        try:
            self.journey()
        except StepFailed as failure:
            self.results.fail(str(failure))
        else:
            self.results.finished()
        finally:
            self.browser.close()

    def journey(self):
        enrol = {"csrfmiddlewaretoken": self.csrf, "next": self.module_path}
        self.step(
            "enrol", "POST", f"/enrol/{self.course_id}/", enrol, 302, location=self.module_path
        )

        html = self.page("module", "Before you start:")
        self.module_bytes = len(html.encode())
        interstitial = INTERSTITIAL_FORM.search(html)
        if interstitial is None:
            raise StepFailed("module: no interstitial form on the module page")
        fields = hidden_fields(interstitial["fields"])
        if "narrative" not in fields:
            raise StepFailed("module: the interstitial form names no narrative")
        self.post_form("continue", interstitial["action"], fields, choice="continue")

        html = self.page("module_open", "I have finished this story")
        after = next(
            (
                form
                for form in AFTER_FORM.finditer(html)
                if form["action"] == interstitial["action"]
            ),
            None,
        )
        if after is None:
            raise StepFailed("module_open: the narrative opened has no 'finished' form")
        fields = hidden_fields(after["fields"])
        self.post_form("experienced", after["action"], fields, choice="experienced")

        html = self.page("module_done", "You have finished this story.")
        reflection = REFLECTION_FORM.search(html)
        if reflection is None:
            raise StepFailed("module_done: no reflection form on the module page")
        fields = hidden_fields(reflection["fields"])
        found = MIN_WORDS.search(reflection["attrs"])
        min_words = int(found.group(1) or 0) if found else 0
        self.post_form("reflection_draft", reflection["action"], fields, text=DRAFT_TEXT)
        fields["text"] = reflection_text(min_words)
        self.post_form("reflection_submit", reflection["action"], fields, action="submit")

        html = self.step("journal", "GET", "/journal/")
        if "Submitted on" not in html:
            raise StepFailed("journal: the submitted reflection is not in the journal")


def _start_together(targets):
    """Run the callables on one thread each, released at once; returns the seconds taken."""
    barrier = threading.Barrier(len(targets) + 1)

    def run(target):
        barrier.wait()
        target()

    threads = [threading.Thread(target=run, args=(t,), daemon=True) for t in targets]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def run_journeys(base, session_keys, course_id, module_path):
    """One learner per session key, all at once. Returns (Results, seconds)."""
    results = Results()
    learners = [Learner(base, key, course_id, module_path, results) for key in session_keys]
    seconds = _start_together([learner.run for learner in learners])
    return results, seconds


def run_floor(base, floor_path, threads, duration):
    """`threads` clients requesting the floor back to back for `duration` seconds, all at once:
    the same concurrency as the learners, held long enough for a steady p95."""
    results = Results()
    deadline = []  # set by the first thread released

    def client():
        browser = Browser(base)
        if not deadline:
            deadline.append(time.perf_counter() + duration)
        stop = deadline[0]
        try:
            while time.perf_counter() < stop:
                try:
                    status, _headers, _html, seconds = browser.request("GET", floor_path)
                except (OSError, http.client.HTTPException) as error:
                    results.fail(f"floor: {type(error).__name__}: {error}")
                    break  # this client stops: a refused connection would only repeat
                results.record("floor", seconds)
                if status != 200:
                    results.fail(f"floor: GET {floor_path} answered {status}")
        finally:
            browser.close()

    seconds = _start_together([client] * threads)
    return results, seconds


# --- the figures -----------------------------------------------------------------------------


def metrics(env, module_path, course_id, session_keys, mode, learners):
    """journey.*: `learners` simulated learners at once through the journey above,
    and as many threads requesting the floor, in alternating rounds after a warm-up round."""
    rounds = mode["rounds"]
    warmup = min(learners, WARMUP_LEARNERS)
    keys = iter(session_keys)
    check_key, alone_key = next(keys), next(keys)
    batches = [[next(keys) for _ in range(n)] for n in [warmup] + [learners] * rounds]
    with gunicorn(env) as (_server, base):
        # One learner on their own first: the journey must work before it is timed.
        results = Results()
        first = Learner(base, check_key, course_id, module_path, results)
        first.run()
        if results.errors:
            raise BenchError(f"the learner journey failed: {results.errors[0]}")
        floor_path = f"/bench/floor/?bytes={first.module_bytes}"
        if len(fetch(base + floor_path)[1]) != first.module_bytes:
            raise BenchError("the floor view did not return a page of the module's size")

        def run(name, batch):
            if name == "journey":
                return run_journeys(base, batch, course_id, module_path)
            return run_floor(base, floor_path, learners, duration)

        log(f"journey: warming up with {warmup} learners")
        duration = mode["warmup"]
        for name in ("journey", "floor"):
            run(name, batches[0])
        duration = mode["duration"]
        # One learner alone on the warm server: what each step costs without queueing.
        results = Results()
        Learner(base, alone_key, course_id, module_path, results).run()
        alone = {step: round(1000 * v[0], 1) for step, v in results.latencies.items()}
        measured = {"journey": [], "floor": []}
        for round_number, batch in enumerate(batches[1:]):
            order = ("journey", "floor") if round_number % 2 == 0 else ("floor", "journey")
            for name in order:
                measured[name].append(run(name, batch))
            (j, j_seconds), (f, _f_seconds) = measured["journey"][-1], measured["floor"][-1]
            log(
                f"journey round {round_number + 1}: p95 "
                f"{1000 * percentile(j.all_latencies(), 0.95):.0f} ms, "
                f"{len(j.all_latencies()) / j_seconds:.0f} req/s, {len(j.errors)} errors; "
                f"floor p95 {1000 * percentile(f.all_latencies(), 0.95):.0f} ms"
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
    journey_p95 = percentile(latencies, 0.95)
    floor_p95 = percentile(floor_latencies, 0.95)
    # Each round's journey and floor run back to back, under the same conditions: the median of
    # the per-round ratios (as for pages.module_vs_floor) is what one noisy round moves least.
    round_ratios = [
        percentile(j.all_latencies(), 0.95) / percentile(f.all_latencies(), 0.95)
        for j, f in zip(journeys, floors, strict=True)
    ]
    steps = {
        step: round(1000 * percentile(values, 0.95), 1)
        for step in STEPS
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
