"""The statements of what a learner does with a story opened from the library (/stories/),
outside any course: one small function per event, taking model objects and returning the
statement dict from `tracking.statements.build`, as tracking/learning.py does for modules.

The app that owns the library calls these inside the transaction of the action and stores the
result with `tracking.recording.record`. Playback of audio and video in the library is
recorded by tracking.player, with a library page-view token (tracking/player/tokens.py).

Context: no registration (there is no enrolment); the library is the parent of a story, and
the grouping where the story itself is the parent (its content-warning notice, its feedback
questions). Narratives are what tracking.activities.narrative reads: `uuid`, `title`,
`summary`, `modality`.
"""

from tincan import Result

from . import activities as a
from . import vocabulary as v
from .statements import actor_for, build


def _in_library(user, verb, activity, **kwargs):
    """A statement about `user` with no registration (tracking.statements.build)."""
    return build(actor=actor_for(user), verb=verb, activity=activity, **kwargs)


def _in_story(narrative):
    """Parent the story, grouping the library: for what belongs to one story."""
    return {"parent": [a.narrative(narrative)], "grouping": [a.library()]}


# -- Content warnings ----------------------------------------------------------------------


def _warning(user, narrative, warning_names, verb):
    return _in_library(
        user,
        verb,
        a.warning(narrative),
        **_in_story(narrative),
        # The names of the warnings on the notice (taxonomy names, never personal data).
        context_extensions={v.EXT_WARNINGS: [str(name) for name in warning_names]},
    )


def library_warning_shown(user, narrative, warning_names):
    """The notice naming the story's content warnings was shown before it began."""
    return _warning(user, narrative, warning_names, v.WARNING_SHOWN)


def library_warning_accepted(user, narrative, warning_names):
    """Continue to the story, or read its transcript instead."""
    return _warning(user, narrative, warning_names, v.WARNING_ACCEPTED)


def library_warning_declined(user, narrative, warning_names):
    """Choose another story, or go back to the library."""
    return _warning(user, narrative, warning_names, v.WARNING_DECLINED)


# -- Stories -------------------------------------------------------------------------------


def library_narrative_experienced(user, narrative):
    """The learner said they finished the story ("I have finished this story"); for audio and
    video alongside the player's Video/Audio Profile statements."""
    return _in_library(user, v.EXPERIENCED, a.narrative(narrative), parent=[a.library()])


# -- Feedback ------------------------------------------------------------------------------


def library_feedback_answered(user, narrative, key, text, scale, value):
    """An answer to one feedback question about a story: a likert interaction whose response
    is the chosen point's value. `scale` is the labelled points, (value, label) pairs; a value
    that is not one of them is a ValueError (nothing is built)."""
    if str(value) not in {str(point) for point, _label in scale}:
        raise ValueError(f"{value!r} is not a point of the scale of {key!r}")
    return _in_library(
        user,
        v.ANSWERED,
        a.story_feedback_question(key, text, scale),
        result=Result(response=str(value)),
        **_in_story(narrative),
    )
