"""Links between articles, derived from the stored articles and corpus/crosswalk.tsv.

`rebuild_links(collection)` (in `lawkb.links_build`) recomputes two tables of the collection
database in one transaction (the importer calls it after every import that changed something):

* `refs`: every reference found in an article's text (src_ref, target_ref or NULL, the words
  as written, their [start, end) offsets in `Article.text`, resolved flag);
* `crosswalk`: old article -> Code article links read from corpus/crosswalk.tsv, with a stale
  flag when a law's text in the collection is not the one the links were computed from.

The query side (`references`, `cited_by`, `successors`, `predecessors`) returns the small
pydantic models below; `KnowledgeBase` exposes them under the same names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from lawkb.links_build import (
    LinkReport,
    compute_refs,
    ensure_links,
    links_fingerprint,
    rebuild_links,
)
from lawkb.models import short_title
from lawkb.numerals import article_label, parse_article_key

if TYPE_CHECKING:
    from lawkb.store import Collection

__all__ = [
    "Citation",
    "CrosswalkItem",
    "LinkReport",
    "Reference",
    "cited_by",
    "compute_refs",
    "ensure_links",
    "links_fingerprint",
    "no_successor",
    "predecessors",
    "rebuild_links",
    "references",
    "successors",
]


class CrosswalkItem(BaseModel):
    """A successor or predecessor of an article."""

    ref: str
    law: str
    short_title: str
    article: str  # label: 第一千零三条
    number: int
    suffix: str = ""
    kind: str  # same | changed | merged
    confidence: float
    reviewed: bool = False
    stale: bool = False  # a law text changed since the link was made: check it
    status: str = ""  # the linked law's status (现行有效 / 已废止)
    note: str = ""
    part: str = "全"  # the old article's 款/项 this link carries
    new_part: str = "全"  # where they are in the Code article
    changes: list[str] = Field(default_factory=list)  # how the wording changed (kind changed)


class Reference(BaseModel):
    """A reference inside an article's text; start/end are offsets into `Article.text`."""

    text: str
    start: int
    end: int
    resolved: bool
    target: str | None = None  # article ref
    law: str | None = None
    article: str = ""  # label of the target article
    number: int | None = None
    suffix: str = ""
    paragraph: int | None = None  # 款
    item: int | None = None  # 项
    internal: bool = False  # points into the citing article itself (前款, 本条)
    law_written: str = ""  # the law's name as written (kept when unresolved)
    note: str = ""
    # the citing text predates the cited law's text held here: the article with the same
    # number in the text held, to be checked by the reader (not a resolved link)
    candidate: str | None = None


class Citation(BaseModel):
    """An article that cites the one shown ("cited by")."""

    ref: str
    law: str
    short_title: str
    article: str
    number: int
    suffix: str = ""
    status: str = ""
    text: str  # the citing words, as written
    paragraph: int | None = None  # which 款 of the cited article, when named
    note: str = ""  # e.g. the citing text predates the cited law's current version


# -- building ----------------------------------------------------------------------------------


def _has(db: Any, table: str) -> bool:
    return table in db.table_names()


def _label(key: str) -> tuple[int, str, str]:
    number, suffix = parse_article_key(key)
    return number, suffix, article_label(number, suffix)


def _law_status(db: Any) -> dict[str, str]:
    return {t: s for t, s in db.execute("SELECT title, status FROM laws")}


def _item(ref: str, row: dict[str, Any], statuses: dict[str, str]) -> CrosswalkItem:
    law, _, key = ref.partition("#")
    number, suffix, label = _label(key)
    return CrosswalkItem(
        ref=ref,
        law=law,
        short_title=short_title(law),
        article=label,
        number=number,
        suffix=suffix,
        kind=row["kind"],
        confidence=row["confidence"],
        reviewed=bool(row["reviewed"]),
        stale=bool(row["stale"]),
        status=statuses.get(law, ""),
        note=row["note"] or "",
        part=row["part"] or "全",
        new_part=row["new_part"] or "全",
        changes=[c for c in (row["changes"] or "").split(",") if c],
    )


def successors(collection: Collection, ref: str) -> list[CrosswalkItem]:
    """Code articles carrying the rule of an old article (empty for none / no links)."""
    db = collection.db
    if not _has(db, "crosswalk"):
        return []
    statuses = _law_status(db)
    rows = db.execute_returning_dicts(
        "SELECT * FROM crosswalk WHERE old_ref = ? AND new_ref IS NOT NULL "
        "ORDER BY confidence DESC, new_ref",
        [ref],
    )
    return [_item(r["new_ref"], r, statuses) for r in rows]


def predecessors(collection: Collection, ref: str) -> list[CrosswalkItem]:
    """Old articles whose rule a Code article carries."""
    db = collection.db
    if not _has(db, "crosswalk"):
        return []
    statuses = _law_status(db)
    rows = db.execute_returning_dicts(
        "SELECT * FROM crosswalk WHERE new_ref = ? ORDER BY old_law, confidence DESC", [ref]
    )
    items = [_item(r["old_ref"], r, statuses) for r in rows]
    items.sort(key=lambda i: (i.law, i.number, i.suffix))
    return items


def no_successor(collection: Collection, ref: str) -> CrosswalkItem | None:
    """The crosswalk's `none` row for an old article, if it has one."""
    db = collection.db
    if not _has(db, "crosswalk"):
        return None
    rows = db.execute_returning_dicts(
        "SELECT * FROM crosswalk WHERE old_ref = ? AND kind = 'none' AND NOT EXISTS "
        "(SELECT 1 FROM crosswalk c WHERE c.old_ref = ? AND c.new_ref IS NOT NULL)",
        [ref, ref],
    )
    return _item(ref, rows[0], _law_status(db)) if rows else None


def references(collection: Collection, ref: str) -> list[Reference]:
    db = collection.db
    if not _has(db, "refs"):
        return []
    out: list[Reference] = []
    rows = db.execute_returning_dicts(
        "SELECT r.*, a.number, a.suffix, a.label FROM refs r "
        "LEFT JOIN articles a ON a.ref = r.target_ref WHERE r.src_ref = ? ORDER BY r.id",
        [ref],
    )
    for r in rows:
        target = r["target_ref"]
        number, suffix, label = r["number"], r["suffix"] or "", r["label"] or ""
        out.append(
            Reference(
                text=r["text"],
                start=r["start"],
                end=r["end"],
                resolved=bool(r["resolved"]),
                target=target,
                law=r["target_law"],
                article=label,
                number=number,
                suffix=suffix,
                paragraph=r["target_para"],
                item=r["target_item"],
                internal=target == ref,
                law_written=r["law_written"] or "",
                note=r["note"] or "",
                candidate=r["candidate_ref"],
            )
        )
    return out


def cited_by(collection: Collection, ref: str) -> list[Citation]:
    """Other articles whose text refers to this one (one entry per citing article and 款)."""
    db = collection.db
    if not _has(db, "refs"):
        return []
    statuses = _law_status(db)
    rows = db.execute_returning_dicts(
        "SELECT r.src_ref, r.text, r.target_para, r.note, a.seq, a.number, a.suffix, a.label "
        "FROM refs r "
        "JOIN articles a ON a.ref = r.src_ref "
        "WHERE r.target_ref = ? AND r.src_ref != ? ORDER BY r.src_law, a.seq, r.id",
        [ref, ref],
    )
    out: list[Citation] = []
    seen: set[tuple[str, int | None]] = set()
    for r in rows:
        ident = (r["src_ref"], r["target_para"])
        if ident in seen:
            continue
        seen.add(ident)
        law = r["src_ref"].partition("#")[0]
        out.append(
            Citation(
                ref=r["src_ref"],
                law=law,
                short_title=short_title(law),
                article=r["label"],
                number=r["number"],
                suffix=r["suffix"] or "",
                status=statuses.get(law, ""),
                text=r["text"],
                paragraph=r["target_para"],
                note=r["note"] or "",
            )
        )
    return out


# -- freshness ---------------------------------------------------------------------------------
