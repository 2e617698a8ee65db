"""The collection definition in corpus/: catalogue, aliases and law-level relations."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from lawkb.errors import ParseError
from lawkb.i18n import _
from lawkb.models import Category, Law, Status


@dataclass(frozen=True)
class CatalogueEntry:
    title: str
    category: Category
    status: Status | None
    effective: dt.date | None
    superseded_by: str | None
    builtin: bool


@dataclass
class Catalogue:
    entries: dict[str, CatalogueEntry] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> full title
    order: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, corpus: Path) -> Catalogue:
        cat = cls()
        for lineno, row in _rows(corpus / "catalogue.tsv"):
            try:
                entry = CatalogueEntry(
                    title=row["title"],
                    category=Category(row["category"]),
                    status=Status(row["status"]) if row.get("status") else None,
                    effective=dt.date.fromisoformat(row["effective"])
                    if row.get("effective")
                    else None,
                    superseded_by=row.get("superseded_by") or None,
                    builtin=row.get("builtin", "").lower() == "y",
                )
            except (ValueError, KeyError) as exc:
                raise ParseError(
                    corpus / "catalogue.tsv", lineno, _("目录行有误：{exc}").format(exc=exc)
                ) from exc
            cat.entries[entry.title] = entry
            cat.order.append(entry.title)
        for lineno, row in _rows(corpus / "aliases.tsv", header=("alias", "title")):
            if not row.get("title"):
                raise ParseError(corpus / "aliases.tsv", lineno, _("应为“别名<TAB>标题”"))
            cat.aliases[row["alias"]] = row["title"]
        return cat

    def position(self, title: str) -> int | None:
        try:
            return self.order.index(title)
        except ValueError:
            return None

    def builtin_titles(self) -> list[str]:
        return [t for t in self.order if self.entries[t].builtin]

    def apply(self, law: Law) -> Law:
        """Facts the catalogue knows better than the source (the Code repealed ten laws)."""
        entry = self.entries.get(law.title)
        if entry is None:
            return law
        update: dict = {}
        if entry.status is not None and entry.status != law.status:
            update["status"] = entry.status
        if entry.effective and not law.effective:
            update["effective"] = entry.effective
        if entry.superseded_by:
            update["superseded_by"] = entry.superseded_by
        aliases = [a for a, t in self.aliases.items() if t == law.title]
        update["aliases"] = list(dict.fromkeys([*law.aliases, *aliases]))
        return law.model_copy(update=update)


def _rows(path: Path, header: tuple[str, ...] | None = None):
    """TSV rows with # comments, as (line number, dict)."""
    if not path.is_file():
        return
    names: list[str] | None = list(header) if header else None
    with path.open(encoding="utf-8", newline="") as fh:
        for lineno, fields in enumerate(csv.reader(fh, delimiter="\t"), 1):
            if not fields or fields[0].startswith("#"):
                continue
            if names is None:
                names = fields
                continue
            yield lineno, dict(zip(names, (f.strip() for f in fields), strict=False))
