"""Context smoothing from the law's structure (cluster-based retrieval, Liu & Croft 2004).

An article is short, and a lay question shares few words with it; the section or chapter it sits
in (管辖, 听证程序, 噪声污染防治 …) shares many more. Each group of articles under the same
heading is a pseudo-document: its words are its articles' words and its heading's, with BM25
statistics of its own (group frequency, group length against the average group). The articles
of a ranking's pool are then re-scored by their group's score for the same query.

The groups' statistics come from the index itself (the body postings summed per group, the
heading words from the index's own analyzer), so nothing is segmented twice and nothing is
stored: the group map is built once per open index, a word's group table once per word.
"""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lawkb.index.scorer import Slot, TermScorer, _postings

if TYPE_CHECKING:
    from lawkb.store import Collection

LEVEL = "section"  # the group an article is smoothed with: "section", "chapter" or "law"
WEIGHT = 0.3  # share of the group's (normalised) score in an article's new score
MODE = "mult"  # "mult": score × (1 + WEIGHT·ctx); "mix": (1-WEIGHT)·score + WEIGHT·ctx
HEAD_WEIGHT = 2.0  # a heading word counts as this many body occurrences in its group
COORD = 1.0  # group score × (share of the query's slots the group matches) ** COORD
K1 = 1.2
B = 0.75
CACHE_WORDS = 4096

Ranked = list[tuple[str, float]]


@dataclass
class Groups:
    """One open index's groups: docnum → group, each group's length and heading words."""

    of_doc: list[int]  # -1: not an article of the collection
    lengths: list[float]
    avg: float
    heads: list[dict[str, int]]  # heading word → count, per group

    @property
    def count(self) -> int:
        return len(self.lengths)


def group_key(law: str, path: list[str], level: str) -> tuple[str, ...]:
    """The heading an article is smoothed under: its deepest heading (section), the heading
    down to its 章 (chapter), or the whole law; an article under no heading belongs to its law."""
    if level == "law" or not path:
        return (law,)
    if level == "chapter":
        for i, head in enumerate(path):
            if "章" in head.split(" ", 1)[0]:
                return (law, *path[: i + 1])
    return (law, *path)


class ContextSmoother:
    """Re-scores a ranking's pool by the BM25 score of each article's group."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self.level, self.weight, self.mode = LEVEL, WEIGHT, MODE
        self.b, self.head = B, HEAD_WEIGHT
        self._for: tuple[TermScorer | None, str] = (None, "")
        self._groups: Groups | None = None
        self._words: OrderedDict[str, dict[int, float]] = OrderedDict()

    # -- groups ------------------------------------------------------------------------------
    def groups(self, scorer: TermScorer) -> Groups:
        """Built once per open index and collection generation."""
        key = (scorer, self.collection.generation())
        if self._groups is None or self._for[0] is not key[0] or self._for[1] != key[1]:
            self._groups = self._build(scorer)
            self._for = key
            self._words.clear()
        return self._groups

    def _build(self, scorer: TermScorer) -> Groups:
        paths = {
            ref: (law, json.loads(path or "[]"))
            for ref, law, path in self.collection.db.execute("SELECT ref, law, path FROM articles")
        }
        ids: dict[tuple[str, ...], int] = {}
        of_doc = [-1] * len(scorer.docs)
        for doc, (ref, _category) in enumerate(scorer.docs):
            where = paths.get(ref)
            if where is not None:
                of_doc[doc] = ids.setdefault(group_key(*where, self.level), len(ids))
        lengths = [0.0] * len(ids)
        body = scorer.lengths("body")
        for doc, g in enumerate(of_doc):
            if g >= 0:
                lengths[g] += body[doc]
        analyzer = scorer.searcher.schema["path"].analyzer
        heads: list[dict[str, int]] = [{} for _ in ids]
        for key, g in ids.items():
            for token in analyzer(" ".join(key[1:])):
                heads[g][token.text] = heads[g].get(token.text, 0) + 1
        for g, h in enumerate(heads):
            lengths[g] += self.head * sum(h.values())
        avg = sum(lengths) / len(lengths) if lengths else 1.0
        return Groups(of_doc, lengths, avg or 1.0, heads)

    def word(self, scorer: TermScorer, word: str) -> dict[int, float]:
        """group → BM25 score of one word in the groups as pseudo-documents (cached)."""
        groups = self.groups(scorer)  # first: a new index or collection clears the tables
        cached = self._words.get(word)
        if cached is not None:
            self._words.move_to_end(word)
            return cached
        tf: dict[int, float] = {}
        if scorer.reader.doc_frequency("body", word):
            for doc, weight in _postings(scorer.reader.postings("body", word)):
                g = groups.of_doc[doc]
                if g >= 0:
                    tf[g] = tf.get(g, 0.0) + weight
        for g, head in enumerate(groups.heads):
            if word in head:
                tf[g] = tf.get(g, 0.0) + self.head * head[word]
        idf = math.log(groups.count / (len(tf) + 1)) + 1.0
        norm = K1 * self.b / groups.avg
        base = K1 * (1 - self.b)
        out = {
            g: idf * t * (K1 + 1) / (t + base + norm * groups.lengths[g]) for g, t in tf.items()
        }
        self._words[word] = out
        if len(self._words) > CACHE_WORDS:
            self._words.popitem(last=False)
        return out

    def slot_scores(
        self, scorer: TermScorer, slots: list[Slot], wanted: set[int]
    ) -> list[dict[int, float]]:
        """Per slot: group → the slot's score on it, for the groups wanted."""
        out = []
        for slot in slots:
            got: dict[int, float] = {}
            for alt in slot.alternatives:
                tables = [self.word(scorer, w) for w in alt.words]
                for g in wanted:
                    if tables and all(g in t for t in tables):
                        got[g] = got.get(g, 0.0) + alt.boost * sum(t[g] for t in tables)
            out.append(got)
        return out

    def scores(self, scorer: TermScorer, slots: list[Slot], wanted: Iterable[int]) -> dict:
        """group → the query's score on it, for the groups wanted."""
        wanted = set(wanted)
        total = dict.fromkeys(wanted, 0.0)
        hits = dict.fromkeys(wanted, 0)
        for got in self.slot_scores(scorer, slots, wanted):
            for g, v in got.items():
                total[g] += v
                hits[g] += 1
        n = len(slots) or 1
        return {g: v * (hits[g] / n) ** COORD for g, v in total.items()}

    def smoothed(self, found: Ranked, scorer: TermScorer, slots: list[Slot]) -> Ranked:
        """Word-level smoothing: each slot's article score plus WEIGHT × its group's score, a
        slot only the group matches counting WEIGHT towards coordination; the article's score
        (with its priors) scaled by smoothed / raw text score."""
        groups = self.groups(scorer)
        docs = {ref: scorer.docnum(ref) for ref, _s in found}
        of = {ref: groups.of_doc[d] if d is not None else -1 for ref, d in docs.items()}
        ctx = self.slot_scores(scorer, slots, {g for g in of.values() if g >= 0})
        tables = [scorer.slot(s) for s in slots]
        n = len(slots)
        w = self.weight
        out = []
        for ref, score in found:
            d, g = docs[ref], of[ref]
            raw = smooth = matched = smatched = 0.0
            for art, grp in zip(tables, ctx, strict=True):
                a = art.get(d, 0.0) if d is not None else 0.0
                c = grp.get(g, 0.0)
                raw += a
                smooth += a + w * c
                matched += a > 0
                smatched += 1.0 if a > 0 else (w if c > 0 else 0.0)
            raw *= (matched / n) ** COORD
            smooth *= (smatched / n) ** COORD
            out.append((ref, score * smooth / raw if raw > 0 else score))
        out.sort(key=lambda t: -t[1])
        return out

    def covered(self, found: Ranked, scorer: TermScorer, slots: list[Slot]) -> Ranked:
        """score × (1 + WEIGHT × the share of the query's slots the group matches beyond the
        article's own)."""
        groups = self.groups(scorer)
        docs = {ref: scorer.docnum(ref) for ref, _s in found}
        of = {ref: groups.of_doc[d] if d is not None else -1 for ref, d in docs.items()}
        ctx = self.slot_scores(scorer, slots, {g for g in of.values() if g >= 0})
        n = len(slots)
        out = []
        for ref, score in found:
            share = sum(of[ref] in got for got in ctx) / n
            out.append((ref, score * (1 + self.weight * share)))
        out.sort(key=lambda t: -t[1])
        return out

    # -- re-ranking --------------------------------------------------------------------------
    def rerank(self, found: Ranked, scorer: TermScorer, slots: list[Slot]) -> Ranked:
        """Each article's score mixed with its group's, both normalised by the pool's best."""
        if len(found) < 2 or not slots or self.weight <= 0:
            return found
        if self.mode == "slot":
            return self.smoothed(found, scorer, slots)
        if self.mode == "cover":
            return self.covered(found, scorer, slots)
        groups = self.groups(scorer)
        of = {}
        for ref, _s in found:
            doc = scorer.docnum(ref)
            of[ref] = groups.of_doc[doc] if doc is not None else -1
        ctx = self.scores(scorer, slots, (g for g in of.values() if g >= 0))
        best_ctx = max(ctx.values(), default=0.0)
        best = max(s for _r, s in found)
        if best_ctx <= 0 or best <= 0:
            return found
        out = []
        for ref, score in found:
            c = ctx.get(of[ref], 0.0) / best_ctx
            if self.mode == "mult":
                new = score * (1 + self.weight * c)
            else:
                new = best * ((1 - self.weight) * score / best + self.weight * c)
            out.append((ref, new))
        out.sort(key=lambda t: -t[1])
        return out
