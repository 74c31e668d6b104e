"""The LTI launch a request belongs to, and the framing it may have.

django-lti's own middleware asks for the launch on every request; this one only when the
session holds one, so that learners who never came from an LMS pay nothing. A page seen in a
launch may be framed by that launch's platform, and by no one else: its origins go into the
Content-Security-Policy's frame-ancestors, and X-Frame-Options is left off (the policy rules)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from lti_tool.constants import SESSION_KEY
from lti_tool.models import AbsentLtiLaunch
from pylti1p3.exception import LtiException

from core.csp import allow_frame_ancestors

from .config import restored_launch


def origin(url):
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def platform_origins(registration):
    """Where a registered platform's pages live: its issuer's and its sign-in page's origins."""
    return [o for o in {origin(registration.issuer), origin(registration.auth_url)} if o]


class LtiLaunchMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        launch_id = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        request.lti_launch = AbsentLtiLaunch()
        if launch_id:
            try:
                request.lti_launch = restored_launch(request, launch_id)
            except LtiException:
                pass
        framers = []
        if request.lti_launch.is_present and request.lti_launch.registration is not None:
            framers = platform_origins(request.lti_launch.registration)
            allow_frame_ancestors(request, *framers)
        response = self.get_response(request)
        if framers:
            response.xframe_options_exempt = True
        return response


class LtiSessionMiddleware(SessionMiddleware):
    """Django's session middleware, with one difference: over HTTPS, a response to a request in
    an LTI launch sends the session and CSRF cookies with SameSite=None (and Secure), so that the
    LMS's frame, another site, keeps them. Everyone else's cookies stay Lax. Where the browser
    refuses such cookies, the launch goes on in a new window (integrations/lti/launch.py)."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        launch = getattr(request, "lti_launch", None)
        if launch is not None and launch.is_present and request.is_secure():
            for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
                if name in response.cookies:
                    response.cookies[name]["samesite"] = "None"
                    response.cookies[name]["secure"] = True
        return response
