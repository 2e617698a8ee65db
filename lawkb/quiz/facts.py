"""Testable facts in an article: penalty amounts and multiples, time limits, the responsible
authority, the conditions that trigger a consequence, and listed items （一）（二）….

A fact knows where it sits in `article.text`, so that a question can blank it out of its
sentence and quote the sentence back in the explanation.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from lawkb.models import Article
from lawkb.quiz.models import FactKind
from lawkb.quiz.text import (
    CLAUSE_END,
    authority_values,
    condition_values,
    item_text,
    money_values,
    multiple_values,
    norm_authority,
    time_values,
)

# an authority only counts as "the responsible authority" where the article gives it a role
_AUTH_BEFORE = ("由", "报", "向", "经", "会同", "报请", "报经", "按照", "并由")
_AUTH_AFTER = ("责令", "负责", "批准", "审批", "备案", "依法", "应当", "可以", "决定", "处", "予以")
_PENALTY_WORDS = ("罚款", "罚金")
_MODAL_RE = re.compile(r"不适用|应当|可以|不得|必须|有权|书面")
ITEM_START_RE = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]")
MAX_MODAL = 3  # words to judge per article
ITEM_ENDS = ("。", "；", ";", "，", "、", "：", ":")  # how a whole item ends in a list
# a catch-all item is true of every list: never a key, never a distractor
CATCH_ALL = ("其他", "其它", "规定的其他", "等情形")


@dataclass(frozen=True)
class Fact:
    kind: FactKind
    text: str  # as the article words it: 二万元以上二十万元以下
    value: tuple  # comparable value: ("range", 20000.0, 200000.0) / ("日", 15.0) / norm text
    start: int  # [start, end) in article.text
    end: int
    occurrence: int = 0  # how many facts with the same text come before it in the article


@dataclass(frozen=True)
class ListFact:
    lead: str  # the paragraph that introduces the list, up to its colon
    items: tuple[str, ...]  # item texts without （一） markers and end punctuation
    paragraph: int  # index of the paragraph in article.paragraphs

    def usable_items(self) -> list[str]:
        return [i for i in self.items if is_usable_item(i)]


def is_usable_item(item: str) -> bool:
    return 4 <= len(item) <= 48 and not any(w in item for w in CATCH_ALL)


def extract_facts(article: Article) -> list[Fact]:
    if article.deleted:
        return []
    text = article.text
    facts: list[Fact] = []
    for m, value in money_values(text):
        if _is_penalty(text, m.start(), m.end()):
            facts.append(Fact(FactKind.AMOUNT, m.group(), value, m.start(), m.end()))
    for m, value in multiple_values(text):
        if _is_penalty(text, m.start(), m.end()):
            facts.append(Fact(FactKind.MULTIPLE, m.group(), value, m.start(), m.end()))
    for m, value in time_values(text):
        facts.append(Fact(FactKind.TIME_LIMIT, m.group(), value, m.start(), m.end()))
    for m in authority_values(text):
        if _has_role(text, m.start(), m.end()):
            value = (norm_authority(m.group()),)
            facts.append(Fact(FactKind.AUTHORITY, m.group(), value, m.start(), m.end()))
    for m in condition_values(text):
        c = m.group("c")
        facts.append(Fact(FactKind.CONDITION, c, (c,), m.start("c"), m.end("c")))
    facts.extend(modal_facts(text))
    facts.sort(key=lambda f: (f.start, f.kind))
    seen: Counter[str] = Counter()
    out = []
    for f in facts:
        out.append(Fact(f.kind, f.text, f.value, f.start, f.end, seen[f.text]))
        seen[f.text] += 1
    return out


def extract_lists(article: Article) -> list[ListFact]:
    if article.deleted:
        return []
    out = []
    for i, p in enumerate(article.paragraphs):
        ended = [x.rstrip().endswith(ITEM_ENDS) for x in p.items]
        cut = sum(ended) * 2 > len(ended)  # most items end on 。/；: one that does not is cut
        items = tuple(
            t
            for t, done in zip((item_text(x) for x in p.items), ended, strict=True)
            if t and (done or not cut)
        )
        lead = p.text.strip()
        if len(items) >= 2 and lead.endswith(("：", ":")):
            out.append(ListFact(lead=lead, items=items, paragraph=i))
    return out


def _is_penalty(text: str, start: int, end: int) -> bool:
    """A fine's amount: 处…罚款, and each amount of 对公民处以二百元以下、对法人…三千元以下罚款."""
    after = text[end : end + 8]
    before = text[max(0, start - 3) : start]
    if any(w in after for w in _PENALTY_WORDS) or before.endswith(("处", "处以")):
        return True
    rest = text[end : end + 30]
    return after.startswith("、") and any(w in rest.split("。")[0] for w in _PENALTY_WORDS)


def modal_facts(text: str) -> list[Fact]:
    """应当 / 可以 / 不得 / 必须 / 有权 / 书面 in a sentence's main clause (not in a condition
    ending 的，), said once in the sentence: changing that word changes what the law says."""
    out: list[Fact] = []
    pos = 0
    for sentence in re.split(r"(?<=[。；\n])", text):
        if not ITEM_START_RE.match(sentence):
            for m in _MODAL_RE.finditer(sentence):
                word, i = m.group(), m.start()
                if sentence.count(word) != 1 or (word == "书面" and "口头" in text):
                    continue
                clause = re.split(r"[，；。：\n]", sentence[i:], maxsplit=1)[0]
                if clause.endswith("的") or sentence[max(0, i - 1) : i] in ("不", "也", "均", "都"):
                    continue
                out.append(Fact(FactKind.MODAL, word, (word,), pos + i, pos + i + len(word)))
                break  # one word a sentence: a statement changes one thing
        pos += len(sentence)
    return out[:MAX_MODAL]


def _has_role(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 3) : start]
    after = text[end : end + 3]
    if "《" in text[max(0, start - 20) : start] and "》" in text[end : end + 30]:
        return False  # inside a title
    at_clause_start = start == 0 or text[start - 1] in CLAUSE_END
    return before.endswith(_AUTH_BEFORE) or after.startswith(_AUTH_AFTER) or at_clause_start
