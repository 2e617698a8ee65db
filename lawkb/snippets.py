"""Search hits and their snippets: the window of an article with the most matched characters."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lawkb.models import Article, Hit

if TYPE_CHECKING:
    from lawkb.store import LawSummary

SNIPPET_CHARS = 90


def make_hit(
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
