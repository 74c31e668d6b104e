"""The Content-Security-Policy of every response, in one place (django-csp reads it from settings).

Learner pages: scripts, styles, images, media and fetches from this site only; no inline script
or style at all (templates keep data in data-* attributes and behaviour in static files), frames
only from the embed providers in STORYBRIDGE_EMBED_PROVIDERS, nothing may frame us.

The Wagtail admin (/admin/) gets the same policy with the relaxations Wagtail 8 needs, found by
loading our admin screens in Chromium under the strict policy (tests/browser/test_csp.py):
its own templates write inline <script> elements (date and time pickers in report filters and
snippet forms, inline panels), which carry no nonce and change with every form, so script-src
allows 'unsafe-inline'; its vendor.js inserts <style> elements (the rich-text editor), so
style-src-elem allows 'unsafe-inline' (style="" attributes stay refused); its live preview
frames our own pages, so frame-src and frame-ancestors allow 'self' (and the previewed learner
page, under its strict policy otherwise, may be framed by the admin). Only signed-in editors
reach those screens, through the throttled admin door.

CSP_REPORT_ONLY=1 sends the same policy as Content-Security-Policy-Report-Only instead, for a
rollout that watches the browser console before enforcing.
"""

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


def directives(embed_providers):
    """The learner pages' policy, with frames allowed from `embed_providers` only."""
    frames = [origin for name in embed_providers for origin in EMBED_FRAME_ORIGINS.get(name, [])]
    return {
        "default-src": [SELF],
        # NONCE is only written into the header on a response whose template asked for
        # request.csp_nonce; none of ours does today.
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
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src-elem": [SELF, UNSAFE_INLINE],
        "frame-src": [SELF, *frames],
        "frame-ancestors": [SELF],
    }


def settings_for(embed_providers, report_only):
    """(CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY) for settings."""
    policy = {"DIRECTIVES": directives(embed_providers)}
    return (None, policy) if report_only else (policy, None)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin relaxations on /admin/ only."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if getattr(request, "is_dummy", False):
            # Wagtail renders a preview by sending a made-up request for the page's own address
            # through the middleware, inside the admin's request: the learner policy, except
            # that the admin's preview panel may frame it.
            return PolicyParts(
                parts.config, parts.update, {**(parts.replace or {}), "frame-ancestors": [SELF]}
            )
        if request.path_info.startswith(ADMIN_PREFIX):
            name = (
                "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
            )
            configured = getattr(settings, name, None)
            if configured:
                relaxed = admin_relaxations(configured["DIRECTIVES"])
                # A nonce would make browsers ignore 'unsafe-inline'.
                return PolicyParts(parts.config, parts.update, {**(parts.replace or {}), **relaxed})
        return parts
