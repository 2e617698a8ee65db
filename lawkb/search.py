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
from lawkb.index.scorer import Alternative, Slot, TermScorer
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
SYNONYM_WEIGHT = 0.8
NAMED_LAW_LIFT = 1.5
# "what is the penalty for …": the answer is usually in a 法律责任 chapter
PENALTY_INTENT = re.compile(
    r"怎么罚|怎么处罚|如何处罚|罚多少|罚款多少|会被罚|受.{0,3}处罚|处罚|什么责任|后果"
)
LIABILITY_LIFT = 1.3
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
        opts = {"limit": limit, "category": category, "law": law_title}
        ranked = _ranked(kb, parsed, terms, include_all=include_all, **opts)
        for article, score, matched in ranked:
            s = summaries[article.law]
            if s.title + article.label in seen:
                continue
            hits.append(_hit(article, s, score, matched))
        if not include_all and not parsed.refs and law_title is None and category is None:
            best_any = _ranked(kb, parsed, terms, include_all=True, **opts | {"limit": 1})
            _offer_successor_of_repealed(kb, hits, best_any, summaries)
    hits = hits[:limit]
    _offer_successors(kb, hits)
    return hits


def _offer_successor_of_repealed(
    kb: KnowledgeBase,
    hits: list[Hit],
    best_any: list[tuple[Article, float, list[str]]],
    summaries: dict[str, LawSummary],
) -> None:
    """In current-law mode, when the best match overall is a repealed article (an officer
    typed the old law's words), put the Code article that carries its rule first."""
    if not best_any:
        return
    old, old_score, words = best_any[0]
    if summaries[old.law].status != Status.REPEALED:
        return
    if hits and hits[0].score >= old_score:
        return
    try:
        items = kb.successors(old.ref)
    except NotFound:
        return
    for item in reversed(items[:2]):
        article = kb.collection.article_by_ref(item.ref)
        hit = _hit(article, summaries[article.law], old_score, words)
        hit.successor_of = old.ref
        hits[:] = [hit, *(h for h in hits if (h.law, h.article) != (hit.law, hit.article))]


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


def _alternative(
    scorer: TermScorer, word: str, kb: KnowledgeBase, boost: float
) -> Alternative | None:
    """A word, or, when the index lacks it, its sub-words (all of them must occur)."""
    if scorer.known(word):
        return Alternative([word], boost)
    seg = get_segmenter(kb.index.dictionary)
    subs = [w for w, _s, _e in seg.tokenize(word, True) if is_word(w) and len(w) > 1 and w != word]
    subs = [w for w in subs if scorer.known(w)]
    return Alternative(subs, boost) if subs else None


def _slot(scorer: TermScorer, word: str, kb: KnowledgeBase) -> Slot | None:
    """A query word, or any of the legal words that corpus/synonyms.tsv gives for it."""
    alternatives = [_alternative(scorer, word, kb, 1.0)]
    seg = get_segmenter(kb.index.dictionary)
    for exp in synonyms(kb.corpus).get(word, []):
        for w, _s, _e in seg.tokenize(exp, False):
            if is_word(w) and w != word:
                alternatives.append(_alternative(scorer, w, kb, SYNONYM_WEIGHT))
    found = [a for a in alternatives if a is not None]
    return Slot(found) if found else None


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
    scorer = kb.index.term_scorer()
    slots = [s for s in (_slot(scorer, t, kb) for t in terms) if s is not None]
    matched = list(terms)
    filters: list[Q.Query] = []
    if not include_all:
        filters.append(Q.Term("status", Status.CURRENT.value))
    if category:
        filters.append(Q.Term("category", category))
    if law:
        filters.append(Q.Term("law", law))
    for phrase in parsed.phrases:
        words = [w for w, _s, _e in get_segmenter(kb.index.dictionary).tokenize(phrase, False)]
        words = [w for w in words if is_word(w)]
        if not words:
            continue
        if len(words) > 1:
            filters.append(Q.Phrase("body", words))  # phrases must match, as phrases
        slots.append(Slot([Alternative(words)]))
        matched.append(phrase)
    if not slots:
        return []
    allowed = _filter_docnums(kb, searcher, filters) if filters else None
    found = _prior(kb, scorer, scorer.rank(slots, allowed=allowed, require_all=True), parsed)
    if len(found) < min(limit, MIN_AND_HITS) and len(slots) > 1 and not parsed.phrases:
        # too little with every word: rank by how many words match (coordination), then BM25F
        have = {ref for ref, _ in found}
        loose = _prior(kb, scorer, scorer.rank(slots, allowed=allowed, require_all=False), parsed)
        found += [(ref, score) for ref, score in loose if ref not in have]
    top = found[:limit]
    articles = kb.collection.articles_by_refs([ref for ref, _ in top])
    return [(articles[ref], score, matched) for ref, score in top if ref in articles]


def _filter_docnums(kb: KnowledgeBase, searcher, filters: list[Q.Query]) -> set[int]:
    """The filter as a set of document numbers, cached per open searcher."""
    cache = kb.index.filter_cache()
    key = tuple(sorted(repr(f) for f in filters))
    if key not in cache:
        cache[key] = set(searcher.docs_for_query(Q.And(filters)))
    return cache[key]


def _prior(
    kb: KnowledgeBase, scorer: TermScorer, ranked: list[tuple[int, float]], parsed: ParsedQuery
) -> list[tuple[str, float]]:
    """BM25F times a prior by rank of source (officers need the statute before the rule), and
    a lift for a law the query names."""
    info = scorer.docs
    penalty = bool(PENALTY_INTENT.search(parsed.text))
    liability = _liability_refs(kb) if penalty else frozenset()
    out = []
    for doc, score in ranked[: RERANK_POOL * 4]:
        ref, category = info[doc]
        factor = CATEGORY_PRIOR.get(category, 1.0)
        if parsed.laws and ref.split("#", 1)[0] in parsed.laws:
            factor *= NAMED_LAW_LIFT
        if penalty and ref in liability:
            factor *= LIABILITY_LIFT
        out.append((ref, score * factor))
    out.sort(key=lambda t: -t[1])
    return out


_liability: dict[str, frozenset[str]] = {}


def _liability_refs(kb: KnowledgeBase) -> frozenset[str]:
    """Articles in 法律责任 / 罚则 chapters, per collection generation."""
    key = f"{kb.collection.path}:{kb.collection.generation()}"
    if key not in _liability:
        rows = kb.collection.db.execute(
            "SELECT ref FROM articles WHERE path LIKE '%法律责任%' OR path LIKE '%罚则%'"
        )
        _liability[key] = frozenset(r[0] for r in rows)
    return _liability[key]


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
    flat = text.replace("\n", "")  # Chinese needs no space between paragraphs
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
    for h in hits:
        if h.status == Status.REPEALED and h.kind == "article":
            with contextlib.suppress(NotFound):
                h.successors = [s.ref for s in kb.successors(f"{h.law}#{h.number}{h.suffix}")]
