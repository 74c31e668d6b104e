"""What every benchmark shares and none of it needs a Django model for: the throwaway database,
the environment and Django's setup for a bench run, the gunicorn server, the load clients and
the JSON lines the figures are printed as.

The entry scripts (bench/run.py, and bench/xapi_forward.py and bench/xapi_events.py on their
own) call `setup_django()` at module level, before they import the parts of the bench that
import models; the parts import from here, never from bench/run.py.
"""

import http.client
import io
import itertools
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import django
import psycopg
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/storybridge_bench"
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


# --- the throwaway database and Django -------------------------------------------------------


def admin_dsn(db_url):
    parts = urlsplit(db_url)
    name = parts.path.lstrip("/")
    if not name.startswith("storybridge_bench"):
        raise BenchError(f"refusing to create and drop {name!r}: use a storybridge_bench* name")
    return parts._replace(path="/postgres").geturl(), name


@contextmanager
def bench_database(db_url):
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


@dataclass(frozen=True)
class BenchRun:
    """Where a bench run keeps its data: the database (made and dropped by `bench_database`),
    a temporary media root (the entry script removes it at the end) and the environment the
    run and its gunicorn share."""

    db_url: str
    media_root: str
    env: dict


def setup_django():
    """Django for a bench run: the production settings on the database BENCH_DATABASE_URL
    names (DEFAULT_DB_URL without it), media in a new temporary folder, `django.setup()`.
    Connects to nothing: the database is made afterwards, by `bench_database`."""
    db_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB_URL)
    media_root = tempfile.mkdtemp(prefix="storybridge-bench-media-")
    env = bench_environment(db_url, media_root)
    os.environ.update(env)
    django.setup()
    return BenchRun(db_url=db_url, media_root=media_root, env=env)


def migrate(collect_static=True):
    """The bench database migrated (and the static files collected), quietly."""
    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("migrate", **quiet)
    if collect_static:
        call_command("collectstatic", interactive=False, **quiet)


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
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    base = f"{parts.scheme}://{parts.netloc}"
    return threaded_rate(
        base, target, duration, lambda _slot: itertools.repeat(("GET", headers, None)), connections
    )


CLIENTS = {"wrk": wrk_rate, "python": python_rate}
