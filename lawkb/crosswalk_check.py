"""The crosswalk's completeness check: every Code article has a predecessor or is marked new
in the Code with a reason, and every part (款/项) of an old article is placed somewhere or
reviewed as having no successor.

`corpus/crosswalk.new.tsv` lists the Code articles no old article links to, each with its
reason (new_key, reason, reviewed y/n). References only, never article text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lawkb.atomic import atomic_write
from lawkb.compare_residual import CRIME, is_general_crime_clause
from lawkb.crosswalk import CrosswalkLink, article_parts, key_order, parse_parts, table_rows
from lawkb.errors import ParseError
from lawkb.i18n import _
from lawkb.models import Article

NEW_FILE = "crosswalk.new.tsv"
NEW_COLUMNS = ("new_key", "reason", "reviewed")
MAX_REASON = 60  # a reason names what the article brings, it never quotes the law
_NEW_HEADER = (
    "# Code articles that no article of the ten repealed laws leads to: new in the Code.\n"
    "# reason: what the article brings (key words only); reviewed: y when a person checked it.\n"
)


@dataclass(frozen=True)
class NewArticle:
    key: str
    reason: str
    reviewed: bool


@dataclass
class CheckReport:
    unlinked: list[str] = field(default_factory=list)  # Code keys with neither link nor reason
    unreviewed_new: list[str] = field(default_factory=list)  # marked new, not yet checked
    linked_but_marked_new: list[str] = field(default_factory=list)
    unplaced: dict[str, list[str]] = field(default_factory=dict)  # old ref -> parts nowhere
    # old ref -> parts that say 构成犯罪…追究刑事责任 but do not lead to the Code's general
    # article on it (the Code's penalty articles keep no such sentence)
    criminal_unlinked: dict[str, list[str]] = field(default_factory=dict)
    code_articles: int = 0
    with_predecessor: int = 0
    old_articles: int = 0
    fully_placed: int = 0

    @property
    def ok(self) -> bool:
        """Every Code article has a predecessor or a reviewed reason; every part is placed."""
        return not (
            self.unlinked
            or self.unplaced
            or self.linked_but_marked_new
            or self.unreviewed_new
            or self.criminal_unlinked
        )


def read_new(path: Path) -> dict[str, NewArticle]:
    out: dict[str, NewArticle] = {}
    if not path.is_file():
        return out
    for n, row in table_rows(path, NEW_COLUMNS):
        if not row["reason"]:
            raise ParseError(path, n, _("reason：应写明该条为何是法典新增条文"))
        if len(row["reason"]) > MAX_REASON:
            raise ParseError(
                path,
                n,
                _("reason：至多 {max_reason} 个字，不得抄录法条原文").format(max_reason=MAX_REASON),
            )
        if row["reviewed"] not in ("y", "n"):
            raise ParseError(
                path, n, _("reviewed={reviewed!r}：应为 y 或 n").format(reviewed=row["reviewed"])
            )
        out[row["new_key"]] = NewArticle(row["new_key"], row["reason"], row["reviewed"] == "y")
    return out


def write_new(path: Path, rows: Iterable[NewArticle]) -> None:
    lines = [_NEW_HEADER, "\t".join(NEW_COLUMNS) + "\n"]
    for r in sorted(rows, key=lambda r: key_order(r.key)):
        lines.append(f"{r.key}\t{' '.join(r.reason.split())}\t{'y' if r.reviewed else 'n'}\n")
    atomic_write(path, "".join(lines), newline="\n")


def placed_parts(links: Iterable[CrosswalkLink]) -> dict[str, set[str] | None]:
    """old ref -> the parts some row places (None: the whole article is accounted for)."""
    out: dict[str, set[str] | None] = {}
    for link in links:
        parts = parse_parts(link.part)
        if parts is None:
            out[link.old_ref] = None
        elif out.get(link.old_ref, set()) is not None:
            out.setdefault(link.old_ref, set()).update(parts)  # type: ignore[union-attr]
    return out


def check(
    links: list[CrosswalkLink],
    old_articles: Iterable[Article],
    code_articles: Iterable[Article],
    new: dict[str, NewArticle],
) -> CheckReport:
    report = CheckReport()
    incoming = {link.new_key for link in links if link.new_key}
    code_articles = list(code_articles)
    general = {a.key for a in code_articles if is_general_crime_clause(a)}
    for a in code_articles:
        report.code_articles += 1
        if a.key in incoming:
            report.with_predecessor += 1
            if a.key in new:
                report.linked_but_marked_new.append(a.key)
        elif a.key not in new:
            report.unlinked.append(a.key)
        elif not new[a.key].reviewed:
            report.unreviewed_new.append(a.key)
    placed = placed_parts(links)
    links_by_ref: dict[str, list[CrosswalkLink]] = {}
    for link in links:
        links_by_ref.setdefault(link.old_ref, []).append(link)
    for a in old_articles:
        report.old_articles += 1
        have = placed.get(a.ref, set())
        missing = [] if have is None else [p for p in article_parts(a.paragraphs) if p not in have]
        if missing:
            report.unplaced[a.ref] = missing
        else:
            report.fully_placed += 1
        lost = [p for p in criminal_parts(a) if p not in _carried(links_by_ref, a.ref, general)]
        if lost:
            report.criminal_unlinked[a.ref] = lost
    return report


def criminal_parts(article: Article) -> list[str]:
    """The parts that say 构成犯罪…追究刑事责任 (a paragraph's lead speaks for its items)."""
    out: list[str] = []
    for n, p in enumerate(article.paragraphs, start=1):
        if CRIME in p.text:
            out += [f"款{n}项{j}" for j in range(1, len(p.items) + 1)] or [f"款{n}"]
        else:
            out += [f"款{n}项{j}" for j, item in enumerate(p.items, 1) if CRIME in item]
    return out


def _carried(by_ref: dict[str, list[CrosswalkLink]], ref: str, keys: set[str]) -> set[str] | Any:
    """The parts of `ref` some link to one of `keys` carries (everything for a whole link)."""
    out: set[str] = set()
    for link in by_ref.get(ref, []):
        if link.new_key in keys:
            parts = parse_parts(link.part)
            if parts is None:
                return _Everything()
            out.update(parts)
    return out


class _Everything:
    def __contains__(self, item: object) -> bool:
        return True
