"""Plausible wrong options: numbers, authorities and conditions from other articles of the
same law, and items from neighbouring lists.

A candidate is refused when the source article itself says it in the same role (the same
amount, the same time limit with the same unit, the same authority under another wording,
a condition or item that the article also has): such an option would be true, not wrong.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from lawkb.models import Article
from lawkb.quiz.facts import Fact, ListFact, extract_facts, extract_lists
from lawkb.quiz.lint import DANGLING_RE
from lawkb.quiz.models import FactKind
from lawkb.quiz.sentences import list_head, opposite_lists
from lawkb.quiz.text import (
    ITEM_MARK_RE,
    authorities_overlap,
    authority_class,
    authority_tier,
    authority_values,
    condition_values,
    item_text,
    money_values,
    multiple_values,
    norm_authority,
    similarity,
    squash,
    time_values,
)

ITEM_SIMILARITY_LIMIT = 0.5  # a foreign item this close to one of the article's is too close
LEAD_SIMILARITY_LIMIT = 0.8  # a list introduced by (almost) the same words is the same rule
CONSEQUENCE_SIMILARITY_LIMIT = 0.6  # items followed by (almost) the same consequence
# the things a list of 情形 may in fact hold: areas for areas, documents for documents
THING_ENDS = (
    *("区域", "地区", "场所", "设施", "项目", "单位"),
    *("文件", "物质", "材料", "产品", "资料"),
)
_JUDICIAL = ("法院", "检察院")
_PUNISHER_RE = re.compile(r"由([^，。；]{2,40}?)(?:按照|依照|依据|责令|处|没收|予以|给予|对)")
# an authority named in this share of a law's articles is its default actor, not a test
DEFAULT_ACTOR_SHARE = 0.15
DEFAULT_ACTOR_MIN = 8


@dataclass(frozen=True)
class Candidate:
    text: str
    value: tuple
    label: str  # the article it comes from (第X条)
    seq: int


@dataclass
class DistractorPool:
    """Facts and lists of one law, to draw wrong options from."""

    facts: dict[FactKind, list[Candidate]] = field(default_factory=dict)
    lists: list[tuple[int, str, ListFact]] = field(default_factory=list)  # (seq, label, list)
    by_ref: dict[str, tuple[list[Fact], list[ListFact]]] = field(default_factory=dict)
    default_actors: set[str] = field(default_factory=set)  # normalised: 人民法院 in 诉讼法

    @classmethod
    def from_articles(cls, articles: Iterable[Article]) -> DistractorPool:
        pool = cls()
        seen: set[tuple[FactKind, str]] = set()
        actors: Counter[str] = Counter()
        for a in articles:
            facts, lists = extract_facts(a), extract_lists(a)
            pool.by_ref[a.ref] = (facts, lists)
            actors.update({f.value[0] for f in facts if f.kind is FactKind.AUTHORITY})
            for f in facts:
                if (f.kind, f.text) not in seen:
                    seen.add((f.kind, f.text))
                    pool.facts.setdefault(f.kind, []).append(
                        Candidate(f.text, f.value, a.label, a.seq)
                    )
            for lst in lists:
                pool.lists.append((a.seq, a.label, lst))
        with_actor = len([r for r, (fs, _) in pool.by_ref.items() if fs])
        pool.default_actors = {
            name
            for name, n in actors.items()
            if n >= DEFAULT_ACTOR_SHARE * max(1, with_actor) and n >= DEFAULT_ACTOR_MIN
        }
        return pool

    def facts_of(self, article: Article) -> list[Fact]:
        cached = self.by_ref.get(article.ref)
        return cached[0] if cached else extract_facts(article)

    def lists_of(self, article: Article) -> list[ListFact]:
        cached = self.by_ref.get(article.ref)
        return cached[1] if cached else extract_lists(article)

    # -- values ---------------------------------------------------------------------------
    def values_for(self, fact: Fact, taken: ArticleValues, n: int, rng: random.Random) -> list[str]:
        """Up to n wrong values for `fact`, each false according to the article (`taken`)."""
        out: list[Candidate] = []
        candidates = [c for c in self.facts.get(fact.kind, []) if c.text != fact.text]
        rng.shuffle(candidates)
        candidates.sort(key=lambda c: -_plausibility(fact, c))
        for c in candidates:
            if len(out) == n:
                break
            if not taken.allows(fact.kind, fact, c):
                continue
            if any(_same_value(fact.kind, c, o) for o in out):
                continue
            out.append(c)
        return [c.text for c in out]

    # -- list items -----------------------------------------------------------------------
    def items_for(
        self, article: Article, n: int, rng: random.Random, noun: str = "", lead: str = ""
    ) -> list[tuple[str, str]]:
        """Up to n (item, 第X条) from the nearest lists that hold the same kind of thing (a
        情形 for a 情形, 证据 for 证据: `list_head` of the lead-ins agree), none close to the
        article's own items, none from a list with the same consequence (a violation fined by
        the same body would be a second right answer)."""
        own = [item_text(line) for line in article.text.splitlines()]
        own = [o for o in own if o]
        listed = [item_text(x) for x in article.text.splitlines() if ITEM_MARK_RE.match(x)]
        ending = _common_ending(listed)
        form = _form(listed)
        article_squashed = squash(article.text)
        head = list_head(lead) if lead else ""
        neighbours = sorted(
            (
                lst
                for lst in self.lists
                if lst[0] != article.seq
                and (
                    not lead
                    or (head and list_head(lst[2].lead) == head)
                    or opposite_lists(lst[2].lead, lead)
                )
            ),
            key=lambda x: (noun not in x[2].lead, abs(x[0] - article.seq), x[0]),
        )
        out: list[tuple[str, str]] = []
        for _seq, label, lst in neighbours[:12]:
            if lead and similarity(lst.lead, lead) >= LEAD_SIMILARITY_LIMIT:
                continue  # the same rule in another article: its items would be right too
            if lead and same_consequence(lst.lead, lead):
                continue
            items = lst.usable_items()
            rng.shuffle(items)
            for item in items[:2]:  # at most two from one list: spread the options out
                if len(out) == n:
                    return out
                if squash(item) in article_squashed or DANGLING_RE.search(item):
                    continue
                if form is not None and is_rule(item) != form:
                    continue  # a rule (所申请信息可以公开的，向申请人提供) for a rule
                if ending and ending != head and not item.endswith(ending):
                    continue  # areas for areas: 情形 lists whose items are all …的区域
                if any(similarity(item, o) >= ITEM_SIMILARITY_LIMIT for o in own):
                    continue
                if any(similarity(item, t) >= ITEM_SIMILARITY_LIMIT for t, _ in out):
                    continue
                out.append((item, label))
        return out

    def has_lists(self) -> bool:
        return bool(self.lists)


class ArticleValues:
    """Everything the article says in each role, to refuse distractors that it also says."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.squashed = squash(text)
        self.money = {v for _, v in money_values(text)}
        self.multiples = {v for _, v in multiple_values(text)}
        self.times = {v for _, v in time_values(text)}
        self.authorities = {norm_authority(m.group()) for m in authority_values(text)}
        self.norm_text = norm_authority(text)
        self.conditions = {m.group("c") for m in condition_values(text)}

    def allows(self, kind: FactKind, key: Fact, c: Candidate) -> bool:
        if squash(c.text) in self.squashed:
            return False
        if kind is FactKind.AMOUNT:
            return c.value not in self.money and c.value[0] == key.value[0]
        if kind is FactKind.MULTIPLE:
            return c.value not in self.multiples and c.value[0] == key.value[0]
        if kind is FactKind.TIME_LIMIT:
            return c.value not in self.times and c.value[0] == key.value[0]
        if kind is FactKind.AUTHORITY:
            norm, key_norm = c.value[0], key.value[0]
            if authority_class(norm) != authority_class(key_norm):
                return False  # a government for a government, a department for a department
            if _organ(norm) != _organ(key_norm):
                return False  # a court for a court, an administrative body for one
            if authority_tier(norm) != authority_tier(key_norm):
                return False  # a State Council body for one, a local body for a local one
            if authorities_overlap(norm, key_norm):
                return False
            return norm not in self.norm_text and not any(
                authorities_overlap(norm, a) for a in self.authorities
            )
        if kind is FactKind.CONDITION:
            if c.text[:2] == key.text[:2]:
                return False  # 造成损害的 / 造成财产损坏的: one may hold the other
            return not any(c.text in x or x in c.text for x in self.conditions)
        return False


def consequence(lead: str) -> str:
    """What a list lead-in says follows from its items: the words after 之一的，(or 的，)."""
    for mark in ("之一的，", "之一的,", "的，"):
        if mark in lead:
            return lead.split(mark, 1)[1].rstrip("：: ")
    return ""


def same_consequence(a: str, b: str) -> bool:
    """Two lead-ins whose items lead to (nearly) the same consequence, or to a fine each by
    the same body: an item of one would be defensible as an item of the other."""
    x, y = consequence(a), consequence(b)
    if not x or not y:
        return False
    if similarity(x, y) >= CONSEQUENCE_SIMILARITY_LIMIT:
        return True
    if "罚款" not in x or "罚款" not in y:
        return False
    if "元" not in x or "元" not in y:
        return True  # 处以罚款 with no amount: any fined violation fits the stem
    bx, by = _PUNISHER_RE.search(x), _PUNISHER_RE.search(y)
    if not bx or not by:
        return False
    generic = ("负有", "有关", "其他")  # 负有…职责的部门 may be the other list's body too
    return bx.group(1) == by.group(1) or any(w in bx.group(1) + by.group(1) for w in generic)


def is_rule(item: str) -> bool:
    """An item that is a rule of its own: a condition and what follows (X的，Y)."""
    return "的，" in item or "的," in item


def _form(items: list[str]) -> bool | None:
    """True when every listed item is a rule, False when none is, None when mixed."""
    rules = {is_rule(i) for i in items}
    return rules.pop() if len(rules) == 1 else None


def _common_ending(items: list[str]) -> str:
    """The noun every listed item ends on (区域, 文件: `THING_ENDS`), "" when they differ or
    end on anything else (…的 and …执行 say nothing of what the item is)."""
    listed = [i for i in items if len(i) >= 4]
    if len(listed) < 2:
        return ""
    ends = {i[-2:] for i in listed}
    if len(ends) != 1:
        return ""
    end = ends.pop()
    return end if end in THING_ENDS else ""


def _organ(norm: str) -> str:
    """法院 / 检察院 for a court / a procuratorate, "" for an administrative body."""
    return next((e for e in _JUDICIAL if norm.endswith(e)), "")


def _same_value(kind: FactKind, a: Candidate, b: Candidate) -> bool:
    if kind is FactKind.AUTHORITY:
        return authorities_overlap(a.value[0], b.value[0])
    if kind is FactKind.CONDITION:
        return a.text in b.text or b.text in a.text
    return a.value == b.value


def _plausibility(key: Fact, c: Candidate) -> int:
    """Higher for options a trainee could mistake for the key (same order of magnitude …)."""
    if key.kind in (FactKind.AMOUNT, FactKind.MULTIPLE):
        k, v = max(key.value[1:]), max(c.value[1:])
        return int(k > 0 and 0.1 <= v / k <= 10)
    if key.kind is FactKind.TIME_LIMIT:
        return int(0.25 <= c.value[1] / key.value[1] <= 4)
    if key.kind is FactKind.AUTHORITY:
        a, b = key.value[0], c.value[0]
        same_dept = a[-6:] == b[-6:]
        same_level = a[:3] == b[:3]
        return 2 * same_dept + same_level
    return 0
