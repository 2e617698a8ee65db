"""The collection: laws and articles in SQLite (sqlite-utils). Derived from files, rebuildable.

A law is written in one transaction: its old articles go and its new ones come in together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils
from pydantic import BaseModel, Field

from lawkb.atomic import atomic_write
from lawkb.catalogue import Catalogue
from lawkb.dbcheck import DatabaseDamaged, check_once, is_corruption
from lawkb.dbconn import ImmediateConnection
from lawkb.errors import NotFound
from lawkb.i18n import _
from lawkb.models import Article, Category, Law, Paragraph, Source, Status
from lawkb.numerals import NumeralError, parse_article_key

SCHEMA_VERSION = "2"

_LAW_COLUMNS = {
    "title": str,
    "short_title": str,
    "aliases": str,
    "category": str,
    "issuer": str,
    "doc_number": str,
    "promulgated": str,
    "effective": str,
    "status": str,
    "status_note": str,
    "superseded_by": str,
    "origin": str,
    "path": str,
    "sha256": str,
    "format": str,
    "preface": str,
    "trailing": str,
    "article_count": int,
    "imported_at": str,
}
_ARTICLE_COLUMNS = {
    "ref": str,
    "law": str,
    "seq": int,
    "number": int,
    "suffix": str,
    "label": str,
    "kind": str,
    "deleted": int,
    "path": str,
    "caption": str,
    "paragraphs": str,
    "text": str,
    "line": int,
}


class LawSummary(BaseModel):
    title: str
    short_title: str
    category: Category
    status: Status
    article_count: int
    aliases: list[str] = Field(default_factory=list)
    superseded_by: str | None = None
    origin: str = ""
    path: str = ""
    sha256: str = ""
    effective: str = ""


class Collection:
    def __init__(self, path: Path, corpus: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.corpus = corpus  # links.rebuild_links reads crosswalk.tsv from here
        self.catalogue = Catalogue.load(corpus)
        # every BEGIN (sqlite-utils' atomic() says BEGIN) is a BEGIN IMMEDIATE
        self.db = sqlite_utils.Database(
            sqlite3.connect(str(self.path), factory=ImmediateConnection)
        )
        try:  # a damaged file is found here, before it fails a search or an import
            self.db.execute("PRAGMA busy_timeout=5000")
            self.db.execute("PRAGMA journal_mode=WAL")
            check_once(self.db.conn, self.path)
            self._ensure_schema()
        except (sqlite3.DatabaseError, DatabaseDamaged) as exc:
            self.db.close()
            if is_corruption(exc):
                raise DatabaseDamaged(self.path, str(exc)) from None
            raise
        self._alias_cache: dict[str, str] | None = None
        self._alias_generation = ""
        self._laws_cache: tuple[str, list[LawSummary]] | None = None

    # -- schema --------------------------------------------------------------------------
    def _ensure_schema(self) -> None:
        if "laws" not in self.db.table_names():
            self.db["laws"].create(_LAW_COLUMNS, pk="title")
        if "articles" not in self.db.table_names():
            self.db["articles"].create(
                _ARTICLE_COLUMNS, pk="ref", foreign_keys=[("law", "laws", "title")]
            )
            self.db["articles"].create_index(["law", "seq"], unique=True)
            self.db["articles"].create_index(["law", "number"])
        if "meta" not in self.db.table_names():
            self.db["meta"].create({"key": str, "value": str}, pk="key")
        # columns added since a collection was first written (additive, nothing lost)
        for table, columns in (("laws", _LAW_COLUMNS), ("articles", _ARTICLE_COLUMNS)):
            have = self.db[table].columns_dict
            for name, kind in columns.items():
                if name not in have:
                    self.db[table].add_column(name, kind)
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None or row[0] != SCHEMA_VERSION:  # no write when nothing changes
            self.db["meta"].upsert({"key": "schema", "value": SCHEMA_VERSION}, pk="key")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write: BEGIN IMMEDIATE … COMMIT, a savepoint inside another transaction, and
        ROLLBACK on an exception or a failed COMMIT (sqlite-utils' `Database.atomic`)."""
        with self.db.atomic():
            yield self.db.conn
        self._alias_cache = None

    # -- writing -------------------------------------------------------------------------
    def replace_law(self, law: Law) -> None:
        """Write one law and its articles, replacing any earlier version, atomically."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        src = law.source or Source(origin="", path="", sha256="")
        row = {
            "title": law.title,
            "short_title": law.short_title,
            "aliases": json.dumps(law.aliases, ensure_ascii=False),
            "category": law.category.value,
            "issuer": law.issuer,
            "doc_number": law.doc_number,
            "promulgated": law.promulgated.isoformat() if law.promulgated else "",
            "effective": law.effective.isoformat() if law.effective else "",
            "status": law.status.value,
            "status_note": law.status_note,
            "superseded_by": law.superseded_by or "",
            "origin": src.origin,
            "path": src.path,
            "sha256": src.sha256,
            "format": src.format,
            "preface": law.preface,
            "trailing": law.trailing,
            "article_count": sum(1 for a in law.articles if a.kind == "article"),
            "imported_at": now,
        }
        articles = [_article_row(a, law.title, i) for i, a in enumerate(law.articles)]
        with self.transaction():
            self.db.execute("DELETE FROM articles WHERE law = ?", [law.title])
            self.db["laws"].upsert(row, pk="title")
            self.db["articles"].insert_all(articles, batch_size=500)
            self._bump_generation()

    def remove_law(self, title: str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM articles WHERE law = ?", [title])
            self.db.execute("DELETE FROM laws WHERE title = ?", [title])
            self._bump_generation()

    def _bump_generation(self) -> None:
        rows = self.db.execute("SELECT title, sha256, status FROM laws ORDER BY title").fetchall()
        digest = hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()[:16]
        self.db["meta"].upsert({"key": "generation", "value": digest}, pk="key")

    def record_sources(self) -> None:
        """Keep each law's origin and source path outside the database too (a small JSON file
        beside it): a damaged collection is rebuilt from what this names."""
        rows = self.db.execute("SELECT title, origin, path FROM laws ORDER BY title").fetchall()
        text = json.dumps({t: [o, p] for t, o, p in rows}, ensure_ascii=False, indent=0)
        atomic_write(sources_path(self.path), text)

    def generation(self) -> str:
        """Changes whenever any law is added, replaced or removed: the index compares it."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return row[0] if row else "empty"

    # -- reading laws --------------------------------------------------------------------
    def count_laws(self) -> int:
        return self.db["laws"].count

    def law_row(self, title: str) -> dict | None:
        rows = list(self.db["laws"].rows_where("title = ?", [title]))
        return rows[0] if rows else None

    def laws(self, include_all: bool = True) -> list[LawSummary]:
        generation = self.generation()
        if self._laws_cache is None or self._laws_cache[0] != generation:
            rows = [_summary(r) for r in self.db["laws"].rows_where(order_by="rowid")]
            rows.sort(key=lambda s: (_CATEGORY_ORDER.get(s.category, 9), self._sort_key(s.title)))
            self._laws_cache = (generation, rows)
        out = list(self._laws_cache[1])
        if not include_all:
            out = [s for s in out if s.status.in_default_view]
        return out

    def _sort_key(self, title: str) -> tuple[int, str]:
        pos = self.catalogue.position(title)
        return (pos if pos is not None else 10_000, title)

    def aliases(self) -> dict[str, str]:
        """alias or short title -> full title, for every law in the collection."""
        generation = self.generation()  # another process may have imported since
        if self._alias_cache is None or self._alias_generation != generation:
            self._alias_generation = generation
            titles = [r[0] for r in self.db.execute("SELECT title FROM laws")]
            present = set(titles)
            amap: dict[str, str] = {}
            for alias, title in self.catalogue.aliases.items():
                if title in present:
                    amap[alias] = title
            for r in self.db.execute("SELECT title, short_title, aliases FROM laws"):
                title, short, extra = r
                amap.setdefault(short, title)
                for a in json.loads(extra or "[]"):
                    amap.setdefault(a, title)
                amap[title] = title
            self._alias_cache = amap
        return self._alias_cache

    def resolve_law(self, name: str) -> str:
        """A full title, short title or alias (with or without 《》) -> the full title."""
        key = re.sub(r"\s+", "", name).strip("《》<>")
        amap = self.aliases()
        for candidate in (key, key.removeprefix("中华人民共和国")):
            if candidate in amap:
                return amap[candidate]
        matches = sorted({t for a, t in amap.items() if key and key in a})
        if len(matches) == 1:
            return matches[0]
        hint = f"; did you mean {', '.join(matches[:5])}?" if matches else ""
        raise NotFound(
            _("法规 {name!r}：不在法规库中（请给出标题、简称或别名）{hint}").format(
                name=name, hint=hint
            )
        )

    def law(self, title: str) -> Law:
        row = self.law_row(title)
        if row is None:
            raise NotFound(_("法规 {title!r}：不在法规库中").format(title=title))
        law = _law_from_row(row)
        law.articles = list(self.iter_articles(title))
        return law

    def law_meta(self, title: str) -> Law:
        """The law without its articles (cheap)."""
        row = self.law_row(title)
        if row is None:
            raise NotFound(_("法规 {title!r}：不在法规库中").format(title=title))
        return _law_from_row(row)

    # -- reading articles ----------------------------------------------------------------
    def iter_articles(self, law: str | None = None) -> Iterator[Article]:
        if law is None:
            rows = self.db["articles"].rows_where(order_by="law, seq")
        else:
            rows = self.db["articles"].rows_where("law = ?", [law], order_by="seq")
        for r in rows:
            yield _article_from_row(r)

    def article(self, title: str, article: str | int) -> Article:
        try:
            number, suffix = parse_article_key(str(article))
        except NumeralError as exc:
            raise NotFound(str(exc)) from exc
        ref = f"{title}#{number}{suffix}"
        try:
            return self.article_by_ref(ref)
        except NotFound:
            count = self.db.execute(
                "SELECT COUNT(*) FROM articles WHERE law = ? AND kind = 'article'", [title]
            ).fetchone()[0]
            raise NotFound(
                _("{title}没有第 {article} 条（共 {count} 条）").format(
                    title=title, article=article, count=count
                )
            ) from None

    def article_by_ref(self, ref: str) -> Article:
        rows = list(self.db["articles"].rows_where("ref = ?", [ref]))
        if not rows:
            raise NotFound(_("条文 {ref!r}：不在法规库中").format(ref=ref))
        return _article_from_row(rows[0])

    def article_by_seq(self, law: str, seq: int) -> Article | None:
        rows = list(self.db["articles"].rows_where("law = ? AND seq = ?", [law, seq]))
        return _article_from_row(rows[0]) if rows else None

    def neighbours(self, article: Article) -> tuple[Article | None, Article | None]:
        return (
            self.article_by_seq(article.law, article.seq - 1) if article.seq > 0 else None,
            self.article_by_seq(article.law, article.seq + 1),
        )

    def articles_by_refs(self, refs: list[str]) -> dict[str, Article]:
        out: dict[str, Article] = {}
        for i in range(0, len(refs), 500):
            chunk = refs[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute_returning_dicts(
                f"SELECT * FROM articles WHERE ref IN ({marks})", chunk
            ):
                a = _article_from_row(r)
                out[a.ref] = a
        return out


_CATEGORY_ORDER = {c: i for i, c in enumerate(Category)}


def sources_path(db: Path) -> Path:
    return db.with_name("collection-sources.json")


def recorded_sources(db: Path) -> dict[str, tuple[str, str]]:
    """title -> (origin, source path) as the last import recorded them beside `db`."""
    try:
        data = json.loads(sources_path(db).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        str(t): (str(v[0]), str(v[1]))
        for t, v in data.items()
        if isinstance(v, list) and len(v) == 2
    }


def _article_row(a: Article, title: str, seq: int) -> dict:
    return {
        "ref": f"{title}#{a.key}",
        "law": title,
        "seq": seq,
        "number": a.number,
        "suffix": a.suffix,
        "label": a.label,
        "kind": a.kind,
        "deleted": int(a.deleted),
        "path": json.dumps(a.path, ensure_ascii=False),
        "caption": a.caption,
        "paragraphs": json.dumps([p.model_dump() for p in a.paragraphs], ensure_ascii=False),
        "text": a.text,
        "line": a.line,
    }


def _article_from_row(r: dict) -> Article:
    return Article(
        law=r["law"],
        number=r["number"],
        suffix=r["suffix"] or "",
        label=r["label"],
        kind=r["kind"],
        deleted=bool(r["deleted"]),
        path=json.loads(r["path"] or "[]"),
        caption=r["caption"] or "",
        paragraphs=[Paragraph(**p) for p in json.loads(r["paragraphs"] or "[]")],
        seq=r["seq"],
        line=r["line"] or 0,
    )


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _law_from_row(r: dict) -> Law:
    return Law(
        title=r["title"],
        aliases=json.loads(r["aliases"] or "[]"),
        category=Category(r["category"]),
        issuer=r["issuer"] or "",
        doc_number=r["doc_number"] or "",
        promulgated=_date(r["promulgated"]),
        effective=_date(r["effective"]),
        status=Status(r["status"]),
        status_note=r["status_note"] or "",
        superseded_by=r["superseded_by"] or None,
        source=Source(
            origin=r["origin"] or "",
            path=r["path"] or "",
            sha256=r["sha256"] or "",
            format=r["format"] or "",
        ),
        preface=r["preface"] or "",
        trailing=r.get("trailing") or "",
    )


def _summary(r: dict) -> LawSummary:
    return LawSummary(
        title=r["title"],
        short_title=r["short_title"],
        category=Category(r["category"]),
        status=Status(r["status"]),
        article_count=r["article_count"],
        aliases=json.loads(r["aliases"] or "[]"),
        superseded_by=r["superseded_by"] or None,
        origin=r["origin"] or "",
        path=r["path"] or "",
        sha256=r["sha256"] or "",
        effective=r["effective"] or "",
    )
