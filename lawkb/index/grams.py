"""Character bigrams: a second, segmentation-free view of the article text.

Lay people and case facts cut the same things into other words than the law (污水处理厂 /
污水集中处理设施, a phrase typed without spaces, a piece of text quoted across word boundaries):
such texts still share character pairs. The `grams` field holds every pair of adjacent Han
characters of an article's text (Latin letters and digits as whole tokens); BM25 over it gives
very common pairs (中华, 人民) a low weight by itself. lawkb.search fuses this ranking with the word ranking (lawkb.search_fusion).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.analysis import Token, Tokenizer
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.fields import TEXT
from whoosh.system import pack_uint

GRAMS_FIELD = "grams"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PIECES = re.compile(rf"([{_HAN}]+)|([A-Za-z0-9]+(?:\.[0-9]+)?)")


def bigrams(text: str) -> list[str]:
    """Adjacent Han character pairs of each Han run (a lone character stands for itself),
    Latin letters and digits as whole lower-cased tokens; punctuation and spaces break runs."""
    out: list[str] = []
    for m in _PIECES.finditer(text):
        run = m.group(1)
        if run is None:
            out.append(m.group(0).lower())
        elif len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def runs_bigrams(runs: Iterable[str]) -> list[str]:
    """The bigrams of several runs of text, each once, in order of first appearance."""
    return list(dict.fromkeys(g for run in runs for g in bigrams(run) if len(g) > 1))


class BigramTokenizer(Tokenizer):
    """Module-level so that Whoosh can pickle it into the schema. No positions: the field is
    scored, never searched as a phrase."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BigramTokenizer)

    def __hash__(self) -> int:
        return hash("BigramTokenizer")

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, gram in enumerate(bigrams(value)):
            t.text = gram
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = gram
            if positions:
                t.pos = start_pos + pos
            yield t


class BigramField(TEXT):
    """A scored text field of bigrams, without positions. Indexing counts the bigrams itself
    and hands Whoosh (bigram, frequency) pairs: no Token object per bigram, which halves what
    the field adds to a build."""

    def __init__(self) -> None:
        super().__init__(analyzer=CompositeAnalyzer(BigramTokenizer()), phrase=False)

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        for gram, n in Counter(bigrams(value)).items():
            yield gram.encode("utf-8"), n, float(n), pack_uint(n)
