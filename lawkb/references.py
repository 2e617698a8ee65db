"""The grammar of in-text references: 本法第X条, 第X条第Y款第Z项, 前款, 《X法》第Y条, ranges, lists.

Two steps, kept apart so that the grammar can be tested on made-up sentences:

* `find_mentions(text)` reads a text and returns every reference it contains, as written
  (which law, which articles, paragraphs and items), with its [start, end) offsets.
* `resolve_mention(mention, context)` turns one mention into targets (law title, article key,
  paragraph, item) using what the collection knows (`ResolveContext`). A law that the collection
  does not hold stays unresolved, with its name as written: never linked to another law.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from lawkb.numerals import NumeralError, cn_to_int, suffix_label

_N = r"[零〇一二三四五六七八九十百千两]+|\d+"
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
            rf"(?P<art>第\s*(?P<art_n>{_N})\s*条(?:之(?P<art_s>[一二三四五六七八九十]+))?)",
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
_FORMER_NOTE = re.compile(
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


@dataclass(frozen=True)
class Target:
    """Where a mention points: a law title and article key, or unresolved with a reason."""

    law: str | None  # full title, None when the law is not in the collection
    key: str | None  # article key "59", "120之一"
    paragraph: int | None = None
    item: int | None = None
    resolved: bool = True
    law_written: str = ""  # the law's name as written, kept for unresolved references
    note: str = ""

    @property
    def ref(self) -> str | None:
        return f"{self.law}#{self.key}" if self.law and self.key else None


@dataclass
class ResolveContext:
    """What resolution needs to know about the citing article and the collection.

    law: the citing law's full title; key: the citing article's key; paragraph: 1-based 款 of
    the mention inside the citing article; lookup_law: a name as written -> full title or None;
    keys_of: full title -> its article keys in order ([] when the law has no articles).
    """

    law: str
    key: str
    paragraph: int
    lookup_law: Callable[[str], str | None]
    keys_of: Callable[[str], Sequence[str]]
    previous_key: str | None = None
    paragraph_count: int = 0
    last_named: str | None = None  # 该法: the title named last before this mention …
    last_named_written: str = ""  # … and its name as written (also when not in the collection)
    last_named_former: bool = False  # … which was an earlier text (旧条例, …废止)
    extra: dict[str, str] = field(default_factory=dict)  # this text's 以下简称 abbreviations


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


# -- resolution ------------------------------------------------------------------------------


def resolve_mention(mention: Mention, ctx: ResolveContext) -> list[Target]:
    """Targets of one mention. Unresolved targets keep the law's name as written."""
    law, written, why = _target_law(mention, ctx)
    out: list[Target] = []
    for unit in mention.units:
        out.extend(_resolve_unit(unit, law, written, why, ctx))
    return out


def _target_law(mention: Mention, ctx: ResolveContext) -> tuple[str | None, str, str]:
    """(full title or None, name as written, reason when None)."""
    if mention.law_kind == "self":
        if not ctx.keys_of(ctx.law) and ctx.last_named_written:
            # a text without articles (a 意见, a 复函) cites, or quotes, the law it named before
            if ctx.last_named_former:
                return None, ctx.last_named_written, EARLIER_TEXT
            why = "" if ctx.last_named else "law not in the collection"
            return ctx.last_named, ctx.last_named_written, why
        return ctx.law, mention.law_name, ""
    if mention.law_kind == "that":
        if ctx.last_named_former:
            return None, ctx.last_named_written, EARLIER_TEXT
        if ctx.last_named:
            return ctx.last_named, mention.law_name, ""
        if ctx.last_named_written:
            return None, ctx.last_named_written, "law not in the collection"
        return None, mention.law_name, "该法: no law named before it"
    names = split_bare_name(mention.law_name) if mention.bare_name else [mention.law_name]
    for name in names:
        if ctx.extra.get(name) == "":
            return None, name, EARLIER_TEXT  # 旧条例第二十八条
        title = ctx.extra.get(name) or ctx.lookup_law(name)
        if title is None and name in ctx.extra:
            title = ctx.lookup_law(ctx.extra[name])
        if title is None and name.startswith("新"):
            title = ctx.lookup_law(name[1:])  # 新环境保护法: the text in force when written
        if title:
            return title, name, ""
    shown = _display_name(mention.law_name) if mention.bare_name else mention.law_name
    return None, shown, "law not in the collection"


def _display_name(run: str) -> str:
    """年公布的原治安管理处罚法 -> 原治安管理处罚法: cut after the last function word (but
    never inside 中华人民共和国)."""
    keep = run.find("中华人民共和国")
    cut = 0
    for i in range(1, len(run) - 2):
        if keep != -1 and keep < i <= keep + 7:
            continue
        if run[:i].endswith(FUNCTION_WORDS):
            cut = i
    return run[cut:]


def _resolve_unit(
    unit: Unit, law: str | None, written: str, why: str, ctx: ResolveContext
) -> list[Target]:
    paragraphs: tuple[int | None, ...] = unit.paragraphs or (None,)
    items: tuple[int | None, ...] = unit.items or (None,)

    def targets(key: str | None, paras: Sequence[int | None], note: str = "") -> list[Target]:
        if law is None or key is None:
            return [
                Target(None, key, p, i, False, written, why or note) for p in paras for i in items
            ]
        return [Target(law, key, p, i, True, written, note) for p in paras for i in items]

    if unit.rel in ("prev_para", "this_para"):
        if unit.rel == "this_para":
            paras: list[int | None] = [ctx.paragraph]
        else:
            paras = list(range(ctx.paragraph - unit.prev_count, ctx.paragraph))
        if not paras or paras[0] is None or paras[0] < 1:
            return [Target(None, None, None, None, False, written, "前款 in the first paragraph")]
        return [Target(ctx.law, ctx.key, p, i, True, "", "") for p in paras for i in items]
    if unit.rel == "prev_art":
        if ctx.previous_key is None:
            return [Target(None, None, None, None, False, written, "前条 in the first article")]
        return [Target(ctx.law, ctx.previous_key, None, None, True, "", "")]
    if unit.rel == "this_art" or unit.number is None:
        # 本条第二款, or 第二款 / 第三项 alone: inside the citing article
        paras2 = paragraphs if unit.paragraphs else ((ctx.paragraph if unit.items else None),)
        return [Target(ctx.law, ctx.key, p, i, True, "", "") for p in paras2 for i in items]
    if law is None:
        keys = [f"{unit.number}{unit.suffix}"]
        if unit.range_to:
            keys.append(f"{unit.range_to[0]}{unit.range_to[1]}")
        return [t for k in keys for t in targets(k, paragraphs)]
    known = list(ctx.keys_of(law))
    key = f"{unit.number}{unit.suffix}"
    if key not in known:
        return [
            Target(None, key, p, i, False, written or law, "no such article in that law")
            for p in paragraphs
            for i in items
        ]
    if unit.range_to is None:
        return targets(key, paragraphs)
    end = f"{unit.range_to[0]}{unit.range_to[1]}"
    if end not in known or known.index(end) < known.index(key):
        missing = Target(None, end, None, None, False, written or law, "range end not in that law")
        return [*targets(key, paragraphs), missing]
    return [t for k in known[known.index(key) : known.index(end) + 1] for t in targets(k, (None,))]


_NAMED_LAW_RE = re.compile(r"《(?P<name>[^《》\n]{1,60})》")


def resolve_text(
    text: str,
    *,
    law: str,
    key: str,
    paragraph_at: Callable[[int], int],
    lookup_law: Callable[[str], str | None],
    keys_of: Callable[[str], Sequence[str]],
    previous_key: str | None = None,
    extra: dict[str, str] | None = None,
    named_before: str = "",
) -> list[tuple[Mention, list[Target]]]:
    """Find and resolve every reference in one article's text.

    paragraph_at(offset) gives the 1-based 款 holding that offset (for 前款 and 本款).
    `extra` holds the citing law's 以下简称 abbreviations; `named_before` the law named last
    in the text before this one (for documents without articles, whose sections go on
    about the law named earlier).
    """
    extra = extra or {}
    # (position, name as written, an earlier text?)
    named: list[tuple[int, str, bool]] = [(-1, named_before, False)] if named_before else []
    for m in _NAMED_LAW_RE.finditer(text):
        former = _FORMER_NOTE.match(text, m.end()) is not None or extra.get(m.group("name")) == ""
        named.append((m.start(), m.group("name"), former))
    out: list[tuple[Mention, list[Target]]] = []
    for mention in find_mentions(text):
        before = [entry for entry in named if entry[0] < mention.start]
        _pos, written, former = max(before) if before else (0, "", False)
        title = (extra.get(written) or lookup_law(written)) if written and not former else None
        if written and not former and title is None and written in extra:
            title = lookup_law(extra[written])
        ctx = ResolveContext(
            law=law,
            key=key,
            paragraph=paragraph_at(mention.start),
            lookup_law=lookup_law,
            keys_of=keys_of,
            previous_key=previous_key,
            last_named=title,
            last_named_written=written,
            last_named_former=former,
            extra=extra,
        )
        if (
            mention.law_kind == "named"
            and not mention.bare_name
            and _FORMER_NOTE.match(text, mention.start + len(mention.law_name) + 2)
        ):
            # 《X》（…废止…）第五条: the article of an earlier text
            targets = [
                Target(
                    None,
                    f"{u.number}{u.suffix}" if u.number else None,
                    None,
                    None,
                    False,
                    mention.law_name,
                    EARLIER_TEXT,
                )
                for u in mention.units
            ]
            out.append((mention, targets))
            continue
        targets = resolve_mention(mention, ctx)
        if mention.bare_name and targets and mention.law_name.endswith(targets[0].law_written):
            cut = len(mention.law_name) - len(targets[0].law_written)
            mention = replace(mention, start=mention.start + cut, text=mention.text[cut:])
        if mention.law_kind == "named" and targets and targets[0].law_written:
            # 大气污染防治法第十八条……第九十九条: a name without 《》 counts as named too
            earlier = targets[0].note == EARLIER_TEXT
            named.append((mention.start, targets[0].law or targets[0].law_written, earlier))
        out.append((mention, targets))
    return out


def last_named(pairs: list[tuple[Mention, list[Target]]], text: str) -> str:
    """The law a text named last, from its 《X》 and its resolved references, or ""."""
    found = [(m.start(), m.group("name")) for m in _NAMED_LAW_RE.finditer(text)]
    found += [(m.start, t[0].law) for m, t in pairs if m.law_kind == "named" and t and t[0].law]
    found = [
        (pos, name) for pos, name in found if not _FORMER_NOTE.match(text, pos + len(name) + 2)
    ]
    return max(found)[1] if found else ""
