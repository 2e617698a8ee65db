"""Questions generated from articles: 单选, 多选, 判断 and 填空 on one checkable fact each.

Every question is a pure function of its article, its law's other articles and the generator
version: the same inputs give the same question with the same id. A fact that cannot give a
safe question (too few wrong options, a blank that could be filled two ways) is skipped.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from lawkb.models import Article, Law, Status
from lawkb.quiz.distractors import ArticleValues, DistractorPool
from lawkb.quiz.facts import Fact, ListFact
from lawkb.quiz.judging import _not_really_false, side_clause
from lawkb.quiz.lint import CUT_START, DANGLING_RE, keeps
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
from lawkb.quiz.sentences import LEANING_START, LIST_WORD, leans, list_noun
from lawkb.quiz.text import ITEM_MARK_RE, fills_between, sentence_bounds, squash

GENERATOR_VERSION = "gen-2"
ALL_TYPES = (QuestionType.SINGLE, QuestionType.MULTI, QuestionType.JUDGE, QuestionType.CLOZE)
MAX_WINDOW = 140  # characters of article text around a blank: one whole sentence
MIN_CONTEXT = 6  # characters of context, so that the blank has one filling only
MIN_STEM = 12  # characters of the sentence besides the tested words
MAX_LEAD = 120  # a list's lead-in, with its subject and its consequence
MAX_INLINED = 90  # a 前款 the stem quotes in front of the sentence that refers to it
OPEN_LEADS = ("包括", "种类")  # 证据包括：（一）… -> 证据包括（　　）
# judge statements: the word that replaces the article's one (each change makes it false)
MODAL_SWAP = {
    "应当": "可以",
    "可以": "应当",
    "不得": "可以",
    "必须": "可以",
    "有权": "无权",
    "不适用": "适用",
    "书面": "口头",
}


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
    dropped: Counter[str] | None = None,
) -> list[Question]:
    """Every question the generator can make safely from `law` (or from some of its articles);
    the questions the linter rejects are dropped and counted by rule in `dropped`."""
    pool = pool or DistractorPool.from_articles(law.articles)
    out: list[Question] = []
    seen: set[str] = set()
    for article in articles if articles is not None else law.articles:
        for q in questions_for_article(article, law, pool, types, dropped):
            if q.id not in seen:
                seen.add(q.id)
                out.append(q)
    return out


def questions_for_article(
    article: Article,
    law: Law,
    pool: DistractorPool,
    types: Sequence[QuestionType] = ALL_TYPES,
    dropped: Counter[str] | None = None,
) -> list[Question]:
    if article.deleted or not article.text.strip():
        return []
    maker = _Maker(article, law, pool)
    out: list[Question] = []
    for fact in pool.facts_of(article):
        out.extend(maker.from_fact(fact, types))
    for lst in pool.lists_of(article):
        out.extend(maker.from_list(lst, types))
    kept = [q for q in out if keeps(q, dropped)]
    return kept or [q for q in maker.spare if keeps(q, dropped)][:1]


@dataclass(frozen=True)
class Shown:
    """What a value question shows around its blank, and the article text it checks it with."""

    lead: str  # an inlined 前款 in front of the sentence ("" when none)
    before: str  # as shown (前款 -> 上述 when inlined)
    after: str
    ctx_before: str  # article text right before the blank (a tail of `before`)
    ctx_after: str  # article text right after the blank (a head of `after`)


class _Maker:
    def __init__(self, article: Article, law: Law, pool: DistractorPool) -> None:
        self.a = article
        self.law = law
        self.pool = pool
        self.text = article.text
        self.short = law.short_title
        self.old = law.status != Status.CURRENT
        self.source = QuestionSource.of(law, article)
        self.spare: list[Question] = []  # true statements with no false twin

    # -- shared pieces ----------------------------------------------------------------------
    @property
    def prefix(self) -> str:
        """Stems name the law, never the article (the number stays in the explanation)."""
        if self.old:
            return f"【旧法·已废止】根据已废止的《{self.short}》，"
        return f"根据《{self.short}》，"

    @cached_property
    def taken(self) -> ArticleValues:
        return ArticleValues(self.text)

    def _rng(self, *parts: str) -> random.Random:
        return random.Random(stable_id(self.a.ref, *parts, GENERATOR_VERSION))

    def _bit(self, *parts: str) -> bool:
        """A fair coin fixed by the question: half the statements to judge are altered."""
        return int(stable_id(self.a.ref, *parts, "judge")[1:], 16) % 2 == 1

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

    # -- value facts: amounts, multiples, time limits, authorities, conditions, words -------
    def from_fact(self, fact: Fact, types: Sequence[QuestionType]) -> list[Question]:
        if fact.kind is FactKind.AUTHORITY and fact.value[0] in self.pool.default_actors:
            return []  # the law's default actor (人民法院 in 行政诉讼法) is no test
        w = self._window(fact)
        if w is None:
            return []
        shown = self._shown(fact, w)
        if shown is None:
            return []
        if len(shown.lead + shown.before + shown.after) < MIN_STEM:
            return []  # 造成损失的，依法承担赔偿责任: too little said to ask about
        if any(fact.text in part for part in (shown.lead, shown.before, shown.after)):
            return []  # the sentence gives the answer away
        if not _unique_fill(self.text, shown.ctx_before, shown.ctx_after, fact.text):
            return []
        key = f"{fact.kind.value}:{fact.text}#{fact.occurrence}"
        rng = self._rng(key)
        if fact.kind is FactKind.MODAL:
            wrong = [MODAL_SWAP[fact.text]]
            types = [t for t in types if t is QuestionType.JUDGE]
        else:
            wrong = self.pool.values_for(fact, self.taken, 3, rng)
        head = f"{self.prefix}{shown.lead}{shown.before}"
        common = {
            "source": self.source,
            "kind": fact.kind,
            "tested": fact.text,
            "context": (shown.ctx_before, shown.ctx_after),
            "generator": GENERATOR_VERSION,
        }
        expl, hl = self._quote(w, [(fact.start, fact.end)])
        out: list[Question] = []
        if QuestionType.SINGLE in types and len(wrong) == 3:
            options = [fact.text, *wrong]
            rng.shuffle(options)
            out.append(
                Question(
                    id=self._id(QuestionType.SINGLE, key),
                    type=QuestionType.SINGLE,
                    stem=f"{head}{BLANK}{shown.after}。",
                    options=options,
                    answer=[LETTERS[options.index(fact.text)]],
                    explanation=expl,
                    highlights=hl,
                    difficulty=_difficulty(QuestionType.SINGLE, fact, wrong, w),
                    **common,
                )
            )
        if QuestionType.CLOZE in types:
            out.append(
                Question(
                    id=self._id(QuestionType.CLOZE, key),
                    type=QuestionType.CLOZE,
                    stem=f"{head}{BLANK}{shown.after}。",
                    answer=[fact.text],
                    explanation=expl,
                    highlights=hl,
                    difficulty=_difficulty(QuestionType.CLOZE, fact, wrong, w),
                    **common,
                )
            )
        if side_clause(self.text, fact):
            wrong = []  # 公安机关接收…的危险化学品: altering a side clause's body is no test
        wrong = [x for x in wrong if not _not_really_false(fact, x, shown.after)]
        if QuestionType.JUDGE in types and wrong:
            out.append(self._judge(fact, key, wrong, w, head, shown, common))
        elif QuestionType.JUDGE in types and not self._bit(key):
            # nothing to alter to: a true statement would tilt 判断 towards 正确, so it is kept
            # only for an article that gives no other question
            self.spare.append(self._judge(fact, key, wrong, w, head, shown, common))
        return out

    def _judge(
        self, fact: Fact, key: str, wrong: list[str], w: Window, head: str, shown: Shown, common
    ) -> Question:
        altered = wrong[0] if wrong and self._bit(key) else None
        value = altered or fact.text
        if altered:
            tail = f"题干将“{fact.text}”改成了“{altered}”，故错误。"
        else:
            tail = "题干与原文一致，故正确。"
        expl, hl = self._quote(w, [(fact.start, fact.end)], tail)
        return Question(
            id=self._id(QuestionType.JUDGE, f"{key}>{value}"),
            type=QuestionType.JUDGE,
            stem=f"{head}{value}{shown.after}。",
            options=list(JUDGE_OPTIONS),
            answer=["B" if altered else "A"],
            explanation=expl,
            highlights=hl,
            difficulty=_difficulty(QuestionType.JUDGE, fact, wrong, w),
            shown=value,
            **common,
        )

    def _window(self, fact: Fact) -> Window | None:
        """The whole sentence around the fact, or its clause between semicolons; never a
        piece cut at its start."""
        text = self.text
        s, e = sentence_bounds(text, fact.start, fact.end, "。\n")
        if ITEM_MARK_RE.match(text[s : s + 6]):
            s = _item_window_start(text, s, e)  # an item reads alone only as a whole rule
            if s is None:
                return None
        if e - s <= MAX_WINDOW and _has_context(fact, s, e):
            return Window(s, e, False, False)
        s2, e2 = sentence_bounds(text, fact.start, fact.end, "。；\n")
        if s2 > s and text[s2 - 1] == "；" and (fact.kind is FactKind.CONDITION or leans(text, s2)):
            return None  # 情节严重的，… / 有特殊情况需要延长的，… lean on the clause before
        if e2 - s2 <= MAX_WINDOW and _has_context(fact, s2, e2):
            return Window(s2, e2, False, e2 < e)
        return None

    def _shown(self, fact: Fact, w: Window) -> Shown | None:
        """The sentence as the stem shows it: refused when it starts mid-sentence, names a
        list it does not show, or points elsewhere (a 前款 is inlined when it is short)."""
        before = self.text[w.start : fact.start]
        after = self.text[fact.end : w.end].rstrip("；;，,：:。 ")
        sentence = before + fact.text + after
        if LIST_WORD in sentence or sentence.startswith(CUT_START) or "\n" in sentence:
            return None
        if "上述" in sentence or "……" in sentence:
            return None  # points back to, or leaves out, words the stem cannot show
        if LEANING_START.match(sentence) or leans(sentence, 0):
            return None  # 逾期不改正的，… : the violation is in the sentence before
        refs = DANGLING_RE.findall(sentence)
        if not refs:
            return Shown("", before, after, before, after)
        if set(refs) != {"前款"} or len(refs) != 1:
            return None
        lead = self._previous_paragraph(w.start)
        if lead is None:
            return None
        if "前款" in before:
            tail = before[before.index("前款") + 2 :]
            if len(tail) < MIN_CONTEXT:
                return None
            return Shown(lead, before.replace("前款", "上述"), after, tail, after)
        head = after[: after.index("前款")]
        if len(head) < MIN_CONTEXT:
            return None
        return Shown(lead, before, after.replace("前款", "上述"), before, head)

    def _previous_paragraph(self, pos: int) -> str | None:
        """The paragraph before the one at text offset `pos`, when short and self-contained."""
        offset = 0
        previous = None
        for p in self.a.paragraphs:
            size = sum(len(line) + 1 for line in (p.text, *p.items) if line)
            if pos < offset + size:
                break
            previous = p
            offset += size
        else:
            return None
        if previous is None or previous.items:
            return None
        t = previous.text.strip()
        if len(t) > MAX_INLINED or DANGLING_RE.search(t) or LIST_WORD in t or "……" in t:
            return None
        if t.startswith(CUT_START):
            return None
        return t.rstrip("。；，") + "。"

    # -- listed items ---------------------------------------------------------------------
    def from_list(self, lst: ListFact, types: Sequence[QuestionType]) -> list[Question]:
        found = self._lead(lst)
        items = [i for i in lst.usable_items() if not DANGLING_RE.search(i)]
        if found is None or len(items) < 2:
            return []
        lead, context = found
        noun = list_noun(lead)
        ask = None
        if lead.endswith(OPEN_LEADS):  # 证据包括（　　） / 行政强制措施的种类包括（　　）
            ask = f"{lead}{'' if lead.endswith('包括') else '包括'}{BLANK}。"
        key = f"items:{lst.paragraph}"
        rng = self._rng(key)
        common = {
            "source": self.source,
            "kind": FactKind.ITEMS,
            "context": (context, ""),
            "generator": GENERATOR_VERSION,
        }
        out: list[Question] = []
        para = self.a.paragraphs[lst.paragraph]
        if QuestionType.MULTI in types:
            keys = rng.sample(items, min(len(items), rng.choice((2, 3))))
            wrong = self.pool.items_for(self.a, 4 - len(keys), rng, noun, lead)
            if len(keys) + len(wrong) == 4:
                options = keys + [w for w, _ in wrong]
                rng.shuffle(options)
                expl, hl = self._list_explanation(para, lead, keys, noun, wrong)
                out.append(
                    Question(
                        id=self._id(QuestionType.MULTI, key),
                        type=QuestionType.MULTI,
                        stem=self.prefix
                        + (ask or f"{lead}。下列选项中，属于此处所列{noun}的有{BLANK}。"),
                        options=options,
                        answer=[LETTERS[i] for i, o in enumerate(options) if o in keys],
                        explanation=expl,
                        highlights=hl,
                        difficulty=min(5, 3 + (len(keys) >= 3) + (len(lead) > 50)),
                        tested="；".join(keys),
                        **common,
                    )
                )
        if QuestionType.SINGLE in types:
            out.extend(self._single_from_list(lst, lead, items, noun, key, rng, common, ask))
        return out

    def _single_from_list(self, lst, lead, items, noun, key, rng, common, ask) -> list[Question]:
        negative = len(items) >= 3 and rng.random() < 0.5 and ask is None
        n_keys, n_wrong = (3, 1) if negative else (1, 3)
        keys = rng.sample(items, n_keys)
        wrong = self.pool.items_for(self.a, n_wrong, rng, noun, lead)
        if len(wrong) != n_wrong:
            return []
        options = keys + [w for w, _ in wrong]
        rng.shuffle(options)
        keyed = [w for w, _ in wrong] if negative else keys
        which = "不属于" if negative else "属于"
        para = self.a.paragraphs[lst.paragraph]
        expl, hl = self._list_explanation(para, lead, keys, noun, wrong if negative else [])
        return [
            Question(
                id=self._id(QuestionType.SINGLE, f"{key}:{'neg' if negative else 'pos'}"),
                type=QuestionType.SINGLE,
                stem=self.prefix
                + (ask or f"{lead}。下列选项中，{which}此处所列{noun}的是{BLANK}。"),
                options=options,
                answer=[LETTERS[options.index(k)] for k in keyed],
                explanation=expl,
                highlights=hl,
                difficulty=2 + negative + (len(lead) > 50),
                tested="；".join(keyed),
                polarity="negative" if negative else "positive",
                **common,
            )
        ]

    def _lead(self, lst: ListFact) -> tuple[str, str] | None:
        """(lead-in as the stem shows it, the article words it is checked with): the sentence
        that holds 下列 (or 以下), with its subject and consequence, or an "X包括" lead-in;
        unique among the article's lists, self-contained."""
        full = lst.lead.rstrip("：: ")
        word = LIST_WORD if LIST_WORD in full else "以下"
        pos = full.find(word)
        if pos < 0:
            lead = full[full.rfind("。") + 1 :]
            if not lead.endswith(OPEN_LEADS) or len(lead) < 4:
                return None
            shown, context = lead, lead
        else:
            lead = full[max(full.rfind("。", 0, pos), full.rfind("\n", 0, pos)) + 1 :]
            shown = lead.replace("以下", LIST_WORD, 1) if word == "以下" else lead
            context = max(lead.split("以下", 1), key=len) if word == "以下" else lead
            if lead.count(word) != 1 or len(context) < 4:
                return None
        if not lead or len(lead) > MAX_LEAD or lead.startswith(CUT_START):
            return None
        if DANGLING_RE.search(lead) or "……" in lead:
            return None
        others = [
            squash(p.text)
            for i, p in enumerate(self.a.paragraphs)
            if p.items and i != lst.paragraph
        ]
        if any(squash(context) in o for o in others):
            return None
        return shown, context

    def _list_explanation(
        self, para, lead: str, keys: list[str], noun: str, foreign: list[tuple[str, str]]
    ) -> tuple[str, list[tuple[int, int]]]:
        repealed = "（已废止）" if self.old else ""
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


def _item_window_start(text: str, s: int, e: int) -> int | None:
    """Where a list item's sentence starts, when the item is a rule of its own (当事人要求听证
    的，应当在…内提出), not a noun phrase that needs its lead-in (违法行为轻微的)."""
    m = ITEM_MARK_RE.match(text[s : s + 6])
    start = s + m.end() if m else s
    body = text[start:e].rstrip("；;。，, ")
    if "，" not in body or body.endswith(("的", "情形", "行为", "事项")):
        return None
    return start


def _has_context(fact: Fact, s: int, e: int) -> bool:
    """Enough words either side (or a blank that opens its sentence) for one filling only."""
    return fact.start - s >= MIN_CONTEXT or e - fact.end >= MIN_CONTEXT


def _difficulty(qtype: QuestionType, fact: Fact, wrong: list[str], w: Window) -> int:
    level = {QuestionType.JUDGE: 1, QuestionType.SINGLE: 2, QuestionType.CLOZE: 3}[qtype]
    if fact.kind in (FactKind.AMOUNT, FactKind.MULTIPLE, FactKind.TIME_LIMIT):
        level += 1  # numbers are learned by heart
    if fact.kind is FactKind.AUTHORITY and len(fact.text) > 10:
        level += 1
    if w.end - w.start > 80:
        level += 1
    return max(1, min(5, level))
