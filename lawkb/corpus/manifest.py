"""MANIFEST.tsv beside a collection of law files: one row per file, curated metadata.

Columns: path title category issuer version_or_date source license articles status format
bytes sha256 notes (tab-separated, UTF-8, header first). `path` is relative to the manifest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lawkb.corpus.clean import decode
from lawkb.errors import ParseError
from lawkb.i18n import _
from lawkb.models import Category, Status

MANIFEST_NAME = "MANIFEST.tsv"
COLUMNS = (
    "path",
    "title",
    "category",
    "issuer",
    "version_or_date",
    "source",
    "license",
    "articles",
    "status",
    "format",
    "bytes",
    "sha256",
    "notes",
)
_REQUIRED = ("path", "title", "category", "articles", "status")
_DOC_NUMBER = re.compile(r"文号[^:：]*[:：]\s*([^；;｜|]+)")
_BRACKET_NUMBER = re.compile(r"[\u4e00-\u9fff]+〔\d{4}〕\d+号")
_REPLACED = re.compile(r"已被《([^》]+)》[^；;]*?取代")
_REPEALED_BY = re.compile(r"由《([^》]+)》[^；;]*?废止")
_LEADING = (
    ("现行有效", Status.CURRENT),
    ("已废止", Status.REPEALED),
    ("已被修改", Status.AMENDED),
    ("已修改", Status.AMENDED),
    ("尚未生效", Status.PENDING),
)
_VERSION_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})（LawRefBook 文件名日期）")


@dataclass(frozen=True)
class ManifestRow:
    path: str  # as written, relative to the manifest
    title: str
    category: Category
    issuer: str
    version_or_date: str
    source: str
    license: str
    articles: int
    status: str  # the full text, e.g. 已废止：自2026-08-15起由《…》第一千二百四十二条废止
    format: str
    bytes: int | None
    sha256: str
    notes: str
    manifest: str  # the manifest file
    line: int  # its row in the manifest

    @property
    def status_value(self) -> Status:
        return manifest_status(self.status)[0]

    @property
    def superseded_by(self) -> str | None:
        return manifest_status(self.status)[1]

    @property
    def doc_number(self) -> str:
        m = _DOC_NUMBER.search(self.version_or_date)
        if m:
            return m.group(1).strip()
        m = _BRACKET_NUMBER.search(self.version_or_date)
        return m.group(0) if m else ""

    @property
    def version_date(self) -> str:
        """The LawRefBook file-name date (the version of the text), ISO, or ""."""
        m = _VERSION_DATE.match(self.version_or_date)
        return m.group(1) if m else ""


def manifest_status(text: str) -> tuple[Status, str | None]:
    """The status column's leading word (现行有效 / 已废止 / 已修改), else 现行有效.

    cee's “有效” badge counts as 现行有效, unless the note says the text 已被《…》取代: then it is
    已废止 and superseded by that law, as 《…》…废止 also names the successor.
    """
    t = text.strip()
    successor = None
    m = _REPEALED_BY.search(t) or _REPLACED.search(t)
    if m:
        successor = m.group(1)
    for word, status in _LEADING:
        if t.startswith(word):
            return status, successor
    if _REPLACED.search(t):
        return Status.REPEALED, successor
    return Status.CURRENT, successor


def find_manifest(folder: Path) -> Path | None:
    """MANIFEST.tsv in the folder or one of its two nearest ancestors."""
    folder = folder if folder.is_dir() else folder.parent
    for candidate in (folder, *list(folder.parents)[:2]):
        f = candidate / MANIFEST_NAME
        if f.is_file():
            return f
    return None


def _row(fields: list[str], header: list[str], manifest: Path, line: int) -> ManifestRow:
    if len(fields) != len(header):
        raise ParseError(
            manifest,
            line,
            _("应有 {n_header} 个以制表符分隔的字段，实际 {n_fields} 个").format(
                n_header=len(header), n_fields=len(fields)
            ),
        )
    rec = dict(zip(header, fields, strict=True))
    try:
        category = Category(rec["category"].strip())
    except ValueError:
        allowed = " / ".join(c.value for c in Category)
        raise ParseError(
            manifest,
            line,
            _("类别 {category!r}：应为 {allowed} 之一").format(
                category=rec["category"], allowed=allowed
            ),
        ) from None
    try:
        articles = int(rec["articles"])
    except ValueError:
        raise ParseError(
            manifest, line, _("条文数 {articles!r}：应为整数").format(articles=rec["articles"])
        ) from None
    size = rec.get("bytes", "").strip()
    return ManifestRow(
        path=rec["path"].strip(),
        title=rec["title"].strip(),
        category=category,
        issuer=rec.get("issuer", "").strip(),
        version_or_date=rec.get("version_or_date", "").strip(),
        source=rec.get("source", "").strip(),
        license=rec.get("license", "").strip(),
        articles=articles,
        status=rec["status"].strip(),
        format=rec.get("format", "").strip(),
        bytes=int(size) if size.isdigit() else None,
        sha256=rec.get("sha256", "").strip().lower(),
        notes=rec.get("notes", "").strip(),
        manifest=str(manifest),
        line=line,
    )


def load_manifest(manifest: Path) -> dict[str, ManifestRow]:
    text = decode(manifest.read_bytes(), manifest)
    lines = text.split("\n")
    header = [h.strip() for h in lines[0].split("\t")] if lines else []
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise ParseError(manifest, 1, _("表头缺少列 {missing}").format(missing=", ".join(missing)))
    base = manifest.parent.resolve()
    rows: dict[str, ManifestRow] = {}
    for i, raw in enumerate(lines[1:], start=2):
        if not raw.strip():
            continue
        row = _row(raw.split("\t"), header, manifest, i)
        key = str((base / row.path).resolve())
        if key in rows:
            raise ParseError(
                manifest,
                i,
                _("{path} 列出了两次（第一次在第 {line} 行）").format(
                    path=row.path, line=rows[key].line
                ),
            )
        rows[key] = row
    return rows


def read_manifest(folder: Path) -> dict[str, ManifestRow]:
    """Rows keyed by the absolute resolved file path; {} when there is no MANIFEST.tsv."""
    found = find_manifest(Path(folder))
    return load_manifest(found) if found else {}
