"""Which narratives a page view may play (tracking.player), asked of the app that owns module
pages and enrolments through a registry: tracking knows nothing of courses.

That app registers one `PageContent` from its AppConfig.ready() with
`register_page_content()` (courses/tracking_content.py); the endpoint
(tracking/event_views.py) resolves a page view's enrolment and module through it, and
`tracks()` the narratives the module may play.

A story opened from the learner library has a page view of its own (a library token): the app
that owns the library registers one `LibraryContent` the same way
(`register_library_content()`), the endpoint resolves the page view's story through it, and
`library_tracks()` is that story, if it plays.
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from ..statements import Statements, actor_for_id
from .statements import PROFILES, narrative_statements


class PageContent:
    """The questions the player asks about a page view. Enrolments have `uuid`, `user` and
    `course`; modules and courses `pk`; narratives `uuid`, `modality`, `duration` (a timedelta
    or None) and what tracking.activities.narrative reads."""

    def enrolment(self, user, enrolment_uuid):
        """The user's enrolment with this uuid (its course loaded), or None."""
        raise NotImplementedError

    def module(self, enrolment, module_id):
        """The live module page `module_id` of the enrolment's course, if that course is live;
        None otherwise."""
        raise NotImplementedError

    def narratives(self, module, *, modalities, wanted=None):
        """The narratives (among `wanted`, uuid strings, if given) that the module may play:
        available, of one of the `modalities`, named by its body or offered there as an
        alternative. {uuid string: narrative}."""
        raise NotImplementedError


_registered = []


def register_page_content(content):
    """Make `content` (a PageContent) the one the player asks; called from an AppConfig.ready()."""
    _registered[:] = [content]


def page_content():
    """The registered PageContent."""
    if not _registered:
        raise ImproperlyConfigured(
            "No page content is registered for tracking.player: is the courses app installed?"
        )
    return _registered[0]


class LibraryContent:
    """The questions the player (and the activity descriptions) ask about the library."""

    def narrative(self, user, narrative_uuid):
        """The narrative with this uuid if it is available and `user` may see it in the
        library now; None otherwise."""
        raise NotImplementedError

    def feedback_question(self, key):
        """The feedback question `key` as (text, scale), scale being (value, label) pairs, for
        its activity description (tracking.descriptions); None if there is no such question."""
        return None


_library = []


def register_library_content(content):
    """Make `content` (a LibraryContent) the one the player asks about stories opened from the
    library; called from an AppConfig.ready(). Registering again replaces it."""
    _library[:] = [content]


def library_content():
    """The registered LibraryContent (ImproperlyConfigured if there is none)."""
    if not _library:
        raise ImproperlyConfigured(
            "No library content is registered for tracking.player: is the library app installed?"
        )
    return _library[0]


def registered_library_content():
    """The registered LibraryContent, or None: for the (test) code that puts one in place for
    a while and then restores what was there."""
    return _library[0] if _library else None


def unregister_library_content():
    """Forget the registered LibraryContent (tests restoring an empty registry)."""
    _library.clear()


@dataclass(frozen=True)
class Track:
    """A narrative a page view may play, as recording its playback needs it: its uuid, its
    recorded duration in seconds (None if not known) and what the statements about it share
    for the page view (`narrative_statements`). Kept with the page view in the cache, so it
    holds these and not the model instance (`tracks`)."""

    uuid: uuid.UUID
    duration: float | None
    statements: Statements


def module_narratives(module, wanted=None):
    """The audio and video narratives (among `wanted`, uuid strings, if given) that the module
    may play. {uuid string: narrative}."""
    return page_content().narratives(module, modalities=tuple(PROFILES), wanted=wanted)


def tracks(*, user_id, enrolment, module, course, wanted=None):
    """The Tracks of the narratives a page view of `module` by the user `user_id`, enrolled on
    `course` by `enrolment`, may play ({uuid string: Track}): built once per page view; only
    the narratives among `wanted` (uuid strings), if given."""
    actor = actor_for_id(user_id)
    return {
        key: Track(
            uuid=narrative.uuid,
            duration=narrative.duration.total_seconds() if narrative.duration else None,
            statements=narrative_statements(
                narrative, actor=actor, enrolment=enrolment, module=module, course=course
            ),
        )
        for key, narrative in module_narratives(module, wanted).items()
    }


def library_tracks(*, user_id, narrative):
    """The Tracks ({uuid string: Track}) of a page view of `narrative` opened from the library
    by the user `user_id`: the narrative itself if it is audio or video, nothing otherwise.
    Its statements have no registration and the library as parent."""
    if narrative.modality not in PROFILES:
        return {}
    return {
        str(narrative.uuid): Track(
            uuid=narrative.uuid,
            duration=narrative.duration.total_seconds() if narrative.duration else None,
            statements=narrative_statements(narrative, actor=actor_for_id(user_id)),
        )
    }
