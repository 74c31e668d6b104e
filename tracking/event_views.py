"""The endpoint the browser's tracking script posts player events to: POST /xapi/events/.

Two forms of the same batch, {"token": ..., "events": [...]}:
- a JSON body, with the CSRF token in the X-CSRFToken header (the script's fetch), or
- a form body with `batch` (that JSON) and `csrfmiddlewaretoken` (navigator.sendBeacon, which
  cannot set headers).
Django's CSRF middleware checks both, as for any form. Then: the learner is signed in, under
the per-minute rate, the token is theirs and unaltered, and every event is plausible
(tracking/player/). Answers 200 with the count stored, or a 4xx with a JSON `error`
message; a refused batch stores nothing. A 503 (the content changed under every attempt to
store the batch) also stores nothing; the script sends the batch again later.

A page sends a batch every ten seconds or so while a narrative plays. Its first batch loads
the learner and resolves the page view (`page_view_for`): a module page's through the app that
owns module pages, a story opened from the library through the app that owns the library. The
ones after it take that from the cache and cost one query on PostgreSQL, the insert, which also
checks that the content has not changed since and that the learner's account is still active.
"""

import json
import time
from dataclasses import dataclass

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import content_version

from .player.content import library_content, library_tracks, page_content, tracks
from .player.events import BadBatch
from .player.storage import record_batch
from .player.tokens import read_token

MAX_BODY = 64 * 1024  # bytes
VIEW_CACHE_SECONDS = 300
RATE_PER_MINUTE = 120  # requests per learner; a player sends one every ten seconds or so
RESOLVE_ATTEMPTS = 3  # resolutions of a page view when the content changes while storing


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


@dataclass(frozen=True)
class SignedIn:
    """Who a request's session says is signed in, as Django's auth wrote it at sign-in."""

    user_id: int
    auth_hash: str
    backend: str


def signed_in(request):
    """The session's SignedIn, or None if it names nobody. Read from the session alone: it is
    only trusted as far as `page_view_for` says."""
    session = request.session
    try:
        return SignedIn(
            user_id=get_user_model()._meta.pk.to_python(session[SESSION_KEY]),
            auth_hash=session[HASH_SESSION_KEY],
            backend=session[BACKEND_SESSION_KEY],
        )
    except (KeyError, ValidationError):
        return None


@dataclass
class ResolvedView:
    """What a page view's token resolves to, for the learner signed in as `who`, under the
    content version `stamp`: the narratives the page view may record (tracking.player.content.Track,
    by uuid string)."""

    who: SignedIn
    stamp: int
    tracks: dict


def page_view_for(request, view, who, *, fresh=False):
    """The ResolvedView of the token's page view, if it belongs to the learner making the
    request; BadBatch (403) otherwise.

    A page sends a batch every few seconds, so the resolution is kept in the cache for a few
    minutes under the page view's nonce. It is used only by a session naming the same user
    with the same auth hash as the session it was resolved for, when Django's auth loaded and
    verified the user: later batches need not load the user again. Its content version goes
    with the statements to the outbox, which stores nothing if the content has changed since
    (a module unpublished, consent withdrawn) or the account has been deactivated or deleted,
    so those are seen at once; `fresh` resolves it again. A sign-out is seen at once too (the
    session names nobody); an enrolment removed or a password changed elsewhere while the page
    is open, when the entry expires."""
    key = f"sb:xapi-view:{view.nonce.hex}"
    resolved = None if fresh else cache.get(key)
    if resolved is None or resolved.who != who:
        resolved = resolve(request, view)
        cache.set(key, resolved, VIEW_CACHE_SECONDS)
    return resolved


def resolve(request, view):
    stamp = content_version.current()  # before what is read under it
    user = request.user  # loaded and verified against the session by Django's auth
    if not user.is_authenticated:
        raise BadBatch(_("Sign in to have your progress recorded."), 403)
    if user.pk != view.user_id:
        raise BadBatch(_("This tracking token belongs to someone else."), 403)
    if view.in_library:
        return ResolvedView(who=signed_in(request), stamp=stamp, tracks=_library_tracks(user, view))
    content = page_content()  # registered by the app that owns module pages
    enrolment = content.enrolment(user, view.enrolment_uuid)
    if enrolment is None:
        raise BadBatch(_("You are not enrolled on this course."), 403)
    module = content.module(enrolment, view.module_id)
    if module is None:
        raise BadBatch(_("This module is not open to you."), 403)
    course = enrolment.course
    return ResolvedView(
        who=signed_in(request),  # as the session is now: verifying may have renewed the hash
        stamp=stamp,
        tracks=tracks(user_id=user.pk, enrolment=enrolment, module=module, course=course),
    )


def _library_tracks(user, view):
    """The Tracks of a page view of a story opened from the library, if the story is still one
    the learner may see there; BadBatch (403) otherwise."""
    narrative = library_content().narrative(user, view.narrative_uuid)  # the library app's
    if narrative is None:
        raise BadBatch(_("This story is no longer available in the library."), 403)
    return library_tracks(user_id=user.pk, narrative=narrative)


@require_POST
def events(request):
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY:
        return error(_("The batch is too big: send at most 64 KB at a time."), 413)
    who = signed_in(request)
    if who is None:
        return error(_("Sign in to have your progress recorded."), 403)
    if over_rate(who.user_id):
        return error(_("Too many tracking requests: wait a minute and try again."), 429)
    try:
        batch = read_batch(request)
        view = read_token(batch.get("token"))
        if view.user_id != who.user_id:
            raise BadBatch(_("This tracking token belongs to someone else."), 403)
        for attempt in range(RESOLVE_ATTEMPTS):
            page = page_view_for(request, view, who, fresh=attempt > 0)
            rows = record_batch(
                view,
                batch.get("events"),
                user_id=who.user_id,
                tracks=page.tracks,
                content_stamp=page.stamp,
            )
            if rows is not None:
                return JsonResponse({"stored": len(rows)})
    except BadBatch as problem:
        return error(problem.message, problem.status)
    # No longer current under every attempt: the content changed each time (an editor
    # publishing again and again), as a deactivated account is refused by `resolve`.
    return error(_("The course is being updated: your progress will be sent again."), 503)
