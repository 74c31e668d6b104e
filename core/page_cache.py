"""Caches for what every learner shares, keyed on the content version (core/content_version.py)
so they are never stale in any process: which page a URL routes to, and rendered fragments that
are the same for every learner.

Only live pages without view restrictions are cached; previews are never cached; a fragment key
includes today's date, because consent expires by date, not by an edit.
"""

import hashlib

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction, Site

from . import content_version

ROUTE_TIMEOUT = 24 * 60 * 60
FRAGMENT_TIMEOUT = 24 * 60 * 60


def _digest(*parts):
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:32]


def fragment_key(request, name, *parts):
    """A cache key for a fragment every learner sees alike, or None where nothing may be cached."""
    if request is None or getattr(request, "is_preview", False):
        return None
    digest = _digest(request.get_host(), timezone.localdate().isoformat(), *parts)
    return f"sb:frag:{name}:{content_version.current(request)}:{digest}"


class KnownRestrictionsMixin:
    """A page the route cache found to have no view restrictions skips looking them up again."""

    _known_unrestricted = False

    def get_view_restrictions(self):
        if self._known_unrestricted:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def route_for_request(request, path):
    """Page.route_for_request, remembered for live pages that anyone may see."""
    if request.method not in ("GET", "HEAD"):
        return Page.route_for_request(request, path)
    key = f"sb:route:{content_version.current(request)}:{_digest(request.get_host(), path)}"
    cached = cache.get(key)
    if cached is not None:
        site, page = cached
        request._wagtail_site = site
        return page, [], {}
    result = Page.route_for_request(request, path)
    if result is not None:
        page, args, kwargs = result
        if (
            not args
            and not kwargs
            and page.live
            and isinstance(page, KnownRestrictionsMixin)
            and not page.get_view_restrictions().exists()
        ):
            page._known_unrestricted = True
            cache.set(key, (Site.find_for_request(request), page), ROUTE_TIMEOUT)
    return result


def serve(request, path):
    """Wagtail's `serve` view, routing through the cache above. Hooks run exactly as Wagtail's."""
    route_result = route_for_request(request, path)
    if route_result is None:
        raise Http404
    page, args, kwargs = route_result

    def serve_chain(page, request, args, kwargs):
        return page.serve(request, *args, **kwargs)

    on_serve_chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        on_serve_chain = fn(on_serve_chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return on_serve_chain(page, request, args, kwargs)
