"""Finding the violation a few words describe: rows of the standards and of the statutory
table, scored by shared character pairs (bigrams), keywords and article numbers; and the rule
that decides whether one candidate stands out or the officer must choose."""

from __future__ import annotations

import re

from lawkb.discretion.refs import parse_ref
from lawkb.discretion.results import Candidate, Match
from lawkb.discretion.standard import Standard
from lawkb.discretion.table import StatutoryTable
from lawkb.errors import InvalidInput, LawkbError
from lawkb.i18n import _
from lawkb.numerals import ARTICLE_RE, CN_SMALL, NumeralError, parse_article_key

MIN_SCORE = 0.35  # below this a row is not a candidate
ARTICLE_BONUS = 2.0  # the words name the row's article (第1107条)
CLOSE = 0.2  # a runner-up this close to the best makes the match ambiguous

RowTexts = dict[str, tuple[str, list[str]]]  # row id -> (paragraph head and items, items)

_PUNCT = re.compile(r"[\s，。、；：:,.;（）()《》“”\"'!！?？]+")
_ITEM_MARK = re.compile(rf"^[（(][{CN_SMALL}]+[)）]|[；;。]$")


def find_candidates(
    query: str,
    standards: list[Standard],
    table: StatutoryTable,
    texts: RowTexts,
    limit: int = 8,
    standard: str | None = None,
) -> list[Candidate]:
    """Candidates for the words, best first: rows of the standards, then statutory rows."""
    query = query.strip()
    if not query:
        raise InvalidInput("query", _("请用几个词描述违法行为，例如 超标排放"))
    article_key = article_in(query)
    out = [
        c
        for std in standards
        if not standard or standard == std.name
        for c in _standard_candidates(query, std, article_key)
    ]
    for r in table.rows:  # stale rows stay findable; calculate() warns about them
        summary, items = texts.get(r.id, (r.violation, []))
        score = score_words(query, summary + " " + r.violation)
        if article_key and r.key == article_key:
            score += ARTICLE_BONUS
        if score < MIN_SCORE:
            continue
        picked = best_item(query, items)
        title = _ITEM_MARK.sub("", items[picked - 1]) if picked else r.violation
        out.append(
            Candidate(
                id=f"statutory:{r.id}",
                source="statutory",
                title=title,
                basis=r.citation,
                score=round(score, 3),
                row=r.id,
                items=[picked] if picked else [],
            )
        )
    out.sort(key=lambda c: (-c.score, c.source != "standard", c.id))
    return out[:limit]


def _standard_candidates(query: str, std: Standard, article_key: str) -> list[Candidate]:
    out: list[Candidate] = []
    for v in std.violations:
        words = [v.name, *v.keywords]
        score = score_words(query, " ".join(words)) + keyword_bonus(query, words)
        if article_key and basis_key(v.basis) == article_key:
            score += ARTICLE_BONUS
        if score >= MIN_SCORE:
            out.append(
                Candidate(
                    id=f"standard:{std.name}:{v.id}",
                    source="standard",
                    title=v.name,
                    basis=v.basis,
                    score=round(score + 0.1, 3),
                    standard=std.name,
                    sample=std.sample,
                    violation=v.id,
                )
            )
    return out


def decide(query: str, candidates: list[Candidate]) -> Match:
    """One match when the best candidate stands out (no runner-up within CLOSE of it);
    otherwise the close candidates are offered to choose from."""
    if len(candidates) == 1 or (
        len(candidates) > 1 and candidates[1].score < candidates[0].score - CLOSE
    ):
        return Match(query=query, candidates=candidates, chosen=candidates[0])
    return Match(query=query, candidates=candidates)


def article_in(query: str) -> str:
    """The article number the words name ('第1107条', '第一千一百零七条', '1107'), or ''."""
    m = ARTICLE_RE.search(query) or re.search(r"\b(\d{2,4})\b", query)
    if not m:
        return ""
    try:
        number, suffix = parse_article_key(
            m.group(0) if m.group(0).startswith("第") else m.group(1)
        )
    except NumeralError:
        return ""
    return f"{number}{suffix}"


def basis_key(text: str) -> str:
    try:
        return parse_ref(text).key
    except LawkbError:
        return ""


def _bigrams(text: str) -> set[str]:
    s = _PUNCT.sub("", text)
    if len(s) < 2:
        return {s} if s else set()
    return {s[i : i + 2] for i in range(len(s) - 1)}


def score_words(query: str, text: str) -> float:
    """The share of the query's character pairs that the text holds."""
    q = _bigrams(query)
    if not q:
        return 0.0
    return len(q & _bigrams(text)) / len(q)


def keyword_bonus(query: str, words: list[str]) -> float:
    q = _PUNCT.sub("", query)
    hits = [w for w in words if w and (w in q or (len(q) >= 2 and q in w))]
    return min(1.0, 0.5 * len(hits))


def best_item(query: str, items: list[str]) -> int | None:
    """The 项 the words point at, when one clearly does."""
    if len(items) < 2:
        return None
    scored = sorted(
        ((score_words(query, t), i) for i, t in enumerate(items, start=1)), reverse=True
    )
    best, second = scored[0], scored[1]
    if best[0] >= 0.6 and best[0] > second[0]:
        return best[1]
    return None
