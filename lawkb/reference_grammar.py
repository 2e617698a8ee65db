"""The grammar of in-text references: 本法第X条, 第X条第Y款第Z项, 前款, 《X法》第Y条, ranges, lists.

`find_mentions(text)` reads a text and returns every reference it contains, as written (which
law, which articles, paragraphs and items), with its [start, end) offsets. Turning a mention
into the articles it points at is `lawkb.references`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lawkb.numerals import CN_NUM, CN_SMALL, NumeralError, cn_to_int, suffix_label

_N = rf"[{CN_NUM}]+|\d+"
# What a law, regulation or rule calls itself ("本法" …), longest first
SELF_NAMES = (
    "本法典",
    "本法",
    "本条例",
    "本办法",
    "本规定",
    "本细则",
    "本规则",
    "本决定",
    "本解释",
)
SELF_NAMES += ("本准则", "本分编", "本编", "本章", "本节")
# 该法: the law named last in the same text
THAT_NAMES = ("该法典", "该法", "该条例", "该办法", "该规定", "该细则")
# How a law's name ends, for names written without 《》 (依照行政复议法第九条)
_NAME_END = r"(?:法典|法|条例|办法|规定|细则|规则|决定|解释)"
# Words that may stand right before a law name written without 《》: the name starts after them
FUNCTION_WORDS = (
    "依照", "依据", "按照", "根据", "违反", "适用", "遵守", "属于", "视同", "认定", "办理",
    "参照", "执行", "实施", "符合", "对照", "了", "有", "的", "新", "和", "及", "或者", "或",
    "与", "并", "对", "即", "按", "照", "据", "由", "用", "在", "是",
)  # fmt: skip
_CONNECTORS = {"", "、", "和", "及", "以及", "或者", "或", "与", "至", "到", "~", "～", "—", "-"}
_RANGE_WORDS = {"至", "到", "~", "～", "—", "-"}

_TOKEN_RE = re.compile(
    "|".join(
        [
            r"(?P<law>《[^《》\n]{1,60}》)",
            r"(?P<self>" + "|".join(SELF_NAMES) + ")",
            r"(?P<that>" + "|".join(THAT_NAMES) + ")",
            rf"(?P<art>第\s*(?P<art_n>{_N})\s*条(?:之(?P<art_s>[{CN_SMALL}]+))?)",
            rf"(?P<para>第\s*(?P<para_n>{_N})\s*款)",
            rf"(?P<item>第\s*[（(]?\s*(?P<item_n>{_N})\s*[）)]?\s*项)",
            r"(?P<prev_para>前(?P<prev_n>[两二三四五]?)款)",
            r"(?P<this_para>本款)",
            r"(?P<this_art>本条)",
            r"(?P<prev_art>前条)",
        ]
    )
)
# a version note may stand between a name and the article: 原环境影响评价法（2002年）第三十一条
_VERSION_NOTE = r"[（(][^（）()\n]{1,24}[）)]"
_BARE_NAME_RE = re.compile(rf"(?P<name>[\u4e00-\u9fff]{{1,24}}{_NAME_END})(?:{_VERSION_NOTE})?$")
_ABBREV_RE = re.compile(
    r"《(?P<full>[^《》\n]{2,60})》\s*[（(](?P<pre>[^（）()\n]{0,80}?)以下简称\s*[《“\"]?"
    r"(?P<short>[^》”\"）)\n]{1,20})[》”\"]?\s*[）)]"
)
# 《X条例》（1998年…施行，2017年…废止，以下简称旧条例）: an earlier text, not the one held
FORMER_NOTE = re.compile(
    r"\s*[（(][^（）()\n]{0,80}?(?:废止|以下简称[《“\"]?[旧原])[^（）()\n]{0,40}[）)]"
)
EARLIER_TEXT = "an earlier text of the law, not in the collection"


@dataclass(frozen=True)
class Unit:
    """One referenced place, as written. `rel` marks relative forms (前款, 本条 …)."""

    number: int | None = None  # 条; None: inside the citing article
    suffix: str = ""  # 之一
    paragraphs: tuple[int, ...] = ()  # 款 (1-based), () = the whole article
    items: tuple[int, ...] = ()  # 项 (1-based)
    rel: str = ""  # "", "prev_para", "this_para", "this_art", "prev_art"
    prev_count: int = 0  # 前两款 -> 2
    range_to: tuple[int, str] | None = None  # 第X条至第Y条: (Y, suffix)


@dataclass(frozen=True)
class Mention:
    """A reference as written in a text, with its offsets [start, end)."""

    text: str
    start: int
    end: int
    law_kind: str  # "self" (本法, or none written), "named" (《X》 or a bare name), "that" (该法)
    law_name: str = ""  # as written: 中华人民共和国行政处罚法, 本法, 行政复议法
    units: tuple[Unit, ...] = ()
    # 依照刑法第X条: the run of characters before 第, to be cut at a function word
    bare_name: bool = False


def _num(text: str) -> int:
    return int(text) if text.isdigit() else cn_to_int(text)


def _suffix(text: str | None) -> str:
    return suffix_label(cn_to_int(text)) if text else ""


def abbreviations(text: str) -> dict[str, str]:
    """《中华人民共和国行政复议法》（以下简称行政复议法） -> {"行政复议法": full title}.

    An abbreviation of an earlier text (…废止，以下简称旧条例) maps to "": it names a text the
    collection does not hold.
    """
    out: dict[str, str] = {}
    for m in _ABBREV_RE.finditer(text):
        short = m.group("short").strip().strip("《》")
        if short:
            former = "废止" in m.group("pre") or short.startswith(("旧", "原"))
            out[short] = "" if former else m.group("full").strip()
    return out


def split_bare_name(run: str) -> list[str]:
    """Candidate names inside a run such as 同时违反了大气污染防治法, longest first.

    A shorter candidate is offered only where the text before it ends with a function word, so
    that 海洋环境保护法 never yields 环境保护法.
    """
    out = [run]
    for i in range(1, len(run) - 1):
        before = run[:i]
        if before.endswith(FUNCTION_WORDS):
            out.append(run[i:])
    return out


def _group_tokens(text: str) -> list[list[re.Match[str]]]:
    """Runs of tokens joined only by connectors (、 和 至 …)."""
    groups: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    last_end = -1
    for m in _TOKEN_RE.finditer(text):
        gap = text[last_end : m.start()] if current else None
        joined = gap is not None and "\n" not in gap and gap.strip() in _CONNECTORS
        if gap and current[-1].lastgroup == "law" and re.fullmatch(_VERSION_NOTE, gap.strip()):
            joined = True  # 《X法》（2018年修正）第五条
        if current and joined:
            current.append(m)
        else:
            if current:
                groups.append(current)
            current = [m]
        last_end = m.end()
    if current:
        groups.append(current)
    return groups


def find_mentions(text: str) -> list[Mention]:
    """Every reference in `text`, in order. Pure: knows nothing about the collection."""
    mentions: list[Mention] = []
    for group in _group_tokens(text):
        mentions.extend(_parse_group(text, group))
    return mentions


def _parse_group(text: str, group: list[re.Match[str]]) -> list[Mention]:
    """One run of tokens -> mentions. A law token (《X》, 本法, 该法) starts a new mention."""
    out: list[Mention] = []
    law_kind, law_name, bare = "self", "", False
    units: list[Unit] = []
    start: int | None = None
    end = 0

    def flush() -> None:
        nonlocal units, start
        if units and start is not None:
            out.append(Mention(text[start:end], start, end, law_kind, law_name, tuple(units), bare))
        units, start = [], None

    for i, m in enumerate(group):
        kind = m.lastgroup
        gap = text[group[i - 1].end() : m.start()].strip() if i else ""
        is_range = gap in _RANGE_WORDS
        if kind in ("law", "self", "that"):
            flush()
            law_kind = {"law": "named", "self": "self", "that": "that"}[kind]
            law_name = m.group(kind).strip("《》") if kind == "law" else m.group(kind)
            bare = False
            start, end = m.start(), m.end()
            continue
        try:
            unit = _unit(m)
        except NumeralError:
            continue
        if start is None:
            start = m.start()
            if kind == "art" and i == 0:
                run = _BARE_NAME_RE.search(text, max(0, m.start() - 30), m.start())
                if run and run.end() == m.start():
                    law_kind, law_name, bare = "named", run.group("name"), True
                    start = run.start()
                else:
                    law_kind, law_name, bare = "self", "", False
        end = m.end()
        units = _attach(units, unit, kind, is_range)
    flush()
    return out


def _unit(m: re.Match[str]) -> Unit:
    kind = m.lastgroup
    if kind == "art":
        return Unit(number=_num(m.group("art_n")), suffix=_suffix(m.group("art_s")))
    if kind == "para":
        return Unit(paragraphs=(_num(m.group("para_n")),))
    if kind == "item":
        return Unit(items=(_num(m.group("item_n")),))
    if kind == "prev_para":
        n = m.group("prev_n")
        return Unit(rel="prev_para", prev_count=_num(n) if n else 1)
    return Unit(rel=kind or "")


def _attach(units: list[Unit], unit: Unit, kind: str | None, is_range: bool) -> list[Unit]:
    """Add a token to the units read so far: 第X条 + 第Y款 narrows, 、第Z条 adds, 至 spans."""
    last = units[-1] if units else None
    if kind == "art":
        if is_range and last and last.number is not None and not last.paragraphs:
            units[-1] = _with(last, range_to=(unit.number or 0, unit.suffix))
            return units
        return [*units, unit]
    if last is None or last.range_to is not None:
        return [*units, unit]
    if kind == "para" and last.rel in ("", "this_art"):
        if last.items:  # 第X条第一款第二项、第二款: a sibling paragraph
            return [*units, _with(last, paragraphs=unit.paragraphs, items=())]
        paras = _extend(last.paragraphs, unit.paragraphs[0], is_range)
        units[-1] = _with(last, paragraphs=paras)
        return units
    if kind == "item":
        units[-1] = _with(last, items=_extend(last.items, unit.items[0], is_range))
        return units
    return [*units, unit]


def _extend(values: tuple[int, ...], new: int, is_range: bool) -> tuple[int, ...]:
    if is_range and values and new > values[-1]:
        return (*values, *range(values[-1] + 1, new + 1))
    return (*values, new)


def _with(u: Unit, **changes: object) -> Unit:
    data = {
        "number": u.number,
        "suffix": u.suffix,
        "paragraphs": u.paragraphs,
        "items": u.items,
        "rel": u.rel,
        "prev_count": u.prev_count,
        "range_to": u.range_to,
    }
    data.update(changes)
    return Unit(**data)  # type: ignore[arg-type]
