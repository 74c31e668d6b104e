"""Links in emails point at SITE_BASE_URL, never at the Host header of the request that caused
the email: a forged Host would otherwise put someone else's address into a genuine
password-reset email."""

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import get_script_prefix


@dataclass(frozen=True)
class SiteAddress:
    """What allauth's email templates read from `current_site`."""

    name: str
    domain: str


def site():
    return SiteAddress(
        name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(settings.SITE_BASE_URL).netloc
    )


def on_site(url):
    """`url` (absolute, or a path) with its scheme and host replaced by SITE_BASE_URL's. A path
    reversed under a script prefix loses it, since SITE_BASE_URL already ends with it."""
    parts = urlsplit(url)
    path = parts.path
    prefix = get_script_prefix()
    if prefix != "/" and path.startswith(prefix):
        path = path[len(prefix) - 1 :]
    return settings.SITE_BASE_URL + urlunsplit(("", "", path, parts.query, parts.fragment))
