"""Plain-language scores for editors (textstat, offline)."""

from dataclasses import dataclass

import textstat
from django.utils.html import strip_tags


@dataclass(frozen=True)
class Readability:
    words: int
    grade: float | None  # Flesch–Kincaid school grade
    reading_ease: float | None  # Flesch reading ease, 0 (hard) to 100 (easy)

    def above(self, target_grade):
        return self.grade is not None and self.grade > target_grade


def score(text):
    """Score `text` (plain or HTML). Very short texts get no grade: the formulas need sentences."""
    plain = strip_tags(text or "").strip()
    words = textstat.lexicon_count(plain) if plain else 0
    if words < 10:
        return Readability(words=words, grade=None, reading_ease=None)
    return Readability(
        words=words,
        grade=round(textstat.flesch_kincaid_grade(plain), 1),
        reading_ease=round(textstat.flesch_reading_ease(plain), 1),
    )
