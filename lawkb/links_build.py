"""Building the link tables of the collection database, from the stored articles and
corpus/crosswalk.tsv (the read side is `lawkb.links`).

`rebuild_links(collection)` recomputes `refs` and `crosswalk` in one transaction (the importer
calls it after every import that changed something); `ensure_links` does so when the tables
are missing or were computed from other texts (`links_fingerprint`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from lawkb.crosswalk import (
    CROSSWALK_FILE,
    SOURCES_FILE,
    CrosswalkLink,
    read_crosswalk,
    read_sources,
    stale_laws,
)
from lawkb.models import Article, Paragraph
from lawkb.paths import corpus_dir
from lawkb.references import abbreviations, last_named, resolve_text

if TYPE_CHECKING:
    from lawkb.store import Collection

_REFS_COLUMNS = {
    "id": int,
    "src_ref": str,
    "src_law": str,
    "target_ref": str,
    "target_law": str,
    "target_para": int,
    "target_item": int,
    "text": str,
    "start": int,
    "end": int,
    "resolved": int,
    "law_written": str,
    "note": str,
    "candidate_ref": str,  # an earlier text was cited: the same number in the text held
}
_CROSSWALK_COLUMNS = {
    "old_ref": str,
    "new_ref": str,
    "old_law": str,
    "new_law": str,
    "kind": str,
    "confidence": float,
    "reviewed": int,
    "stale": int,
    "note": str,
    "part": str,  # which 款/项 of the old article the link carries (全: all)
    "new_part": str,
    "changes": str,  # comma list, see lawkb.crosswalk.CHANGES
}
VERSION_NOTE = "cites an earlier text: the law was revised after the citing text"


class LinkReport(BaseModel):
    refs: int = 0  # reference targets found in article texts
    resolved: int = 0
    unresolved: int = 0
    unresolved_laws: dict[str, int] = Field(default_factory=dict)  # name as written -> count
    crosswalk: int = 0  # links stored
    crosswalk_skipped: int = 0  # rows whose laws are not both in the collection
    stale: int = 0
    stale_laws: list[str] = Field(default_factory=list)

    @property
    def resolved_share(self) -> float:
        return self.resolved / self.refs if self.refs else 0.0


def _ensure_tables(db: Any) -> None:
    """Create the tables; a table of an older layout is derived data: drop and recreate it."""
    for table, columns in (("refs", _REFS_COLUMNS), ("crosswalk", _CROSSWALK_COLUMNS)):
        if table in db.table_names() and set(db[table].columns_dict) != set(columns):
            db[table].drop()
    names = set(db.table_names())
    if "refs" not in names:
        db["refs"].create(_REFS_COLUMNS, pk="id", not_null={"src_ref", "text"})
        db["refs"].create_index(["src_ref"])
        db["refs"].create_index(["target_ref"])
    if "crosswalk" not in names:
        db["crosswalk"].create(_CROSSWALK_COLUMNS, not_null={"old_ref", "kind"})
        db["crosswalk"].create_index(["old_ref"])
        db["crosswalk"].create_index(["new_ref"])


def paragraph_locator(paragraphs: list[Paragraph]) -> Callable[[int], int]:
    """offset in `Article.text` -> 1-based 款 holding it (same layout as `Article.text`)."""
    starts: list[tuple[int, int]] = []
    pos = 0
    for i, p in enumerate(paragraphs, start=1):
        for line in [p.text, *p.items]:
            if line:
                starts.append((pos, i))
                pos += len(line) + 1

    def at(offset: int) -> int:
        found = 1
        for start, para in starts:
            if start > offset:
                break
            found = para
        return found

    return at


def _normalise_name(name: str) -> str:
    return re.sub(r"\s+", "", name).replace("[[", "").replace("]]", "").strip("《》")


def _law_dates(db: Any) -> dict[str, str]:
    """title -> the latest date known for its text (promulgated or effective), ISO or ''."""
    out: dict[str, str] = {}
    for title, prom, eff in db.execute("SELECT title, promulgated, effective FROM laws"):
        out[title] = max(prom or "", eff or "")
    return out


def compute_refs(collection: Collection) -> list[dict[str, Any]]:
    """All reference rows for the collection (not yet written)."""
    db = collection.db
    aliases = collection.aliases()

    def lookup(name: str) -> str | None:
        n = _normalise_name(name)
        return aliases.get(n) or aliases.get(n.removeprefix("中华人民共和国"))

    keys: dict[str, list[str]] = {}
    for law, number, suffix in db.execute(
        "SELECT law, number, suffix FROM articles WHERE kind = 'article' ORDER BY law, seq"
    ):
        keys.setdefault(law, []).append(f"{number}{suffix or ''}")
    dates = _law_dates(db)
    rows: list[dict[str, Any]] = []
    titles = [r[0] for r in db.execute("SELECT title FROM laws ORDER BY title")]
    for title in titles:
        articles = list(collection.iter_articles(title))
        preface = (collection.law_row(title) or {}).get("preface") or ""
        extra = abbreviations(preface + "\n" + "\n".join(a.text for a in articles))
        previous: str | None = None
        named = ""  # for documents without articles: the law their sections go on about
        for article in articles:
            found, named_here = _article_refs(
                article, previous, lookup, keys, extra, dates.get(title, ""), dates, named
            )
            rows.extend(found)
            if article.kind == "article":
                previous = article.key
            elif title not in keys:
                named = named_here or named
    return rows


def _article_refs(
    article: Article,
    previous: str | None,
    lookup: Callable[[str], str | None],
    keys: dict[str, list[str]],
    extra: dict[str, str],
    own_date: str,
    dates: dict[str, str],
    named_before: str = "",
) -> tuple[list[dict[str, Any]], str]:
    """The reference rows of one article, and the law it named last."""
    text = article.text
    if "第" not in text and "前" not in text and "本条" not in text and "本款" not in text:
        return [], last_named([], text)
    pairs = resolve_text(
        text,
        law=article.law,
        key=article.key,
        paragraph_at=paragraph_locator(article.paragraphs),
        lookup_law=lookup,
        keys_of=lambda t: keys.get(t, []),
        previous_key=previous,
        extra=extra,
        named_before=named_before,
    )
    rows: list[dict[str, Any]] = []
    for mention, targets in pairs:
        for t in targets:
            note, resolved, candidate = t.note, t.resolved, None
            if t.resolved and t.law and t.law != article.law:
                cited = dates.get(t.law, "")
                if own_date and cited and cited > own_date:
                    # the text cited is older than the one held: its numbers may differ
                    note, resolved, candidate = VERSION_NOTE, False, t.ref
            rows.append(
                {
                    "src_ref": article.ref,
                    "src_law": article.law,
                    "target_ref": t.ref if resolved else None,
                    "target_law": t.law if resolved else None,
                    "target_para": t.paragraph,
                    "target_item": t.item,
                    "text": mention.text,
                    "start": mention.start,
                    "end": mention.end,
                    "resolved": int(resolved),
                    "law_written": t.law_written,
                    "note": note,
                    "candidate_ref": candidate,
                }
            )
    return rows, last_named(pairs, text)


def _crosswalk_rows(
    collection: Collection, corpus: Path, report: LinkReport
) -> list[dict[str, Any]]:
    path = corpus / CROSSWALK_FILE
    if not path.is_file():
        return []
    links = read_crosswalk(path)
    sources_path = corpus / SOURCES_FILE
    recorded = read_sources(sources_path) if sources_path.is_file() else {}
    current = {s.title: s.sha256 for s in collection.laws(include_all=True)}
    stale = stale_laws(recorded, current)
    report.stale_laws = sorted(stale)
    present = {r[0] for r in collection.db.execute("SELECT ref FROM articles")}
    rows: list[dict[str, Any]] = []
    for link in links:
        if link.old_law not in current or (link.new_law and link.new_law not in current):
            report.crosswalk_skipped += 1
            continue
        rows.append(_crosswalk_row(link, stale, present))
    return rows


def _crosswalk_row(link: CrosswalkLink, stale: set[str], present: set[str]) -> dict[str, Any]:
    missing = link.old_ref not in present or (
        link.new_ref is not None and link.new_ref not in present
    )
    is_stale = link.old_law in stale or link.new_law in stale or missing
    return {
        "old_ref": link.old_ref,
        "new_ref": link.new_ref,
        "old_law": link.old_law,
        "new_law": link.new_law or None,
        "kind": link.kind,
        "confidence": link.confidence,
        "reviewed": int(link.reviewed),
        "stale": int(is_stale),
        "note": link.note,
        "part": link.part,
        "new_part": link.new_part,
        "changes": ",".join(link.changes),
    }


def rebuild_links(collection: Collection, corpus: Path | None = None) -> LinkReport:
    """Recompute `refs` and `crosswalk` from the stored articles, atomically.

    Raises ParseError (file, line, field) when corpus/crosswalk.tsv is malformed; the tables
    stay as they were.
    """
    corpus = Path(corpus or getattr(collection, "corpus", None) or corpus_dir())
    report = LinkReport()
    cross_rows = _crosswalk_rows(collection, corpus, report)  # parse first: fail before writing
    ref_rows = compute_refs(collection)
    for r in ref_rows:
        if r["resolved"]:
            report.resolved += 1
        else:
            report.unresolved += 1
            name = r["law_written"] or "?"
            report.unresolved_laws[name] = report.unresolved_laws.get(name, 0) + 1
    report.refs = len(ref_rows)
    report.crosswalk = len(cross_rows)
    report.stale = sum(r["stale"] for r in cross_rows)
    db = collection.db
    _ensure_tables(db)
    with collection.transaction():
        db.execute("DELETE FROM refs")
        db.execute("DELETE FROM crosswalk")
        db["refs"].insert_all(ref_rows, batch_size=1000)
        db["crosswalk"].insert_all(cross_rows, batch_size=1000)
        db["meta"].upsert(
            {
                "key": "links",
                "value": json.dumps(
                    {
                        "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                        "refs": report.refs,
                        "crosswalk": report.crosswalk,
                    }
                ),
            },
            pk="key",
        )
    return report


# -- querying ----------------------------------------------------------------------------------


def links_fingerprint(collection: Collection, corpus: Path) -> str:
    """What the tables were computed from: the laws, the crosswalk data, the table layout."""
    h = hashlib.sha256(collection.generation().encode())
    for name in (CROSSWALK_FILE, SOURCES_FILE):
        path = corpus / name
        h.update(path.read_bytes() if path.is_file() else b"-")
    h.update(repr(sorted(_REFS_COLUMNS)).encode() + repr(sorted(_CROSSWALK_COLUMNS)).encode())
    return h.hexdigest()[:16]


def ensure_links(collection: Collection, corpus: Path | None = None, force: bool = False) -> bool:
    """Rebuild the link tables when they are missing or were computed from other inputs (an
    upgrade that brings a new crosswalk, a home written by an older lawkb). True if rebuilt."""
    corpus = Path(corpus or getattr(collection, "corpus", None) or corpus_dir())
    fp = links_fingerprint(collection, corpus)
    row = collection.db.execute("SELECT value FROM meta WHERE key = 'links'").fetchone()
    db = collection.db
    layout_ok = all(
        table in db.table_names() and set(db[table].columns_dict) == set(columns)
        for table, columns in (("refs", _REFS_COLUMNS), ("crosswalk", _CROSSWALK_COLUMNS))
    )
    if not force and layout_ok and row and row[0] == fp:
        return False
    rebuild_links(collection, corpus)
    collection.db["meta"].upsert({"key": "links", "value": fp}, pk="key")
    return True
