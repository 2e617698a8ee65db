"""What changed between an old article and its successor: numbers, 应当 against 可以, items.

Pure functions over two texts (no textual here): the TUI's comparison screen, the crosswalk
builder's same/changed check and `lawkb crosswalk compare --json` all read the same result.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from lawkb.compare_residual import (
    crime_clauses_only,
    modal_counts_differ,
    residual_kinds,
    residual_pieces,
)
from lawkb.crosswalk import parse_parts
from lawkb.models import Article, Paragraph
from lawkb.numerals import CN_NUM, CN_SMALL, NumeralError, cn_to_int

_CN = CN_NUM
_NUM = rf"(?:\d+(?:\.\d+)?|[{_CN}]+(?:点[{_CN}]+)?)"
# (kind, unit regex, factor to a common unit)
_UNITS: list[tuple[str, str, float]] = [
    ("money", "亿元", 1e8),
    ("money", "万元", 1e4),
    ("money", "元", 1.0),
    ("multiple", "倍", 1.0),
    ("time", "个工作日", 1.0),
    ("time", "工作日", 1.0),
    ("time", "日", 1.0),
    ("time", "天", 1.0),
    ("time", "小时", 1 / 24),
    ("time", "个月", 30.0),
    ("time", "年", 365.0),
    ("distance", "公里", 1000.0),
    ("distance", "千米", 1000.0),
    ("distance", "米", 1.0),
    ("level", "分贝", 1.0),
]
_UNIT_RE = "|".join(u for _k, u, _f in _UNITS)
_NUMBER_RE = re.compile(rf"(?P<pct>百分之(?P<pn>{_NUM}))|(?P<n>{_NUM})\s*(?P<unit>{_UNIT_RE})")
_DATE_RE = re.compile(r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日")
MODALS = ("应当", "可以", "必须", "不得", "禁止", "鼓励", "支持", "有权", "应")
_MODAL_PAIRS = {
    frozenset(p) for p in (("应当", "可以"), ("必须", "可以"), ("不得", "可以"), ("不得", "禁止"))
}


@dataclass(frozen=True)
class Number:
    kind: str  # money, multiple, time, distance, level, percent
    value: float  # in a common unit (元, 日, 米 …)
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Segment:
    """One piece of a character diff: op is equal, insert, delete or replace."""

    op: str
    old: str
    new: str


@dataclass
class Comparison:
    old_ref: str
    new_ref: str
    similarity: float  # 0-1, share of characters in common
    segments: list[Segment] = field(default_factory=list)
    numbers_removed: list[str] = field(default_factory=list)  # in the old text only
    numbers_added: list[str] = field(default_factory=list)  # in the new text only
    modal_changes: list[tuple[str, str]] = field(default_factory=list)  # (old, new)
    items_removed: list[str] = field(default_factory=list)  # item labels （三）
    items_added: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # change_kinds(): the crosswalk's label
    old_part: str = "全"  # the 款/项 compared (a split rule is compared part by part)
    new_part: str = "全"

    @property
    def numbers_agree(self) -> bool:
        return not self.numbers_removed

    def as_dict(self) -> dict:
        return {
            "old_ref": self.old_ref,
            "new_ref": self.new_ref,
            "similarity": round(self.similarity, 3),
            "numbers_removed": self.numbers_removed,
            "numbers_added": self.numbers_added,
            "modal_changes": [list(p) for p in self.modal_changes],
            "items_removed": self.items_removed,
            "items_added": self.items_added,
            "changes": self.changes,
            "old_part": self.old_part,
            "new_part": self.new_part,
            "segments": [s.__dict__ for s in self.segments],
        }


def _value(text: str) -> float | None:
    text = text.strip()
    try:
        if re.fullmatch(r"\d+(?:\.\d+)?", text):
            return float(text)
        if "点" in text:
            whole, frac = text.split("点", 1)
            digits = "".join(str(cn_to_int(c)) for c in frac)
            return float(f"{cn_to_int(whole)}.{digits}")
        return float(cn_to_int(text))
    except (NumeralError, ValueError):
        return None


_DAY_RE = re.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日")


def extract_numbers(text: str) -> list[Number]:
    """Amounts, multiples, time limits, distances, percentages, and calendar days (kind
    "date": 每年6月5日) in a text; a date is never read as a time limit."""
    dates = [(m.start(), m.end()) for m in _DATE_RE.finditer(text)]
    out: list[Number] = []
    for m in _DAY_RE.finditer(text):
        value = int(m["y"] or 0) * 10000 + int(m["m"]) * 100 + int(m["d"])
        out.append(Number("date", float(value), m.group(0), m.start(), m.end()))
    for m in _NUMBER_RE.finditer(text):
        if any(s <= m.start() < e for s, e in dates):
            continue
        if m.group("pct"):
            v = _value(m.group("pn"))
            if v is not None:
                out.append(Number("percent", v, m.group(0), m.start(), m.end()))
            continue
        v = _value(m.group("n"))
        if v is None:
            continue
        unit = m.group("unit")
        kind, factor = next((k, f) for k, u, f in _UNITS if u == unit)
        out.append(Number(kind, v * factor, m.group(0), m.start(), m.end()))
    out.sort(key=lambda n: n.start)
    return out


_RANGED = ("money", "multiple")


@dataclass(frozen=True)
class Term:
    """A number as a rule uses it: amounts and multiples as ranges (五万元以上二十万元以下),
    time limits, distances and percentages as values."""

    kind: str
    low: float | None
    high: float | None
    text: str


def number_terms(text: str) -> list[Term]:
    nums = extract_numbers(text)
    out: list[Term] = []
    i = 0
    while i < len(nums):
        n = nums[i]
        after = text[n.end : n.end + 2]
        if n.kind not in _RANGED:
            out.append(Term(n.kind, round(n.value, 4), round(n.value, 4), n.text))
            i += 1
            continue
        nxt = nums[i + 1] if i + 1 < len(nums) else None
        if (
            after == "以上"
            and nxt is not None
            and nxt.kind == n.kind
            and nxt.start - n.end <= 3
            and text[nxt.end : nxt.end + 2] in ("以下", "以内")
        ):
            out.append(Term(n.kind, n.value, nxt.value, text[n.start : nxt.end + 2]))
            i += 2
            continue
        if after in ("以下", "以内"):
            out.append(Term(n.kind, None, n.value, text[n.start : n.end + 2]))
        elif after == "以上":
            out.append(Term(n.kind, n.value, None, text[n.start : n.end + 2]))
        else:
            out.append(Term(n.kind, n.value, n.value, n.text))
        i += 1
    return out


def number_keys(text: str) -> set[tuple[str, float | None, float | None]]:
    return {(t.kind, t.low, t.high) for t in number_terms(text)}


def numbers_removed(old: str, new: str, kinds: tuple[str, ...] | None = None) -> list[str]:
    """Amounts (as ranges), time limits and the like of the old text that the new text does
    not have, as written in the old text."""
    have = number_keys(new)
    out: list[str] = []
    for t in number_terms(old):
        if kinds and t.kind not in kinds:
            continue
        if (t.kind, t.low, t.high) not in have and t.text not in out:
            out.append(t.text)
    return out


def diff_segments(old: str, new: str) -> list[Segment]:
    """A character diff, with equal runs shorter than two characters folded into changes."""
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    raw: list[Segment] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        raw.append(Segment(op, old[i1:i2], new[j1:j2]))
    merged: list[Segment] = []
    for seg in raw:
        after_change = bool(merged) and merged[-1].op != "equal"
        if after_change and (seg.op != "equal" or len(seg.old) < 2):
            prev = merged.pop()
            seg = Segment("replace", prev.old + seg.old, prev.new + seg.new)
        merged.append(seg)
    return _widen_numbers([_tidy(s) for s in merged])


_NUM_CHARS = set(_CN + "0123456789.点")


def _widen_numbers(segs: list[Segment]) -> list[Segment]:
    """十日 -> 十五日 shows 十 -> 十五 changed, not 五 inserted: a change takes in the digits
    around it."""
    segs = list(segs)
    for i, seg in enumerate(segs):
        if seg.op == "equal":
            continue
        if i > 0 and segs[i - 1].op == "equal":
            prev = segs[i - 1].old
            k = len(prev)
            while k > 0 and prev[k - 1] in _NUM_CHARS:
                k -= 1
            if k < len(prev) and (seg.old[:1] in _NUM_CHARS or seg.new[:1] in _NUM_CHARS):
                moved = prev[k:]
                segs[i - 1] = Segment("equal", prev[:k], prev[:k])
                seg = Segment("replace", moved + seg.old, moved + seg.new)
        if i + 1 < len(segs) and segs[i + 1].op == "equal":
            nxt = segs[i + 1].old
            k = 0
            while k < len(nxt) and nxt[k] in _NUM_CHARS:
                k += 1
            if k and (seg.old[-1:] in _NUM_CHARS or seg.new[-1:] in _NUM_CHARS):
                moved = nxt[:k]
                segs[i + 1] = Segment("equal", nxt[k:], nxt[k:])
                seg = Segment("replace", seg.old + moved, seg.new + moved)
        segs[i] = _tidy(seg)
    return [s for s in segs if s.old or s.new]


def _tidy(seg: Segment) -> Segment:
    if seg.op == "equal":
        return seg
    if seg.old and seg.new:
        return Segment("replace", seg.old, seg.new)
    return Segment("delete" if seg.old else "insert", seg.old, seg.new)


def modal_changes(segments: list[Segment]) -> list[tuple[str, str]]:
    """应当 -> 可以 and the like, read from the replaced pieces of a diff."""
    out: list[tuple[str, str]] = []
    for seg in segments:
        if seg.op != "replace":
            continue
        for a in MODALS:
            for b in MODALS:
                if (
                    a != b
                    and frozenset((a, b)) in _MODAL_PAIRS
                    and a in seg.old
                    and b in seg.new
                    and b not in seg.old
                    and (a, b) not in out
                ):
                    out.append((a, b))
    return out


_ITEM_LABEL = re.compile(rf"^[（(]([{CN_SMALL}]+)[）)]")


def _items(article: Article) -> list[str]:
    return [i for p in article.paragraphs for i in p.items]


def item_changes(old: Article, new: Article, threshold: float = 0.5) -> tuple[list[str], list[str]]:
    """(removed, added) items: an item with no counterpart at least `threshold` similar."""
    old_items, new_items = _items(old), _items(new)
    if not old_items or not new_items:
        return [], []  # a list written out as a sentence, or the reverse: not item changes

    def body(s: str) -> str:
        return _ITEM_LABEL.sub("", s)

    def best(item: str, pool: list[str]) -> float:
        return max(
            (
                difflib.SequenceMatcher(None, body(item), body(p), autojunk=False).ratio()
                for p in pool
            ),
            default=0.0,
        )

    def label(item: str) -> str:
        m = _ITEM_LABEL.match(item)
        return m.group(0) if m else item[:8]

    removed = [label(i) for i in old_items if best(i, new_items) < threshold]
    added = [label(i) for i in new_items if best(i, old_items) < threshold]
    return removed, added


def compare_link(old: Article, new: Article, part: str = "全", new_part: str = "全") -> Comparison:
    """Compare the part of an old article a crosswalk row carries with where it went."""
    cmp = compare_articles(
        *crime_clauses_only(
            select_parts(old, parse_parts(part)), select_parts(new, parse_parts(new_part))
        )
    )
    cmp.old_ref, cmp.new_ref, cmp.old_part, cmp.new_part = old.ref, new.ref, part, new_part
    return cmp


def select_parts(article: Article, parts: list[str] | None) -> Article:
    """The article cut down to some of its parts (款i, 款i项j; an item keeps its paragraph's
    lead); a paragraph beginning 前款… goes with the paragraph it completes."""
    if parts is None:
        return article
    wanted = set(parts)
    kept: list[Paragraph | None] = []
    for i, p in enumerate(article.paragraphs, start=1):
        whole = f"款{i}" in wanted
        items = [it for j, it in enumerate(p.items, 1) if whole or f"款{i}项{j}" in wanted]
        follows = bool(kept) and kept[-1] is not None and _COMPLETES.match(p.text) is not None
        if whole or items or (follows and not p.items):
            kept.append(Paragraph(text=p.text, items=items))
        else:
            kept.append(None)
    chosen = [p for p in kept if p is not None]
    return article.model_copy(update={"paragraphs": chosen})


# …前款… completes the paragraph before, except a definition of one of its terms (前款所称
# 交通干线，包括…): that is a part of its own
_COMPLETES = re.compile(r"^(?:有|对|违反)?前[两二三四]?款(?!所称)")


def compare_articles(old: Article, new: Article) -> Comparison:
    old_text, new_text = old.text, new.text
    segments = diff_segments(old_text, new_text)
    same = sum(len(s.old) for s in segments if s.op == "equal")
    similarity = 2 * same / (len(old_text) + len(new_text)) if old_text or new_text else 1.0
    removed_items, added_items = item_changes(old, new)
    cmp = Comparison(
        old_ref=old.ref,
        new_ref=new.ref,
        similarity=similarity,
        segments=segments,
        numbers_removed=numbers_removed(old_text, new_text),
        numbers_added=numbers_removed(new_text, old_text),
        modal_changes=modal_changes(segments),
        items_removed=removed_items,
        items_added=added_items,
    )
    cmp.changes = change_kinds(cmp)
    return cmp


def _texts(cmp: Comparison) -> tuple[str, str]:
    return "".join(s.old for s in cmp.segments), "".join(s.new for s in cmp.segments)


_GOV = re.compile(
    r"(省、自治区、直辖市|省级|设区的市级以上地方|设区的市级以上|设区的市级|设区的市、自治州"
    r"|县级以上地方各级|县级以上地方|县级以上|地方各级|城市|县级|乡级|乡镇|沿海县级以上地方)人民政府"
    r"|国务院"
)
# a level that only qualifies a department (县级以上人民政府生态环境主管部门) is not an authority
_DEPT_AFTER = re.compile(r"[\u4e00-\u9fff、]{0,14}?(?:主管部门|管理部门|管理机构)")
_GOV_SAME = {
    "省级": "省、自治区、直辖市",
    "设区的市级以上": "设区的市级以上地方",
    "县级以上地方各级": "县级以上地方",
    "县级以上": "县级以上地方",
}
_TIME_WORDS = re.compile(r"时限|期限|限期")
_DUTY = re.compile(r"应当|不得|必须|禁止")
_LIST_PIECE = re.compile(r"^(?:、|和|及|以及|或者)[\u4e00-\u9fff（）]{2,}|[\u4e00-\u9fff]{2,}、$")
_NOT_SCOPE = re.compile(r"其他|等|有关|相关|应当|不得|的，|依法|按照|规定|拒不|改正")
NEW_DUTY_RATIO = 0.3  # a duty sentence no more like any sentence of the other side: new
# conditions a rule hangs on: a difference in how often one is written is a changed condition
_CONDITIONS = re.compile(
    r"情节严重|情节较轻|拒不改正|拒不执行|逾期不|造成严重|未经[^，。；]{1,20}(?:批准|同意)"
    r"|除[^，。；]{1,30}外|符合[^，。；]{1,20}条件|确需|在[^，。；]{1,20}(?:期间|时段)"
)
SHORT_SWAP = 12
REWORDED = 0.5  # below this share of characters in common, with nothing else found: wording


def authorities(text: str) -> set[str]:
    out = set()
    for m in _GOV.finditer(text):
        if _DEPT_AFTER.match(text, m.end()) and not text.startswith(("及", "和"), m.end()):
            continue
        level = m.group(1) or "国务院"
        out.add(_GOV_SAME.get(level, level))
    return out


def _duties(text: str) -> list[str]:
    return [s for s in re.split(r"[。；]", text) if _DUTY.search(s) and len(s) >= 12]


def _unmatched_duty(mine: str, theirs: str) -> bool:
    others = re.split(r"[。；]", theirs)
    for sentence in _duties(mine):
        best = max(
            (difflib.SequenceMatcher(None, sentence, o, autojunk=False).ratio() for o in others),
            default=0.0,
        )
        if best < NEW_DUTY_RATIO:
            return True
    return False


def _scope_piece(seg: Segment, old: str, new: str) -> bool:
    """An inserted or deleted list member (、非道路移动机械, 和船舶) not merely moved; in a
    replaced piece, a member of a 、 list that the other text does not have."""
    if seg.op == "replace":  # a short swap only: a long one is a rewrite, read otherwise
        short = max(len(seg.old), len(seg.new)) <= SHORT_SWAP
        return short and (_new_member(seg.new, old) or _new_member(seg.old, new))
    piece, other = (seg.new, old) if seg.op == "insert" else (seg.old, new)
    if seg.op not in ("insert", "delete") or not _LIST_PIECE.search(piece):
        return False
    core = re.sub(r"^(?:、|和|及|以及|或者)|、$|的$", "", piece)
    return not _NOT_SCOPE.search(piece) and core not in other


def _new_member(piece: str, other: str) -> bool:
    members = re.findall(r"(?<=、)[\u4e00-\u9fff]{2,8}|[\u4e00-\u9fff]{2,8}(?=、)", piece)
    return any(m not in other and not _NOT_SCOPE.search(m) and "第" not in m for m in members)


def change_kinds(cmp: Comparison) -> list[str]:
    """How the wording changed what the rule says, read from a comparison: amount, time (a
    time limit changed, added or dropped), scope (items or listed things added or removed),
    authority (the government level named), modal (应当 against 可以), duty (a sentence of
    obligation with no counterpart on the other side), condition (情节严重, 拒不改正, 未经…批准
    … added or dropped), wording (none of these, but less than half the text in common).
    Empty exactly when the texts match after lawkb.compare_residual.normalise; any other
    difference gets the tag residual_kinds reads from it."""
    old, new = _texts(cmp)
    if residual_pieces(old, new) == ([], []):
        return []  # the same once the Code's systematic rewording is out
    out: list[str] = []
    money = ("money", "multiple", "percent")
    if numbers_removed(old, new, money) or numbers_removed(new, old, money):
        out.append("amount")
    if (
        numbers_removed(old, new, ("time",))
        or numbers_removed(new, old, ("time",))
        or len(_TIME_WORDS.findall(old)) != len(_TIME_WORDS.findall(new))
    ):
        out.append("time")
    if cmp.items_removed or cmp.items_added or any(_scope_piece(s, old, new) for s in cmp.segments):
        out.append("scope")
    if authorities(old) != authorities(new):
        out.append("authority")
    if cmp.modal_changes:
        out.append("modal")
    if _unmatched_duty(new, old) or _unmatched_duty(old, new):
        out.append("duty")
    if _conditions(old) != _conditions(new):
        out.append("condition")
    if "modal" not in out and modal_counts_differ(old, new):
        out.append("modal")  # 可以移送 -> 移送, 应当 dropped: not a swap, still a modal change
    if not out and cmp.similarity < REWORDED:
        out.append("wording")
    if not out:  # same only when the texts match once the Code's systematic rewording is out
        out = residual_kinds(old, new)
    return out


def _conditions(text: str) -> Counter[str]:
    """How often each condition is written; 除…外, 未经…批准, 符合…条件 and 在…期间 count as one
    kind, whatever their words."""
    return Counter("…" if m[0] in "除未符在" else m for m in _CONDITIONS.findall(text))
