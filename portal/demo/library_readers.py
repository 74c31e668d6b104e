"""Simulated learners in the story library, so browsing, the curators' figures and the
recommendations have something to work with. Each has hidden tastes: a liking for some recovery
themes (leaning on what people in their role tend to value) and for some formats. They open
stories they are drawn to, finish most, and answer the feedback questions on how much the story
suited them, through the library's own code (statements and all)."""

import math

from library import answers, story
from library.models import StoryProgress
from narratives.models import Narrative
from narratives.preferences.rules import preferences_for

# What people in each role tend to value, by theme slug (the hidden tastes lean on these).
ROLE_THEMES = {
    "nursing_trainee": {"connectedness": 0.8, "hope": 0.5},
    "psychology_trainee": {"identity": 0.8, "meaning": 0.6},
    "care_assistant": {"connectedness": 0.6, "empowerment": 0.6},
    "other_staff": {"hope": 0.7, "empowerment": 0.4},
}
FORMATS = ("text", "poetry", "audio", "video")


def tastes(user, rng):
    leans = ROLE_THEMES.get(user.role, {})
    themes = {slug: rng.gauss(0, 0.5) + lean for slug, lean in leans.items()}
    for slug in ("connectedness", "hope", "identity", "meaning", "empowerment"):
        themes.setdefault(slug, rng.gauss(0, 0.5))
    formats = {name: rng.gauss(0, 0.4) for name in FORMATS}
    return themes, formats


def appeal(narrative, themes, formats):
    score = sum(themes[t.slug] for t in narrative.themes.all()) + formats[narrative.modality]
    return 1 / (1 + math.exp(-2 * score))


def read_library(users, rng, write):
    """Each user in `users` who has not used the library yet opens a few stories."""
    stories = list(Narrative.objects.available().prefetch_related("themes", "warnings__warning"))
    if not stories:
        return
    readers = 0
    for user in users:
        if StoryProgress.objects.filter(user=user).exists():
            continue
        themes, formats = tastes(user, rng)
        preferences = preferences_for(user)
        ranked = sorted(stories, key=lambda s: appeal(s, themes, formats) + rng.random() * 0.4)
        for narrative in reversed(ranked[-rng.randint(2, 6) :]):
            liking = appeal(narrative, themes, formats)
            first = "continue" if story.needs_notice(narrative, preferences) else "experienced"
            story.choose_as(user, narrative, first, preferences)
            if first == "continue":
                story.choose_as(user, narrative, "experienced", preferences)
            if rng.random() < 0.75:
                answers.save(user, narrative, feedback(liking, rng))
        readers += 1
    write(f"Simulated library readers: {readers}.")


def feedback(liking, rng):
    def point(spread):
        return max(1, min(5, round(1 + 4 * liking + rng.gauss(0, spread))))

    return {
        "hopeful": point(0.6),
        "relate": point(0.8),
        "practice": point(0.9) if rng.random() < 0.6 else None,
    }
