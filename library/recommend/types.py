"""What the recommender reads and answers: plain values, no Django. The library's Django layer
(library/recommendations.py) turns narratives, progress and feedback into these."""

from dataclasses import dataclass

# Reason kinds, in the words a learner reads them:
LIKED = "liked"  # because you found <item> <word>
FINISHED = "finished"  # like <item>, which you finished
SIMILAR = "similar"  # like <item> (more like this)
ROLE = "role"  # helpful to others in your role
PREFERENCE = "preference"  # in your preferred formats and themes
POPULAR = "popular"  # popular with learners
REASON_KINDS = (LIKED, FINISHED, SIMILAR, ROLE, PREFERENCE, POPULAR)


@dataclass(frozen=True)
class Item:
    id: int
    title: str
    narrator: str
    # CHIME theme names, e.g. {"Hope", "Connectedness"}
    themes: frozenset = frozenset()
    # Other content features as strings: "modality:audio", "length:short",
    # "char:Emotional tone:Warm"...
    features: frozenset = frozenset()


@dataclass(frozen=True)
class Signal:
    user: int
    item: int
    # 0..1, how positive (finished without feedback 0.6; feedback (mean - 1) / 4; the higher)
    value: float
    # The feedback question the learner rated highest ("hopeful"...), or "" (finished only).
    word: str = ""


@dataclass(frozen=True)
class Reason:
    kind: str
    item_title: str = ""
    word: str = ""


@dataclass(frozen=True)
class Recommendation:
    item: int
    score: float
    reason: Reason
