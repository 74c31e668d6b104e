"""The Learning Record Stores statements go to: XAPI_LRS_ENDPOINTS, a list of dicts

    {"name": "trust-lrs", "url": "https://lrs.example.org/xAPI/",
     "username": "...", "password": "...", "timeout": 10, "batch_size": 100}

set from the environment variable of the same name as JSON. `url` is the LRS's xAPI base: the
forwarder posts to `<url>statements`. With none configured, statements stay in the outbox
and the admin shows them."""

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Endpoint:
    name: str
    url: str
    username: str = ""
    password: str = ""
    timeout: float = 10.0
    batch_size: int = 100

    @property
    def statements_url(self):
        return f"{self.url.rstrip('/')}/statements"


def parse(raw):
    """Endpoints from a list of dicts or a JSON string; ImproperlyConfigured if malformed."""
    if isinstance(raw, str):
        raw = raw.strip()
        if not raw:
            return []
        try:
            raw = json.loads(raw)
        except ValueError as error:
            raise ImproperlyConfigured(f"XAPI_LRS_ENDPOINTS is not valid JSON: {error}") from None
    if not isinstance(raw, list):
        raise ImproperlyConfigured("XAPI_LRS_ENDPOINTS must be a list of LRS settings.")
    endpoints, names = [], set()
    for number, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("url"):
            raise ImproperlyConfigured(f"XAPI_LRS_ENDPOINTS entry {number} needs a name and a url.")
        unknown = set(entry) - {"name", "url", "username", "password", "timeout", "batch_size"}
        if unknown:
            raise ImproperlyConfigured(
                f"XAPI_LRS_ENDPOINTS entry {number} has unknown keys: {', '.join(sorted(unknown))}."
            )
        if urlsplit(entry["url"]).scheme not in ("http", "https"):
            raise ImproperlyConfigured(f"XAPI_LRS_ENDPOINTS entry {number}: url must be http(s).")
        if entry["name"] in names:
            raise ImproperlyConfigured(f"XAPI_LRS_ENDPOINTS names twice: {entry['name']}.")
        names.add(entry["name"])
        try:
            endpoint = Endpoint(
                name=str(entry["name"])[:100],
                url=entry["url"],
                username=entry.get("username", ""),
                password=entry.get("password", ""),
                timeout=float(entry.get("timeout", 10)),
                batch_size=int(entry.get("batch_size", 100)),
            )
        except (TypeError, ValueError):
            raise ImproperlyConfigured(
                f"XAPI_LRS_ENDPOINTS entry {number}: timeout and batch_size must be numbers."
            ) from None
        if endpoint.timeout <= 0 or not 1 <= endpoint.batch_size <= 1000:
            raise ImproperlyConfigured(
                f"XAPI_LRS_ENDPOINTS entry {number}: timeout must be positive and batch_size "
                "between 1 and 1000."
            )
        endpoints.append(endpoint)
    return endpoints


_parsed = (None, ())  # (the setting's value as text, its endpoints): parsed once per value


def configured():
    """The endpoints in settings, in order. Every statement stored asks, so the setting is
    parsed again only when its value changes (as tests' override_settings does)."""
    global _parsed
    raw = getattr(settings, "XAPI_LRS_ENDPOINTS", [])
    key = raw if isinstance(raw, str) else json.dumps(raw, sort_keys=True, default=str)
    if _parsed[0] != key:
        _parsed = (key, tuple(parse(raw)))
    return list(_parsed[1])


def names():
    return [endpoint.name for endpoint in configured()]
