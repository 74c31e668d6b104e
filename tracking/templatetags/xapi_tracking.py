"""`{% xapi_tracking %}`: on a module page seen by an enrolled learner, the tracking script and
its configuration, with a token for this page view (tracking/player/tokens.py). Rendered per
request, outside the fragments learners share. Nothing for anyone else: no token, no script.

`{% xapi_library_tracking narrative %}`: the same on a story opened from the library, with a
library token for this page view, for a signed-in learner; nothing for visitors."""

from django import template
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, json_script

from tracking.player.events import COMPLETION_THRESHOLD
from tracking.player.tokens import make_library_token, make_token

register = template.Library()

SEND_EVERY_MS = 10_000


@register.simple_tag(takes_context=True)
def xapi_tracking(context):
    request = context.get("request")
    enrolment = context.get("enrolment")
    module = context.get("page")
    if (
        request is None
        or enrolment is None
        or module is None
        or getattr(request, "is_preview", False)
        or not request.user.is_authenticated
        or enrolment.user_id != request.user.pk
    ):
        return ""
    return _markup(request, make_token(request.user, enrolment, module))


@register.simple_tag(takes_context=True)
def xapi_library_tracking(context, narrative):
    request = context.get("request")
    if (
        request is None
        or narrative is None
        or getattr(request, "is_preview", False)
        or not request.user.is_authenticated
    ):
        return ""
    return _markup(request, make_library_token(request.user, narrative))


def _markup(request, token):
    """The tracking script and its configuration (#sb-xapi-config) for the page view `token`."""
    config = {
        "endpoint": reverse("tracking:events"),
        "token": token,
        "csrf": get_token(request),
        "threshold": COMPLETION_THRESHOLD,
        "interval": SEND_EVERY_MS,
    }
    return format_html(
        '{}<script src="{}" defer></script>',
        json_script(config, "sb-xapi-config"),
        static("js/tracking.js"),
    )
