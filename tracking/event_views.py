"""The endpoint the browser's tracking script posts player events to: POST /xapi/events/.

Two forms of the same batch, {"token": ..., "events": [...]}:
- a JSON body, with the CSRF token in the X-CSRFToken header (the script's fetch), or
- a form body with `batch` (that JSON) and `csrfmiddlewaretoken` (navigator.sendBeacon, which
  cannot set headers).
Django's CSRF middleware checks both, as for any form. Then: the learner is signed in, under
the per-minute rate, the token is theirs and unaltered, and every event is plausible
(tracking/playback.py). Answers 200 with the count stored, or a 4xx with a JSON `error`
message; a refused batch stores nothing.
"""

import json
import time

from django.core.cache import cache
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import content_version
from courses.models import Enrolment, ModulePage

from .playback import (
    BadBatch,
    module_narratives,
    narrative_statements,
    read_token,
    record_batch,
)
from .statements import actor_for

MAX_BODY = 64 * 1024  # bytes
VIEW_CACHE_SECONDS = 300
RATE_PER_MINUTE = 120  # requests per learner; a player sends one every ten seconds or so


def error(message, status):
    return JsonResponse({"error": str(message)}, status=status)


def over_rate(user_id):
    """Count this request in the learner's current minute; True past the limit. The count is
    in the shared cache (per process without Redis, which only makes it more lenient)."""
    key = f"sb:xapi-rate:{user_id}:{int(time.time() // 60)}"
    cache.add(key, 0, 90)
    try:
        count = cache.incr(key)
    except ValueError:  # the key went between add and incr
        cache.set(key, 1, 90)
        count = 1
    return count > RATE_PER_MINUTE


def read_batch(request):
    if request.content_type == "application/json":
        text = request.body.decode("utf-8", "replace")
    elif request.content_type == "application/x-www-form-urlencoded":
        text = request.POST.get("batch", "")
    else:
        raise BadBatch(_("Send the batch as JSON or as a form field named 'batch'."), 415)
    if len(text) > MAX_BODY:  # a body sent without its length
        raise BadBatch(_("The batch is too big: send at most 64 KB at a time."), 413)
    try:
        batch = json.loads(text)
    except ValueError:
        raise BadBatch(_("The batch is not valid JSON.")) from None
    if not isinstance(batch, dict):
        raise BadBatch(_("The batch must be a JSON object with 'token' and 'events'."))
    return batch


def page_view_for(request, token):
    """The token's page view, enrolment, module, course, the narratives the module may play and
    what their statements share (`narrative_statements`, by narrative uuid), if all of them
    belong to the learner making the request; BadBatch (403) otherwise.

    A page sends a batch every few seconds: what its token resolves to is kept in the cache for
    a few minutes under the page view's nonce and the content version, so any content change
    (a module unpublished, consent withdrawn) is seen at once; an enrolment removed while the
    page is open is seen when the entry expires."""
    view = read_token(token)
    if view.user_id != request.user.pk:
        raise BadBatch(_("This tracking token belongs to someone else."), 403)
    key = f"sb:xapi-view:{view.nonce.hex}:{content_version.current(request)}"
    resolved = cache.get(key)
    if resolved is None:
        resolved = resolve(request, view)
        cache.set(key, resolved, VIEW_CACHE_SECONDS)
    return (view, *resolved)


def resolve(request, view):
    enrolment = (
        Enrolment.objects.select_related("course")
        .filter(uuid=view.enrolment_uuid, user=request.user)
        .first()
    )
    if enrolment is None:
        raise BadBatch(_("You are not enrolled on this course."), 403)
    module = ModulePage.objects.live().filter(pk=view.module_id).first()
    course = enrolment.course
    if (
        module is None
        or not course.live
        or not module.path.startswith(course.path)
        or module.depth != course.depth + 1
    ):
        raise BadBatch(_("This module is not open to you."), 403)
    narratives = module_narratives(module)
    actor = actor_for(request.user)
    shared = {
        narrative.uuid: narrative_statements(
            narrative, actor=actor, enrolment=enrolment, module=module, course=course
        )
        for narrative in narratives.values()
    }
    return enrolment, module, course, narratives, shared


@require_POST
def events(request):
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY:
        return error(_("The batch is too big: send at most 64 KB at a time."), 413)
    if not request.user.is_authenticated:
        return error(_("Sign in to have your progress recorded."), 403)
    if over_rate(request.user.pk):
        return error(_("Too many tracking requests: wait a minute and try again."), 429)
    try:
        batch = read_batch(request)
        view, enrolment, module, course, narratives, shared = page_view_for(
            request, batch.get("token")
        )
        rows = record_batch(
            view,
            batch.get("events"),
            user=request.user,
            enrolment=enrolment,
            module=module,
            course=course,
            narratives=narratives,
            shared=shared,
        )
    except BadBatch as problem:
        return error(problem.message, problem.status)
    return JsonResponse({"stored": len(rows)})
