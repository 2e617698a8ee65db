"""BM25F over the Whoosh index, evaluated with cached per-term score tables.

Whoosh's matcher trees are pure Python and slow down sharply on the long disjunctions that a
plain-words question becomes (every word, its synonyms, over three fields). A term's BM25F
contribution to a document does not depend on the rest of the query, so it is computed once
per (field, term) from the index's own statistics — the same formula as
`whoosh.scoring.BM25F` — and kept; a query is then a few dictionary sums.
"""

from __future__ import annotations

import heapq
from collections import OrderedDict
from dataclasses import dataclass, field

from whoosh.scoring import bm25

B = 0.75
K1 = 1.2
CACHE_TERMS = 8192


@dataclass
class Alternative:
    """Words that must all occur (one word, or the sub-words of an unknown word)."""

    words: list[str]
    boost: float = 1.0


@dataclass
class Slot:
    """One query word: any of its alternatives (the word itself, its synonyms) satisfies it."""

    alternatives: list[Alternative] = field(default_factory=list)


class TermScorer:
    def __init__(self, searcher, field_boosts: dict[str, float]) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.boosts = field_boosts
        self._avgfl = {f: searcher.avg_field_length(f) or 1.0 for f in field_boosts}
        self._tables: OrderedDict[tuple[str, str], dict[int, float]] = OrderedDict()
        # docnum -> (article ref, category): what ranking needs to map and weigh a document
        self.docs: list[tuple[str, str]] = [("", "")] * self.reader.doc_count_all()
        for docnum, stored in self.reader.iter_docs():
            self.docs[docnum] = (stored["ref"], stored["category"])
        self._docnums = {ref: doc for doc, (ref, _c) in enumerate(self.docs) if ref}

    def docnum(self, ref: str) -> int | None:
        return self._docnums.get(ref)

    def table(self, fieldname: str, word: str) -> dict[int, float]:
        """docnum -> BM25F score of one word in one field (cached)."""
        key = (fieldname, word)
        cached = self._tables.get(key)
        if cached is not None:
            self._tables.move_to_end(key)
            return cached
        scores: dict[int, float] = {}
        if self.reader.doc_frequency(fieldname, word):
            idf = self.searcher.idf(fieldname, word)
            avgfl = self._avgfl[fieldname]
            postings = self.reader.postings(fieldname, word)
            for docnum, weight in postings.items_as("weight"):
                fl = self.reader.doc_field_length(docnum, fieldname, 1)
                scores[docnum] = bm25(idf, weight, fl, avgfl, B, K1)
        self._tables[key] = scores
        if len(self._tables) > CACHE_TERMS:
            self._tables.popitem(last=False)
        return scores

    def word(self, word: str) -> dict[int, float]:
        """A word over every text field, weighted (cached like the field tables)."""
        key = ("*", word)
        cached = self._tables.get(key)
        if cached is not None:
            self._tables.move_to_end(key)
            return cached
        out: dict[int, float] = {}
        for f, boost in self.boosts.items():
            for doc, s in self.table(f, word).items():
                out[doc] = out.get(doc, 0.0) + boost * s
        self._tables[key] = out
        if len(self._tables) > CACHE_TERMS:
            self._tables.popitem(last=False)
        return out

    def known(self, word: str) -> bool:
        return any(self.reader.doc_frequency(f, word) for f in self.boosts)

    def slot(self, slot: Slot) -> dict[int, float]:
        """Alternatives add up, as in a Whoosh Or: an article that says the word and its
        legal synonym is more likely about it."""
        best: dict[int, float] = {}
        get = best.get
        for alt in slot.alternatives:
            tables = [self.word(w) for w in alt.words]
            if len(tables) == 1:
                boost = alt.boost
                for doc, v in tables[0].items():
                    best[doc] = get(doc, 0.0) + boost * v
            elif tables:
                for doc in set(tables[0]).intersection(*tables[1:]):
                    best[doc] = get(doc, 0.0) + alt.boost * sum(t[doc] for t in tables)
        return best

    def rank(
        self,
        slots: list[Slot],
        *,
        allowed: set[int] | None,
        require_all: bool,
        coord: float = 1.0,
        top: int | None = None,
    ) -> list[tuple[int, float]]:
        """Documents by summed slot scores, best first (the best `top` of them). With
        require_all every slot must match; otherwise a document matching fewer slots is scaled
        by (matched share) ** coord."""
        tables = [self.slot(s) for s in slots]
        if not tables:
            return []
        n = len(tables)
        scores: dict[int, float] = {}
        counts: dict[int, int] = {}
        for t in tables:
            for doc, v in t.items():
                scores[doc] = scores.get(doc, 0.0) + v
                counts[doc] = counts.get(doc, 0) + 1
        docs = scores.keys() if allowed is None else scores.keys() & allowed
        if require_all:
            out = [(doc, scores[doc]) for doc in docs if counts[doc] == n]
        else:
            share = [(i / n) ** coord for i in range(n + 1)]
            out = [(doc, scores[doc] * share[counts[doc]]) for doc in docs]
        if top is not None and len(out) > top:
            return heapq.nlargest(top, out, key=lambda t: t[1])
        out.sort(key=lambda t: -t[1])
        return out
