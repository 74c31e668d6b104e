"""A real Ralph LRS for the tests and the benchmark, and a fault-injecting proxy in front of it.

`RalphServer` starts Ralph 5.1.0 (installed by `make ralph` in .deps/ralph) on 127.0.0.1 on a
free port, with the filesystem backend in a temporary directory and basic-auth credentials
written by `ralph auth --write-to-disk` to a temporary auth file (RALPH_AUTH_FILE). The
launcher (ralph_launcher.py) puts the filesystem backend in append mode before the app starts.
`clear()` empties the LRS: the backend reads its one JSON-lines file on every request, so
truncating that file is a fresh, empty LRS without a restart.

What Ralph 5.1.0 answered here, checked by hand against the running server (POST
/xAPI/statements with a JSON list):

- new statements: 200 with the list of stored ids.
- a statement identical to a stored one (same id): 204, nothing stored again.
- a batch of stored-identical and new statements: 200 with only the new ids; the
  identical ones are dropped silently.
- a statement with a stored id but different content (another verb): 409
  {"detail": "Differing statements already exist with the same ID: <id>"}; in a batch, the
  whole batch is refused with 409 and nothing of it is stored.
- a statement Ralph's lax model rejects (no actor, say): 422 with a pydantic `detail`
  naming ["body", <index>, <field>]; the whole batch is refused. Ralph is lax otherwise: a
  verb id that is not an IRI, a result duration of "banana" or a timestamp of "yesterday"
  are stored (200). An account homePage that is not a URL answers 500.
- the same id twice in one batch: 400 "Duplicate statement IDs in the list of statements".
- GET ?statementId=<id>: 200 {"statements": [the statement]} (an empty list when unknown);
  GET ?limit=N pages with a relative `more` URL. Ralph adds `stored` and `authority`.
- no X-Experience-API-Version header on a GET: still 200.

`FaultProxy` is a threaded HTTP proxy in this process, switchable at run time:
"pass" (forward), "down" (the listening socket is closed: connections are refused), "500",
"429" (with a Retry-After value), "slow" (forward to Ralph, then hold the answer for `delay`
seconds: the LRS has stored the statements but the client may give up first), "409"
(forward to Ralph, then answer 409 as if the statements conflicted). `remaining` limits a
fault to the next N requests, after which the proxy passes again. It records the statement
ids of every POST it received (`posted_ids`, and `posted_batches` request by request), whatever
it answered.
"""

import base64
import http.client
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]
RALPH_VENV = ROOT / ".deps" / "ralph"
RALPH_PYTHON = RALPH_VENV / "bin" / "python"
RALPH_BIN = RALPH_VENV / "bin" / "ralph"
LAUNCHER = Path(__file__).with_name("ralph_launcher.py")
XAPI_HEADERS = {"X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}


class RalphNotInstalled(RuntimeError):
    pass


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _auth_header(username, password):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


class RalphServer:
    """One Ralph process. Use as a context manager, or call start() and stop()."""

    username = "storybridge"
    password = "ralph-test-password"  # noqa: S105 (a throwaway local LRS)

    def __init__(self):
        self.dir = None
        self.process = None
        self.port = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def xapi_url(self):
        return f"{self.base_url}/xAPI/"

    @property
    def data_file(self):
        return Path(self.dir) / "data" / "fs_lrs.jsonl"

    def endpoint(self, name="ralph", url=None, **extra):
        """An XAPI_LRS_ENDPOINTS entry for this LRS (or for a proxy in front of it)."""
        return {
            "name": name,
            "url": url or self.xapi_url,
            "username": self.username,
            "password": self.password,
            **extra,
        }

    def start(self, timeout=60):
        if not RALPH_PYTHON.exists():
            raise RalphNotInstalled("Ralph is not installed: run `make ralph` (make test does).")
        self.dir = tempfile.mkdtemp(prefix="storybridge-ralph-")
        env = {
            **os.environ,
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_AUTH_FILE": str(Path(self.dir) / "auth.json"),
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(Path(self.dir) / "data"),
            "RALPH_APP_DIR": self.dir,
        }
        subprocess.run(
            [str(RALPH_BIN), "auth", "-u", self.username, "-p", self.password, "-s", "all"]
            + ["-A", self.username, "http://storybridge.test", "--write-to-disk"],
            env=env,
            cwd=self.dir,
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        self.port = free_port()
        self.log = open(Path(self.dir) / "ralph.log", "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [str(RALPH_PYTHON), str(LAUNCHER), "127.0.0.1", str(self.port)],
            env=env,
            cwd=self.dir,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Ralph exited: {self.read_log()}")
            try:
                if self.request("GET", "/__heartbeat__")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Ralph did not start in {timeout} s: {self.read_log()}")

    def read_log(self):
        return (Path(self.dir) / "ralph.log").read_text(errors="replace")[-4000:]

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def clear(self):
        """Empty the LRS (see the module docstring)."""
        if self.data_file.exists():
            self.data_file.write_bytes(b"")

    def request(self, method, path, body=None, timeout=30):
        """(status, parsed JSON body or None) of one request to Ralph itself."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            payload = None if body is None else json.dumps(body).encode()
            conn.request(
                method,
                path,
                body=payload,
                headers={**XAPI_HEADERS, **_auth_header(self.username, self.password)},
            )
            response = conn.getresponse()
            raw = response.read()
            return response.status, (json.loads(raw) if raw else None)
        finally:
            conn.close()

    def post(self, statements):
        """POST a list of statements straight to Ralph: (status, body)."""
        return self.request("POST", "/xAPI/statements", list(statements))

    def get(self, statement_id):
        """The stored statement with this id, or None."""
        status, body = self.request("GET", f"/xAPI/statements?statementId={statement_id}")
        assert status == 200, (status, body)
        return body["statements"][0] if body["statements"] else None

    def statements(self, page_size=500):
        """Every stored statement, following `more` from page to page."""
        path = f"/xAPI/statements?limit={page_size}"
        found = []
        while path:
            status, body = self.request("GET", path)
            assert status == 200, (status, body)
            found.extend(body["statements"])
            more = body.get("more")
            path = urljoin("/xAPI/statements", more) if more else None
        return found

    def ids(self):
        """The ids of every stored statement, in store order, duplicates kept: the data file
        itself, so a statement stored twice shows twice."""
        if not self.data_file.exists():
            return []
        lines = self.data_file.read_text().splitlines()
        return [json.loads(line)["id"] for line in lines if line.strip()]


def without_lrs_fields(statement):
    """A statement read back from the LRS without the fields the LRS adds (xAPI 1.0.3
    Part Two 2.4.8 `stored`, 2.4.9 `authority`)."""
    return {k: v for k, v in statement.items() if k not in ("stored", "authority")}


class FaultProxy:
    """The fault-injecting proxy described in the module docstring. Start with start(),
    switch with set(mode, ...), stop with stop()."""

    MODES = ("pass", "down", "500", "429", "slow", "409")

    def __init__(self, target_port):
        self.target_port = target_port
        self.port = free_port()
        self.mode = "pass"
        self.retry_after = "30"
        self.delay = 0.0
        self.remaining = None
        self.lock = threading.Lock()
        self.posted_ids = []
        self.posted_batches = []  # the ids of each POST, one list per request
        self.connections = set()
        self.requests = []  # (method, path, status answered)
        self.server = None
        self.thread = None

    @property
    def xapi_url(self):
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def set(self, mode, *, retry_after=None, delay=None, remaining=None):
        assert mode in self.MODES, mode
        with self.lock:
            self.mode = mode
            if retry_after is not None:
                self.retry_after = str(retry_after)
            if delay is not None:
                self.delay = delay
            self.remaining = remaining
        if mode == "down":
            self._close()
        elif self.server is None:
            self._open()

    def _take_mode(self):
        with self.lock:
            mode = self.mode
            if self.remaining is not None and mode != "pass":
                self.remaining -= 1
                if self.remaining <= 0:
                    self.mode, self.remaining = "pass", None
            return mode

    def start(self):
        self._open()
        return self

    def stop(self):
        self._close()

    def _open(self):
        for _ in range(50):
            try:
                self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"proxy could not listen on {self.port} again")
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _close(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        with self.lock:
            connections, self.connections = list(self.connections), set()
        for sock in connections:  # kept-alive connections go down too
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def setup(self):
                super().setup()
                with proxy.lock:
                    proxy.connections.add(self.connection)

            def finish(self):
                with proxy.lock:
                    proxy.connections.discard(self.connection)
                try:
                    super().finish()
                except OSError:
                    pass

            def do_GET(self):
                self._handle(b"")

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if urlsplit(self.path).path.rstrip("/").endswith("/statements"):
                    try:
                        ids = [s.get("id") for s in json.loads(body)]
                    except (ValueError, AttributeError, TypeError):
                        ids = []
                    with proxy.lock:
                        proxy.posted_ids.extend(ids)
                        proxy.posted_batches.append(ids)
                self._handle(body)

            def do_PUT(self):
                self.do_POST()

            def _handle(self, body):
                mode = proxy._take_mode()
                if mode == "500":
                    return self._answer(500, b'{"detail": "injected failure"}')
                if mode == "429":
                    return self._answer(
                        429, b'{"detail": "slow down"}', {"Retry-After": proxy.retry_after}
                    )
                status, headers, payload = self._forward(body)
                if mode == "slow":
                    time.sleep(proxy.delay)
                if mode == "409":
                    status, payload = 409, b'{"detail": "injected conflict"}'
                self._answer(status, payload, headers)

            def _forward(self, body):
                conn = http.client.HTTPConnection("127.0.0.1", proxy.target_port, timeout=60)
                try:
                    headers = {
                        k: v
                        for k, v in self.headers.items()
                        if k.lower() not in ("host", "connection", "content-length")
                    }
                    conn.request(self.command, self.path, body=body or None, headers=headers)
                    response = conn.getresponse()
                    payload = response.read()
                    kept = {
                        k: v
                        for k, v in response.getheaders()
                        if k.lower() in ("content-type", "x-experience-api-version")
                    }
                    return response.status, kept, payload
                finally:
                    conn.close()

            def _answer(self, status, payload, headers=None):
                with proxy.lock:
                    proxy.requests.append((self.command, self.path, status))
                try:
                    self.send_response(status)
                    for key, value in (headers or {}).items():
                        self.send_header(key, value)
                    if status != 204:
                        self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    if status != 204:
                        self.wfile.write(payload)
                except OSError:
                    pass  # the client gave up (a timeout test)

        return Handler
