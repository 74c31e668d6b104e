"""Breaks and support requests: counted as they happen, sent as statements only after the day.

Taking a break and asking for support must never be linked to the learner, by any field or by
timing (DESIGN.md, "Privacy and safety rules"). A statement recorded at the moment would be:
its timestamp, the LRS's `stored` time and its place in the delivery order would sit next to
the learner's own statements of that moment. So the moment is never kept:

- `took_a_break()` and `asked_for_support()` add one to a count per kind, activity (the
  narrative, or the support page) and day (`SensitiveEventCount`): no person, no time of day,
  a random key. Nothing else is written.
- `release()`, run by the forwarder (`manage.py xapi_forward`) before it sends, turns the
  counts of days that have ended into statements: one per event, each with a fresh random
  account, no registration and the start of its day as the timestamp; all of one release in
  random order, in the outbox marked `sensitive`, which the forwarder sends in batches of their
  own. Safe to run from several forwarders at once: each takes the counts it has locked
  (SKIP LOCKED on PostgreSQL), and a count is only marked sent if it is still what was read.
"""

import datetime
import random

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from tincan import Activity, ActivityDefinition

from . import activities, outbox
from . import vocabulary as v
from .models import SensitiveEventCount
from .statements import build, unlinkable_actor

BREAK = SensitiveEventCount.Kind.BREAK
SUPPORT = SensitiveEventCount.Kind.SUPPORT
VERBS = {BREAK: v.TOOK_A_BREAK, SUPPORT: v.ASKED_FOR_SUPPORT}

# Not the `random` module's generator: the order must not be predictable from anything else.
_shuffler = random.SystemRandom()


def _object(narrative):
    """What a break or request is about: the narrative when known, else the support page, by
    its id and type only. A name or description can change during a day, and would tell which
    side of the change an event was; the id resolves to them (tracking/views.py)."""
    full = activities.narrative(narrative) if narrative is not None else activities.support()
    return Activity(id=full.id, definition=ActivityDefinition(type=full.definition.type))


def took_a_break(narrative=None, *, now=None):
    """Count a break from `narrative` (or from the support page) on the day of `now`."""
    count(BREAK, _object(narrative), now=now)


def asked_for_support(narrative=None, *, now=None):
    """Count a request for support about `narrative` (or from the support page)."""
    count(SUPPORT, _object(narrative), now=now)


def count(kind, activity, *, now=None):
    """Add one to the count of `kind` about `activity` (a tincan Activity, the statements'
    object) on the day of `now` (the site's time zone)."""
    key = {"kind": kind, "activity_iri": activity.id, "day": timezone.localdate(now)}
    with transaction.atomic():
        rows = SensitiveEventCount.objects.filter(**key)
        if rows.update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                SensitiveEventCount.objects.create(
                    **key, activity=activity.as_version(v.XAPI_VERSION), count=1
                )
        except IntegrityError:
            # Another request made the row first (the unique constraint): count on it.
            if not rows.update(count=F("count") + 1):
                raise


def start_of(day):
    """The first moment of `day` in the site's time zone: the timestamp of its statements."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def statement(kind, activity, timestamp):
    """The statement of one break or request: `activity` is the object (a dict, as stored);
    a fresh random account and no registration (DESIGN.md, "xAPI")."""
    return build(
        actor=unlinkable_actor(),
        verb=VERBS[kind],
        activity=Activity(activity),
        timestamp=timestamp,
    )


class _Changed(Exception):
    """A count changed between reading and marking it: leave it all for the next run."""


def release(now=None):
    """Put the statements of every count of a day that has ended, not sent yet, in the outbox
    (see the module docstring). Returns how many statements were stored."""
    today = timezone.localdate(now)
    try:
        with transaction.atomic():
            due = list(
                SensitiveEventCount.objects.select_for_update(skip_locked=True)
                .filter(day__lt=today, count__gt=F("released"))
                .order_by()
            )
            statements = [
                statement(row.kind, row.activity, start_of(row.day))
                for row in due
                for _ in range(row.count - row.released)
            ]
            if not statements:
                return 0
            for row in due:
                marked = SensitiveEventCount.objects.filter(
                    pk=row.pk, count=row.count, released=row.released
                ).update(released=row.count)
                if not marked:
                    raise _Changed
            _shuffler.shuffle(statements)
            outbox.record_many(statements, user=None, sensitive=True)
    except _Changed:
        return 0
    return len(statements)
