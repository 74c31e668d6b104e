"""Uploaded files that no web server serves by path, and how a view sends one after its checks.

Every upload (recordings, posters, captions, documents, original images) goes to the default
storage, `ProtectedStorage`, under PROTECTED_MEDIA_ROOT: nothing maps a URL onto that folder.
A view decides who may have a file (for narratives: narratives/files.py) and then calls
`send_file`, which streams the bytes itself (with byte ranges, so players can seek) or, when
PROTECTED_MEDIA_ACCEL_PREFIX is set, answers with an empty response carrying `X-Accel-Redirect`
so that nginx sends them from an `internal` location. Only Wagtail's image renditions are
public: they live in the "public_media" storage, under MEDIA_ROOT, served at MEDIA_URL.
"""

import mimetypes
import os
import re
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import http_date

# Types Python's table lacks or gets wrong for the files narratives use.
CONTENT_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".aac": "audio/aac",
    ".oga": "audio/ogg",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".wav": "audio/wav",
    ".flac": "audio/flac",
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".ogv": "video/ogg",
    ".vtt": "text/vtt; charset=utf-8",
}
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class ProtectedStorage(FileSystemStorage):
    """The default storage: files under PROTECTED_MEDIA_ROOT, which no URL maps onto.

    `url()` points at PROTECTED_MEDIA_URL, the editors' view (narratives/views.py), so that the
    admin's links to a file still work for the people allowed to see it; learners get each
    narrative file from its consent-checked address instead. The settings are read on each use,
    so tests can point them elsewhere."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PROTECTED_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        url = self._value_or_setting(self._base_url, settings.PROTECTED_MEDIA_URL)
        return url if url.endswith("/") else url + "/"


@checks.register(checks.Tags.security, deploy=False)
def check_protected_root(app_configs, **kwargs):
    """The protected folder must not sit inside a folder that is served by path."""
    protected = Path(settings.PROTECTED_MEDIA_ROOT).resolve()
    errors = []
    for setting in ("MEDIA_ROOT", "STATIC_ROOT"):
        served = getattr(settings, setting, None)
        if not served:
            continue
        served = Path(served).resolve()
        if (
            protected == served
            or protected.is_relative_to(served)
            or served.is_relative_to(protected)
        ):
            errors.append(
                checks.Error(
                    f"PROTECTED_MEDIA_ROOT ({protected}) and {setting} ({served}) overlap, so "
                    "protected files could be served by path.",
                    hint=f"Give PROTECTED_MEDIA_ROOT a folder of its own, outside {setting}.",
                    id="storybridge.E101",
                )
            )
    return errors


def content_type_for(name):
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guessed, encoding = mimetypes.guess_type(name)
    if guessed and not encoding:
        return guessed
    return "application/octet-stream"


class Unsatisfiable(Exception):
    pass


def requested_range(header, size):
    """The one byte range (start, end inclusive) a `Range` header asks for, or None for the
    whole file (no header, a form we do not serve such as several ranges, or a malformed one,
    which RFC 9110 lets a server ignore). Raises Unsatisfiable when no byte of it exists."""
    match = RANGE.match((header or "").strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if not first:  # the last n bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return max(size - suffix, 0), size - 1
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise Unsatisfiable
    return start, min(int(last), size - 1) if last else size - 1


class _Range:
    """The bytes `start` to `start + length` of an open file, as a file the WSGI server can
    send: its `read()` stops at the end of the range, and `fileno()` lets a server that uses
    sendfile (gunicorn) send exactly Content-Length bytes from the current offset."""

    def __init__(self, handle, start, length):
        handle.seek(start)
        self._handle, self._left = handle, length

    def read(self, size=-1):
        if self._left <= 0:
            return b""
        data = self._handle.read(self._left if size is None or size < 0 else min(size, self._left))
        self._left -= len(data)
        return data

    def fileno(self):
        return self._handle.fileno()

    def close(self):
        self._handle.close()


def send_file(request, storage, name, *, content_type=None, headers=None):
    """Send a stored file the caller has already decided this request may have.

    Streams it (never read whole into memory), honouring a single byte range; or, with
    PROTECTED_MEDIA_ACCEL_PREFIX set, hands it to nginx with `X-Accel-Redirect` (nginx serves
    the ranges then). Every answer is private and never stored by a cache: access can end at
    any moment (a narrator withdraws consent), and the next request must be checked again."""
    content_type = content_type or content_type_for(name)
    extra = {
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
        # Opened as a page (a file stored before uploads were checked, say), it runs nothing
        # and has no origin; a player loading it as media ignores this.
        "Content-Security-Policy": "sandbox",
        **(headers or {}),
    }
    prefix = getattr(settings, "PROTECTED_MEDIA_ACCEL_PREFIX", "")
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
        for key, value in extra.items():
            response[key] = value
        return response

    try:
        size = storage.size(name)
        modified = http_date(storage.get_modified_time(name).timestamp())
    except FileNotFoundError:
        # The record names a file the storage no longer has: nothing to send, and no error.
        raise Http404 from None
    extra["Accept-Ranges"] = "bytes"
    extra["Last-Modified"] = modified
    if_range = request.headers.get("If-Range")
    try:
        wanted = None
        if request.method in ("GET", "HEAD") and (if_range is None or if_range == modified):
            wanted = requested_range(request.headers.get("Range"), size)
    except Unsatisfiable:
        response = HttpResponse(status=416, content_type="text/plain; charset=utf-8")
        response["Content-Range"] = f"bytes */{size}"
        for key, value in extra.items():
            response[key] = value
        return response

    handle = storage.open(name, "rb")
    if wanted is None:
        response = FileResponse(handle, content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        start, end = wanted
        length = end - start + 1
        response = FileResponse(
            _Range(handle, start, length), status=206, content_type=content_type
        )
        response["Content-Length"] = str(length)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    for key, value in extra.items():
        response[key] = value
    return response
