"""Any-word BM25F fused with the character-bigram ranking (lawkb.index.grams).

A linear mix of the two scores, each divided by its best: word score / best word score +
GRAM_WEIGHT × bigram score / best bigram score (returned on the word scale). An article that
shares only characters with the question (污水处理厂 against 污水集中处理设施, a piece of text
cut across words) can then enter the list, and among
articles with the same words the one that shares more of the question's characters rises.

Chosen on the tuning halves by the sum of MRR@10 (bench/README.md "Character bigrams"), beside
reciprocal-rank fusion and the bigram score as a coverage factor on the word score, which both
did worse.
"""

from __future__ import annotations

from lawkb.index.scorer import Slot, TermScorer, best_of

GRAM_WEIGHT = 0.3


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
    weighted bigram BM25 of the question, as (docnum, score)."""
    words = scorer.any_word(slots, coord) if slots else {}
    chars = scorer.gram_scores(grams) if grams else {}
    if allowed is not None:
        words = {d: v for d, v in words.items() if d in allowed}
        chars = {d: v for d, v in chars.items() if d in allowed}
    out = words
    if chars:
        wmax = max(words.values(), default=0.0) or 1.0
        k = GRAM_WEIGHT * wmax / max(chars.values())
        get = words.get
        out = dict(words)
        for d, v in chars.items():
            out[d] = get(d, 0.0) + k * v
    return best_of([(v, -d) for d, v in out.items()], top)
