"""Context smoothing from the law's structure (cluster-based retrieval, Liu & Croft 2004).

An article is short, and a lay question shares few words with it; the section it sits in
(管辖, 听证程序, 噪声污染防治 …) shares more. The articles under one deepest heading form a
pseudo-document: its words are its articles' body words and its heading's, with BM25 statistics
of its own (the share of groups holding a word, a group's length against the average group).
Each article of a ranking's pool is then lifted by its group's score for the same query:
score × (1 + WEIGHT × group score / the best group score in the pool). An article under no
heading belongs to its law's group.

The groups' statistics come from the index itself (body postings summed per group; heading words
through the index's own analyzer), so nothing is segmented twice and nothing is stored: the
group map is built once per open index and collection generation, a word's group table once per
word. On the tuning halves the deepest heading beat the chapter and the whole law, and a
multiplicative lift beat a linear mix and word-level smoothing (bench/README.md).
"""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lawkb.index.scorer import Slot, TermScorer, postings_of

if TYPE_CHECKING:
    from lawkb.store import Collection

LEVEL = "section"  # the group an article is smoothed with: "section", "chapter" or "law"
WEIGHT = 0.2  # score × (1 + WEIGHT × group score / best group score in the pool)
COORD = 1.0  # group score × (share of the query's slots the group matches) ** COORD
K1 = 1.2
B = 0.75
CACHE_WORDS = 4096

Ranked = list[tuple[str, float]]


@dataclass
class Groups:
    """One open index's groups: docnum → group, each group's length and heading words."""

    of_doc: list[int]  # -1: a document the collection does not list
    lengths: list[float]
    avg: float
    heads: list[dict[str, int]]  # heading word → count, per group

    @property
    def count(self) -> int:
        return len(self.lengths)


def group_key(law: str, path: list[str], level: str = LEVEL) -> tuple[str, ...]:
    """The heading an article is smoothed under: its deepest heading (section), its heading
    down to the 章 (chapter), or its whole law; an article under no heading belongs to its law."""
    if level == "law" or not path:
        return (law,)
    if level == "chapter":
        for i, head in enumerate(path):
            if "章" in head.split(" ", 1)[0]:
                return (law, *path[: i + 1])
    return (law, *path)


class ContextSmoother:
    """Lifts the articles of a ranking's pool by the BM25 score of their group."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self.level, self.weight = LEVEL, WEIGHT
        self._for: tuple[TermScorer | None, str] = (None, "")
        self._groups: Groups | None = None
        self._words: OrderedDict[str, dict[int, float]] = OrderedDict()

    # -- groups as pseudo-documents ----------------------------------------------------------
    def groups(self, scorer: TermScorer) -> Groups:
        """Built once per open index (its docnums) and collection generation (its headings)."""
        generation = self.collection.generation()
        if self._groups is None or self._for[0] is not scorer or self._for[1] != generation:
            self._groups = self._build(scorer)
            self._for = (scorer, generation)
            self._words.clear()
        return self._groups

    def _build(self, scorer: TermScorer) -> Groups:
        rows = self.collection.db.execute("SELECT ref, law, path FROM articles")
        keys: dict[tuple[str, str], tuple[str, ...]] = {}  # a few hundred distinct headings
        where: dict[str, tuple[str, ...]] = {}
        for ref, law, path in rows:
            key = keys.get((law, path))
            if key is None:
                key = keys[law, path] = group_key(law, json.loads(path or "[]"), self.level)
            where[ref] = key
        ids: dict[tuple[str, ...], int] = {}
        of_doc = [-1] * len(scorer.docs)
        for doc, (ref, _category) in enumerate(scorer.docs):
            if ref in where:
                of_doc[doc] = ids.setdefault(where[ref], len(ids))
        lengths = [0.0] * len(ids)
        body = scorer.lengths("body")
        for doc, g in enumerate(of_doc):
            if g >= 0:
                lengths[g] += body[doc]
        analyzer = scorer.searcher.schema["path"].analyzer
        heads: list[dict[str, int]] = [{} for _ in ids]
        words: dict[str, list[str]] = {}  # a heading shared by groups is segmented once
        for key, g in ids.items():
            for head in key[1:]:
                if head not in words:
                    words[head] = [t.text for t in analyzer(head)]
                for w in words[head]:
                    heads[g][w] = heads[g].get(w, 0) + 1
            lengths[g] += sum(heads[g].values())
        avg = sum(lengths) / len(lengths) if lengths else 1.0
        return Groups(of_doc, lengths, avg or 1.0, heads)

    def word(self, scorer: TermScorer, word: str) -> dict[int, float]:
        """group → BM25 score of one word, the groups as documents (cached per word)."""
        return self._word(scorer, self.groups(scorer), word)  # a new index clears the tables

    def _word(self, scorer: TermScorer, groups: Groups, word: str) -> dict[int, float]:
        cached = self._words.get(word)
        if cached is not None:
            self._words.move_to_end(word)
            return cached
        tf: dict[int, float] = {}
        if scorer.reader.doc_frequency("body", word):
            for doc, weight in postings_of(scorer.reader.postings("body", word)):
                g = groups.of_doc[doc]
                if g >= 0:
                    tf[g] = tf.get(g, 0.0) + weight
        for g, head in enumerate(groups.heads):
            if word in head:
                tf[g] = tf.get(g, 0.0) + head[word]
        idf = math.log(groups.count / (len(tf) + 1)) + 1.0  # Whoosh's BM25 idf
        norm, base = K1 * B / groups.avg, K1 * (1 - B)
        out = {g: idf * t * (K1 + 1) / (t + base + norm * groups.lengths[g]) for g, t in tf.items()}
        self._words[word] = out
        if len(self._words) > CACHE_WORDS:
            self._words.popitem(last=False)
        return out

    def scores(self, scorer: TermScorer, slots: list[Slot], wanted: Iterable[int]) -> dict:
        """group → the query's score on it (slots summed as for articles, alternatives adding
        up, times the share of slots matched, both by the slots' weights), for the groups
        wanted."""
        groups = self.groups(scorer)
        wanted = set(wanted)
        total = dict.fromkeys(wanted, 0.0)
        matched = dict.fromkeys(wanted, 0.0)
        for slot in slots:
            got: dict[int, float] = {}
            for alt in slot.alternatives:
                tables = [self._word(scorer, groups, w) for w in alt.words]
                if not tables:
                    continue
                first, rest = tables[0], tables[1:]
                for g in wanted:
                    v = first.get(g)
                    if v is None:
                        continue
                    for t in rest:
                        v = v + t[g] if g in t else None
                        if v is None:
                            break
                    if v is not None:
                        got[g] = got.get(g, 0.0) + alt.boost * v
            for g, v in got.items():
                total[g] += v * slot.weight
                matched[g] += slot.weight
        n = sum(slot.weight for slot in slots) or 1.0
        return {g: v * (matched[g] / n) ** COORD for g, v in total.items()}

    # -- re-ranking --------------------------------------------------------------------------
    def rerank(self, found: Ranked, scorer: TermScorer, slots: list[Slot]) -> Ranked:
        """score × (1 + WEIGHT × group score / best group score of the pool), best first."""
        if len(found) < 2 or not slots or self.weight <= 0:
            return found
        groups = self.groups(scorer)
        of: dict[str, int] = {}
        for ref, _score in found:
            doc = scorer.docnum(ref)
            of[ref] = groups.of_doc[doc] if doc is not None else -1
        ctx = self.scores(scorer, slots, (g for g in of.values() if g >= 0))
        best = max(ctx.values(), default=0.0)
        if best <= 0:
            return found
        lifted = [(ref, s * (1 + self.weight * ctx.get(of[ref], 0.0) / best)) for ref, s in found]
        lifted.sort(key=lambda t: -t[1])
        return lifted
