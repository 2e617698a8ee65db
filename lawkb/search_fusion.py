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

import numpy as np

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
    chars = scorer.gram_scores(grams) if grams else None
    if chars is not None and allowed is not None:
        inside = scorer.doc_array(allowed)
        kept = np.zeros_like(chars)
        kept[inside] = chars[inside]
        chars = kept
    gmax = float(chars.max()) if chars is not None and len(chars) else 0.0
    if gmax <= 0.0:
        return best_of([(v, -d) for d, v in words.items()], top)
    k = GRAM_WEIGHT * (max(words.values(), default=0.0) or 1.0) / gmax
    out = chars * k
    if words:
        docs = np.fromiter(words.keys(), dtype=np.int64, count=len(words))
        out[docs] += np.fromiter(words.values(), dtype=np.float64, count=len(words))
    n = min(top, len(out))
    head = np.argpartition(-out, n - 1)[:n] if n < len(out) else np.arange(len(out))
    # the best first, ties by docnum
    best = sorted(head.tolist(), key=lambda d: (-out[d], d))
    return [(d, float(out[d])) for d in best if out[d] > 0.0]
