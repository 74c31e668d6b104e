"""The recommender engine (library/recommend/) on its own: plain values in, recommendations out,
no database."""

import random

import pytest

from library.recommend import Item, Reason, Recommendation, Signal
from library.recommend.engine import Recommender
from library.recommend.types import REASON_KINDS

THEMES = ("Connectedness", "Hope", "Identity", "Meaning", "Empowerment")
MODALITIES = ("text", "poetry", "audio", "video")


def story(item_id, narrator=None, themes=None, modality=None, length="short", title=None):
    return Item(
        id=item_id,
        title=title or f"Story {item_id}",
        narrator=narrator if narrator is not None else f"narrator-{item_id % 7}",
        themes=frozenset(themes if themes is not None else {THEMES[item_id % 5]}),
        features=frozenset({f"modality:{modality or MODALITIES[item_id % 4]}", f"length:{length}"}),
    )


CATALOGUE = [story(n) for n in range(1, 41)]


def likes(user, items, value=1.0, word="hopeful"):
    return [Signal(user, item, value, word) for item in items]


def ids(recommendations):
    return [r.item for r in recommendations]


@pytest.fixture
def crowd():
    """60 learners in two roles with some overlap, enough for collaborative filtering."""
    rng = random.Random(3)
    signals, roles = [], {}
    for user in range(100, 160):
        roles[user] = "nursing_trainee" if user % 2 else "care_assistant"
        for item in rng.sample(range(1, 41), 8):
            signals.append(Signal(user, item, rng.choice([0.6, 0.75, 1.0]), "hopeful"))
    return signals, roles


def test_only_allowed_items_are_recommended(crowd):
    signals, roles = crowd
    recommender = Recommender(CATALOGUE, signals, roles)
    allowed = {3, 5, 8, 13, 21, 34}
    for user in (100, 101, 999):
        result = recommender.recommend(user, k=5, allowed=allowed)
        assert result and set(ids(result)) <= allowed
    assert recommender.recommend(100, k=5, allowed=set()) == []
    # Ids not in the catalogue are ignored, never invented.
    assert recommender.recommend(999, k=5, allowed={4000, 5000}) == []


def test_an_unallowed_item_is_left_out_even_when_it_scores_highest():
    # Everyone loves story 7; the learner loves stories like it.
    signals = [s for user in range(1, 30) for s in likes(user, [7])]
    signals += likes(50, [story_id for story_id in (2, 12) if story_id != 7])
    recommender = Recommender(CATALOGUE, signals)
    everything = set(range(1, 41))
    assert ids(recommender.recommend(50, k=5, allowed=everything))[0] == 7
    hidden = recommender.recommend(50, k=5, allowed=everything - {7})
    assert len(hidden) == 5 and 7 not in ids(hidden)
    assert 7 not in ids(recommender.similar(2, k=10, allowed=everything - {7}))


def test_items_the_learner_has_a_signal_for_are_not_recommended(crowd):
    signals, roles = crowd
    recommender = Recommender(CATALOGUE, signals, roles)
    had = {s.item for s in signals if s.user == 100}
    result = recommender.recommend(100, k=40)
    assert result and not had & set(ids(result))
    assert len(result) == 40 - len(had)
    # A learner's low-rated story is theirs too: never offered back.
    low = Recommender(CATALOGUE, [Signal(7, 3, 0.0)])
    assert 3 not in ids(low.recommend(7, k=40))


def test_at_most_k_and_fewer_when_fewer_are_allowed(crowd):
    signals, roles = crowd
    recommender = Recommender(CATALOGUE, signals, roles)
    assert len(recommender.recommend(999, k=3)) == 3
    assert len(recommender.recommend(999, k=5, allowed={1, 2})) == 2
    assert len(recommender.similar(1, k=4)) == 4
    assert recommender.recommend(999, k=0) == []


def test_the_same_inputs_give_the_same_lists(crowd):
    signals, roles = crowd
    first = Recommender(CATALOGUE, signals, roles)
    shuffled_items, shuffled_signals = list(CATALOGUE), list(signals)
    random.Random(9).shuffle(shuffled_items)
    random.Random(9).shuffle(shuffled_signals)
    second = Recommender(shuffled_items, shuffled_signals, roles)
    for user in (100, 101, 140, 999):
        assert first.recommend(user, k=5) == second.recommend(user, k=5)
    assert first.similar(5, k=5) == second.similar(5, k=5)


def test_a_cold_start_follows_the_role_then_the_stated_preferences():
    # Care assistants finished and rated story 11 highly; nurses story 22.
    signals, roles = [], {}
    for user in range(1, 13):
        roles[user] = "care_assistant"
        signals += likes(user, [11])
    for user in range(20, 32):
        roles[user] = "nursing_trainee"
        signals += likes(user, [22])
    recommender = Recommender(CATALOGUE, signals, roles)
    newcomer = recommender.recommend(500, k=5, role="care_assistant")
    assert newcomer[0].item == 11 and newcomer[0].reason == Reason("role")
    nurse = recommender.recommend(501, k=5, role="nursing_trainee")
    assert nurse[0].item == 22 and nurse[0].reason == Reason("role")
    # The role passed at fit time counts as well.
    assert recommender.recommend(1, k=5)[0].item != 11  # they had it; the next is offered
    # Without role data, stated preferences lead: audio stories about Hope.
    no_data = Recommender(CATALOGUE, [])
    preferred = no_data.recommend(
        502, k=3, preferred_features={"modality:audio"}, preferred_themes={"Hope"}
    )
    audio_hope = {
        item.id for item in CATALOGUE if "modality:audio" in item.features and "Hope" in item.themes
    }
    assert preferred[0].item in audio_hope
    assert all(r.reason == Reason("preference") for r in preferred)
    assert all("modality:audio" in CATALOGUE[r.item - 1].features for r in preferred)


def test_a_strong_signal_is_the_reason_given():
    warm = story(1, narrator="Ade", themes={"Hope"}, modality="audio", title="Morning light")
    items = [
        warm,
        story(2, narrator="Bea", themes={"Hope"}, modality="audio"),
        story(3, narrator="Cai", themes={"Identity"}, modality="text", length="long"),
        story(4, narrator="Dev", themes={"Meaning"}, modality="video", length="medium"),
        story(5, narrator="Eli", themes={"Connectedness"}, modality="poetry", length="long"),
        story(6, narrator="Fay", themes={"Empowerment"}, modality="text", length="medium"),
    ]
    signals = [
        Signal(9, 1, 1.0, "hopeful"),
        Signal(9, 3, 0.6),
        Signal(9, 4, 0.6),
    ]
    result = Recommender(items, signals).recommend(9, k=3)
    assert result[0].item == 2
    assert result[0].reason == Reason("liked", item_title="Morning light", word="hopeful")
    for recommendation in result:
        assert isinstance(recommendation, Recommendation)
        assert recommendation.reason.kind in REASON_KINDS
    # Finished without feedback: "like X, which you finished".
    finished = Recommender(items, [Signal(9, 1, 0.6), Signal(9, 3, 0.6), Signal(9, 4, 0.6)])
    first = finished.recommend(9, k=1)[0]
    assert first.item == 2
    assert first.reason == Reason("finished", item_title="Morning light")


def test_every_recommendation_has_a_reason(crowd):
    signals, roles = crowd
    recommender = Recommender(CATALOGUE, signals, roles)
    for user in (100, 101, 999):
        for recommendation in recommender.recommend(user, k=5):
            assert recommendation.reason.kind in REASON_KINDS
            if recommendation.reason.kind in ("liked", "finished"):
                assert recommendation.reason.item_title


def test_one_story_per_narrator_while_another_narrator_is_allowed():
    # Narrator "Ade" tells the five most popular stories.
    items = [story(n, narrator="Ade", themes={"Hope"}, modality="audio") for n in range(1, 6)]
    items += [story(n, narrator=f"voice-{n}") for n in range(6, 16)]
    signals = [s for user in range(1, 20) for s in likes(user, range(1, 6))]
    recommender = Recommender(items, signals)
    result = recommender.recommend(99, k=5)
    narrators = [items[r.item - 1].narrator for r in result]
    assert len(result) == 5 and len(set(narrators)) == 5
    assert narrators.count("Ade") == 1
    # Only Ade's stories allowed: all of them, rather than fewer.
    only_ade = recommender.recommend(99, k=5, allowed={1, 2, 3, 4, 5})
    assert sorted(ids(only_ade)) == [1, 2, 3, 4, 5]
    similar = recommender.similar(1, k=4)
    assert len({items[r.item - 1].narrator for r in similar}) == 4


def test_themes_are_spread_across_a_list():
    items = [story(n, narrator=f"v{n}", themes={"Hope"}, modality="audio") for n in range(1, 9)]
    items += [story(n, narrator=f"v{n}", themes={THEMES[n % 5]}) for n in range(9, 30)]
    signals = [Signal(1, 1, 1.0, "hopeful"), Signal(1, 2, 1.0, "hopeful"), Signal(1, 9, 0.6)]
    result = Recommender(items, signals).recommend(1, k=5)
    themes = [next(iter(items[r.item - 1].themes)) for r in result]
    assert themes.count("Hope") < 5


def test_collaborative_filtering_finds_what_similar_learners_liked():
    # Every story looks alike; only learners' choices tell them apart.
    items = [
        Item(id=n, title=f"Story {n}", narrator=f"v{n}", themes=frozenset({"Hope"}))
        for n in range(1, 21)
    ]
    rng = random.Random(5)
    signals = []
    for user in range(1, 21):
        signals += likes(user, rng.sample(range(1, 7), 3))
    for user in range(21, 46):  # a larger group: their stories are the more popular
        signals += likes(user, rng.sample(range(7, 13), 3))
    signals += likes(99, [1, 2, 3])
    recommender = Recommender(items, signals, min_signals_for_cf=50, min_users_for_cf=10)
    assert recommender.recommend(99, k=1)[0].item in {4, 5, 6}
    # Without enough data for it, there is no collaborative step: popularity leads.
    sparse_data = Recommender(items, signals, min_signals_for_cf=10_000)
    assert sparse_data.recommend(99, k=1)[0].item in {7, 8, 9, 10, 11, 12}


def test_similar_leaves_out_the_story_itself_and_respects_allowed(crowd):
    signals, roles = crowd
    recommender = Recommender(CATALOGUE, signals, roles)
    result = recommender.similar(5, k=5)
    assert len(result) == 5 and 5 not in ids(result)
    assert all(r.reason == Reason("similar", item_title="Story 5") for r in result)
    allowed = {5, 10, 15, 20}
    limited = recommender.similar(5, k=5, allowed=allowed)
    assert set(ids(limited)) == {10, 15, 20}
    # The closest story by content comes first: same theme and format.
    assert CATALOGUE[result[0].item - 1].themes & CATALOGUE[4].themes


def test_empty_and_unknown_inputs_do_not_crash():
    empty = Recommender([], [])
    assert empty.recommend(1) == [] and empty.similar(1) == []
    no_signals = Recommender(CATALOGUE, [])
    assert len(no_signals.recommend(1, k=5)) == 5
    assert no_signals.similar(9999) == []
    bare = [Item(id=n, title=f"Bare {n}", narrator="") for n in range(1, 4)]
    assert len(Recommender(bare, [Signal(1, 1, 1.0, "hopeful")]).recommend(1, k=5)) == 2
    odd = Recommender(
        CATALOGUE,
        [Signal(1, 9999, 1.0), Signal(1, 2, 7.5), Signal(1, 3, -2.0), Signal(1, 3, 0.5)],
        {1: "other_staff"},
    )
    result = odd.recommend(1, k=5, role="unknown role", preferred_features={"modality:smell"})
    assert len(result) == 5 and not {2, 3} & set(ids(result))
    assert odd.recommend(424242, k=5, preferred_themes={"Nonexistent"})
