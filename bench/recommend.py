"""recommend.*: the story recommender (library/recommend/) evaluated offline on simulated
learners with hidden tastes, against a popularity baseline and random lists.

The catalogue: 200 stories by 40 narrators (each narrator leaning to a format and one or two
CHIME themes), with one or two of 5 themes, one of 4 formats, 3 lengths and 2 characterisation
dimensions of 3 values. Learners: 1,500 in 4 roles, which differ in taste (a role's mean
weights over the features, plus each learner's own) and in activity (how many stories they
try); three such worlds (SEEDS), their learners pooled, for steadier figures per role. A
learner's utility for a story is their hidden weights over its features, plus a hidden match on
4 latent story qualities no feature shows, plus the story's hidden quality, plus noise. Learners
pick stories to try from visibility (hidden quality plus noise: popularity) and a noisy guess of
how much they will like it (TASTE_LED); they finish a story with a probability rising with
utility and sometimes answer the three feedback questions (1-5, utility plus noise). Signals are
mapped as the Django layer maps them: finished 0.6, feedback (mean - 1) / 4, the higher. 40% of
learners state a preferred format, 30% a preferred theme (their true favourites).

Positive: a signal of 0.6 or more. 20% of each learner's positives (at least one, for learners
with two or more) are held out; the recommender is fitted on the rest; each evaluated learner's
top 5 (excluding what they have signals for) is scored against their held-out positives.

- recommend.precision_at_5, recommend.ndcg_at_5: the hybrid's means (the popularity baseline's,
  random lists' and an oracle's that knows the hidden chances printed beside them: the ceiling).
- recommend.precision_vs_popular (target >= 1.5), recommend.precision_vs_random: the hybrid's
  precision over the popularity baseline's (the stories most often rated positively that the
  learner has not had) and over random lists'. Beside it, the same ratio when learners choose
  mostly by visibility (POPULARITY_LED), where popularity is much harder to beat.
- recommend.coverage (target >= 0.8): the share of the catalogue in some learner's top 5.
- recommend.intra_list_diversity: mean pairwise 1 - cosine of the stories' binary feature
  vectors (themes and features) within a list.
- recommend.role_fairness (target >= 0.8): the worst role's mean precision over the best role's,
  a learner's precision being hits / min(5, held-out positives): plain precision@5 is capped by
  how many positives a learner holds out, so across roles of different activity it would
  measure activity, not the recommender (plain precision per role is printed too).
- recommend.narrator_exposure: 1 - Gini of how often each narrator is recommended (1: even).
- recommend.ms_per_list: milliseconds per recommend() on 1,000 stories and 5,000 learners
  (reported, no target), with similar()'s and the fit time.

Fixed seeds; no database or server (about half a minute).
`.venv/bin/python bench/run.py --only recommend`, or `.venv/bin/python bench/recommend.py`.
"""

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import emit, log  # noqa: E402 (the path above, when run on its own)
from library.recommend import Item, Signal  # noqa: E402
from library.recommend.engine import Recommender  # noqa: E402

THEMES = ("Connectedness", "Hope", "Identity", "Meaning", "Empowerment")
MODALITIES = ("text", "poetry", "audio", "video")
LENGTHS = ("short", "medium", "long")
CHARACTERISATION = {
    "Emotional tone": ("Warm", "Raw", "Reflective"),
    "Stage of recovery": ("Early", "Middle", "Established"),
}
# role: (share of learners, mean stories tried)
ROLES = {
    "nursing_trainee": (0.35, 22),
    "psychology_trainee": (0.2, 30),
    "care_assistant": (0.3, 12),
    "other_staff": (0.15, 8),
}
QUESTIONS = ("hopeful", "relate", "practice")
LATENT = 4
K = 5
TOKENS = (
    [f"theme:{t}" for t in THEMES]
    + [f"modality:{m}" for m in MODALITIES]
    + [f"length:{n}" for n in LENGTHS]
    + [f"char:{d}:{v}" for d, values in CHARACTERISATION.items() for v in values]
)


@dataclass
class World:
    items: list
    binary: np.ndarray  # items x TOKENS
    users: np.ndarray
    roles: dict
    signals: list
    heldout: dict  # user: set of item ids
    train_items: dict  # user: set of item ids
    preferences: dict  # user: (features, themes)
    chance: dict  # user: each story's hidden chance of being tried and liked (log scale)


def catalogue(rng, n_items, n_narrators):
    """Stories, their binary feature matrix, and their hidden quality and latent qualities."""
    leaning = [
        (rng.integers(len(MODALITIES)), rng.choice(len(THEMES), 2, replace=False))
        for _ in range(n_narrators)
    ]
    items, binary = [], np.zeros((n_items, len(TOKENS)))
    for n in range(n_items):
        narrator = n % n_narrators
        modality, favourite = leaning[narrator]
        if rng.random() > 0.7:
            modality = rng.integers(len(MODALITIES))
        themes = {THEMES[favourite[0]]}
        if rng.random() < 0.5:
            themes.add(THEMES[favourite[1]] if rng.random() < 0.6 else rng.choice(THEMES))
        features = {
            f"modality:{MODALITIES[modality]}",
            f"length:{rng.choice(LENGTHS)}",
            *(f"char:{d}:{rng.choice(values)}" for d, values in CHARACTERISATION.items()),
        }
        items.append(
            Item(
                id=1000 + n,
                title=f"Story {n}",
                narrator=f"narrator-{narrator}",
                themes=frozenset(themes),
                features=frozenset(features),
            )
        )
        for token in [f"theme:{t}" for t in themes] + sorted(features):
            binary[n, TOKENS.index(token)] = 1
    quality = rng.normal(0, 0.4, n_items)
    latent = rng.normal(0, 1, (n_items, LATENT))
    return items, binary, quality, latent


# How learners choose what to try: the weight of a story's visibility (popularity), the weight
# of their own guess of how much they will like it, and the noise in that guess.
TASTE_LED = (0.5, 1.0, 0.7)  # browsing by filters, titles and summaries: the figures
POPULARITY_LED = (0.8, 0.5, 1.0)  # mostly what is visible: printed beside precision_vs_popular
LEARNERS = 1500
SEEDS = (17, 18, 19)  # one simulated world each, learners pooled: role figures steadier


def simulate(n_items=200, n_narrators=40, n_users=LEARNERS, seed=17, choice=TASTE_LED):
    """The catalogue, learners and their signals. `choice`: how much a story's visibility and
    the learner's (noisy) expectation of liking it weigh in which stories they try, and the
    noise in that expectation."""
    by_visibility, by_taste, guess_noise = choice
    rng = np.random.default_rng(seed)
    items, binary, quality, latent = catalogue(rng, n_items, n_narrators)
    ids = np.array([item.id for item in items])
    visibility = quality + rng.normal(0, 0.5, n_items)  # what makes a story popular
    role_names = list(ROLES)
    role_taste = {role: rng.normal(0, 0.6, len(TOKENS)) for role in role_names}
    shares = np.array([ROLES[r][0] for r in role_names])
    users = np.arange(1, n_users + 1)
    roles, signals, heldout, train_items, preferences, chance = {}, [], {}, {}, {}, {}
    width = binary.sum(axis=1).mean()
    for user in users:
        role = role_names[rng.choice(len(role_names), p=shares)]
        roles[int(user)] = role
        taste = role_taste[role] + rng.normal(0, 0.8, len(TOKENS))
        hidden = rng.normal(0, 0.5, LATENT)
        utility = (
            binary @ taste / np.sqrt(width)
            + latent @ hidden
            + quality
            + rng.normal(0, 0.3, n_items)
        )
        chance[int(user)] = (
            by_visibility * visibility + by_taste * utility - np.log1p(np.exp(-2 * utility))
        )
        tries = min(n_items // 2, 2 + rng.poisson(ROLES[role][1]))
        expected = utility + rng.normal(0, guess_noise, n_items)  # a guess from the card
        logits = by_visibility * visibility + by_taste * expected + rng.gumbel(size=n_items)
        tried = np.argsort(-logits)[:tries]
        mine, positives = [], []
        for row in tried:
            finished = rng.random() < 1 / (1 + np.exp(-2 * utility[row]))
            value, word = (0.6 if finished else 0.0), ""
            if rng.random() < (0.45 if finished else 0.15):
                answers = np.clip(np.rint(3 + 1.2 * utility[row] + rng.normal(0, 0.7, 3)), 1, 5)
                feedback = (answers.mean() - 1) / 4
                if feedback >= value:
                    value = feedback
                word = QUESTIONS[int(np.argmax(answers))]
            elif not finished:
                continue  # opened and left: no signal
            mine.append(Signal(int(user), int(ids[row]), float(value), word))
            if value >= 0.6:
                positives.append(len(mine) - 1)
        hold = set()
        if len(positives) >= 2:
            count = max(1, int(round(0.2 * len(positives))))
            hold = set(rng.choice(positives, count, replace=False).tolist())
        heldout[int(user)] = {mine[n].item for n in hold}
        kept = [s for n, s in enumerate(mine) if n not in hold]
        train_items[int(user)] = {s.item for s in kept}
        signals.extend(kept)
        features, themes = set(), set()
        if rng.random() < 0.4:
            best = int(np.argmax(taste[5:9]))
            features.add(f"modality:{MODALITIES[best]}")
        if rng.random() < 0.3:
            themes.add(THEMES[int(np.argmax(taste[:5]))])
        preferences[int(user)] = (frozenset(features), frozenset(themes))
    return World(items, binary, users, roles, signals, heldout, train_items, preferences, chance)


def ndcg(ranked, relevant):
    gains = [1 / np.log2(n + 2) for n, item in enumerate(ranked) if item in relevant]
    ideal = sum(1 / np.log2(n + 2) for n in range(min(len(relevant), K)))
    return sum(gains) / ideal


def gini(counts):
    values = np.sort(np.asarray(counts, dtype=float))
    if not values.sum():
        return 0.0
    n = len(values)
    return float((2 * np.arange(1, n + 1) - n - 1) @ values / (n * values.sum()))


def evaluate(world):
    """The hybrid, popularity and random top 5 for every learner with held-out positives."""
    recommender = Recommender(world.items, world.signals, world.roles)
    ids = [item.id for item in world.items]
    row_of = {item_id: n for n, item_id in enumerate(ids)}
    counts = dict.fromkeys(ids, 0)
    for signal in world.signals:
        if signal.value >= 0.6:
            counts[signal.item] += 1
    by_popularity = sorted(ids, key=lambda i: (-counts[i], i))
    unit = world.binary / np.linalg.norm(world.binary, axis=1, keepdims=True)
    rng = np.random.default_rng(5)
    results = {"hybrid": [], "popular": [], "random": [], "oracle": []}
    shown, diversity, narrators = set(), [], {}
    for user in world.users.tolist():
        relevant = world.heldout[user]
        if not relevant:
            continue
        seen = world.train_items[user]
        features, themes = world.preferences[user]
        lists = {
            "hybrid": [
                r.item
                for r in recommender.recommend(
                    user, k=K, preferred_features=features, preferred_themes=themes
                )
            ],
            "popular": [i for i in by_popularity if i not in seen][:K],
            "oracle": [ids[n] for n in np.argsort(-world.chance[user]) if ids[n] not in seen][:K],
            "random": rng.choice([i for i in ids if i not in seen], K, replace=False).tolist(),
        }
        for name, ranked in lists.items():
            hits = len(set(ranked) & relevant)
            results[name].append(
                (world.roles[user], hits / K, hits / min(K, len(relevant)), ndcg(ranked, relevant))
            )
        ranked = lists["hybrid"]
        shown.update(ranked)
        vectors = unit[[row_of[i] for i in ranked]]
        pairs = vectors @ vectors.T
        upper = np.triu_indices(len(ranked), 1)
        diversity.append(float(np.mean(1 - pairs[upper])))
        for item_id in ranked:
            narrator = world.items[row_of[item_id]].narrator
            narrators[narrator] = narrators.get(narrator, 0) + 1
    all_narrators = {item.narrator for item in world.items}
    exposure = [narrators.get(n, 0) for n in sorted(all_narrators)]
    return results, len(shown) / len(ids), float(np.mean(diversity)), exposure


def timing(n_items=1000, n_users=5000, calls=500):
    """Fit time and milliseconds per recommend() on a larger simulated library."""
    world = simulate(n_items=n_items, n_narrators=n_items // 5, n_users=n_users, seed=23)
    start = time.perf_counter()
    recommender = Recommender(world.items, world.signals, world.roles)
    fit_s = time.perf_counter() - start
    users = world.users[:calls].tolist()
    recommender.recommend(users[0], k=K)  # warm
    start = time.perf_counter()
    for user in users:
        features, themes = world.preferences[user]
        recommender.recommend(user, k=K, preferred_features=features, preferred_themes=themes)
    per_list = (time.perf_counter() - start) / len(users)
    start = time.perf_counter()
    for item in world.items[:calls]:
        recommender.similar(item.id, k=K)
    per_similar = (time.perf_counter() - start) / calls
    return fit_s, per_list, per_similar, len(world.signals)


def precision(results, name):
    return float(np.mean([row[1] for row in results[name]]))


def pooled(seeds, choice=TASTE_LED):
    """evaluate() on one simulated world per seed: the learners' results pooled, the per-world
    coverage, diversity and narrator exposure averaged."""
    results, coverage, diversity, exposure = {}, [], [], []
    for seed in seeds:
        world = simulate(seed=seed, choice=choice)
        found, covered, varied, counts = evaluate(world)
        for name, rows in found.items():
            results.setdefault(name, []).extend(rows)
        coverage.append(covered)
        diversity.append(varied)
        exposure.append(1 - gini(counts))
        signals = len(world.signals)
    return results, float(np.mean(coverage)), float(np.mean(diversity)), exposure, signals


def metrics():
    log(f"recommend: {len(SEEDS)} simulated worlds of {LEARNERS} learners and 200 stories")
    results, coverage, diversity, exposure, signals = pooled(SEEDS)
    log("recommend: the same where learners choose mostly by popularity")
    led = pooled(SEEDS[:1], choice=POPULARITY_LED)[0]
    means = {name: precision(results, name) for name in results}

    def ndcg_mean(name):
        return round(float(np.mean([row[3] for row in results[name]])), 4)

    emit(
        "recommend.precision_at_5",
        round(means["hybrid"], 4),
        "ratio",
        None,
        learners=len(results["hybrid"]),
        worlds=len(SEEDS),
        signals_per_world=signals,
        popular=round(means["popular"], 4),
        random=round(means["random"], 4),
        oracle=round(means["oracle"], 4),
    )
    emit(
        "recommend.ndcg_at_5",
        ndcg_mean("hybrid"),
        "ratio",
        None,
        popular=ndcg_mean("popular"),
        random=ndcg_mean("random"),
        oracle=ndcg_mean("oracle"),
    )
    emit(
        "recommend.precision_vs_popular",
        round(means["hybrid"] / means["popular"], 2),
        "ratio",
        ">= 1.5",
        oracle_vs_popular=round(means["oracle"] / means["popular"], 2),
        popularity_led_choice=round(precision(led, "hybrid") / precision(led, "popular"), 2),
        popularity_led_oracle=round(precision(led, "oracle") / precision(led, "popular"), 2),
    )
    emit(
        "recommend.precision_vs_random",
        round(means["hybrid"] / means["random"], 2),
        "ratio",
        None,
    )
    emit("recommend.coverage", round(coverage, 3), "ratio", ">= 0.8", items=200)
    emit("recommend.intra_list_diversity", round(diversity, 3), "ratio", None)
    by_role, plain = {}, {}
    for role, raw, normalised, _ in results["hybrid"]:
        by_role.setdefault(role, []).append(normalised)
        plain.setdefault(role, []).append(raw)
    role_means = {role: float(np.mean(values)) for role, values in sorted(by_role.items())}
    plain_means = {role: round(float(np.mean(v)), 4) for role, v in sorted(plain.items())}
    emit(
        "recommend.role_fairness",
        round(min(role_means.values()) / max(role_means.values()), 3),
        "ratio",
        ">= 0.8",
        precision_by_role={role: round(value, 4) for role, value in role_means.items()},
        plain_precision_at_5_by_role=plain_means,
        mean_stories_tried={role: ROLES[role][1] + 2 for role in sorted(ROLES)},
    )
    emit(
        "recommend.narrator_exposure",
        round(float(np.mean(exposure)), 3),
        "ratio",
        None,
        narrators=40,
    )
    log("recommend: timing on 1,000 stories and 5,000 learners")
    fit_s, per_list, per_similar, signals = timing()
    emit(
        "recommend.ms_per_list",
        round(per_list * 1000, 2),
        "ms",
        None,
        similar_ms=round(per_similar * 1000, 2),
        fit_s=round(fit_s, 2),
        items=1000,
        learners=5000,
        signals=signals,
    )


if __name__ == "__main__":
    metrics()
