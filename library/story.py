"""The safe-viewing flow of one story opened from the library, for one person: the same notice,
choices and statements as a narrative in a module (courses/viewing.py), with the library as the
context and no registration.

A signed-in learner's place is a StoryProgress row; a visitor's (public stories only) lives in
their session and records nothing. The notice (the interstitial with its five choices) is shown
while the story is new and the learner's preferences call for one; "content warning shown" is
recorded once per showing, and any choice clears it, as in modules.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from courses.viewing_models import Choice
from narratives.preferences import rules as preference_rules
from tracking import library_statements as xapi
from tracking.recording import record

from .models import StoryProgress

Status = StoryProgress.Status
RESET = "reset"
SUPPORT = "support"
SESSION_KEY = "storybridge_library_stories"

# What each choice does, from the statuses it is offered in: (from statuses, new status).
MOVES = {
    Choice.CONTINUE: ({Status.NEW, Status.TRANSCRIPT}, Status.OPEN),
    Choice.TRANSCRIPT: ({Status.NEW}, Status.TRANSCRIPT),
    Choice.ANOTHER: (
        {Status.NEW, Status.OPEN, Status.TRANSCRIPT, Status.SKIPPED, Status.DONE},
        Status.CHOOSING,
    ),
    Choice.SKIP: ({Status.NEW}, Status.SKIPPED),
    Choice.EXPERIENCED: ({Status.OPEN, Status.TRANSCRIPT}, Status.DONE),
    RESET: ({Status.SKIPPED, Status.CHOOSING, Status.DONE}, Status.NEW),
}
ACCEPTS = (Choice.CONTINUE, Choice.TRANSCRIPT)
DECLINES = (Choice.ANOTHER, Choice.SKIP)


class InvalidChoice(ValueError):
    """A choice the story does not offer at this point: a tampered or out-of-date form."""


@dataclass(frozen=True)
class Place:
    status: str
    warning_shown: bool = False


def warning_domains(narrative):
    return {preference_rules.domain_id(w) for w in narrative.warnings.all()}


def needs_notice(narrative, preferences):
    return preference_rules.notice_needed(preferences, warning_domains(narrative))


def view_of(place, narrative, preferences):
    """Which view of the story to show: interstitial, open, transcript, skipped, choosing, done."""
    if place.status == Status.NEW:
        return "interstitial" if needs_notice(narrative, preferences) else "open"
    return place.status


def place_for(request, narrative):
    """The person's place with this story (a new one if they have none)."""
    if request.user.is_authenticated:
        row = StoryProgress.objects.filter(user=request.user, narrative=narrative).first()
        return Place(row.status, row.warning_shown) if row else Place(Status.NEW)
    state = request.session.get(SESSION_KEY, {}).get(str(narrative.uuid))
    return Place(state) if state in Status.values else Place(Status.NEW)


def next_status(status, choice, narrative):
    if choice not in MOVES:
        raise InvalidChoice("Unknown choice.")
    allowed, target = MOVES[choice]
    if status not in allowed:
        raise InvalidChoice("That choice is not offered now.")
    if choice == Choice.TRANSCRIPT and not narrative.transcript:
        raise InvalidChoice("This story has no transcript.")
    return target


def record_warning_shown(user, narrative):
    """The notice was shown to a signed-in learner: recorded once until they decide."""
    names = [w.warning.name for w in narrative.warnings.all()]
    with transaction.atomic():
        row, _created = StoryProgress.objects.select_for_update().get_or_create(
            user=user, narrative=narrative
        )
        if row.status != Status.NEW or row.warning_shown:
            return False
        row.warning_shown = True
        row.save(update_fields=["warning_shown", "updated_at"])
        record(xapi.library_warning_shown(user, narrative, names), user=user)
    return True


def choose(request, narrative, choice, preferences):
    """Apply a choice: the new status, recorded with its statements for a signed-in learner
    (in one transaction, so both or neither are stored), kept in the session for a visitor.
    Raises InvalidChoice, changing nothing."""
    if not request.user.is_authenticated:
        current = place_for(request, narrative).status
        status = next_status(current, choice, narrative)
        stories = request.session.get(SESSION_KEY, {})
        stories[str(narrative.uuid)] = status
        request.session[SESSION_KEY] = stories
        return status
    user = request.user
    with transaction.atomic():
        row, _created = StoryProgress.objects.select_for_update().get_or_create(
            user=user, narrative=narrative
        )
        before = Place(row.status, row.warning_shown)
        status = next_status(before.status, choice, narrative)
        row.status = status
        row.warning_shown = False
        if status == Status.DONE and row.finished_at is None:
            row.finished_at = timezone.now()
        row.save()
        statements = choice_statements(user, narrative, choice, before, preferences)
        if statements:
            record(*statements, user=user)
    return status


def choice_statements(user, narrative, choice, before, preferences):
    """As in modules: the notice's buttons accept or decline the warning (the "shown"
    statement first if this showing was not recorded); finishing is "experienced"."""
    if choice == Choice.EXPERIENCED:
        return [xapi.library_narrative_experienced(user, narrative)]
    if before.status != Status.NEW or choice not in ACCEPTS + DECLINES:
        return []
    if not needs_notice(narrative, preferences):
        return []
    names = [w.warning.name for w in narrative.warnings.all()]
    found = []
    if not before.warning_shown:
        found.append(xapi.library_warning_shown(user, narrative, names))
    build = xapi.library_warning_accepted if choice in ACCEPTS else xapi.library_warning_declined
    found.append(build(user, narrative, names))
    return found
