"""Chinese analysis for Whoosh: a tokenizer over jieba (or rjieba, which segments identically).

Why not jieba.analyse.ChineseAnalyzer: it records character offsets as token positions, so
phrase queries never match, and it analyses queries in search mode, adding junk terms.

Here positions count accurate-mode words. In index mode the sub-words that search mode adds
(污染物 -> 污染, 污染物) share the position of the word they come from, so a phrase query
written in accurate-mode words matches. Queries are segmented in accurate mode.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import re
import threading
from abc import ABC, abstractmethod
from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from whoosh.analysis import Token, Tokenizer
from whoosh.analysis.analyzers import CompositeAnalyzer

ANALYZER_VERSION = "4"  # bump when tokenisation changes: the index fingerprint follows it

_WORDLIKE = re.compile(r"[\w\u3400-\u9fff]", re.UNICODE)

# Function words that carry no meaning for retrieval. The legal modal verbs (应当, 可以, 不得)
# are kept: they matter in the text, and queries drop them in lawkb.search instead.
STOP_WORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "或者",
        "以及",
        "等",
        "其",
        "之",
        "在",
        "对",
        "由",
        "为",
        "是",
        "将",
        "把",
        "被",
        "从",
        "向",
        "于",
        "并",
        "而",
        "也",
        "所",
        "个",
        "这",
        "那",
    ]
)


class Segmenter(Protocol):
    def tokenize(self, text: str, search: bool) -> list[tuple[str, int, int]]: ...

    def has_word(self, word: str) -> bool: ...

    def inner(self, word: str) -> list[tuple[str, int]]: ...


# Han runs go to the segmenter; Latin letters and digits (GB5085.1-7, 2.5) are split here, the
# same way for both backends (jieba and rjieba group mixed runs differently).
_RUNS = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)|([A-Za-z0-9]+(?:\.[0-9]+)?)|(\S)")


class _Segmenter(ABC):
    _inner: dict[str, list[tuple[str, int]]]

    @abstractmethod
    def has_word(self, word: str) -> bool: ...

    def inner(self, word: str) -> list[tuple[str, int]]:
        """Dictionary words strictly inside a word, longest first, with their offsets (cached:
        the same words recur throughout a corpus)."""
        cache = self.__dict__.setdefault("_inner", {})
        found = cache.get(word)
        if found is None:
            n = len(word)
            found = [
                (word[i : i + size], i)
                for size in range(n - 1, 1, -1)
                for i in range(n - size + 1)
                if self.has_word(word[i : i + size])
            ]
            cache[word] = found
        return found

    @abstractmethod
    def _cut(self, text: str, search: bool) -> list[tuple[str, int, int]]:
        """Segment one run of Han characters: (word, start, end) offsets into it."""

    def tokenize(self, text: str, search: bool) -> list[tuple[str, int, int]]:
        out: list[tuple[str, int, int]] = []
        for m in _RUNS.finditer(text):
            if m.group(1):
                base = m.start()
                out.extend((w, s + base, e + base) for w, s, e in self._cut(m.group(1), search))
            else:
                out.append((m.group(0), m.start(), m.end()))
        return out


class _JiebaSegmenter(_Segmenter):
    name = "jieba"

    def __init__(self, words: list[tuple[str, int]]) -> None:
        import jieba  # why: +180 ms on lawkb search, the fallback backend (rjieba is used)

        jieba.setLogLevel(logging.CRITICAL)
        logging.getLogger("jieba").setLevel(logging.CRITICAL)
        self._t = jieba.Tokenizer()
        self._t.initialize()
        for word, freq in words:
            self._t.add_word(word, freq)

    def _cut(self, text: str, search: bool) -> list[tuple[str, int, int]]:
        return list(self._t.tokenize(text, mode="search" if search else "default"))

    def has_word(self, word: str) -> bool:
        return self._t.FREQ.get(word, 0) > 0


_RJIEBA_DEFAULT_TAKEN = False


class _RJiebaSegmenter(_Segmenter):
    name = "rjieba"

    def __init__(self, words: list[tuple[str, int]]) -> None:
        import rjieba  # why: +250 ms (its dictionary) on every lawkb command, search or not

        # importing rjieba already loaded its dictionary into a module-level instance (about
        # 0.25 s, half of a cold search): the first segmenter takes that one over, nothing else
        # in lawkb segments through rjieba's module functions
        global _RJIEBA_DEFAULT_TAKEN
        default = getattr(rjieba, "_DEFAULT_JIEBA", None)
        if default is not None and not _RJIEBA_DEFAULT_TAKEN:
            self._t, _RJIEBA_DEFAULT_TAKEN = default, True
        else:
            self._t = rjieba.Jieba()
        for word, freq in words:
            self._t.add_word(word, freq, None)

    def _cut(self, text: str, search: bool) -> list[tuple[str, int, int]]:
        return self._t.tokenize(text, "search" if search else "default")

    def has_word(self, word: str) -> bool:
        return self._t.has_word(word)


def read_dictionary(path: Path) -> list[tuple[str, int]]:
    """The legal-term user dictionary: `word freq [tag]` per line, # comments."""
    words: list[tuple[str, int]] = []
    if not path.is_file():
        return words
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        try:
            words.append((parts[0], int(parts[1]) if len(parts) > 1 else 2000))
        except ValueError as exc:
            raise ValueError(f"{path}:{lineno}: expected 'word freq', got {raw!r}") from exc
    return words


_lock = threading.Lock()
_segmenters: dict[tuple[str, str], Segmenter] = {}


def backend_name() -> str:
    """rjieba when installed (a test shows it segments as jieba does); LAWKB_SEGMENTER overrides."""
    wanted = os.environ.get("LAWKB_SEGMENTER", "")
    if wanted in ("jieba", "rjieba"):
        return wanted
    return "rjieba" if importlib.util.find_spec("rjieba") is not None else "jieba"


def get_segmenter(dictionary: Path, backend: str | None = None) -> Segmenter:
    """One segmenter per process and dictionary, loaded on first use."""
    backend = backend or backend_name()
    key = (backend, str(dictionary))
    with _lock:
        seg = _segmenters.get(key)
        if seg is None:
            words = read_dictionary(dictionary)
            seg = _RJiebaSegmenter(words) if backend == "rjieba" else _JiebaSegmenter(words)
            _segmenters[key] = seg
    return seg


def index_tokens(
    seg: Segmenter, accurate: list[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """Accurate-mode words plus every dictionary word inside them (生态环境保护 -> 生态环境,
    环境保护, 生态, 环境, 保护). jieba's search mode adds only 2- and 3-character sub-words, so a
    query for 环境保护 would miss an article that says 生态环境保护."""
    out: list[tuple[str, int, int]] = []
    for word, start, end in accurate:
        if len(word) > 2:
            out.extend((sub, start + i, start + i + len(sub)) for sub, i in seg.inner(word))
        out.append((word, start, end))
    return out


def dictionary_fingerprint(dictionary: Path) -> str:
    data = dictionary.read_bytes() if dictionary.is_file() else b""
    h = hashlib.sha256(data)
    h.update(ANALYZER_VERSION.encode())
    return h.hexdigest()[:16]


def is_word(token: str) -> bool:
    return bool(_WORDLIKE.search(token))


def words(text: str, dictionary: Path, search: bool = False) -> list[str]:
    """Accurate-mode (or search-mode) words of a text, punctuation and spaces dropped."""
    seg = get_segmenter(dictionary)
    return [w for w, _s, _e in seg.tokenize(text, search) if is_word(w)]


class JiebaTokenizer(Tokenizer):
    """Module-level so that Whoosh can pickle it into the schema; the segmenter is not pickled."""

    def __init__(self, dictionary: str = "") -> None:
        self.dictionary = dictionary

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JiebaTokenizer) and other.dictionary == self.dictionary

    def __hash__(self) -> int:
        return hash(("JiebaTokenizer", self.dictionary))

    def __getstate__(self) -> dict[str, Any]:
        return {"dictionary": self.dictionary}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.dictionary = state.get("dictionary", "")

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
        for word, pos, start, end in self._tokens(value, mode == "index"):
            # lower-cased and stop words marked here rather than by two more Whoosh filters
            # (a generator layer each, over every token of a 25,000-article build)
            stopped = word in STOP_WORDS
            if stopped and removestops:
                continue
            t.text = word
            t.boost = 1.0
            t.stopped = stopped
            if keeporiginal:
                t.original = word
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t

    def _tokens(self, value: str, index: bool) -> list[tuple[str, int, int, int]]:
        """(word, ordinal of the accurate-mode word it lies in, start, end). Short values (law
        titles, chapter paths) repeat on every article of a law: they are segmented once."""
        key = (self.dictionary, value, index)
        cached = _SHORT_VALUES.get(key) if len(value) <= SHORT_VALUE else None
        if cached is not None:
            return cached
        seg = get_segmenter(Path(self.dictionary))
        accurate = seg.tokenize(value, False)
        # index the sub-words too; queries stay in accurate mode
        tokens = index_tokens(seg, accurate) if index else accurate
        starts = [s for _w, s, _e in accurate]
        out = [
            (word.lower(), bisect_right(starts, start) - 1, start, end)
            for word, start, end in tokens
            if is_word(word)
        ]
        if len(value) <= SHORT_VALUE:
            if len(_SHORT_VALUES) > 50_000:
                _SHORT_VALUES.clear()
            _SHORT_VALUES[key] = out
        return out


SHORT_VALUE = 160
_SHORT_VALUES: dict[tuple[str, str, bool], list[tuple[str, int, int, int]]] = {}


def chinese_analyzer(dictionary: Path):  # -> whoosh Analyzer
    """The tokenizer alone: it lower-cases and drops stop words itself (positions are not
    renumbered, as StopFilter(renumber=False) did)."""
    return CompositeAnalyzer(JiebaTokenizer(str(dictionary)))
