"""The HTTP conversation with one LRS (tracking/forwarder.py sends the outbox through it): a
kept-alive connection per endpoint per run, posting statements and fetching one back."""

import base64
import http.client
import json
from urllib.parse import urlencode, urlsplit

XAPI_VERSION_HEADER = "1.0.3"
ERROR_LENGTH = 2000


class Unreachable(Exception):
    """No HTTP answer: refused, reset, timed out, TLS failure."""


class LRSClient:
    """One endpoint's HTTP connection, kept alive across the batches of a run."""

    def __init__(self, endpoint):
        self.endpoint = endpoint
        parts = urlsplit(endpoint.statements_url)
        self.https = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port
        self.path = parts.path
        self.headers = {
            "X-Experience-API-Version": XAPI_VERSION_HEADER,
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        if endpoint.username:
            token = f"{endpoint.username}:{endpoint.password}".encode()
            self.headers["Authorization"] = "Basic " + base64.b64encode(token).decode()
        self.conn = None

    def _connection(self):
        if self.conn is None:
            if self.https:
                self.conn = http.client.HTTPSConnection(
                    self.host, self.port, timeout=self.endpoint.timeout
                )
            else:
                self.conn = http.client.HTTPConnection(
                    self.host, self.port, timeout=self.endpoint.timeout
                )
        return self.conn

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method, path, body=None):
        """(status, response, body bytes). Raises Unreachable. A kept-alive connection the
        server closed while idle is retried once on a fresh one (re-sending is safe: the LRS
        de-duplicates by statement id)."""
        for attempt in (1, 2):
            reused = self.conn is not None
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=self.headers)
                response = conn.getresponse()
                payload = response.read()
            except TimeoutError:
                self.close()
                raise Unreachable(f"no answer within {self.endpoint.timeout:g} s") from None
            except (ConnectionResetError, BrokenPipeError) as error:
                self.close()
                if reused and attempt == 1:
                    continue
                raise Unreachable(f"connection lost: {error or type(error).__name__}") from None
            except (OSError, http.client.HTTPException) as error:
                self.close()
                raise Unreachable(f"{type(error).__name__}: {error}") from None
            if response.will_close:
                self.close()
            return response.status, response, payload
        raise AssertionError("not reached")

    def post(self, rows):
        """POST the statements of some deliveries as one JSON list. Each row carries its
        statement as JSON text (`statement_json`), so it is sent without decoding it."""
        body = "[" + ",".join(row.statement_json for row in rows) + "]"
        return self.request("POST", self.path, body.encode())

    def get_statement(self, statement_id):
        """The LRS's copy of one statement, or None. Raises Unreachable, or LRSError."""
        status, _, payload = self.request(
            "GET", f"{self.path}?{urlencode({'statementId': statement_id})}"
        )
        if status == 404:
            return None
        if not 200 <= status < 300:
            raise LRSError(status, reason_of(payload))
        body = json.loads(payload)
        if isinstance(body, dict) and "statements" in body:  # some LRSs answer a result
            return body["statements"][0] if body["statements"] else None
        return body


class LRSError(Exception):
    def __init__(self, status, reason):
        super().__init__(f"HTTP {status}: {reason}")
        self.status = status


def reason_of(payload):
    """The LRS's explanation from an error body, shortened."""
    text = payload.decode("utf-8", "replace").strip()
    try:
        detail = json.loads(text)
        if isinstance(detail, dict) and "detail" in detail:
            detail = detail["detail"]
        if not isinstance(detail, str):
            detail = json.dumps(detail)
        text = detail
    except ValueError:
        pass
    return text[:ERROR_LENGTH] or "(no explanation)"
