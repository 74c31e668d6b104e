"""The Content-Security-Policy of every response, in one place (django-csp reads it from settings).

Learner pages: scripts, styles, images, media and fetches from this site only; no inline script
or style at all (templates keep data in data-* attributes and behaviour in static files), frames
only from the embed providers in STORYBRIDGE_EMBED_PROVIDERS, nothing may frame us.

The Wagtail admin (/admin/) gets the same policy with the relaxations Wagtail 8 needs, found by
loading our admin screens in Chromium under the strict policy (tests/browser/test_csp.py):
its own templates write inline <script> elements (date and time pickers, inline panels, the
media upload form), and its chooser widgets append one from Python. Our copies of those
templates under templates/ ({% csp_nonce %}, core/templatetags/storybridge_csp.py) and
core/csp_widgets.py give each this response's nonce, so script-src is 'self' plus that nonce
and an inline script written into a page by anyone else cannot run. Chooser modals (HTML
fetched by script, which would carry another response's nonce) write no inline script on our
screens. Wagtail's vendor.js inserts <style> elements (the rich-text editor; still refused
without it), so style-src-elem allows 'unsafe-inline' (style="" attributes stay refused); its
live preview frames our own pages, so frame-src and frame-ancestors allow 'self' (and the
previewed learner page, under its strict policy otherwise, may be framed by the admin). Only
signed-in editors reach those screens, through the throttled admin door.

CSP_REPORT_ONLY=1 sends the same policy as Content-Security-Policy-Report-Only instead, for a
rollout that watches the browser console before enforcing.
"""

from contextvars import ContextVar

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

# Where each embed provider's player is framed from (narratives.models.Narrative.player_url).
EMBED_FRAME_ORIGINS = {
    "youtube": ["https://www.youtube-nocookie.com"],
    "vimeo": ["https://player.vimeo.com"],
    "soundcloud": ["https://w.soundcloud.com"],
}

ADMIN_PREFIX = "/admin/"

# The request being answered, for templates rendered without it (Django's form renderer draws
# widgets with no request in their context): {% csp_nonce %} reads its nonce from here.
current_request = ContextVar("current_request", default=None)


def current_nonce():
    """This response's script nonce (added to its header by being read), or "" outside a request."""
    request = current_request.get()
    nonce = getattr(request, "csp_nonce", None)
    return str(nonce) if nonce is not None else ""


FORM_TARGETS_ATTR = "_csp_form_targets"


def allow_form_targets(request, *origins):
    """Let this response's forms lead to `origins` too (form-action): a sign-in button whose
    POST is answered by a redirect to an organisation's identity provider, which the browser
    checks against form-action. Only the response that shows such a form gets them."""
    if request is not None:
        found = getattr(request, FORM_TARGETS_ATTR, [])
        setattr(request, FORM_TARGETS_ATTR, found + [o for o in origins if o not in found])


FRAME_ANCESTORS_ATTR = "_csp_frame_ancestors"


def allow_frame_ancestors(request, *origins):
    """Let `origins` frame this response (frame-ancestors, in place of 'none'): an LMS showing
    a page launched from it (integrations/lti/middleware.py). Nothing else may frame it."""
    if request is not None and origins:
        found = getattr(request, FRAME_ANCESTORS_ATTR, [])
        setattr(request, FRAME_ANCESTORS_ATTR, found + [o for o in origins if o not in found])


def directives(embed_providers):
    """The learner pages' policy, with frames allowed from `embed_providers` only."""
    frames = [origin for name in embed_providers for origin in EMBED_FRAME_ORIGINS.get(name, [])]
    return {
        "default-src": [SELF],
        # NONCE is only written into the header on a response whose template asked for
        # request.csp_nonce ({% csp_nonce %}); no learner template does.
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "media-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": frames or [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }


def admin_relaxations(policy):
    """What the Wagtail admin needs on top of `policy` (see the module docstring)."""
    frames = [source for source in policy["frame-src"] if source != NONE]
    return {
        "script-src": [SELF, NONCE],
        "style-src-elem": [SELF, UNSAFE_INLINE],
        "frame-src": [SELF, *frames],
        "frame-ancestors": [SELF],
    }


def settings_for(embed_providers, report_only):
    """(CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY) for settings."""
    policy = {"DIRECTIVES": directives(embed_providers)}
    return (None, policy) if report_only else (policy, None)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin relaxations on /admin/ only, and the request
    kept in `current_request` while it is answered."""

    def process_request(self, request):
        super().process_request(request)
        # Nested: Wagtail's preview sends a made-up request through here inside the admin's.
        request._csp_request_token = current_request.set(request)

    def process_response(self, request, response):
        response = super().process_response(request, response)
        self.forget(request)
        return response

    def process_exception(self, request, exception):
        self.forget(request)

    @staticmethod
    def forget(request):
        token = getattr(request, "_csp_request_token", None)
        if token is not None:
            current_request.reset(token)
            request._csp_request_token = None

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        targets = getattr(request, FORM_TARGETS_ATTR, None)
        if targets:
            update = {**(parts.update or {})}
            update["form-action"] = [*update.get("form-action", []), *targets]
            parts = PolicyParts(parts.config, update, parts.replace, parts.nonce)
        framers = getattr(request, FRAME_ANCESTORS_ATTR, None)
        if framers:
            replace = {**(parts.replace or {}), "frame-ancestors": list(framers)}
            parts = PolicyParts(parts.config, parts.update, replace, parts.nonce)
        if getattr(request, "is_dummy", False):
            # Wagtail renders a preview by sending a made-up request for the page's own address
            # through the middleware, inside the admin's request: the learner policy, except
            # that the admin's preview panel may frame it.
            return PolicyParts(
                parts.config,
                parts.update,
                {**(parts.replace or {}), "frame-ancestors": [SELF]},
                parts.nonce,
            )
        if request.path_info.startswith(ADMIN_PREFIX):
            name = (
                "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
            )
            configured = getattr(settings, name, None)
            if configured:
                relaxed = admin_relaxations(configured["DIRECTIVES"])
                return PolicyParts(
                    parts.config, parts.update, {**(parts.replace or {}), **relaxed}, parts.nonce
                )
        return parts
