"""Search: article references first, then ranked full text (BM25F) with highlighted snippets.

All query words must match by default; when that finds too little, the search falls back to
any-word matching, ranked so that articles matching more of the words come first.
"""

from __future__ import annotations

import contextlib
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import query as Q

from lawkb.errors import NotFound
from lawkb.index.analysis import STOP_WORDS, get_segmenter, is_word
from lawkb.index.schema import FIELD_BOOSTS
from lawkb.models import Article, Hit, Status
from lawkb.query import ParsedQuery, parse_query

if TYPE_CHECKING:
    from lawkb.kb import KnowledgeBase
    from lawkb.store import LawSummary

# Words that make a question a question, not a topic: dropped from queries only.
QUERY_STOP_WORDS = STOP_WORDS | frozenset(
    [
        "怎么办",
        "怎么",
        "怎样",
        "如何",
        "什么",
        "哪些",
        "哪个",
        "多少",
        "多久",
        "几",
        "吗",
        "呢",
        "吧",
        "啊",
        "么",
        "是否",
        "能否",
        "能不能",
        "可不可以",
        "可以",
        "会",
        "要",
        "需要",
        "应该",
        "有",
        "没有",
        "有没有",
        "谁",
        "哪里",
        "哪",
        "还",
        "就",
        "都",
        "后",
        "时",
        "时候",
        "我",
        "我们",
        "你",
        "他",
        "她",
        "它",
        "公司",
        "企业",
        "单位",
        "情况",
        "问题",
        "规定",
        "法律",
        "条文",
        "条款",
        "请问",
        "一下",
        "一个",
        "这个",
        "那个",
        "给",
        "让",
        "里",
        "中",
        "上",
        "下",
    ]
)
MIN_AND_HITS = 5
RERANK_POOL = 40
CATEGORY_PRIOR = {
    "法律": 1.0,
    "行政法规": 0.92,
    "部门规章": 0.85,
    "规范性文件": 0.75,
    "裁量基准": 0.8,
}
SNIPPET_CHARS = 90


def search(
    kb: KnowledgeBase,
    query: str,
    *,
    limit: int = 20,
    include_all: bool = False,
    category: str | None = None,
    law: str | None = None,
) -> list[Hit]:
    collection = kb.collection
    law_title = kb.resolve_law(law) if law else None
    parsed = parse_query(query, collection.aliases(), law_filter=law_title)
    summaries = {s.title: s for s in collection.laws(include_all=True)}

    hits: list[Hit] = []
    for ref in parsed.refs:
        try:
            article = collection.article_by_ref(ref.ref)
        except NotFound:
            continue
        hit = _hit(article, summaries[article.law], 1e6 - len(hits), [], exact=True)
        hits.append(hit)

    terms = _terms(kb, parsed)
    if terms or parsed.phrases:
        kb.ensure_index()
        seen = {h.law + h.article for h in hits}
        for article, score, matched in _ranked(
            kb,
            parsed,
            terms,
            limit=limit,
            include_all=include_all,
            category=category,
            law=law_title,
        ):
            s = summaries[article.law]
            if s.title + article.label in seen:
                continue
            hits.append(_hit(article, s, score, matched))
    hits = hits[:limit]
    _offer_successors(kb, hits)
    return hits


# -- full text --------------------------------------------------------------------------------
def _terms(kb: KnowledgeBase, parsed: ParsedQuery) -> list[str]:
    if not parsed.text:
        return []
    seg = get_segmenter(kb.index.dictionary)
    out: list[str] = []
    for word, _s, _e in seg.tokenize(parsed.text, False):
        w = word.lower()
        if is_word(w) and w not in QUERY_STOP_WORDS and w not in out:
            out.append(w)
    return out


def _word_query(searcher, word: str, kb: KnowledgeBase, boost: float = 1.0) -> Q.Query | None:
    """One word over the text fields; a word the index lacks falls back to its sub-words."""
    if searcher.doc_frequency("body", word) or searcher.doc_frequency("path", word):
        return Q.Or([Q.Term(f, word, boost=b * boost) for f, b in FIELD_BOOSTS.items()])
    seg = get_segmenter(kb.index.dictionary)
    subs = [w for w, _s, _e in seg.tokenize(word, True) if is_word(w) and len(w) > 1 and w != word]
    subs = [w for w in subs if searcher.doc_frequency("body", w)]
    if not subs:
        return None
    parts = [Q.Or([Q.Term(f, w, boost=b * boost) for f, b in FIELD_BOOSTS.items()]) for w in subs]
    return Q.And(parts)


def _term_query(searcher, word: str, kb: KnowledgeBase) -> Q.Query | None:
    """A query word, or any of the legal words that corpus/synonyms.tsv gives for it."""
    alternatives = [_word_query(searcher, word, kb)]
    for exp in synonyms(kb.corpus).get(word, []):
        for w in [w for w, _s, _e in get_segmenter(kb.index.dictionary).tokenize(exp, False)]:
            if is_word(w) and w != word:
                alternatives.append(_word_query(searcher, w, kb, boost=0.8))
    found = [q for q in alternatives if q is not None]
    if not found:
        return None
    return found[0] if len(found) == 1 else Q.Or(found)


@lru_cache(maxsize=4)
def synonyms(corpus: Path) -> dict[str, list[str]]:
    path = corpus / "synonyms.tsv"
    out: dict[str, list[str]] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#") and "\t" in line:
                word, exps = line.split("\t", 1)
                out[word.strip()] = [e.strip() for e in exps.split("|") if e.strip()]
    return out


def _ranked(
    kb: KnowledgeBase,
    parsed: ParsedQuery,
    terms: list[str],
    *,
    limit: int,
    include_all: bool,
    category: str | None,
    law: str | None,
) -> list[tuple[Article, float, list[str]]]:
    searcher = kb.index.searcher()
    parts = [q for q in (_term_query(searcher, t, kb) for t in terms) if q is not None]
    matched = list(terms)
    for phrase in parsed.phrases:
        words = [w for w, _s, _e in get_segmenter(kb.index.dictionary).tokenize(phrase, False)]
        words = [w for w in words if is_word(w)]
        if words:
            parts.append(Q.Phrase("body", words) if len(words) > 1 else Q.Term("body", words[0]))
            matched.append(phrase)
    if not parts:
        return []
    filters: list[Q.Query] = []
    if not include_all:
        filters.append(Q.Term("status", Status.CURRENT.value))
    if category:
        filters.append(Q.Term("category", category))
    if law:
        filters.append(Q.Term("law", law))
    flt = _filter_docnums(kb, searcher, filters) if filters else None
    boost_laws = [Q.Term("law", t, boost=2.0) for t in parsed.laws if t != law]

    def run(q: Q.Query, n: int):
        if boost_laws:
            q = Q.AndMaybe(q, Q.Or(boost_laws))
        return searcher.search(q, limit=n, filter=flt)

    pool = max(limit * 2, RERANK_POOL)
    found = _reranked(run(Q.And(parts), pool))
    phrase_required = bool(parsed.phrases)
    if len(found) < min(limit, MIN_AND_HITS) and len(parts) > 1 and not phrase_required:
        # too little with every word: rank by how many words match (coordination), then BM25
        have = {ref for ref, _ in found}
        loose = _reranked(run(Q.Or(parts, scale=0.9), pool + len(found)))
        found += [(ref, score) for ref, score in loose if ref not in have]
    articles = kb.collection.articles_by_refs([ref for ref, _ in found[:limit]])
    return [(articles[ref], score, matched) for ref, score in found[:limit] if ref in articles]


def _filter_docnums(kb: KnowledgeBase, searcher, filters: list[Q.Query]) -> set[int]:
    """The filter as a set of document numbers, cached per open searcher (whoosh would
    rebuild it on every search)."""
    cache = kb.index.filter_cache(searcher)
    key = tuple(sorted(repr(f) for f in filters))
    if key not in cache:
        cache[key] = set(searcher.docs_for_query(Q.And(filters)))
    return cache[key]


def _reranked(results) -> list[tuple[str, float]]:
    """BM25F times a prior by rank of source: officers need the statute before the rule."""
    scored = [(r["ref"], r.score * CATEGORY_PRIOR.get(r["category"], 1.0)) for r in results]
    return sorted(scored, key=lambda t: -t[1])


# -- hits and snippets --------------------------------------------------------------------------
def _hit(
    article: Article, law: LawSummary, score: float, words: list[str], exact: bool = False
) -> Hit:
    text = article.text
    snippet, spans = make_snippet(text, words)
    return Hit(
        law=law.title,
        short_title=law.short_title,
        article=article.label,
        number=article.number,
        suffix=article.suffix,
        kind=article.kind,
        status=law.status,
        category=law.category,
        path=article.path,
        score=round(float(score), 4),
        text=text,
        snippet=snippet,
        highlights=spans,
        exact=exact,
    )


def find_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping spans of the words in the text, longest words first."""
    taken = [False] * len(text)
    spans: list[tuple[int, int]] = []
    for w in sorted({w for w in words if w}, key=len, reverse=True):
        for m in re.finditer(re.escape(w), text, flags=re.IGNORECASE):
            s, e = m.span()
            if not any(taken[s:e]):
                spans.append((s, e))
                for i in range(s, e):
                    taken[i] = True
    return sorted(spans)


def make_snippet(
    text: str, words: list[str], width: int = SNIPPET_CHARS
) -> tuple[str, list[tuple[int, int]]]:
    """The window of the text with the most matched characters, on one line."""
    flat = text.replace("\n", " ")
    spans = find_spans(flat, words)
    if len(flat) <= width:
        return flat, spans
    best, best_start = -1, 0
    for s, _e in spans or [(0, 0)]:
        start = max(0, min(s - 12, len(flat) - width))
        covered = sum(
            min(e2, start + width) - max(s2, start)
            for s2, e2 in spans
            if s2 < start + width and e2 > start
        )
        if covered > best:
            best, best_start = covered, start
    end = best_start + width
    prefix = "…" if best_start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    window = flat[best_start:end]
    shift = len(prefix) - best_start
    inside = [(s + shift, e + shift) for s, e in spans if s >= best_start and e <= end]
    return prefix + window + suffix, inside


def _offer_successors(kb: KnowledgeBase, hits: list[Hit]) -> None:
    """A repealed article carries the Code articles that took over its rule."""
    successors = getattr(kb, "successors", None)
    if successors is None:
        return
    for h in hits:
        if h.status == Status.REPEALED and h.kind == "article":
            with contextlib.suppress(NotFound):
                h.successors = [
                    f"{s.law}#{s.number}{s.suffix}"
                    for s in successors(f"{h.law}#{h.number}{h.suffix}")
                ]
