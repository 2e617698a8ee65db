"""parse_file: read, detect, parse, build the structure and merge the metadata into a Law."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

import lawkb.corpus.cee as cee
import lawkb.corpus.clm_md as clm_md
import lawkb.corpus.detect as detect
import lawkb.corpus.lawrefbook as lawrefbook
import lawkb.corpus.plaintext as plaintext
import lawkb.corpus.qisehong as qisehong
from lawkb.corpus.clean import decode
from lawkb.corpus.dates import in_force_date, iso_date
from lawkb.corpus.manifest import ManifestRow, manifest_status
from lawkb.corpus.meta import Meta, Parsed
from lawkb.corpus.structure import Body, build
from lawkb.errors import ParseError
from lawkb.i18n import _
from lawkb.models import Category, Law, Source, Status

PARSERS: dict[str, Callable[[str, Path], Parsed]] = {
    detect.LAWREFBOOK: lawrefbook.parse,
    detect.QISEHONG: qisehong.parse,
    detect.CEE: cee.parse,
    detect.CLM: clm_md.parse,
    detect.TEXT: plaintext.parse,
}
_CATEGORY_HINTS = {
    "法律": Category.LAW,
    "宪法": Category.LAW,
    "行政法规": Category.REGULATION,
    "部门规章": Category.RULE,
    "规章": Category.RULE,
    "地方性法规": Category.LOCAL,
    "规范性文件": Category.NORMATIVE,
    "裁量基准": Category.DISCRETION,
}
SOURCE_STATUS = {
    "现行有效": Status.CURRENT,
    "有效": Status.CURRENT,
    "已修改": Status.AMENDED,
    "已被修改": Status.AMENDED,
    "历史版本": Status.AMENDED,
    "已废止": Status.REPEALED,
    "失效": Status.REPEALED,
    "尚未生效": Status.PENDING,
}


def parse_file(path: Path | str, *, manifest: ManifestRow | None = None) -> Law:
    """One law file -> Law. Raises ParseError(path, line, message) for anything it cannot read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ParseError(
            path, None, _("无法读取文件：{value}").format(value=e.strerror or e)
        ) from None
    return parse_text(
        decode(data, path), path, manifest=manifest, sha256=hashlib.sha256(data).hexdigest()
    )


def parse_text(
    text: str, path: Path | str, *, manifest: ManifestRow | None = None, sha256: str = ""
) -> Law:
    path = Path(path)
    fmt = detect.detect_format(text, path)
    parsed = PARSERS[fmt](text, path)
    meta = parsed.meta
    title = (manifest.title if manifest else "") or meta.title
    if not title:
        raise ParseError(path, 1, _("法规没有标题（应有 `# 标题` 行或 `title:` 字段）"))
    body = build(parsed.lines, title, path)
    if manifest is not None:
        _check_count(body, manifest, path)
    law = Law(
        title=title,
        category=_category(path, meta, manifest),
        issuer=(manifest.issuer if manifest else "") or meta.issuer,
        doc_number=meta.doc_number or (manifest.doc_number if manifest else ""),
        promulgated=meta.promulgated,
        effective=meta.effective,
        source=Source(origin="file", path=str(path.resolve()), sha256=sha256, format=fmt),
        preface=body.preface,
        trailing=body.trailing,
        articles=body.articles,
    )
    _dates(law, body, manifest)
    _status(law, meta, manifest)
    return law


def _check_count(body: Body, manifest: ManifestRow, path: Path) -> None:
    found = len(body.articles) if body.mode == "articles" else 0
    if found != manifest.articles:
        raise ParseError(
            path,
            None,
            _("{name} 第 {line} 行列出 {articles} 条，文件中有 {found} 条").format(
                name=Path(manifest.manifest).name,
                line=manifest.line,
                articles=manifest.articles,
                found=found,
            ),
        )


def _category(path: Path, meta: Meta, manifest: ManifestRow | None) -> Category:
    if manifest is not None:
        return manifest.category
    for name in (path.parent.name, meta.category):
        if name in _CATEGORY_HINTS:
            return _CATEGORY_HINTS[name]
    return Category.LAW


def _dates(law: Law, body: Body, manifest: ManifestRow | None) -> None:
    version = iso_date(manifest.version_date) if manifest else None
    if version and (law.promulgated is None or version > law.promulgated):
        law.promulgated = version  # the file is a later version than its INFO lines say
    if law.effective is None and body.mode == "articles" and body.articles:
        # 本法自…起施行 in the last articles, if it is not older than the text itself
        for article in reversed(body.articles[-3:]):
            date = in_force_date(article.text)
            if date and (law.promulgated is None or date >= law.promulgated):
                law.effective = date
                break


def _status(law: Law, meta: Meta, manifest: ManifestRow | None) -> None:
    if manifest is not None:
        law.status, law.superseded_by = manifest_status(manifest.status)
        law.status_note = manifest.status
        return
    if meta.status:
        law.status = SOURCE_STATUS.get(meta.status.strip(), Status.CURRENT)
    if law.status == Status.CURRENT and law.effective and law.effective > dt.date.today():
        law.status = Status.PENDING  # a file without a manifest, not yet in force
