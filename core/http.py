"""Two small questions every view asks the same way: where may a "next" address send the
person, and did our own script send this request rather than a form post."""

from django.utils.http import url_has_allowed_host_and_scheme

SCRIPT_HEADER_VALUES = ("fetch", "XMLHttpRequest")


def safe_next_url(request, url, fallback):
    """`url` if it stays on this site (same host, and https when this request is), else
    `fallback`: the one guard against open redirects through "next" and "return" fields."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback


def is_script_request(request):
    """Sent by our page script (static/js: `X-Requested-With` of "fetch" or "XMLHttpRequest", or
    asking for JSON), which gets a short answer instead of a redirect to a page."""
    return request.headers.get(
        "x-requested-with"
    ) in SCRIPT_HEADER_VALUES or "application/json" in request.headers.get("accept", "")
