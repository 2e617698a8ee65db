"""Word ranking fused with the character-bigram ranking (lawkb.index.grams).

Experimental switches while tuning: LAWKB_FUSION = linear | rrf | coord | off, LAWKB_FUSION_W.
"""

from __future__ import annotations

import os

from lawkb.index.scorer import Slot, TermScorer, best_of

MODE = os.environ.get("LAWKB_FUSION", "linear")
WEIGHT = float(os.environ.get("LAWKB_FUSION_W", "0.5"))
RRF_K = float(os.environ.get("LAWKB_FUSION_K", "60"))
DEPTH = int(os.environ.get("LAWKB_FUSION_DEPTH", "160"))


def fused_rank(
    scorer: TermScorer,
    slots: list[Slot],
    grams: list[str],
    *,
    allowed: set[int] | None,
    coord: float,
    top: int,
) -> list[tuple[int, float]]:
    """Any-word BM25F (times the coordination factor) fused with bigram BM25."""
    words = scorer.any_word(slots, coord) if slots else {}
    chars = scorer.gram_scores(grams) if grams and MODE != "off" else {}
    if allowed is not None:
        words = {d: v for d, v in words.items() if d in allowed}
        chars = {d: v for d, v in chars.items() if d in allowed}
    if not chars:
        return best_of([(v, -d) for d, v in words.items()], top)
    if not words:
        return best_of([(v, -d) for d, v in chars.items()], top)
    wmax = max(words.values())
    gmax = max(chars.values())
    if MODE == "linear":
        k = WEIGHT * wmax / gmax
        out = dict(words)
        for d, v in chars.items():
            out[d] = out.get(d, 0.0) + k * v
        return best_of([(v, -d) for d, v in out.items()], top)
    if MODE == "rrf":
        wr = best_of([(v, -d) for d, v in words.items()], DEPTH)
        gr = best_of([(v, -d) for d, v in chars.items()], DEPTH)
        out = {}
        for i, (d, _v) in enumerate(wr):
            out[d] = out.get(d, 0.0) + wmax / (RRF_K + i + 1)
        for i, (d, _v) in enumerate(gr):
            out[d] = out.get(d, 0.0) + WEIGHT * wmax / (RRF_K + i + 1)
        return best_of([(v, -d) for d, v in out.items()], top)
    # coord: the bigram score as a coverage factor on the word score
    out = {d: v * ((1 - WEIGHT) + WEIGHT * chars.get(d, 0.0) / gmax) for d, v in words.items()}
    return best_of([(v, -d) for d, v in out.items()], top)
