"""Any-word BM25F fused with the character n-gram ranking (lawkb.index.grams).

A linear mix of the two scores, each divided by its best: word score / best word score +
GRAM_WEIGHT × n-gram score / best n-gram score (returned on the word scale). An article that
shares only characters with the question (污水处理厂 against 污水集中处理设施, 赔 against 赔偿,
a piece of text cut across words) can then enter the list, and among articles with the same
words the one that shares more of the question's characters rises.

Chosen on the tuning halves by the sum of MRR@10 (bench/README.md "Characters beside words"):
characters and pairs beat pairs alone; the linear mix beat reciprocal-rank fusion and the n-gram
score as a coverage factor on the word score; the weight is flat between 0.7 and 1.3.
"""

from __future__ import annotations

import heapq

from lawkb.index.scorer import Slot, TermScorer, best_of

GRAM_WEIGHT = 1.0


def fused_rank(
    scorer: TermScorer,
    slots: list[Slot],
    grams: list[str],
    *,
    allowed: set[int] | None,
    coord: float,
    top: int,
) -> list[tuple[int, float]]:
    """The best `top` documents by any-word BM25F (times the coordination factor) plus the
    weighted n-gram BM25 of the question, as (docnum, score)."""
    words = scorer.any_word(slots, coord) if slots else {}
    if allowed is not None:
        words = {d: v for d, v in words.items() if d in allowed}
    chars = scorer.gram_scores(grams) if grams else []
    gmax = 0.0
    if chars:
        gmax = max((chars[d] for d in allowed) if allowed is not None else chars, default=0.0)
    if gmax <= 0.0:
        return best_of([(v, -d) for d, v in words.items()], top)
    k = GRAM_WEIGHT * (max(words.values(), default=0.0) or 1.0) / gmax
    out = [k * v for v in chars]
    for d, v in words.items():
        out[d] += v
    # the best first, ties by docnum (nlargest keeps the order of equal keys)
    docs = sorted(allowed) if allowed is not None else range(len(out))
    best = heapq.nlargest(top, docs, key=out.__getitem__)
    return [(d, out[d]) for d in best if out[d] > 0.0]
