"""Building xAPI 1.0.3 statements with `tincan`, and checking them before they are stored.

`Statements` (and `build()`, its one-statement form) is the one way a statement is made: it
fixes the actor form (an account, never an mbox or a name), the context every statement
carries (registration, platform, language, the Storybridge profile as a category) and the
timestamp precision; the outbox runs `check()` on every statement before it is stored. The
builders for each learning event sit in tracking/learning.py (server-side actions) and
tracking/player/ (player events from the browser).
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
    return actor_for_id(user.pk)


def actor_for_id(user_id):
    """`actor_for` the user with this id."""
    return Agent(account=AgentAccount(home_page=settings.SITE_BASE_URL, name=pseudonym(user_id)))


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


@functools.cache
def _verb(iri):
    """A verb as tincan serialises it, with its English display; built once per verb."""
    return Verb(id=iri, display=LanguageMap({v.VERB_LANGUAGE: v.verb_display(iri)})).as_version(
        v.XAPI_VERSION
    )


class Statements:
    """Statements about one learner and one activity: what they share (actor, object and
    context) is built and serialised with tincan once, and `make()` adds what each statement
    has of its own. A batch of player events builds six statements for little more than the
    cost of one; `build()` is the same for a single statement.

    `activity`, `parent`, `grouping` are tincan Activities (tracking/activities.py); `category`
    adds profiles to Storybridge's own. The statements of one instance share their actor, object
    and context activities: treat them as read-only (they are stored and sent, never edited)."""

    def __init__(self, *, actor, activity, registration=None, parent=(), grouping=(), category=()):
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
        self._shared = Statement(actor=actor, object=activity, context=context).as_version(
            v.XAPI_VERSION
        )

    def make(
        self, verb, *, result=None, context_extensions=None, timestamp=None, statement_id=None
    ):
        """One statement as the dict that is stored and sent. `result` is a tincan Result, or
        the dict one serialises to (the player's events, many a second, build that directly:
        tracking/player/); `context_extensions` a dict of extension IRI to value.
        tracking.outbox checks it (`check()`) when it is stored."""
        data = dict(self._shared)
        if statement_id is None:
            statement_id = uuid.uuid4()
        elif not isinstance(statement_id, uuid.UUID):
            statement_id = uuid.UUID(str(statement_id))
        data["id"] = str(statement_id)
        verb = _verb(verb)
        data["verb"] = {"id": verb["id"], "display": dict(verb["display"])}
        if context_extensions:
            extensions = Extensions(context_extensions).as_version(v.XAPI_VERSION)
            data["context"] = {**data["context"], "extensions": extensions}
        if result is not None:
            if not isinstance(result, dict):
                result = result.as_version(v.XAPI_VERSION)
            data["result"] = result
        data["timestamp"] = format_timestamp(timestamp or timezone.now())
        return data


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
    """A single statement as the dict that is stored and sent (see `Statements`)."""
    return Statements(
        actor=actor,
        activity=activity,
        registration=registration,
        parent=parent,
        grouping=grouping,
        category=category,
    ).make(
        verb,
        result=result,
        context_extensions=context_extensions,
        timestamp=timestamp,
        statement_id=statement_id,
    )


IRI = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.IGNORECASE)
FORBIDDEN_AGENT_KEYS = {"mbox", "mbox_sha1sum", "openid", "name"}


def _fail(message):
    raise InvalidStatement(message)


def _no_empty_values(data):
    # xAPI 1.0.3 Part Two, 2.2: no empty values except inside extensions. Every statement
    # stored comes through here, so it walks the containers only, without recursion, and
    # works out where the empty value is only once it has found one.
    stack = [data]
    containers = (dict, list)
    while stack:
        node = stack.pop()
        for key, value in node.items() if isinstance(node, dict) else enumerate(node):
            if isinstance(value, containers):
                if not value:
                    _fail(f"{_first_empty(data)} is empty")
                if key != "extensions":
                    stack.append(value)
            elif value is None or value == "":
                _fail(f"{_first_empty(data)} is empty")


def _first_empty(node, path=""):
    """The path ("context.contextActivities.parent") of the first empty value in `node`."""
    for key, value in node.items() if isinstance(node, dict) else enumerate(node):
        if value is None or value == "" or (isinstance(value, dict | list) and not value):
            return f"{path}{key}"
        if isinstance(value, dict | list) and key != "extensions":
            found = _first_empty(value, f"{path}{key}.")
            if found:
                return found
    return None


def check(data):
    """Our strict schema: xAPI 1.0.3 rules a statement could break, and our privacy rules.
    Raises InvalidStatement with the first problem found."""
    try:
        uuid.UUID(data["id"])
    except (KeyError, ValueError, TypeError):
        _fail("id must be a UUID")
    if data.get("version") != v.XAPI_VERSION:
        _fail(f"version must be {v.XAPI_VERSION}")
    _no_empty_values(data)
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
