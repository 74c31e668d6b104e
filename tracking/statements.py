"""Building xAPI 1.0.3 statements with `tincan`, and checking them before they are stored.

`build()` is the one way a statement is made: it fixes the actor form (an account, never an
mbox or a name), the context every statement carries (registration, platform, language, the
Storybridge profile as a category) and the timestamp precision; the outbox runs `check()`
on every statement before it is stored. The
builders for each learning event sit in tracking/learning.py (server-side actions) and
tracking/playback.py (player events from the browser); they all call `build()`.
"""

import functools
import re
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone
from tincan import (
    Activity,
    ActivityDefinition,
    Agent,
    AgentAccount,
    Context,
    ContextActivities,
    Extensions,
    LanguageMap,
    Statement,
    Verb,
)

from core.pseudonyms import pseudonym

from . import vocabulary as v


class InvalidStatement(ValueError):
    """A statement that breaks a rule of xAPI 1.0.3 or of ours; nothing is stored."""


def actor_for(user):
    """The pseudonymous actor of a person: an account on the site, named by an HMAC of their
    id (core/pseudonyms.py). Never an mbox, never a name (DESIGN.md, "xAPI")."""
    return Agent(account=AgentAccount(home_page=settings.SITE_BASE_URL, name=pseudonym(user.pk)))


def unlinkable_actor():
    """A fresh random account, used once: for events that must never be linked to a person
    (take a break, get support)."""
    return Agent(account=AgentAccount(home_page=settings.SITE_BASE_URL, name=uuid.uuid4().hex))


@functools.cache
def profile_activity(iri=v.PROFILE):
    """A profile as a category activity; built once per profile (tincan objects are only read
    when a statement is serialised)."""
    return Activity(id=iri, definition=ActivityDefinition(type=v.PROFILE_ACTIVITY))


def format_timestamp(moment):
    """ISO 8601 in UTC to the millisecond, the precision LRSs keep, so a statement reads back
    from the LRS exactly as it was sent."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def build(
    *,
    actor,
    verb,
    activity,
    registration=None,
    result=None,
    parent=(),
    grouping=(),
    category=(),
    context_extensions=None,
    timestamp=None,
    statement_id=None,
):
    """A statement as the dict that is stored and sent. `activity`, `parent`, `grouping` are
    tincan Activities (tracking/activities.py); `category` adds profiles to Storybridge's own;
    `result` is a tincan Result or None. tracking.outbox checks it (`check()`) when it is
    stored."""
    context = Context(
        platform=v.PLATFORM,
        language=v.LANGUAGE,
        context_activities=ContextActivities(
            parent=list(parent) or None,
            grouping=list(grouping) or None,
            category=[profile_activity(iri) for iri in category] + [profile_activity()],
        ),
    )
    if registration is not None:
        context.registration = uuid.UUID(str(registration))
    if context_extensions:
        context.extensions = Extensions(context_extensions)
    statement = Statement(
        id=uuid.UUID(str(statement_id)) if statement_id else uuid.uuid4(),
        actor=actor,
        verb=Verb(id=verb, display=LanguageMap({v.VERB_LANGUAGE: v.verb_display(verb)})),
        object=activity,
        context=context,
    )
    if result is not None:
        statement.result = result
    data = statement.as_version(v.XAPI_VERSION)  # plain JSON types: dicts, lists, strings
    data["timestamp"] = format_timestamp(timestamp or timezone.now())
    return data


IRI = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.IGNORECASE)
FORBIDDEN_AGENT_KEYS = {"mbox", "mbox_sha1sum", "openid", "name"}


def _fail(message):
    raise InvalidStatement(message)


def _empty(value):
    return value in (None, "", {}, [])


def _no_empty_values(node, path):
    # xAPI 1.0.3 Part Two, 2.2: no empty values except inside extensions.
    if isinstance(node, dict):
        for key, value in node.items():
            if _empty(value):
                _fail(f"{path}{key} is empty")
            if key != "extensions":
                _no_empty_values(value, f"{path}{key}.")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _no_empty_values(value, f"{path}{index}.")


def check(data):
    """Our strict schema: xAPI 1.0.3 rules a statement could break, and our privacy rules.
    Raises InvalidStatement with the first problem found."""
    try:
        uuid.UUID(data["id"])
    except (KeyError, ValueError, TypeError):
        _fail("id must be a UUID")
    if data.get("version") != v.XAPI_VERSION:
        _fail(f"version must be {v.XAPI_VERSION}")
    _no_empty_values(data, "")
    actor = data.get("actor") or {}
    if FORBIDDEN_AGENT_KEYS & set(actor) or set(actor) - {"objectType", "account"}:
        _fail("the actor must be an account and nothing else")
    account = actor.get("account") or {}
    if account.get("homePage") != settings.SITE_BASE_URL or not account.get("name"):
        _fail("the actor's account must be on this site")
    verb = data.get("verb") or {}
    if not IRI.match(verb.get("id", "")):
        _fail("verb.id must be an IRI")
    activity = data.get("object") or {}
    if activity.get("objectType", "Activity") != "Activity" or not IRI.match(
        activity.get("id", "")
    ):
        _fail("object must be an activity with an IRI id")
    context = data.get("context") or {}
    registration = context.get("registration")
    if registration is not None:
        try:
            uuid.UUID(registration)
        except (ValueError, TypeError):
            _fail("context.registration must be a UUID")
    for key in ("extensions",):
        for where in (context, data.get("result") or {}):
            for iri in (where.get(key) or {}).keys():
                if not IRI.match(iri):
                    _fail(f"extension key {iri!r} is not an IRI")
    score = (data.get("result") or {}).get("score")
    if score:
        low, high, raw = score.get("min"), score.get("max"), score.get("raw")
        if low is not None and high is not None and low > high:
            _fail("result.score.min is above max")
        if raw is not None and (
            (low is not None and raw < low) or (high is not None and raw > high)
        ):
            _fail("result.score.raw is outside min..max")
        scaled = score.get("scaled")
        if scaled is not None and not -1 <= scaled <= 1:
            _fail("result.score.scaled must be between -1 and 1")
    try:
        datetime.fromisoformat(data["timestamp"].replace("Z", "+00:00"))
    except (KeyError, ValueError, AttributeError):
        _fail("timestamp must be ISO 8601")
    return data
