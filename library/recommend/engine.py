"""The recommender: a hybrid of content-based and collaborative filtering with a cold start
from stated preferences and from what learners in the same role found helpful, re-ranked for
variety (diversify.py). Pure Python, numpy, scipy and scikit-learn: no Django.

Fitted once from the whole catalogue and every signal (the Django layer caches the instance);
`recommend()` and `similar()` then cost a few vector products over the catalogue.

- Content: each item is a TF-IDF weighted bag of its themes and features
  (MultiLabelBinarizer, TfidfTransformer, rows of unit length); a learner's profile is the mean
  of their items' vectors weighted by how positive each signal was (below NEUTRAL pulls away),
  less everyone's mean profile (what sets them apart, not what everyone watches); an item's
  content score is its cosine similarity to the profile (a dot product, the rows being of unit
  length: sklearn's cosine_similarity costs more in checks than in sums here).
- Collaborative: TruncatedSVD (CF_COMPONENTS factors) of the learner x item matrix of signal
  values, once there are `min_signals_for_cf` signals from `min_users_for_cf` learners and the
  learner has `min_user_signals`; a learner's scores are their row projected onto the factors
  and back.
- Prior (cold start): cosine similarity to the stated preferred features and themes, the
  role's popularity (positive signals, log-scaled, shrunk towards everyone's while the role has
  few learners) and a little overall popularity (PRIOR_WEIGHTS, over those that apply).
- Blend: every part scaled to 0..1 over the candidates; personal scores weigh n / (n +
  HALF_WEIGHT_AT) for a learner with n signals, the prior the rest; EXPOSURE_PENALTY times
  popularity is taken off, so the less-watched stories get shown too.
- Re-ranking: diversify.rerank (MMR, one story per narrator, themes spread); each result's
  reason is the part that weighed most for it, named after the learner's closest liked or
  finished story when personal.

bench/recommend.py measures it on simulated learners; the constants below were tuned there.
"""

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.preprocessing import MultiLabelBinarizer, normalize

from .diversify import rerank
from .types import (
    FINISHED,
    LIKED,
    POPULAR,
    PREFERENCE,
    ROLE,
    SIMILAR,
    Item,
    Reason,
    Recommendation,
    Signal,
)

# The values the engine reads and answers, importable from here too (library/recommendations.py)
__all__ = ["Item", "Reason", "Recommendation", "Recommender", "Signal"]

POSITIVE = 0.6  # a finished story, or feedback of 3.4 of 5 on average
LIKED_AT = 0.75  # feedback of 4 of 5 on average: "because you found X hopeful"
NEUTRAL = 0.35  # a signal below this pulls the content profile away from the item
HALF_WEIGHT_AT = 3  # signals at which personal scores weigh as much as the prior
ROLE_SHRINK = 2  # learners a role needs before its own popularity outweighs everyone's
CF_COMPONENTS = 4  # latent factors: few generalise best on sparse signals (bench/recommend.py)
CF_WEIGHT = 0.55  # of the personal score, once collaborative filtering applies
PRIOR_WEIGHTS = {"preference": 0.3, "role": 0.65, "popular": 0.05}
EXPOSURE_PENALTY = 0.1  # popularity taken off every score: more of the catalogue gets shown
REASON_SIMILARITY = 0.5  # content similarity to a liked story that names it as the reason


def _tokens(item):
    return [f"theme:{theme}" for theme in item.themes] + [str(f) for f in item.features]


def _scaled(values):
    """`values` scaled to 0..1 (all equal: all 0)."""
    if not values.size:
        return values
    low, high = values.min(), values.max()
    return (values - low) / (high - low) if high > low else np.zeros_like(values)


class Recommender:
    def __init__(
        self,
        items,
        signals,
        roles=None,
        *,
        min_user_signals=3,
        min_signals_for_cf=200,
        min_users_for_cf=20,
        cf_components=CF_COMPONENTS,
    ):
        self.min_user_signals = min_user_signals
        self.cf_components = cf_components
        self.roles = dict(roles or {})
        self.items = sorted({item.id: item for item in items}.values(), key=lambda i: i.id)
        self._row = {item.id: n for n, item in enumerate(self.items)}
        self._ids = np.array([item.id for item in self.items], dtype=np.int64)
        self._fit_content()
        self._fit_signals(signals)
        self._fit_popularity()
        self._fit_collaborative(min_signals_for_cf, min_users_for_cf)

    # --- fitting ------------------------------------------------------------------------------

    def _fit_content(self):
        n = len(self.items)
        self._mlb = MultiLabelBinarizer()
        self._mlb.fit([_tokens(item) for item in self.items])
        self._column = {token: n for n, token in enumerate(self._mlb.classes_)}
        self._tfidf = None
        if n and len(self._mlb.classes_):
            binary = self._mlb.transform([_tokens(item) for item in self.items])
            self._tfidf = TfidfTransformer().fit(binary)
            self._vectors = self._tfidf.transform(binary).toarray()
        else:
            self._vectors = np.zeros((n, 1))
        themes = MultiLabelBinarizer().fit_transform([sorted(i.themes) for i in self.items])
        themes = np.asarray(themes, dtype=float)
        self._themes = normalize(themes) if themes.size else np.zeros((n, 1))
        # Narrators as integer codes; an unnamed narrator is nobody else's.
        codes, named = {}, []
        for row, item in enumerate(self.items):
            key = item.narrator or f"\0{row}"
            named.append(codes.setdefault(key, len(codes)))
        self._narrators = np.array(named, dtype=np.int64)

    def _fit_signals(self, signals):
        best = {}
        for signal in signals:
            row = self._row.get(signal.item)
            if row is None:
                continue
            key = (signal.user, row)
            value = min(max(float(signal.value), 0.0), 1.0)
            if key not in best or value > best[key][0]:
                best[key] = (value, signal.word)
        users = sorted({user for user, _row in best})
        self._user_row = {user: n for n, user in enumerate(users)}
        self._users = users
        self._words = {key: word for key, (_value, word) in best.items() if word}
        if best:
            keys = sorted(best)
            rows = np.array([self._user_row[user] for user, _ in keys], dtype=np.int64)
            cols = np.array([col for _, col in keys], dtype=np.int64)
            values = np.array([best[key][0] for key in keys])
        else:
            rows = cols = np.zeros(0, dtype=np.int64)
            values = np.zeros(0)
        self._matrix = sparse.csr_matrix(
            (values, (rows, cols)), shape=(len(users), len(self.items))
        )
        self._signal_count = len(best)

    def _fit_popularity(self):
        positive = self._matrix.multiply(self._matrix >= POSITIVE).tocsr()
        self._mean_profile = np.zeros(self._vectors.shape[1])
        if positive.nnz:
            consumed = np.asarray(positive.sum(axis=0)).ravel()
            self._mean_profile = consumed @ self._vectors / consumed.sum()
        self._popularity = _scaled(np.log1p(np.asarray(positive.sum(axis=0)).ravel()))
        by_role = {}
        for user, row in self._user_row.items():
            by_role.setdefault(self.roles.get(user), []).append(row)
        self._role_popularity = {}
        for role, rows in by_role.items():
            if role is None:
                continue
            own = _scaled(np.log1p(np.asarray(positive[rows].sum(axis=0)).ravel()))
            share = len(rows) / (len(rows) + ROLE_SHRINK)
            self._role_popularity[role] = share * own + (1 - share) * self._popularity

    def _fit_collaborative(self, min_signals, min_users):
        self._factors = None
        users, items = self._matrix.shape
        if self._signal_count < min_signals or users < min_users or items < 3:
            return
        svd = TruncatedSVD(
            n_components=min(self.cf_components, items - 1, users - 1), random_state=0
        ).fit(self._matrix)
        self._factors = svd.components_.T  # items x components
        self._unit_factors = normalize(self._factors)

    # --- scoring ------------------------------------------------------------------------------

    def _candidates(self, allowed, exclude=()):
        if allowed is None:
            mask = np.ones(len(self.items), dtype=bool)
        else:
            mask = np.zeros(len(self.items), dtype=bool)
            rows = [self._row[i] for i in allowed if i in self._row]
            mask[rows] = True
        mask[list(exclude)] = False
        return np.flatnonzero(mask)

    def _user_signals(self, user):
        row = self._user_row.get(user)
        if row is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        start, end = self._matrix.indptr[row], self._matrix.indptr[row + 1]
        return self._matrix.indices[start:end], self._matrix.data[start:end]

    def _preference_scores(self, features, themes):
        """Cosine similarity of each item to the preferred features and themes, weighted as
        the items are (TF-IDF); None when none of them is in the catalogue."""
        tokens = {f"theme:{t}" for t in themes} | {str(f) for f in features}
        columns = sorted(self._column[t] for t in tokens if t in self._column)
        if not columns or self._tfidf is None:
            return None
        weights = self._tfidf.idf_[columns]
        return self._vectors[:, columns] @ (weights / np.linalg.norm(weights))

    def _personal(self, rows, values):
        """The content and collaborative scores for a learner's signals (None when none)."""
        weights = values - NEUTRAL
        content = None
        if len(rows) and np.abs(weights).sum() > 0:
            profile = weights @ self._vectors[rows] / np.abs(weights).sum()
            profile = profile - self._mean_profile
            norm = np.linalg.norm(profile)
            content = self._vectors @ (profile / norm) if norm > 0 else None
        collaborative = None
        if self._factors is not None and len(rows) >= self.min_user_signals:
            collaborative = self._factors @ (values @ self._factors[rows])
        return content, collaborative

    def recommend(
        self,
        user,
        *,
        k=5,
        allowed=None,
        role=None,
        preferred_features=frozenset(),
        preferred_themes=frozenset(),
    ):
        """Up to k items for `user`, never one outside `allowed` or one they have a signal for."""
        if k <= 0 or not self.items:
            return []
        rows, values = self._user_signals(user)
        candidates = self._candidates(allowed, exclude=rows)
        if not len(candidates):
            return []
        role = role if role is not None else self.roles.get(user)
        parts = {}  # name: (weight, scores over the candidates scaled to 0..1)
        content, collaborative = self._personal(rows, values)
        personal = len(rows) / (len(rows) + HALF_WEIGHT_AT)
        if collaborative is not None and content is not None:
            parts["content"] = (personal * (1 - CF_WEIGHT), _scaled(content[candidates]))
            parts["collaborative"] = (personal * CF_WEIGHT, _scaled(collaborative[candidates]))
        elif content is not None:
            parts["content"] = (personal, _scaled(content[candidates]))
        elif collaborative is not None:  # the learner's stories are all alike to everyone's
            parts["collaborative"] = (personal, _scaled(collaborative[candidates]))
        else:
            personal = 0.0
        prior = {}
        preference = self._preference_scores(preferred_features, preferred_themes)
        if preference is not None:
            prior["preference"] = preference
        if role in self._role_popularity:
            prior["role"] = self._role_popularity[role]
        prior["popular"] = self._popularity
        total = sum(PRIOR_WEIGHTS[name] for name in prior)
        for name, scores in prior.items():
            weight = (1 - personal) * PRIOR_WEIGHTS[name] / total
            parts[name] = (weight, _scaled(scores[candidates]))
        blended = sum(weight * scores for weight, scores in parts.values())
        blended = blended - EXPOSURE_PENALTY * self._popularity[candidates]
        chosen = rerank(
            candidates, blended, self._ids, self._vectors, self._themes, self._narrators, k
        )
        where = {row: n for n, row in enumerate(candidates)}
        return [
            Recommendation(
                item=int(self._ids[row]),
                score=round(score, 6),
                reason=self._reason(user, row, rows, values, parts, where[row]),
            )
            for row, score in chosen
        ]

    def _reason(self, user, row, rows, values, parts, at):
        contributions = {name: weight * scores[at] for name, (weight, scores) in parts.items()}
        personal = contributions.get("content", 0.0) + contributions.get("collaborative", 0.0)
        prior = max(
            (name for name in ("preference", "role", "popular") if name in contributions),
            key=lambda name: contributions[name],
        )
        liked = rows[values >= POSITIVE]
        if len(liked):
            similarity = self._vectors[liked] @ self._vectors[row]
            if self._factors is not None:
                similarity = similarity + 0.5 * (
                    self._unit_factors[liked] @ self._unit_factors[row]
                )
            strength = values[values >= POSITIVE]
            anchor_at = int(np.lexsort((self._ids[liked], -strength, -similarity))[0])
            anchor = liked[anchor_at]
            close = self._vectors[anchor] @ self._vectors[row] >= REASON_SIMILARITY
            if personal > contributions[prior] or close:
                title = self.items[anchor].title
                word = self._words.get((user, int(anchor)), "")
                if strength[anchor_at] >= LIKED_AT and word:
                    return Reason(LIKED, item_title=title, word=word)
                return Reason(FINISHED, item_title=title)
        return Reason({"preference": PREFERENCE, "role": ROLE}.get(prior, POPULAR))

    def similar(self, item_id, *, k=5, allowed=None):
        """Up to k items like `item_id` (never itself, never one outside `allowed`)."""
        source = self._row.get(item_id)
        if k <= 0 or source is None:
            return []
        candidates = self._candidates(allowed, exclude=[source])
        if not len(candidates):
            return []
        # Content alike, and (with enough data) liked by the same learners; a little popularity
        # to order stories that are equally alike.
        content = _scaled((self._vectors @ self._vectors[source])[candidates])
        scores = 0.9 * content
        if self._factors is not None:
            together = self._unit_factors @ self._unit_factors[source]
            scores = 0.6 * content + 0.3 * _scaled(together[candidates])
        scores = scores + 0.1 * self._popularity[candidates]
        reason = Reason(SIMILAR, item_title=self.items[source].title)
        chosen = rerank(
            candidates, scores, self._ids, self._vectors, self._themes, self._narrators, k
        )
        return [
            Recommendation(item=int(self._ids[row]), score=round(score, 6), reason=reason)
            for row, score in chosen
        ]
