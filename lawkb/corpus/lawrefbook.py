"""lawrefbook-md: `# 全称`, INFO lines (2014年4月24日 … 修订), `<!-- INFO END -->`, the law."""

from __future__ import annotations

import re
from pathlib import Path

from lawkb.corpus.clean import clean_inline
from lawkb.corpus.dates import scan_events
from lawkb.corpus.markdown import body_lines
from lawkb.corpus.meta import Meta, Parsed, first_title

INFO_END = "<!-- INFO END -->"
_DECREE = re.compile(r"([\u4e00-\u9fff]{1,20}令第\s*\d+\s*号)")


def issuer_from_info(first_event: str) -> str:
    """The body that enacted the first version, as far as the INFO line says."""
    if "常务委员会" in first_event and "全国人民代表大会" in first_event:
        return "全国人民代表大会常务委员会"
    if "全国人民代表大会" in first_event:
        return "全国人民代表大会"
    if "国务院" in first_event:
        return "国务院"
    return ""


def parse(text: str, path: Path) -> Parsed:
    lines = text.split("\n")
    title, start = first_title(lines, path)
    meta = Meta(title=clean_inline(title))
    end = next((i for i in range(start, len(lines)) if lines[i].strip() == INFO_END), None)
    if end is not None:
        info = [clean_inline(s) for s in lines[start:end]]
        info = [s for s in info if s]
        block = "\n".join(info)
        meta.promulgated, meta.effective = scan_events(block)
        if info:
            meta.issuer = issuer_from_info(info[0])
        decrees = _DECREE.findall(block)
        if decrees:
            meta.doc_number = decrees[-1].replace(" ", "")
        start = end + 1
    return Parsed(meta, body_lines(lines, start))
