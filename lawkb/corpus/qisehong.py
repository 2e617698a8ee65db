"""qisehong-yaml-md: YAML front matter, `# 全称`, `2026-03-12 公布`, then the law (wiki markup)."""

from __future__ import annotations

import re
from pathlib import Path

from lawkb.corpus.clean import clean_inline
from lawkb.corpus.dates import iso_date
from lawkb.corpus.markdown import body_lines, front_matter_end
from lawkb.corpus.meta import Meta, Parsed, first_title, load_front_matter

_DATE_LINE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})\s*(公布|通过|施行|发布)\s*$")


def parse(text: str, path: Path) -> Parsed:
    lines = text.split("\n")
    end = front_matter_end(lines)
    fm = load_front_matter(lines, end, path)
    title, start = first_title(lines, path, end)
    meta = Meta(
        title=clean_inline(str(fm.get("title") or title)),
        issuer=str(fm.get("issuing_authority") or ""),
        promulgated=iso_date(fm.get("publish_date")),
        status=str(fm.get("status") or ""),
        category=str(fm.get("category") or "").split("/")[0],
    )
    # dated lines right under the title (2026-03-12 公布) are metadata, not preface
    while start < len(lines):
        s = lines[start].strip()
        m = _DATE_LINE.match(s)
        if s and not m:
            break
        if m and m.group(2) == "施行":
            meta.effective = iso_date(m.group(1))
        elif m and meta.promulgated is None:
            meta.promulgated = iso_date(m.group(1))
        start += 1
    return Parsed(meta, body_lines(lines, start))
