"""What a format parser hands back: the cleaned lines and the facts its header gives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lawkb.corpus.structure import Line
from lawkb.errors import ParseError
from lawkb.i18n import _

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Meta:
    title: str = ""
    issuer: str = ""
    doc_number: str = ""
    promulgated: dt.date | None = None
    effective: dt.date | None = None
    status: str = ""  # as the source writes it: 现行有效, 已被修改, 有效 …
    category: str = ""  # the source's own hint, used when neither manifest nor folder says


@dataclass
class Parsed:
    meta: Meta
    lines: list[Line] = field(default_factory=list)


def load_front_matter(lines: list[str], end: int, path: Path | str) -> dict:
    """Parse lines[1:end-1] (between the two `---`) as YAML; {} when there is none."""
    if end == 0:
        return {}
    try:
        data = yaml.load("\n".join(lines[1 : end - 1]), Loader=_Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        raise ParseError(path, line, _("开头的元数据不是有效的 YAML：{e}").format(e=e)) from None
    except (ValueError, OverflowError, RecursionError) as e:  # e.g. a date 2020-02-31
        raise ParseError(
            path, 1, _("开头的元数据中有 YAML 无法读取的值：{e}").format(e=e)
        ) from None
    if not isinstance(data, dict):
        raise ParseError(path, 1, _("开头的元数据必须是两行 `---` 之间的 `键: 值` 行"))
    return data


def first_title(lines: list[str], path: Path | str, start: int = 0) -> tuple[str, int]:
    """The `# 标题` line at or after start: (title, index of the next line)."""
    for i in range(start, len(lines)):
        s = lines[i].strip()
        if not s:
            continue
        if s.startswith("# "):
            return s[2:].strip(), i + 1
        break
    raise ParseError(path, start + 1, _("应以 `# 标题` 行写出法规标题"))
