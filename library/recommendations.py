"""Stories for you, and more like this: the Django side of the recommender
(library/recommend/, pure Python and scikit-learn).

What the recommender learns from (`catalogue_items`, `learner_signals`): every available story's
themes, characterisation, format, length and language; what learners finished (in the library
and in modules) and how they rated stories afterwards. It is fitted once and kept in the process
(`recommender()`), fitted again when the content changes (a new content version) or, at most
once a minute, when learners have given new signals.

What a person may be shown is decided afresh on every request, never by the fitted model
(`allowed_ids`): only stories available to them now (consent in force, public consent for
visitors) and never one in a topic they hide. A story withdrawn a second ago is not offered.
"""

import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import Avg, Max
from django.utils.translation import gettext as _

from core import content_version
from core.lazy_modules import lazy
from core.models import User
from courses.viewing_models import Choice, NarrativeDecision
from narratives.catalogue import StoryFilter, length_band, matching
from narratives.models import Narrative
from narratives.preferences import rules as preference_rules

from .models import StoryFeedback, StoryProgress
from .recommend import Item, Signal

if TYPE_CHECKING:  # the dependency, for the layering contracts; loaded lazily below
    from .recommend import engine

# scikit-learn and the scipy it brings (about 70 MiB) load with the first list of stories for
# someone, not in every web worker at start.
engine = lazy("library.recommend.engine")

FINISHED = 0.6  # how positive finishing a story is, with no feedback
SIGNALS_KEY = "sb:library:signals-version"
REFIT_AFTER = 60  # seconds: new signals are taken in at most this often
WORDS = {"hopeful": "hopeful", "relate": "relatable", "practice": "useful"}

_lock = threading.Lock()
_fitted = {}


def signals_changed():
    """Called when a learner finishes or rates a story: the next fit takes it in."""
    try:
        cache.incr(SIGNALS_KEY)
    except ValueError:
        cache.set(SIGNALS_KEY, 1, None)


def catalogue_items():
    stories = Narrative.objects.available().prefetch_related(
        "themes", "characterisation__dimension"
    )
    items = []
    for story in stories:
        features = {f"modality:{story.modality}", f"lang:{story.language}"}
        band = length_band(story.duration)
        if band:
            features.add(f"length:{band}")
        features |= {f"char:{v.dimension.name}:{v.value}" for v in story.characterisation.all()}
        items.append(
            Item(
                id=story.pk,
                title=story.title,
                narrator=story.narrator_pseudonym,
                themes=frozenset(t.name for t in story.themes.all()),
                features=frozenset(features),
            )
        )
    return items


def learner_signals():
    """(signals, roles): one Signal per learner and story, the strongest of what they did."""
    strongest = {}

    def keep(user, item, value, word=""):
        if value > strongest.get((user, item), (-1, ""))[0]:
            strongest[(user, item)] = (value, word)

    for user, item in StoryProgress.objects.filter(status=StoryProgress.Status.DONE).values_list(
        "user_id", "narrative_id"
    ):
        keep(user, item, FINISHED)
    for user, item in (
        NarrativeDecision.objects.filter(choice=Choice.EXPERIENCED)
        .values_list("enrolment__user_id", "narrative_id")
        .distinct()
    ):
        keep(user, item, FINISHED)
    rated = StoryFeedback.objects.values("user_id", "narrative_id").annotate(
        mean=Avg("value"), best=Max("value")
    )
    best_words = {}
    for user, item, question, value in StoryFeedback.objects.values_list(
        "user_id", "narrative_id", "question", "value"
    ).order_by("question"):
        if value >= best_words.get((user, item), (0, ""))[0]:
            best_words[(user, item)] = (value, question)
    for row in rated:
        key = (row["user_id"], row["narrative_id"])
        value, question = best_words.get(key, (0, ""))
        word = WORDS.get(question, "") if value >= 4 else ""
        keep(*key, (float(row["mean"]) - 1) / 4, word)
    signals = [Signal(user, item, value, word) for (user, item), (value, word) in strongest.items()]
    users = {s.user for s in signals}
    roles = dict(User.objects.filter(pk__in=users).exclude(role="").values_list("pk", "role"))
    return signals, roles


def recommender():
    """The fitted Recommender for the current content and (within a minute) signals."""
    stamp = content_version.current()
    version = cache.get(SIGNALS_KEY, 0)
    now = time.monotonic()
    with _lock:
        fitted = _fitted.get("current")
        if fitted is not None:
            same_content = fitted["stamp"] == stamp
            fresh = fitted["version"] == version or now - fitted["at"] < REFIT_AFTER
            if same_content and fresh:
                return fitted["recommender"]
        signals, roles = learner_signals()
        model = engine.Recommender(catalogue_items(), signals, roles)
        _fitted["current"] = {"stamp": stamp, "version": version, "at": now, "recommender": model}
        return model


def forget():
    """Drop the fitted model (tests)."""
    with _lock:
        _fitted.clear()


def hidden_domains(preferences):
    if preferences.warning_mode != preference_rules.WarningMode.HIDE:
        return frozenset()
    return frozenset(preferences.domain_ids)


def allowed_ids(user, preferences, without_domains=frozenset()):
    """The stories this person may be offered now: available to them, in no hidden topic."""
    story_filter = StoryFilter(without_domains=hidden_domains(preferences) | without_domains)
    found = matching(Narrative.objects.available_to(user), story_filter)
    return set(found.values_list("pk", flat=True))


@dataclass(frozen=True)
class Suggestion:
    story: Narrative
    reason: str


def reason_text(reason, role_label=""):
    if reason.kind == "liked" and reason.item_title:
        return _("Because you found “%(title)s” %(word)s") % {
            "title": reason.item_title,
            "word": _(reason.word or "helpful"),
        }
    if reason.kind == "finished" and reason.item_title:
        return _("Because you finished “%(title)s”") % {"title": reason.item_title}
    if reason.kind == "similar" and reason.item_title:
        return _("Shares themes and style with “%(title)s”") % {"title": reason.item_title}
    if reason.kind == "role" and role_label:
        return _("Other learners in your role (%(role)s) found it helpful") % {"role": role_label}
    if reason.kind == "preference":
        return _("Matches your preferences")
    return _("Popular with learners")


def _load(recommendations, role_label=""):
    stories = Narrative.objects.filter(pk__in=[r.item for r in recommendations]).prefetch_related(
        "themes", "warnings__warning"
    )
    by_pk = {story.pk: story for story in stories}
    return [
        Suggestion(by_pk[r.item], reason_text(r.reason, role_label))
        for r in recommendations
        if r.item in by_pk
    ]


def for_learner(user, preferences, *, k=5, exclude=()):
    """Stories for this person: personal when they are signed in and have done something,
    else from their role and preferences, else what learners found helpful."""
    allowed = allowed_ids(user, preferences) - set(exclude)
    if not allowed:
        return []
    signed_in = user is not None and user.is_authenticated
    role = getattr(user, "role", "") if signed_in else ""
    preferred = set()
    if preferences.preferred_modality:
        preferred.add(f"modality:{preferences.preferred_modality}")
    found = recommender().recommend(
        user.pk if signed_in else None,
        k=k,
        allowed=allowed,
        role=role or None,
        preferred_features=frozenset(preferred),
    )
    role_label = str(User.Role(role).label).lower() if role in User.Role.values else ""
    return _load(found, role_label)


def more_like_this(story, user, preferences, *, k=4, without_domains=frozenset()):
    """Stories like this one that this person may see (and, after "choose another", without
    the topics of the one they turned down)."""
    allowed = allowed_ids(user, preferences, frozenset(without_domains)) - {story.pk}
    if not allowed:
        return []
    return _load(recommender().similar(story.pk, k=k, allowed=allowed))
