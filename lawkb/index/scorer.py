"""BM25F over the Whoosh index, evaluated with cached per-term score tables.

Whoosh's matcher trees are pure Python and slow down sharply on the long disjunctions that a
plain-words question becomes (every word, its synonyms, over three fields). A term's BM25F
contribution to a document does not depend on the rest of the query, so it is computed once
per (field, term) from the index's own statistics — the same formula as
`whoosh.scoring.BM25F` — and kept; a query is then a few dictionary sums.
"""

from __future__ import annotations

import heapq
from collections import Counter, OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from lawkb.index.grams import GRAMS_FIELD

B = 0.75
K1 = 1.2
CACHE_TERMS = 8192
CACHE_SLOTS = 2048
CACHE_GRAMS = 4096  # n-gram arrays: a common character's holds most of the documents


@dataclass
class Alternative:
    """Words that must all occur (one word, or the sub-words of an unknown word)."""

    words: list[str]
    boost: float = 1.0


@dataclass
class Slot:
    """One query word: any of its alternatives (the word itself, its synonyms) satisfies it.
    `weight` scales its score and its share in the coordination factor (a word everyday
    language uses everywhere says little about a question's topic)."""

    alternatives: list[Alternative] = field(default_factory=list)
    weight: float = 1.0


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
        self._lengths: dict[str, list[float]] = {}
        self._known: dict[str, bool] = {}
        self._slots: OrderedDict[tuple, dict[int, float]] = OrderedDict()
        self._grams: OrderedDict[str, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._doc_arrays: dict[int, tuple[set[int], np.ndarray]] = {}

    def lengths(self, fieldname: str) -> list[float]:
        """Every document's length of one field (Whoosh's stored byte, decoded), read once: a
        term table then costs a list lookup per posting instead of a column read."""
        out = self._lengths.get(fieldname)
        if out is None:
            n = len(self.docs)
            perdoc = getattr(self.reader, "_perdoc", None)
            fast = getattr(perdoc, "doc_field_length_reader", None)
            if fast is not None:  # whoosh3: the column reader resolved once per field
                get = fast(fieldname, 1)
                out = [float(get(d) or 1) for d in range(n)]
            else:
                out = [float(self.reader.doc_field_length(d, fieldname, 1) or 1) for d in range(n)]
            self._lengths[fieldname] = out
        return out

    def docnum(self, ref: str) -> int | None:
        return self._docnums.get(ref)

    def table(self, fieldname: str, word: str) -> dict[int, float]:
        """docnum -> BM25F score of one word in one field (cached)."""
        key = (fieldname, word)
        cached = self._tables.get(key)
        if cached is not None:
            self._tables.move_to_end(key)
            return cached
        scores = self._bm25(fieldname, word)
        self._tables[key] = scores
        if len(self._tables) > CACHE_TERMS:
            self._tables.popitem(last=False)
        return scores

    def _bm25(self, fieldname: str, word: str) -> dict[int, float]:
        """docnum -> BM25 score of one word in one field, read from the index (not cached)."""
        scores: dict[int, float] = {}
        if self.reader.doc_frequency(fieldname, word):
            # whoosh.scoring.bm25 inlined: idf·tf·(K1+1) / (tf + K1·(1 - B + B·fl/avgfl))
            idf = self.searcher.idf(fieldname, word)
            lengths = self.lengths(fieldname)
            if fieldname not in self._avgfl:
                self._avgfl[fieldname] = self.searcher.avg_field_length(fieldname) or 1.0
            norm = K1 * B / self._avgfl[fieldname]
            base = K1 * (1 - B)
            top = idf * (K1 + 1)
            for docnum, tf in postings_of(self.reader.postings(fieldname, word)):
                scores[docnum] = top * tf / (tf + base + norm * lengths[docnum])
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
        found = self._known.get(word)
        if found is None:
            found = any(self.reader.doc_frequency(f, word) for f in self.boosts)
            if len(self._known) > CACHE_TERMS:
                self._known.clear()
            self._known[word] = found
        return found

    def share(self, word: str, fieldname: str = "body") -> float:
        """The share of documents whose field holds the word."""
        return self.reader.doc_frequency(fieldname, word) / max(1, len(self.docs))

    def slot(self, slot: Slot) -> dict[int, float]:
        """Alternatives add up, as in a Whoosh Or: an article that says the word and its
        legal synonym is more likely about it. Cached: questions share their words."""
        key = (slot.weight, *((tuple(a.words), a.boost) for a in slot.alternatives))
        cached = self._slots.get(key)
        if cached is not None:
            self._slots.move_to_end(key)
            return cached
        best: dict[int, float] = {}
        get = best.get
        for alt in slot.alternatives:
            tables = [self.word(w) for w in alt.words]
            if len(tables) == 1:
                boost = alt.boost * slot.weight
                for doc, v in tables[0].items():
                    best[doc] = get(doc, 0.0) + boost * v
            elif tables:
                for doc in set(tables[0]).intersection(*tables[1:]):
                    best[doc] = get(doc, 0.0) + alt.boost * slot.weight * sum(
                        t[doc] for t in tables
                    )
        self._slots[key] = best
        if len(self._slots) > CACHE_SLOTS:
            self._slots.popitem(last=False)
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
        by (matched share) ** coord, the share weighted by the slots' weights."""
        if not require_all:
            scores = self.any_word(slots, coord)
            if allowed is not None:
                return best_of([(v, -d) for d, v in scores.items() if d in allowed], top)
            return best_of([(v, -d) for d, v in scores.items()], top)
        tables = [self.slot(s) for s in slots]
        if not tables:
            return []
        n = len(tables)
        counts = Counter(chain.from_iterable(tables))  # a dict iterates its documents
        items = _summed(tables).items()
        if allowed is not None:
            items = [(doc, v) for doc, v in items if doc in allowed]
        return best_of([(v, -doc) for doc, v in items if counts[doc] == n], top)

    def any_word(self, slots: list[Slot], coord: float = 1.0) -> dict[int, float]:
        """docnum -> summed slot scores times (matched share of the slots' weights) ** coord."""
        tables = [self.slot(s) for s in slots]
        total = sum(s.weight for s in slots)
        if not tables or total <= 0:
            return {}
        by_weight: dict[float, list[dict[int, float]]] = {}
        for table, slot in zip(tables, slots, strict=True):
            by_weight.setdefault(slot.weight, []).append(table)
        # full-weight words counted in C (Counter); the few weighted ones added after
        full = by_weight.pop(1.0, [])
        matched: Counter[int] | dict[int, float] = Counter(chain.from_iterable(full))
        for w, group in by_weight.items():
            get = matched.get
            for doc, n in Counter(chain.from_iterable(group)).items():
                matched[doc] = get(doc, 0) + n * w
        return {doc: v * (matched[doc] / total) ** coord for doc, v in _summed(tables).items()}

    def gram_scores(self, grams: list[str]) -> np.ndarray:
        """BM25 of the query's character n-grams over the `grams` field, for every docnum (a
        dense array: the common characters touch most documents, and numpy adds a character's
        postings at once where a Python loop cost a 25,000-article collection half its query
        time). Each n-gram's (docnums, scores) arrays are cached."""
        acc = np.zeros(len(self.docs))
        if GRAMS_FIELD not in self.searcher.schema:
            return acc  # an index built before the field, served while its successor builds
        for g in grams:
            docs, scores = self._gram(g)
            acc[docs] += scores  # a document occurs once in a posting list
        return acc

    def _gram(self, gram: str) -> tuple[np.ndarray, np.ndarray]:
        """One n-gram's BM25 scores (`_bm25`) as arrays of docnums and scores (cached)."""
        cached = self._grams.get(gram)
        if cached is not None:
            self._grams.move_to_end(gram)
            return cached
        scores = self._bm25(GRAMS_FIELD, gram)
        arrays = (
            np.fromiter(scores.keys(), dtype=np.int64, count=len(scores)),
            np.fromiter(scores.values(), dtype=np.float64, count=len(scores)),
        )
        self._grams[gram] = arrays
        if len(self._grams) > CACHE_GRAMS:
            self._grams.popitem(last=False)
        return arrays

    def doc_array(self, docs: set[int]) -> np.ndarray:
        """A set of docnums (a filter) as a sorted array, cached per set object."""
        key = id(docs)
        found = self._doc_arrays.get(key)
        if found is None or found[0] is not docs:
            found = (docs, np.fromiter(sorted(docs), dtype=np.int64, count=len(docs)))
            self._doc_arrays = {key: found}  # the filters of one query: keep the last
        return found[1]


def best_of(pairs: list[tuple[float, int]], top: int | None) -> list[tuple[int, float]]:
    """(score, -doc) pairs, which compare without a key function, as (doc, score) best first
    (ties by docnum), the best `top` of them."""
    if top is not None and len(pairs) > top:
        best = heapq.nlargest(top, pairs)
    else:
        best = sorted(pairs, reverse=True)
    return [(-doc, v) for v, doc in best]


def _summed(tables: list[dict[int, float]]) -> dict[int, float]:
    if not tables:
        return {}
    scores: dict[int, float] = dict(tables[0])
    get = scores.get
    for t in tables[1:]:
        for doc, v in t.items():
            scores[doc] = get(doc, 0.0) + v
    return scores


def postings_of(matcher) -> Iterator[tuple[int, float]]:
    """(docnum, weight) of every posting. Whoosh3's leaf matcher is read a block at a time
    (its ids and weights arrays), which costs a third of the per-posting matcher calls; any
    other matcher goes through `items_as`."""
    if not all(hasattr(matcher, a) for a in ("_read_ids", "_read_weights", "_next_block")):
        yield from matcher.items_as("weight")
        return
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        yield from zip(matcher._ids, matcher._weights, strict=False)
        matcher._next_block()
