"""Re-ranking a scored candidate list into a short, varied one: maximal marginal relevance over
the items' content vectors and themes, with one story per narrator while another narrator's
story is available, and themes spread: no theme fills more than THEME_SHARE of a list while a
story of another theme is available."""

import numpy as np

BALANCE = 0.85  # relevance against similarity to the stories already chosen
THEME_SHARE = 0.8  # of a list, at most, stories of one theme while another theme is available
POOL = 60  # the best candidates MMR picks from, plus the best story of every other narrator


def rerank(candidates, scores, ids, vectors, theme_vectors, narrators, k, balance=BALANCE):
    """Up to `k` of `candidates` (item rows) in the order to show them, with their scores.

    `scores` are the candidates' relevance (higher is better), `ids` the item ids (ties go to
    the lower id, so the same inputs give the same list), `vectors` and `theme_vectors` rows of
    unit length, `narrators` an integer code per item row. `balance` weighs relevance against
    similarity to what is already chosen (1: relevance only)."""
    if k <= 0 or len(candidates) == 0:
        return []
    order = np.lexsort((ids[candidates], -scores))
    candidates, scores = candidates[order], scores[order]
    # The pool: the best POOL, and the best candidate of each narrator (first occurrence in
    # the ranked list), so a narrator not yet shown is always on offer.
    _codes, first = np.unique(narrators[candidates], return_index=True)
    keep = np.zeros(len(candidates), dtype=bool)
    keep[: max(POOL, k)] = True
    keep[first] = True
    pool, relevance = candidates[keep], scores[keep]
    span = relevance.max() - relevance.min()
    relevance = (relevance - relevance.min()) / span if span > 0 else np.ones(len(pool))
    content, themes = vectors[pool], theme_vectors[pool]
    pool_narrators = narrators[pool]
    voiced = np.zeros(pool_narrators.max() + 1, dtype=bool)
    cap = max(1, int(THEME_SHARE * k))
    member = themes > 0
    shown = np.zeros(themes.shape[1])
    closest = np.zeros(len(pool))
    free = np.ones(len(pool), dtype=bool)
    chosen = []
    for _step in range(min(k, len(pool))):
        value = balance * relevance - (1 - balance) * closest
        value[~free] = -np.inf
        new_voice = free & ~voiced[pool_narrators]
        if new_voice.any():
            value[~new_voice] = -np.inf
        # Themes spread: a story whose every theme is already shown `cap` times waits while
        # a story with another theme (or none) can be chosen.
        fresh = (member & (shown < cap)).any(axis=1) | ~member.any(axis=1)
        if (fresh & (value > -np.inf)).any():
            value[~fresh] = -np.inf
        pick = int(np.argmax(value))  # the first maximum: the better ranked, then lower id
        chosen.append(pick)
        free[pick] = False
        voiced[pool_narrators[pick]] = True
        shown += member[pick]
        similarity = 0.5 * (content @ content[pick]) + 0.5 * (themes @ themes[pick])
        closest = np.maximum(closest, similarity)
    return [(int(pool[n]), float(scores[keep][n])) for n in chosen]
