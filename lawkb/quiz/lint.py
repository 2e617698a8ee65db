"""The stem linter: can a trainee answer this question from what it shows?

Independent of the generator: it reads only the question as a trainee sees it (stem, options,
type, kind). Each rule is a small function returning a message or None; `lint_question` runs
them all. The generator and the case builder drop every question a rule rejects (`keeps`,
counting the drops by rule); the tests run the linter over every generated question of the real
collection to check that nothing slips through.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from lawkb.quiz.models import BLANK, FactKind, Question, QuestionType

CHOICE_OPTIONS = 4  # the exam has four options for 单选 and 多选
# a reference the stem cannot resolve: 前款, 本条, 第三十六条, 第二款 …
DANGLING_RE = re.compile(
    r"前[两三四]?款|本款|本条|前条|前项|本项|上款|上一款|下款"
    r"|第[零〇一二三四五六七八九十百千0-9]+(?:条|款|项)"
)
# words a sentence cannot start with: it continues one the stem does not show
CUT_START = (
    "但是",
    "但",
    "并且",
    "并",
    "或者",
    "同时",
    "其中",
    "其",
    "该",
    "此",
    "上述",
    "对此",
    "为此",
    "具体",  # 具体办法由……制定: the 办法 of what the sentence before says
)
GLUED_STOPS = ("：。", "；。", "，。", "、。", "：？", "。。", "，，")
_PREFIX_RE = re.compile(r"^(?:【[^】]*】)?(?:根据(?:已废止的)?《[^》]+》(?:的规定)?，)?")
_LIST_WORD_RE = re.compile(r"下列(?!选项|说法|哪|各项|表述|做法|行为中|情形中)")
_LIST_LEAD_RE = re.compile(r"有?下列(?:情形|行为|事项|条件|情况)?(?:之一)?的?")
MIN_LEAD_REST = 4  # characters of a lead-in besides 有下列情形之一的

Rule = Callable[[Question, str], str | None]


def stem_body(stem: str) -> str:
    """The stem without its 【…】 mark and its 根据《…》， lead."""
    return _PREFIX_RE.sub("", stem, count=1)


def rule_cut_start(q: Question, body: str) -> str | None:
    if "……" in q.stem or "..." in q.stem:
        return "the stem shows a cut sentence (……)"
    if body.startswith(CUT_START):
        return f"the stem starts in the middle of a sentence ({body[:4]}…)"
    return None


def rule_dangling_reference(q: Question, body: str) -> str | None:
    # "which article applies" cases offer article numbers as options: that is the question
    options = [] if q.kind is FactKind.CASE_ARTICLE else q.options
    for text in (q.stem, *options):
        m = DANGLING_RE.search(text)
        if m:
            return f"refers to {m.group()!r}, which the question does not show"
    return None


def rule_unresolved_above(q: Question, body: str) -> str | None:
    """上述 may only point back to a sentence the stem itself shows."""
    pos = body.find("上述")
    if pos >= 0 and not any(c in body[:pos] for c in "。：；"):
        return "上述 points to nothing the stem shows"
    return None


def rule_glued_stops(q: Question, body: str) -> str | None:
    for glued in GLUED_STOPS:
        if glued in q.stem:
            return f"punctuation {glued!r} in the stem"
    if q.stem.rstrip().endswith(("：", "，", "；", "、")):
        return "the stem ends on a colon or comma"
    return None


def rule_list_without_items(q: Question, body: str) -> str | None:
    """A "下列…" list is only answerable when its items are the options."""
    if _LIST_WORD_RE.search(body) and q.kind is not FactKind.ITEMS:
        return "the stem names a list (下列…) whose items it does not show"
    return None


def rule_list_lead(q: Question, body: str) -> str | None:
    """A list question keeps the lead-in's subject or its legal consequence: more than a bare
    "（违反本法规定，）有下列情形之一的"."""
    if q.kind is not FactKind.ITEMS:
        return None
    lead = body.split("。")[0]
    if re.fullmatch(r"[^，。；]{2,}包括" + re.escape(BLANK), lead):
        return None  # 证据包括（　　）: the lead-in is the question
    if "下列" not in lead:
        return "a list question without its lead-in"
    rest = _LIST_LEAD_RE.sub("", re.sub(r"^违反[^，]{0,30}规定，?", "", lead))
    if len(rest.strip("，：")) < MIN_LEAD_REST:
        return "the list lead-in has neither its subject nor its consequence"
    return None


def rule_options(q: Question, body: str) -> str | None:
    if q.type in (QuestionType.SINGLE, QuestionType.MULTI):
        if len(q.options) != CHOICE_OPTIONS:
            return f"{len(q.options)} options (the exam has {CHOICE_OPTIONS})"
        if any(not o.strip() or o.rstrip().endswith("：") for o in q.options):
            return "an empty or cut option"
    return None


def rule_blank(q: Question, body: str) -> str | None:
    n = q.stem.count(BLANK)
    if q.type is QuestionType.JUDGE and n:
        return "a statement to judge has a blank"
    if q.type in (QuestionType.SINGLE, QuestionType.MULTI, QuestionType.CLOZE) and n != 1:
        return f"{n} blanks (expected one)"
    return None


def rule_balanced(q: Question, body: str) -> str | None:
    for a, b in (("“", "”"), ("（", "）"), ("《", "》"), ("(", ")")):
        if q.stem.count(a) != q.stem.count(b):
            return f"unbalanced {a}{b} in the stem"
    return None


def rule_ending(q: Question, body: str) -> str | None:
    if not q.stem.rstrip().endswith(("。", "？", "）")):
        return "the stem does not end a sentence"
    return None


def rule_answer_shown(q: Question, body: str) -> str | None:
    """A blanked value the stem spells out elsewhere gives the answer away."""
    if q.type is QuestionType.CLOZE:
        keys = q.answer
    elif q.type is QuestionType.SINGLE and q.kind is not FactKind.ITEMS:
        keys = q.keyed_options
    else:
        return None
    for key in keys:
        if len(key) >= 2 and key in body:
            return f"the stem shows the answer {key!r}"
    return None


_CONDITION_ONLY_RE = re.compile(
    r"^(?:没有违法所得|违法所得不足|有违法所得|违法所得在|违法所得[一二三四五六七八九十0-9])"
)
_ANNOUNCED_RE = re.compile(r"(?:如下|以下)(?:决定|处理|措施|规定|几种|情形|事项)?[。；]")
_STATE_OF_RE = re.compile(r"(处置|处理|执行|整改|落实|履行)情况")


def rule_condition_only(q: Question, body: str) -> str | None:
    """A fine's condition (没有违法所得或者违法所得不足…的) needs the violation it belongs to."""
    if _CONDITION_ONLY_RE.match(body):
        return "the stem gives a fine's condition but not the violation"
    return None


def rule_announced_items(q: Question, body: str) -> str | None:
    """如下决定。 announces items the stem then does not show."""
    m = _ANNOUNCED_RE.search(body)
    if m and q.kind is not FactKind.ITEMS:
        return f"the stem announces items ({m.group()}) it does not show"
    return None


def rule_state_of_unshown(q: Question, body: str) -> str | None:
    """处置情况 refers back to a 处置 the stem must show first."""
    for m in _STATE_OF_RE.finditer(body):
        if m.group(1) not in body[: m.start()]:
            return f"{m.group()} refers to a {m.group(1)} the stem does not show"
    return None


RULES: tuple[Rule, ...] = (
    rule_cut_start,
    rule_dangling_reference,
    rule_unresolved_above,
    rule_glued_stops,  # a text with a cut-out phrase (转运、。) makes a stem with a hole
    rule_list_without_items,
    rule_list_lead,
    rule_options,
    rule_blank,
    rule_balanced,
    rule_ending,
    rule_answer_shown,
    rule_condition_only,
    rule_announced_items,
    rule_state_of_unshown,
)
# every rule drops at generation: the generator and the case builder keep no question the
# linter would report (see `keeps`); the linter over the pool is then a check of that
DROP_RULES: tuple[Rule, ...] = RULES


def lint_question(q: Question) -> list[str]:
    """Every rule the question breaks, as `rule: message`; [] when it is answerable."""
    if q.kind is FactKind.CURATED:
        return []  # written by a person; the bank format has its own checks
    body = stem_body(q.stem)
    out = []
    for rule in RULES:
        message = rule(q, body)
        if message:
            out.append(f"{rule.__name__.removeprefix('rule_')}: {message}")
    return out


def broken_rule(q: Question) -> str | None:
    """The name of the first rule `q` breaks (None when it breaks none)."""
    if q.kind is FactKind.CURATED:
        return None
    body = stem_body(q.stem)
    for rule in DROP_RULES:
        if rule(q, body):
            return rule.__name__.removeprefix("rule_")
    return None


def keeps(q: Question, dropped: Counter[str] | None = None) -> bool:
    """False when a rule rejects the generated question: the generator drops it (and counts
    the drop by rule in `dropped`, when given)."""
    name = broken_rule(q)
    if name is not None and dropped is not None:
        dropped[name] += 1
    return name is None


def lint_all(questions: Iterable[Question]) -> dict[str, list[str]]:
    """Question id -> problems, for the questions that break a rule."""
    return {q.id: p for q in questions if (p := lint_question(q))}
