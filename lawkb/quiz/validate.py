"""Check a question against its source article, independently of how it was generated.

The validator re-reads the article text: the keyed options must be what the article says,
and no wrong option may be something the article also says in the same role. It never uses
the generator's fact offsets or distractor bookkeeping, only the question as a trainee sees
it (stem, options, answer) plus the article text either side of the tested words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lawkb.errors import NotFound
from lawkb.models import Article, Status
from lawkb.quiz.models import BLANK, JUDGE_OPTIONS, LETTERS, FactKind, Question, QuestionType
from lawkb.quiz.text import (
    MONEY_RE,
    MULTIPLE_RE,
    TIME_RE,
    TIME_UNITS,
    authorities_overlap,
    authority_class,
    authority_values,
    condition_values,
    fills_between,
    item_text,
    money_values,
    multiple_values,
    norm_authority,
    number_value,
    range_value,
    similarity,
    squash,
    time_values,
)

ITEM_SIMILARITY_LIMIT = 0.5
_VALUE_KINDS = {
    FactKind.AMOUNT,
    FactKind.MULTIPLE,
    FactKind.TIME_LIMIT,
    FactKind.AUTHORITY,
    FactKind.CONDITION,
    FactKind.MODAL,
}
# 应当/可以/不得/书面 and what a statement may put in their place (each changes the meaning)
MODAL_WORDS = {"应当", "可以", "不得", "必须", "有权", "无权", "不适用", "适用", "书面", "口头"}


@dataclass
class ValidationReport:
    checked: int = 0
    passed: int = 0
    failures: dict[str, list[str]] = field(default_factory=dict)  # question id -> problems

    @property
    def share(self) -> float:
        return self.passed / self.checked if self.checked else 1.0


def validate_question(q: Question, article: Article) -> list[str]:
    """Problems with `q` according to `article`; an empty list means the question is sound."""
    problems = _structure(q)
    if problems:
        return problems
    if article.ref != q.source.ref:
        return [f"source {q.source.ref} but checked against {article.ref}"]
    if article.deleted:
        return ["the source article is deleted （删去）"]
    if q.source.status != Status.CURRENT and "已废止" not in q.stem:
        problems.append("a question on repealed law must say so in its stem")
    text = article.text
    for s, e in q.highlights:
        if not (0 <= s < e <= len(q.explanation)):
            problems.append(f"highlight {s}-{e} outside the explanation")
        elif squash(q.explanation[s:e]) not in squash(text):
            problems.append(f"highlighted words {q.explanation[s:e]!r} are not in the article")
    if q.kind in _VALUE_KINDS:
        problems += _value_question(q, text)
    elif q.kind is FactKind.ITEMS:
        problems += _items_question(q, article)
    return problems


def validate_all(
    questions: Iterable[Question], article_for: Callable[[str], Article]
) -> ValidationReport:
    """Validate each question against its article, fetched afresh by ref."""
    report = ValidationReport()
    cache: dict[str, Article | None] = {}
    for q in questions:
        report.checked += 1
        ref = q.source.ref
        if ref not in cache:
            try:
                cache[ref] = article_for(ref)
            except NotFound:
                cache[ref] = None
        article = cache[ref]
        problems = (
            validate_question(q, article) if article else [f"article {ref} not in collection"]
        )
        if problems:
            report.failures[q.id] = problems
        else:
            report.passed += 1
    return report


# -- structure ---------------------------------------------------------------------------------
def _structure(q: Question) -> list[str]:
    if not q.stem.strip():
        return ["empty stem"]
    if q.type is QuestionType.CLOZE:
        if q.options or len(q.answer) != 1 or not q.answer[0].strip():
            return ["a cloze has no options and one answer text"]
        if BLANK not in q.stem:
            return ["a cloze stem needs a blank"]
        return []
    letters = LETTERS[: len(q.options)]
    if len({squash(o) for o in q.options}) != len(q.options):
        return ["two options say the same"]
    if any(a not in letters for a in q.answer) or len(set(q.answer)) != len(q.answer):
        return [f"answer {q.answer} is not among options {letters}"]
    if q.type is QuestionType.JUDGE:
        if q.options != JUDGE_OPTIONS or len(q.answer) != 1:
            return ["a judgement has the options 正确/错误 and one answer"]
    elif q.type is QuestionType.SINGLE:
        if len(q.options) < 3 or len(q.answer) != 1:
            return ["a single choice has 3+ options and exactly one answer"]
    elif q.type is QuestionType.MULTI and (len(q.options) < 4 or len(q.answer) < 2):
        return ["a multiple choice has 4+ options and two or more answers"]
    return []


# -- blanks and statements ---------------------------------------------------------------------
def _value_question(q: Question, text: str) -> list[str]:
    if q.context is None:
        return ["no article context around the tested words"]
    before, after = q.context
    problems: list[str] = []
    if q.type is QuestionType.JUDGE:
        shown = q.shown
        if before + shown + after not in q.stem:
            return ["the statement does not show the context it was checked with"]
        true_in_article = set(_fills(text, before, after)) == {shown}
        says_true = q.answer == ["A"]
        if says_true and not true_in_article:
            problems.append(f"keyed 正确 but the article does not say {shown!r} there")
        if not says_true:
            if true_in_article or before + shown + after in text:
                problems.append(f"keyed 错误 but the article says {shown!r} there")
            fills = _fills(text, before, after)
            if len(set(fills)) != 1:
                problems.append("the article does not fix what belongs in the statement")
            elif (why := _wrong_value(q.kind, shown, fills[0], text)) is not None:
                problems.append(f"altered value {shown!r}: {why}")
        return problems
    if before + BLANK + after not in q.stem:
        return ["the stem does not show the context it was checked with"]
    fills = _fills(text, before, after)
    key = q.answer[0] if q.type is QuestionType.CLOZE else q.keyed_options[0]
    if not fills:
        return [f"the article does not say {key!r} there"]
    if set(fills) != {key}:
        return [f"the blank can be filled from the article with {sorted(set(fills))}"]
    if not _has_role(q.kind, key):
        problems.append(f"keyed {key!r} is not a {q.kind.value}")
    if q.type is QuestionType.SINGLE:
        for option in q.options:
            if option != key and (why := _wrong_value(q.kind, option, key, text)) is not None:
                problems.append(f"distractor {option!r}: {why}")
    return problems


def _fills(text: str, before: str, after: str) -> list[str]:
    """Every text that the article has between `before` and `after`."""
    return fills_between(text, before, after)


def _has_role(kind: FactKind, value: str) -> bool:
    if kind is FactKind.AMOUNT:
        return _range(MONEY_RE, value) is not None
    if kind is FactKind.MULTIPLE:
        return _range(MULTIPLE_RE, value) is not None
    if kind is FactKind.TIME_LIMIT:
        return _time(value) is not None
    if kind is FactKind.AUTHORITY:
        return any(m.group() == value for m in authority_values(value))
    if kind is FactKind.MODAL:
        return value in MODAL_WORDS
    return bool(value.endswith("的"))


def _range(regex: re.Pattern[str], value: str) -> tuple | None:
    m = regex.fullmatch(value)
    return range_value(m) if m else None


def _time(value: str) -> tuple[str, float] | None:
    m = TIME_RE.fullmatch(value)
    if not m:
        return None
    n = number_value(m.group("n"))
    return None if n is None else (TIME_UNITS[m.group("unit")], n)


def _wrong_value(kind: FactKind, option: str, key: str, text: str) -> str | None:
    """Why `option` is not a safe wrong value for `key` in this article (None: it is safe)."""
    if kind is FactKind.MODAL:
        if option == key or option not in MODAL_WORDS or key not in MODAL_WORDS:
            return "not another of 应当/可以/不得/书面/口头"
        if {option, key} in ({"应当", "必须"}, {"不得", "无权"}):
            return "the same duty in other words"
        return None
    if squash(option) in squash(text):
        return "the article says it"
    if kind is FactKind.AMOUNT:
        v, k = _range(MONEY_RE, option), _range(MONEY_RE, key)
        if v is None or k is None or v[0] != k[0]:
            return "not an amount of the same form"
        if v == k or v in {x for _, x in money_values(text)}:
            return "the article has this amount"
    elif kind is FactKind.MULTIPLE:
        v, k = _range(MULTIPLE_RE, option), _range(MULTIPLE_RE, key)
        if v is None or k is None or v[0] != k[0]:
            return "not a multiple of the same form"
        if v == k or v in {x for _, x in multiple_values(text)}:
            return "the article has this multiple"
    elif kind is FactKind.TIME_LIMIT:
        v, k = _time(option), _time(key)
        if v is None or k is None or v[0] != k[0]:
            return "not a time limit in the same unit"
        if v == k or v in {x for _, x in time_values(text)}:
            return "the article has this time limit"
    elif kind is FactKind.AUTHORITY:
        v, k = norm_authority(option), norm_authority(key)
        if authority_class(v) != authority_class(k):
            return "a government where a department is meant, or the reverse"
        if authorities_overlap(v, k):
            return "names the keyed authority, or part of it, under another wording"
        if v in norm_authority(text):
            return "the article names this authority"
        named = {norm_authority(m.group()) for m in authority_values(text)}
        if any(authorities_overlap(v, a) for a in named):
            return "overlaps an authority the article names"
    elif kind is FactKind.CONDITION:
        if option in key or key in option:
            return "overlaps the keyed condition"
        if any(option in c.group("c") or c.group("c") in option for c in condition_values(text)):
            return "overlaps a condition the article has"
    return None


# -- listed items ------------------------------------------------------------------------------
def _items_question(q: Question, article: Article) -> list[str]:
    if q.context is None:
        return ["no list lead-in"]
    lead = squash(q.context[0])
    if q.context[0] not in q.stem:
        return ["the stem does not quote the list it asks about"]
    lists = [p for p in article.paragraphs if p.items and lead in squash(p.text)]
    if len(lists) != 1:
        return [f"the article has {len(lists)} lists introduced by that lead-in"]
    listed = {squash(item_text(i)) for i in lists[0].items}
    own_items = [item_text(line) for line in article.text.splitlines() if item_text(line)]
    article_text = squash(article.text)
    problems: list[str] = []
    in_list = set()
    for i, option in enumerate(q.options):
        if squash(option) in listed:
            in_list.add(LETTERS[i])
            continue
        if squash(option) in article_text:
            problems.append(f"option {option!r} is in the article but not in that list")
        close = max((similarity(option, o) for o in own_items), default=0.0)
        if close >= ITEM_SIMILARITY_LIMIT:
            problems.append(f"option {option!r} is close to an item of the article ({close:.2f})")
    keyed = set(q.answer)
    expected = in_list if q.polarity == "positive" else set(LETTERS[: len(q.options)]) - in_list
    if keyed != expected:
        problems.append(
            f"keyed {sorted(keyed)} but by the article the answer is {sorted(expected)}"
        )
    return problems
