"""In-text references: 本法第X条, 第X条第Y款第Z项, 前款, 《X法》第Y条, ranges, lists.

Two steps, kept apart so that the grammar can be tested on made-up sentences:

* `find_mentions(text)` (in `lawkb.reference_grammar`) reads a text and returns every
  reference it contains, as written (which law, which articles, paragraphs and items), with
  its [start, end) offsets.
* `resolve_mention(mention, context)` turns one mention into targets (law title, article key,
  paragraph, item) using what the collection knows (`ResolveContext`). A law that the collection
  does not hold stays unresolved, with its name as written: never linked to another law.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from lawkb.reference_grammar import (
    EARLIER_TEXT,
    FORMER_NOTE,
    FUNCTION_WORDS,
    SELF_NAMES,
    THAT_NAMES,
    Mention,
    Unit,
    abbreviations,
    find_mentions,
    split_bare_name,
)

__all__ = [
    "EARLIER_TEXT",
    "SELF_NAMES",
    "THAT_NAMES",
    "Mention",
    "ResolveContext",
    "Target",
    "Unit",
    "abbreviations",
    "find_mentions",
    "last_named",
    "resolve_mention",
    "resolve_text",
    "split_bare_name",
]


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
        former = FORMER_NOTE.match(text, m.end()) is not None or extra.get(m.group("name")) == ""
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
            and FORMER_NOTE.match(text, mention.start + len(mention.law_name) + 2)
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
    found = [(pos, name) for pos, name in found if not FORMER_NOTE.match(text, pos + len(name) + 2)]
    return max(found)[1] if found else ""
