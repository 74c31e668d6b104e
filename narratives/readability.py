"""Plain-language scores for editors (textstat, offline)."""

import html
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
    # A space where each tag was, so "<p>home.</p><p>I" stays two words; then decode entities.
    plain = html.unescape(strip_tags((text or "").replace("<", " <"))).strip()
    words = textstat.lexicon_count(plain) if plain else 0
    if words < 10:
        return Readability(words=words, grade=None, reading_ease=None)
    # The formulas run past their scales on extreme text; editors are shown the scales' ends.
    return Readability(
        words=words,
        grade=round(max(textstat.flesch_kincaid_grade(plain), 0.0), 1),
        reading_ease=round(min(max(textstat.flesch_reading_ease(plain), 0.0), 100.0), 1),
    )
