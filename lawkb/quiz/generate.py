"""Questions generated from articles: 单选, 多选, 判断 and 填空 on one checkable fact each.

Every question is a pure function of its article, its law's other articles and the generator
version: the same inputs give the same question with the same id. A fact that cannot give a
safe question (too few wrong options, a blank that could be filled two ways) is skipped.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from lawkb.models import Article, Law, Status
from lawkb.quiz.distractors import ArticleValues, DistractorPool
from lawkb.quiz.facts import Fact, ListFact
from lawkb.quiz.models import (
    BLANK,
    JUDGE_OPTIONS,
    LETTERS,
    FactKind,
    Question,
    QuestionSource,
    QuestionType,
    stable_id,
)
from lawkb.quiz.text import CLAUSE_END, ITEM_MARK_RE, fills_between, sentence_bounds, squash

GENERATOR_VERSION = "gen-1"
ALL_TYPES = (QuestionType.SINGLE, QuestionType.MULTI, QuestionType.JUDGE, QuestionType.CLOZE)
MAX_WINDOW = 110  # characters of article text around a blank
CLAUSE_WINDOW = 90
MIN_CONTEXT = 6  # characters of context, so that the blank has one filling only
MAX_LEAD = 80


@dataclass(frozen=True)
class Window:
    start: int
    end: int
    cut_left: bool
    cut_right: bool


def generate_for_law(
    law: Law,
    types: Sequence[QuestionType] = ALL_TYPES,
    articles: Iterable[Article] | None = None,
    pool: DistractorPool | None = None,
) -> list[Question]:
    """Every question the generator can make safely from `law` (or from some of its articles)."""
    pool = pool or DistractorPool.from_articles(law.articles)
    out: list[Question] = []
    seen: set[str] = set()
    for article in articles if articles is not None else law.articles:
        for q in questions_for_article(article, law, pool, types):
            if q.id not in seen:
                seen.add(q.id)
                out.append(q)
    return out


def questions_for_article(
    article: Article, law: Law, pool: DistractorPool, types: Sequence[QuestionType] = ALL_TYPES
) -> list[Question]:
    if article.deleted or not article.text.strip():
        return []
    maker = _Maker(article, law, pool)
    out: list[Question] = []
    for fact in pool.facts_of(article):
        out.extend(maker.from_fact(fact, types))
    for lst in pool.lists_of(article):
        out.extend(maker.from_list(lst, types))
    return out


class _Maker:
    def __init__(self, article: Article, law: Law, pool: DistractorPool) -> None:
        self.a = article
        self.law = law
        self.pool = pool
        self.text = article.text
        self.short = law.short_title
        self.old = law.status != Status.CURRENT
        self.source = QuestionSource(
            law=law.title,
            article=article.label,
            number=article.number,
            suffix=article.suffix,
            status=law.status,
            short_title=law.short_title,
            ref=article.ref,
        )

    # -- shared pieces ----------------------------------------------------------------------
    @property
    def prefix(self) -> str:
        if self.old:
            return f"【旧法·已废止】根据已废止的《{self.short}》{self.a.label}，"
        return f"根据《{self.short}》{self.a.label}，"

    @cached_property
    def taken(self) -> ArticleValues:
        return ArticleValues(self.text)

    @property
    def list_prefix(self) -> str:
        if self.old:
            return f"【旧法·已废止】已废止的《{self.short}》{self.a.label}规定："
        return f"《{self.short}》{self.a.label}规定："

    def _rng(self, *parts: str) -> random.Random:
        return random.Random(stable_id(self.a.ref, *parts, GENERATOR_VERSION))

    def _id(self, qtype: QuestionType, fact_key: str) -> str:
        return stable_id(self.a.ref, qtype.value, fact_key, GENERATOR_VERSION)

    def _quote(self, w: Window, spans: list[tuple[int, int]], tail: str = "") -> tuple[str, list]:
        """Explanation quoting the article window with `spans` (article offsets) highlighted."""
        head = f"《{self.short}》{self.a.label}{'（已废止）' if self.old else ''}规定：“"
        left = "……" if w.cut_left else ""
        right = "……" if w.cut_right else ""
        body = self.text[w.start : w.end]
        out = head + left + body + right + "”。" + tail
        base = len(head) + len(left) - w.start
        return out, [(s + base, e + base) for s, e in spans]

    # -- value facts: amounts, multiples, time limits, authorities, conditions --------------
    def from_fact(self, fact: Fact, types: Sequence[QuestionType]) -> list[Question]:
        w = self._window(fact)
        if w is None:
            return []
        before = self.text[w.start : fact.start]
        after = self.text[fact.end : w.end]
        if fact.text in before or fact.text in after:
            return []  # the sentence gives the answer away
        if not _unique_fill(self.text, before, after, fact.text):
            return []
        key = f"{fact.kind.value}:{fact.text}#{fact.occurrence}"
        rng = self._rng(key)
        wrong = self.pool.values_for(fact, self.taken, 3, rng)
        left = "……" if w.cut_left else ""
        right = "……" if w.cut_right else "。"
        out: list[Question] = []
        common = {
            "source": self.source,
            "kind": fact.kind,
            "tested": fact.text,
            "context": (before, after),
            "generator": GENERATOR_VERSION,
        }
        if QuestionType.SINGLE in types and len(wrong) == 3:
            options = [fact.text, *wrong]
            rng.shuffle(options)
            expl, hl = self._quote(w, [(fact.start, fact.end)])
            out.append(
                Question(
                    id=self._id(QuestionType.SINGLE, key),
                    type=QuestionType.SINGLE,
                    stem=f"{self.prefix}{left}{before}{BLANK}{after}{right}",
                    options=options,
                    answer=[LETTERS[options.index(fact.text)]],
                    explanation=expl,
                    highlights=hl,
                    difficulty=_difficulty(QuestionType.SINGLE, fact, wrong, w),
                    **common,
                )
            )
        if QuestionType.CLOZE in types:
            expl, hl = self._quote(w, [(fact.start, fact.end)])
            out.append(
                Question(
                    id=self._id(QuestionType.CLOZE, key),
                    type=QuestionType.CLOZE,
                    stem=f"{self.prefix}{left}{before}{BLANK}{after}{right}",
                    answer=[fact.text],
                    explanation=expl,
                    highlights=hl,
                    difficulty=_difficulty(QuestionType.CLOZE, fact, wrong, w),
                    **common,
                )
            )
        if QuestionType.JUDGE in types:
            altered = wrong[0] if wrong and rng.random() < 0.5 else None
            shown = altered or fact.text
            if altered:
                tail = f"题干将“{fact.text}”改成了“{altered}”，故错误。"
            else:
                tail = "题干与原文一致，故正确。"
            expl, hl = self._quote(w, [(fact.start, fact.end)], tail)
            out.append(
                Question(
                    id=self._id(QuestionType.JUDGE, f"{key}>{shown}"),
                    type=QuestionType.JUDGE,
                    stem=f"{self.prefix}{left}{before}{shown}{after}{right}",
                    options=list(JUDGE_OPTIONS),
                    answer=["B" if altered else "A"],
                    explanation=expl,
                    highlights=hl,
                    difficulty=_difficulty(QuestionType.JUDGE, fact, wrong, w),
                    shown=shown,
                    **common,
                )
            )
        return out

    def _window(self, fact: Fact) -> Window | None:
        text = self.text
        s, e = sentence_bounds(text, fact.start, fact.end, "。\n")
        s = _skip_item_mark(text, s)
        if e - s <= MAX_WINDOW and fact.start - s >= MIN_CONTEXT:
            return Window(s, e, False, False)
        s2, e2 = sentence_bounds(text, fact.start, fact.end, "。；\n")
        s2 = _skip_item_mark(text, s2)
        if e2 - s2 <= MAX_WINDOW and fact.start - s2 >= MIN_CONTEXT:
            return Window(s2, e2, s2 > s, e2 < e)
        # a long sentence: whole clauses around the fact, at most CLAUSE_WINDOW characters
        ws, we = sentence_bounds(text, fact.start, fact.end, CLAUSE_END)
        while True:
            grown = False
            wider = _clause_start(text, ws - 1, s) if ws > s else ws
            if ws > s and (we - wider <= CLAUSE_WINDOW or fact.start - ws < MIN_CONTEXT):
                ws = wider
                grown = True
            if we < e and _clause_end(text, we + 1, e) - ws <= CLAUSE_WINDOW:
                we = _clause_end(text, we + 1, e)
                grown = True
            if not grown:
                break
        if fact.start - ws < MIN_CONTEXT and we - fact.end < MIN_CONTEXT:
            return None
        return Window(ws, we, ws > s, we < e)

    # -- listed items ---------------------------------------------------------------------
    def from_list(self, lst: ListFact, types: Sequence[QuestionType]) -> list[Question]:
        lead = self._unique_lead(lst)
        items = lst.usable_items()
        if lead is None or len(items) < 2:
            return []
        noun = _list_noun(lead)
        key = f"items:{lst.paragraph}"
        rng = self._rng(key)
        out: list[Question] = []
        common = {
            "source": self.source,
            "kind": FactKind.ITEMS,
            "context": (lead, ""),
            "generator": GENERATOR_VERSION,
        }
        para = self.a.paragraphs[lst.paragraph]
        if QuestionType.MULTI in types:
            keys = rng.sample(items, min(len(items), rng.choice((2, 3, 3, 4))))
            wrong = self.pool.items_for(self.a, 5 - len(keys), rng, noun)
            if len(keys) + len(wrong) == 5:
                options = keys + [w for w, _ in wrong]
                rng.shuffle(options)
                expl, hl = self._list_explanation(para, lst, keys, noun, wrong)
                out.append(
                    Question(
                        id=self._id(QuestionType.MULTI, key),
                        type=QuestionType.MULTI,
                        stem=f"{self.list_prefix}“{lead}……”。下列选项中，属于该条所列{noun}的有{BLANK}。",
                        options=options,
                        answer=[LETTERS[i] for i, o in enumerate(options) if o in keys],
                        explanation=expl,
                        highlights=hl,
                        difficulty=min(5, 3 + (len(keys) >= 4) + (len(lead) > 50)),
                        tested="；".join(keys),
                        **common,
                    )
                )
        if QuestionType.SINGLE in types:
            negative = len(items) >= 3 and rng.random() < 0.5
            n_keys, n_wrong = (3, 1) if negative else (1, 3)
            keys = rng.sample(items, n_keys)
            wrong = self.pool.items_for(self.a, n_wrong, rng, noun)
            if len(wrong) == n_wrong:
                options = keys + [w for w, _ in wrong]
                rng.shuffle(options)
                keyed = [w for w, _ in wrong] if negative else keys
                ask = "不属于" if negative else "属于"
                expl, hl = self._list_explanation(para, lst, keys, noun, wrong if negative else [])
                out.append(
                    Question(
                        id=self._id(QuestionType.SINGLE, f"{key}:{'neg' if negative else 'pos'}"),
                        type=QuestionType.SINGLE,
                        stem=f"{self.list_prefix}“{lead}……”。下列选项中，{ask}该条所列{noun}的是{BLANK}。",
                        options=options,
                        answer=[LETTERS[options.index(k)] for k in keyed],
                        explanation=expl,
                        highlights=hl,
                        difficulty=2 + negative + (len(lead) > 50),
                        tested="；".join(keyed),
                        polarity="negative" if negative else "positive",
                        **common,
                    )
                )
        return out

    def _unique_lead(self, lst: ListFact) -> str | None:
        """A lead-in that names this list only, as short as it can be."""
        others = [
            squash(p.text)
            for i, p in enumerate(self.a.paragraphs)
            if p.items and i != lst.paragraph
        ]
        for lead in (_short_lead(lst.lead), lst.lead.rstrip("：: ")):
            if lead and len(lead) <= MAX_LEAD and not any(squash(lead) in o for o in others):
                return lead
        return None

    def _list_explanation(
        self, para, lst: ListFact, keys: list[str], noun: str, foreign: list[tuple[str, str]]
    ) -> tuple[str, list[tuple[int, int]]]:
        repealed = "（已废止）" if self.old else ""
        lead = self._unique_lead(lst)
        head = f"《{self.short}》{self.a.label}{repealed}规定：“{lead}”，所列{noun}为："
        body = "".join(raw.strip() for raw in para.items).rstrip("；;。，, ")
        spans = []
        for k in keys:
            pos = body.find(k)
            if pos >= 0:
                spans.append((len(head) + pos, len(head) + pos + len(k)))
        text = f"{head}{body}。"
        if foreign:
            labels = "、".join(dict.fromkeys(label for _, label in foreign))
            text += f"不属于该条的选项出自本法{labels}。"
        return text, spans


def _unique_fill(text: str, before: str, after: str, key: str) -> bool:
    """The blank between `before` and `after` can be filled from the article with `key` only."""
    fills = fills_between(text, before, after)
    return bool(fills) and all(f == key for f in fills)


def _skip_item_mark(text: str, s: int) -> int:
    m = ITEM_MARK_RE.match(text[s : s + 6])
    return s + m.end() if m else s


def _clause_start(text: str, i: int, floor: int) -> int:
    """Start of the clause that ends at text[i] (a clause stop)."""
    j = i
    while j > floor and text[j - 1] not in CLAUSE_END:
        j -= 1
    return j


def _clause_end(text: str, i: int, ceiling: int) -> int:
    j = i
    while j < ceiling and text[j] not in CLAUSE_END:
        j += 1
    return j


def _short_lead(lead: str) -> str | None:
    """The part of a list's lead-in up to "下列…" (80 characters at most), without the colon."""
    s = lead.rstrip("：: ")
    if "下列" not in s:
        return None
    pos = s.find("下列")
    end = s.find("，", pos)
    cut = s if end < 0 else s[:end]
    start = max(cut.rfind("。", 0, pos), cut.rfind("；", 0, pos)) + 1
    cut = cut[start:]
    if len(cut) > MAX_LEAD or len(cut) < 6:
        return None
    return cut


def _list_noun(lead: str) -> str:
    for noun in ("行为", "情形", "材料", "内容", "文件", "事项", "条件", "措施", "职责", "物品"):
        if noun in lead:
            return noun
    return "事项"


def _difficulty(qtype: QuestionType, fact: Fact, wrong: list[str], w: Window) -> int:
    level = {QuestionType.JUDGE: 1, QuestionType.SINGLE: 2, QuestionType.CLOZE: 3}[qtype]
    if fact.kind in (FactKind.AMOUNT, FactKind.MULTIPLE, FactKind.TIME_LIMIT):
        level += 1  # numbers are learned by heart
    if fact.kind is FactKind.AUTHORITY and len(fact.text) > 10:
        level += 1
    if w.end - w.start > 80:
        level += 1
    return max(1, min(5, level))
