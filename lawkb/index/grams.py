"""Characters and character pairs: a second, segmentation-free view of the article text.

Lay people and case facts cut the same things into other words than the law (污水处理厂 /
污水集中处理设施, 赔 / 赔偿, a phrase typed without spaces, a piece of text quoted across word
boundaries): such texts still share characters and character pairs. The `grams` field holds
every Han character and every pair of adjacent Han characters of an article's text (Latin
letters and digits as whole tokens); BM25 over it gives very common characters and pairs (法,
中华) a low weight by itself. lawkb.search fuses this ranking with the word ranking
(lawkb.search_fusion).
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


def ngrams(text: str) -> list[str]:
    """Each Han run's adjacent character pairs, then its characters; Latin letters and digits
    as whole lower-cased tokens. Punctuation and spaces break runs."""
    out: list[str] = []
    for m in _PIECES.finditer(text):
        run = m.group(1)
        if run is None:
            out.append(m.group(0).lower())
            continue
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
        out.extend(run)
    return out


def runs_ngrams(runs: Iterable[str]) -> list[str]:
    """The n-grams of several runs of text, each once, in order of first appearance."""
    return list(dict.fromkeys(g for run in runs for g in ngrams(run)))


class NgramTokenizer(Tokenizer):
    """Module-level so that Whoosh can pickle it into the schema. Used only where Whoosh
    analyses the field itself (NgramField.index counts n-grams directly)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NgramTokenizer)

    def __hash__(self) -> int:
        return hash("NgramTokenizer")

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
        for pos, gram in enumerate(ngrams(value)):
            t.text = gram
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = gram
            if positions:
                t.pos = start_pos + pos
            yield t


class NgramField(TEXT):
    """A scored text field of n-grams, without positions. Indexing counts the n-grams itself
    and hands Whoosh (n-gram, frequency) pairs: no Token object per n-gram."""

    def __init__(self) -> None:
        super().__init__(analyzer=CompositeAnalyzer(NgramTokenizer()), phrase=False)

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        for gram, n in Counter(ngrams(value)).items():
            yield gram.encode("utf-8"), n, float(n), pack_uint(n)
