"""Matching free text against the violation catalogue's names (lawkb.violations uses this).

Names and queries are compared in one normal form (`normalize`). A name found whole wins over
the names inside it; then a name whose words stand apart or in another order is offered, a few
at most (its words are the legal-term dictionary's segmentation, shared with search).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple, Protocol

from lawkb.index.analysis import get_segmenter
from lawkb.paths import corpus_dir


class Violation(Protocol):
    """What the matcher reads of `lawkb.violations.Violation` (that module imports this one)."""

    @property
    def names(self) -> list[str]: ...


_SLASH_RE = re.compile(r"([^/、]+(?:/[^/、]+)+)")
_PAREN_RE = re.compile(r"[（(][^（）()]*[）)]")


# Words officers and the texts write two ways; both sides of a match use the short form.
_CANON = (
    ("没有排污许可证", "无排污许可证"),
    ("没有许可证", "无许可证"),
    ("没有资质", "无资质"),
    ("还没有", "未"),
    ("还没", "未"),
    ("没办", "未办"),
    ("没有", "未"),
    ("医疗废物", "医废"),
    ("危险废物", "危废"),
    ("固体废物", "固废"),
    ("噪音", "噪声"),
    ("防治污染设施", "治污设施"),
    ("污染防治设施", "治污设施"),
    ("环保设施", "治污设施"),
    ("在线监测", "自动监测"),
    ("在线监控", "自动监测"),
    ("环境影响评价", "环评"),
    ("排放污染物", "排污"),
)


_DROP_RE = re.compile(r"[\W_]+")  # spaces, punctuation, symbols (CJK characters are \w)
_CANON_RE = re.compile("|".join(re.escape(long) for long, _ in _CANON))
_CANON_MAP = dict(_CANON)


def normalize(text: str) -> str:
    """The form names and queries are compared in: half-width, lower case, no spaces or
    punctuation (拒绝、阻挠 -> 拒绝阻挠), one spelling of common pairs (危险废物 -> 危废)."""
    text = _DROP_RE.sub("", unicodedata.normalize("NFKC", text).lower())
    return _CANON_RE.sub(lambda m: _CANON_MAP[m.group()], text)


def variants(name: str) -> list[str]:
    """篡改/伪造监测数据 -> both; 未批先建（报告书） -> also 未批先建."""
    out = [name]
    bare = _PAREN_RE.sub("", name).strip()
    if bare and bare != name:
        out.append(bare)
    expanded: list[str] = []
    for term in out:
        m = _SLASH_RE.search(term) if "/" in term else None
        if m:
            head, tail = term[: m.start()], term[m.end() :]
            words = m.group(1).split("/")
            # the shared tail is in the last word: 篡改/伪造监测数据 -> 篡改 + 监测数据
            last = words[-1]
            stem = max((w for w in words[:-1]), key=len)
            shared = last[len(stem) :] if len(last) > len(stem) else ""
            for w in words[:-1]:
                expanded.append(head + w + shared + tail)
            expanded.append(head + last + tail)
        else:
            expanded.append(term)
    return [t for t in dict.fromkeys(expanded) if len(normalize(t)) >= 2]


def expand(aliases: Sequence[str]) -> list[str]:
    return [v for a in aliases for v in variants(a)]


class ViolationMatcher:
    """All names of a catalogue, indexed by first character for a fast scan of a query."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        by_term: dict[str, list[Violation]] = {}
        self._shown: dict[str, str] = {}  # normalized term -> the name as the catalogue writes it
        for v in violations:
            for term in v.names:
                key = normalize(term)
                self._shown.setdefault(key, term)
                bucket = by_term.setdefault(key, [])
                if not any(b is v for b in bucket):  # identity: model equality is deep
                    bucket.append(v)
        self._terms = by_term
        self._first: dict[str, list[str]] = {}
        for term in sorted(by_term, key=len, reverse=True):
            self._first.setdefault(term[0], []).append(term)
        self._gapped = _gapped_names(violations, self._shown)
        self._by_key: dict[str, list[_Gapped]] = {}  # each entry under its longest word
        self._word_first: dict[str, list[str]] = {}  # every word, by first character
        for g in self._gapped:
            self._by_key.setdefault(max(g.words, key=len), []).append(g)
        for word in sorted({w for g in self._gapped for w in g.words}, key=len, reverse=True):
            self._word_first.setdefault(word[0], []).append(word)

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Maximal matches: (start, end, term), a match inside a longer one dropped."""
        q = normalize(text)
        found: list[tuple[int, int, str]] = []
        for i, ch in enumerate(q):
            for term in self._first.get(ch, ()):
                if q.startswith(term, i):
                    found.append((i, i + len(term), term))
                    break  # terms are longest first: the rest are contained in this one
        return [
            s
            for s in found
            if not any(o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0] for o in found)
        ]

    def match(self, text: str) -> list[tuple[Violation, str]]:
        """Names found whole first; then, when words of a name stand apart or in another order
        (油烟净化器没装 for 未安装油烟净化设施 …), up to GAPPED_MAX of those, most words first."""
        out: list[tuple[Violation, str]] = []
        seen: set[str] = set()
        for _, _, term in self.spans(text):
            for v in self._terms[term]:
                if v.id not in seen:
                    seen.add(v.id)
                    out.append((v, self._shown[term]))
        q = normalize(text)
        negated = any(ch in q for ch in _NEGATION_CHARS)
        present = {
            w for i, ch in enumerate(q) for w in self._word_first.get(ch, ()) if q.startswith(w, i)
        }
        found = [
            g
            for key in present
            for g in self._by_key.get(key, ())
            if (negated or not g.negated)
            and all(w in present for w in g.words)
            and _near(q, g.words, _WINDOW)
        ]
        found.sort(key=lambda g: (-g.weight, g.violation.id, g.name))  # stable across runs
        apart = 0
        for g in found:
            if apart >= GAPPED_MAX:
                break
            if g.violation.id not in seen:
                seen.add(g.violation.id)
                out.append((g.violation, g.name))
                apart += 1
        return out


# -- names whose words stand apart in a query -------------------------------------------------

GAPPED_MAX = 3  # words found apart are weaker evidence than a whole name: offer a few at most
_WINDOW = 24  # the words of one name must all lie within this many characters
_NEGATION_CHARS = "未无不没拒"
_NEGATIONS = frozenset({"未", "无", "不", "没", "没有", "未经", "不按", "拒不"})
_FILLER = frozenset(
    {"按照", "规定", "依法", "进行", "有关", "或者", "以及", "违反", "国家", "其他"}
)


class _Gapped(NamedTuple):
    violation: Violation
    name: str
    words: tuple[str, ...]  # normalized content words of the name
    negated: bool  # the name says 未/无/不…: the query must say so too
    weight: int


def _gapped_names(violations: Sequence[Violation], shown: dict[str, str]) -> list[_Gapped]:
    """Each name of two or more content words (the legal-term dictionary's segmentation)."""

    seg = get_segmenter(corpus_dir() / "dictionary.txt")
    out: list[_Gapped] = []
    for v in violations:
        for name in v.names:
            words = [w for w, _, _ in seg.tokenize(name, search=False)]
            kept = {normalize(w) for w in words if len(w) >= 2 and w not in _NEGATIONS | _FILLER}
            # a word inside another (排污 in 排污许可证) would always be found with it
            content = tuple(w for w in kept if w and not any(w != o and w in o for o in kept))
            if len(content) >= 2:
                negated = any(w in _NEGATIONS for w in words)
                weight = sum(len(w) for w in content)
                out.append(_Gapped(v, shown.get(normalize(name), name), content, negated, weight))
    return out


def _near(q: str, words: tuple[str, ...], window: int) -> bool:
    """Every word occurs in q, all within one stretch of `window` characters."""
    first = q.find(words[0])
    if first < 0 or any(w not in q for w in words[1:]):
        return False
    while first >= 0:
        lo, hi = first - window, first + window
        if all(_occurs_between(q, w, lo, hi) for w in words[1:]):
            return True
        first = q.find(words[0], first + 1)
    return False


def _occurs_between(q: str, word: str, lo: int, hi: int) -> bool:
    i = q.find(word, max(lo, 0))
    return i >= 0 and i <= hi


_MATCHERS: dict[int, tuple[Sequence[Violation], ViolationMatcher]] = {}


def matcher_for(violations: Sequence[Violation]) -> ViolationMatcher:
    """One compiled matcher per catalogue list (kept while the list lives)."""
    cached = _MATCHERS.get(id(violations))
    if cached is None or cached[0] is not violations:
        if len(_MATCHERS) >= 8:  # callers keep one catalogue; do not hoard stale ones
            _MATCHERS.clear()
        cached = (violations, ViolationMatcher(violations))
        _MATCHERS[id(violations)] = cached
    return cached[1]
