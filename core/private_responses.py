"""Nothing personal is kept by a browser or a proxy after it has been shown.

Every response to a signed-in person, or built from a visitor's session, goes out with
`Cache-Control: no-store, private`: on a shared ward PC, Back after sign-out must not bring a
profile, a reflection or a completion record back from the browser's cache. A response that
depends on nothing but the address (no session cookie came with the request, and none was
written) keeps whatever caching the view chose, so public pages stay cacheable.

Signing out also answers with `Clear-Site-Data: "cache", "storage"`, so the browser drops what
it kept of the session's pages and storage (reflection drafts in localStorage among them).
"""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.utils.cache import has_vary_header, patch_cache_control

PRIVATE = "no-store, private"
CLEAR_SITE_DATA = '"cache", "storage"'
_SIGNED_OUT = "_storybridge_signed_out"


@receiver(user_logged_out, dispatch_uid="storybridge_clear_site_data_on_sign_out")
def remember_sign_out(sender, request, user, **kwargs):
    if request is not None:
        setattr(request, _SIGNED_OUT, True)


def is_personal(request, response):
    """Whether `response` may hold something about the person who asked for it."""
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return True
    if getattr(request, _SIGNED_OUT, False):
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        # No session came with the request: the page is the same for every visitor, even when
        # it looked for one (and so varies on Cookie).
        return False
    if session is not None and session.accessed:
        return True
    # Whether someone is signed in, from the session alone: asking request.user would load the
    # account, a query that views such as the tracking endpoint take care to avoid.
    if session is not None and SESSION_KEY in session:
        return True
    return has_vary_header(response, "Cookie")


class PrivateResponseMiddleware:
    """Sits just before SessionMiddleware, so it sees the session's Vary and writes last."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_personal(request, response):
            make_private(response)
        if getattr(request, _SIGNED_OUT, False):
            response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response


def make_private(response):
    """`no-store, private`, unless the view already chose no-store (never_cache's is kept)."""
    current = response.get("Cache-Control", "")
    directives = {part.strip().split("=")[0].lower() for part in current.split(",")}
    if "no-store" in directives:
        if "private" not in directives:
            patch_cache_control(response, private=True)
        return
    response["Cache-Control"] = PRIVATE
    if "Expires" in response:
        del response["Expires"]
