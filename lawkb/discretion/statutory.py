"""The statutory table: extracted from the legal-liability articles of the collection.

Each paragraph (款) that punishes something becomes a row: the violation (key words only),
penalty kinds, fines with their conditions, 可以/应当, the authority. Paragraphs that only
add amounts or conditions to the one before (有前款第三项情形的，处… / 情节特别严重的…)
are merged into that row. Nothing is invented: every figure comes from the article's text,
and `numbers_in` lets a test check that.

The clauses are read by `fine_clauses`, the kinds by `penalty_kinds`; which articles and
laws count is `liability`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lawkb.discretion.amounts import cn_number
from lawkb.discretion.fine_clauses import (
    AUTHORITY_RE,
    FINE_RE,
    FLOOR_RE,
    PENALTY_START,
    WHO_RE,
    WHO_VERB_RE,
    fines_in,
    has_penalty_verb,
    items_of,
    normalise_who,
    person_of,
    plain,
    shorten,
    split_violation,
    strip_item_ref,
    tidy_condition,
    tidy_fines,
)
from lawkb.discretion.liability import (
    CODE_TITLE,
    PUNISHMENT_LAW,
    fine_bearing,
    in_scope,
    is_liability_article,
    law_has_liability_chapter,
    law_order,
    law_short,
    liability_chapter,
    text_sha,
)
from lawkb.discretion.models import AGGRAVATION_RE, Fine, StatutoryRow
from lawkb.discretion.penalty_kinds import KIND_PATTERNS, kinds_in, order_kinds
from lawkb.models import Article, Law
from lawkb.numerals import CN_SMALL

__all__ = [
    "CODE_TITLE",
    "KIND_PATTERNS",
    "PUNISHMENT_LAW",
    "extract_article",
    "extract_law",
    "extract_laws",
    "fine_bearing",
    "in_scope",
    "is_liability_article",
    "law_has_liability_chapter",
    "law_order",
    "law_short",
    "liability_chapter",
    "text_sha",
]


class _Draft:
    def __init__(self, paragraph: int, violation: str, items: list[int]) -> None:
        self.paragraph = paragraph
        self.violation = violation
        self.items = items
        self.item_count = 0
        self.kinds: list[str] = []
        self.fines: list[Fine] = []
        self.authority = ""
        self.daily = False


def extract_article(law: Law, article: Article) -> list[StatutoryRow]:
    drafts: list[_Draft] = []
    for index, para in enumerate(article.paragraphs, start=1):
        text = plain(para.text)
        if not text:
            continue
        own_items = [plain(i) for i in para.items]
        starts_new = not drafts or _starts_new_row(text, bool(own_items))
        if starts_new:
            violation_text, penalty = split_violation(text)
            draft = _Draft(index, _summarise(violation_text, own_items), [])
            draft.item_count = len(own_items)
            drafts.append(draft)
            _read_penalty(draft, penalty)
        else:
            _read_penalty(drafts[-1], text, merged=True)
    rows: list[StatutoryRow] = []
    sha = text_sha(article.text)
    short = law_short(law.title)
    for draft in drafts:
        fines = tidy_fines(draft.fines)
        kinds = order_kinds(draft.kinds + (["罚款"] if fines else []))
        if not kinds and not fines:
            continue
        basic = [f for f in fines if not f.personal and not f.aggravated and f.per != "按日"]
        mandatory = ""
        if basic:
            mandatory = "可以" if all(f.may for f in basic) else "应当"
        elif fines:
            mandatory = "可以" if all(f.may for f in fines) else "应当"
        rows.append(
            StatutoryRow(
                id=f"{short}#{article.key}.{draft.paragraph}",
                law=law.title,
                number=article.number,
                suffix=article.suffix,
                label=article.label,
                paragraph=draft.paragraph,
                items=list(range(1, draft.item_count + 1)) if draft.item_count else [],
                violation=draft.violation,
                kinds=kinds,
                fines=fines,
                mandatory=mandatory,
                daily=draft.daily,
                authority=draft.authority,
                text_sha=sha,
            )
        )
    return rows


def _starts_new_row(text: str, has_items: bool) -> bool:
    """A paragraph with its own violation and authority starts a row; one that only adds
    amounts or conditions to the paragraph before (有前款第三项…的，处…) does not."""
    if has_items or text.startswith("违反"):
        return True
    first_penalty = FINE_RE.search(text)
    head = text[: first_penalty.start()] if first_penalty else text
    if "，由" in head or head.startswith("由"):
        return True
    # no authority of its own: it adds to the paragraph before when it refers back to it
    # (有前款…, 前款规定的…, 第一款规定的…) or is a bare 对…的，处… list; otherwise it is
    # a violation of its own (个人擅自在岸滩…的，按次处…)
    start = PENALTY_START.search(text)
    lead = text[: start.start()] if start else text
    if text.startswith("对") or re.search(rf"前[两三]?款|本条|第[{CN_SMALL}]+款", lead):
        return False
    return bool(start) and lead.endswith("的")


def _summarise(violation: str, items: list[str]) -> str:
    """Key words of the violation (never the article's sentence in full)."""
    v = re.sub(r"^违反[^，]{0,40}?规定[，,]", "", violation)
    v = v.removesuffix("的")
    if items:
        subject = re.sub(r"[，,]?(?:有下列(?:情形|行为)之一|有下列[^，]{0,8}之一)$", "", v)
        subject = re.sub(r"^违反[^，]{0,40}?规定[，,]?", "", subject).strip("，")
        shown = [
            shorten(re.sub(rf"^[（(][{CN_SMALL}]+[)）]", "", i).rstrip("；;。."), 14)
            for i in items[:3]
        ]
        more = f"等{len(items)}项" if len(items) > 3 else ""
        head = f"{shorten(subject, 12)}：" if subject else ""
        return head + "；".join(shown) + more
    return shorten(v, 30)


def _read_penalty(draft: _Draft, penalty: str, merged: bool = False) -> None:
    if "按日连续处罚" in penalty and not draft.daily:
        draft.daily = True
        base = "原罚款数额" if "原罚款数额" in penalty else ""
        draft.fines.append(
            Fine(per="按日", base=base, may="可以" in penalty.split("按日连续处罚")[0][-40:])
        )
        draft.kinds.append("按日连续处罚")
    # every authority the paragraph names (由生态环境主管部门…；由公安机关…拘留)
    found = [m.group("auth").strip("，") for m in AUTHORITY_RE.finditer(penalty)]
    known = draft.authority.split("；") if draft.authority else []
    draft.authority = "；".join(dict.fromkeys([*known, *(a for a in found if a)]))
    segments = re.split(r"[；;。：:]", penalty)
    scope = _paragraph_case(draft, segments[0]) if merged else ""
    for segment in segments:
        _read_segment(draft, segment, scope)


def _paragraph_case(draft: _Draft, first_segment: str) -> str:
    """A merged paragraph that opens with its own case (前款规定的固体废物为危险废物的，…)
    keeps that case for all its sentences."""
    first = first_segment.split("，")[0]
    if not first.endswith("的") or fines_in(first) or has_penalty_verb(first):
        return ""
    cond = first.removeprefix("对").removesuffix("的")
    if person_of(cond):
        return ""
    if items_of(cond, draft.item_count) is not None:
        cond = strip_item_ref(cond)
    cond = tidy_condition(cond, "")
    if not cond or AGGRAVATION_RE.search(cond):
        return ""
    return cond


def _read_segment(draft: _Draft, segment: str, scope: str) -> None:
    """Read one sentence part (up to ；or 。) under the paragraph's case, if any."""
    if not segment:
        return
    floors = list(FLOOR_RE.finditer(segment))
    segment_no_floor = FLOOR_RE.sub("", segment)
    # a case that narrows (报告表, 工业噪声) stays while aggravations (情节严重) follow
    cur_when, cur_who, cur_items = scope, "", []
    before_close = ""  # the condition in force before '所需费用由违法者承担'
    pending: list[str] = []  # clauses of a condition not yet closed by 的
    for part in segment_no_floor.split("，"):
        if not part:
            continue
        fines_here = fines_in(part)
        verb = has_penalty_verb(part)
        if part.endswith("的") and not fines_here and not verb:
            cond = "，".join([*pending, part]).removeprefix("其中，").removeprefix("对")
            cond = cond.removesuffix("的")
            pending = []
            found_items = items_of(cond, draft.item_count)
            person = person_of(cond)
            if person:
                cur_who = person
            if found_items is not None:
                cur_items = found_items
                cond = strip_item_ref(cond)
            cond = tidy_condition(cond, person)
            if not cond:
                continue
            # 情节严重 under 报告表 combines; 造成较大…事故 after 造成一般…事故 is a parallel case
            if AGGRAVATION_RE.search(cond) and not (scope and cond[:2] == scope[:2]):
                cur_when = f"{scope}；{cond}" if scope else cond
            else:
                scope = cond
                cur_when = cond
            continue
        bare = part.removeprefix("并")
        if bare.startswith("对") and not fines_here and not has_penalty_verb(bare[1:]):
            cur_who = normalise_who(bare[1:])
            continue
        if not fines_here and not verb:
            if "所需费用由" in part:
                # 逾期不拆除的，强制拆除，所需费用由违法者承担，处…: the fine is the case's own;
                # …，所需费用由…承担，并处…: the fine comes with the measure, under its condition
                before_close, cur_when = cur_when, scope
            else:
                pending.append(part)
            continue
        draft.kinds += kinds_in(pending)  # clauses that did not end up as a condition
        pending = []
        m = WHO_VERB_RE.match(bare)
        if m and not fines_here:
            cur_who = normalise_who(m.group("who"))
        draft.kinds += kinds_in([part])
        for fine_match, amount_fine in fines_here:
            who_here, when_here = cur_who, cur_when
            if before_close and fine_match.group(0).startswith("并"):
                when_here = before_close
            m = WHO_RE.search(part[: fine_match.end()])
            if m:
                phrase = m.group("who")
                if re.search(r"(?:活动|行为)$", phrase):
                    when_here = f"{when_here}；{phrase}" if when_here else phrase
                else:
                    who_here = normalise_who(phrase)
            fine = amount_fine.model_copy(
                update={"when": shorten(when_here, 40), "who": who_here, "items": cur_items}
            )
            draft.fines.append(fine)
    draft.kinds += kinds_in(pending)
    for fm in floors:
        value = cn_number(fm.group("f"))
        for fine in reversed(draft.fines):
            if fine.unit == "倍":
                if fine.floor is None:
                    fine.floor = value
                break


def extract_law(law: Law) -> list[StatutoryRow]:
    has_chapter = law_has_liability_chapter(law)
    rows: list[StatutoryRow] = []
    for article in law.articles:
        if is_liability_article(article, has_chapter):
            rows.extend(extract_article(law, article))
    return rows


def extract_laws(laws: Iterable[Law]) -> list[StatutoryRow]:
    rows: list[StatutoryRow] = []
    for law in sorted((x for x in laws if in_scope(x)), key=law_order):
        rows.extend(extract_law(law))
    return rows
