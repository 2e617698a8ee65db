"""Papers shaped like the exam: shares per part (公共法律知识 / 专业法律知识), per law and per
topic, and a least share of case questions, as a template's `mix` sets them.

The draw is greedy: each slot takes, among the candidates of its type, the question whose law
and topic are furthest below their targets (ties broken by the seeded order), one question per
article. `mix_report` measures a paper against its template.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Iterable

from lawkb.errors import NotFound
from lawkb.models import Article
from lawkb.quiz.models import FactKind, Mix, Question, QuestionType

OTHER = "*"  # a law share for every law in scope that the part does not name
TOPICS = ("程序", "罚则", "职权", "实体")
CANDIDATES_PER_SLOT = 4
_PROCEDURE_RE = re.compile(
    r"听证|送达|告知|陈述|申辩|期限|期间|程序|证据|调查|检查|立案|受理|申请|决定书|催告|执行|复议"
    r"|诉讼|起诉|上诉|管辖|回避|审查|笔录|当场|公开|答复|移送|书面"
)
_PENALTY_RE = re.compile(r"罚款|处罚的种类|没收|吊销|拘留|按日连续|责令停|法律责任|处分")


def topic_of(q: Question, article: Article | None = None) -> str:
    """程序 (time limits, hearings, service, evidence, jurisdiction …), 罚则 (fines and other
    penalties), 职权 (who is responsible) or 实体 (the rest)."""
    if q.kind in (FactKind.CASE_DEADLINE, FactKind.TIME_LIMIT):
        return "程序"
    penalties = (FactKind.AMOUNT, FactKind.MULTIPLE, FactKind.CONDITION)
    if q.kind in (FactKind.CASE_PENALTY, FactKind.CASE_ARTICLE, *penalties):
        return "罚则"
    if q.kind in (FactKind.AUTHORITY, FactKind.CASE_AUTHORITY):
        return "职权"
    chapter = " ".join(article.path) if article else ""
    text = q.stem + chapter
    if "法律责任" in chapter or (_PENALTY_RE.search(q.stem) and not _PROCEDURE_RE.search(q.stem)):
        return "罚则"
    if _PROCEDURE_RE.search(text):
        return "程序"
    return "实体"


class Targets:
    """Target counts per law bucket and per topic for a paper of `total` questions."""

    def __init__(self, mix: Mix, total: int, resolve) -> None:
        self.total = total
        self.law_share: dict[str, float] = {}
        self.part_of: dict[str, str] = {}
        for part in mix.parts:
            for name, share in part.laws.items():
                try:
                    key = name if name == OTHER else resolve(name)
                except NotFound:
                    continue  # a law this install lacks (a built-in-only collection): no target
                self.law_share[key] = self.law_share.get(key, 0) + share
                self.part_of[key] = part.name
        self.topic_share = dict(mix.topics)
        self.cases = math.ceil(mix.cases * total / 100)

    def bucket(self, law: str) -> str | None:
        if law in self.law_share:
            return law
        return OTHER if OTHER in self.law_share else None

    def law_target(self, bucket: str) -> float:
        return self.law_share.get(bucket, 0) * self.total / 100

    def topic_target(self, topic: str) -> float:
        return self.topic_share.get(topic, 0) * self.total / 100


class Picker:
    """Greedy picks against the targets, one question per article."""

    def __init__(self, targets: Targets, topic: dict[str, str]) -> None:
        self.t = targets
        self.topic = topic  # question id -> topic
        self.laws: Counter[str] = Counter()
        self.topics: Counter[str] = Counter()
        self.used: set[str] = set()
        self.kinds: Counter[tuple[QuestionType, FactKind]] = Counter()
        self.truth: Counter[bool] = Counter()

    def score(self, q: Question) -> float:
        bucket = self.t.bucket(q.source.law)
        if bucket is None:
            return -math.inf
        target = self.t.law_target(bucket)
        # the gap in questions, and in its share of the target: a law of 4 % is not left to
        # the last slots, where it may have no question of the type they need
        law_gap = target - self.laws[bucket] + 8 * (1 - self.laws[bucket] / max(1.0, target))
        topic = self.topic[q.id]
        topic_gap = self.t.topic_target(topic) - self.topics[topic] if self.t.topic_share else 0
        spread = 0.25 * self.kinds[(q.type, q.kind)]  # no kind of fact takes over a section
        balance = 0.0
        if q.type is QuestionType.JUDGE:
            true = q.answer == ["A"]
            balance = 0.75 if self.truth[true] < self.truth[not true] else 0.0
        return law_gap + topic_gap - spread + balance

    def take(self, q: Question) -> None:
        self.laws[self.t.bucket(q.source.law) or ""] += 1
        self.topics[self.topic[q.id]] += 1
        self.used.add(q.source.ref)
        self.kinds[(q.type, q.kind)] += 1
        if q.type is QuestionType.JUDGE:
            self.truth[q.answer == ["A"]] += 1

    def pick(self, candidates: Iterable[Question], count: int) -> list[Question]:
        pool = [q for q in candidates if q.source.ref not in self.used]
        out: list[Question] = []
        while len(out) < count:
            best, best_score = None, -math.inf
            for q in pool:
                if q.source.ref in self.used:
                    continue
                s = self.score(q)
                if s > best_score:
                    best, best_score = q, s
            if best is None:
                break
            self.take(best)
            out.append(best)
        return out


def mix_report(questions: list[Question], mix: Mix, resolve, topic: dict[str, str]) -> dict:
    """Shares (percent) of the paper per law bucket, part and topic beside their targets."""
    n = len(questions) or 1
    t = Targets(mix, n, resolve)
    laws = Counter(t.bucket(q.source.law) or "(outside)" for q in questions)
    topics = Counter(topic[q.id] for q in questions)
    parts: Counter[str] = Counter()
    for bucket, count in laws.items():
        parts[t.part_of.get(bucket, "(outside)")] += count
    part_targets = {p.name: p.share for p in mix.parts}

    def side_by_side(have: Counter[str], want: dict[str, float]) -> dict[str, tuple[float, float]]:
        return {k: (100 * have[k] / n, want.get(k, 0)) for k in sorted(set(have) | set(want))}

    return {
        "laws": side_by_side(laws, t.law_share),
        "parts": side_by_side(parts, part_targets),
        "topics": side_by_side(topics, t.topic_share),
        "cases": (100 * sum(q.is_case for q in questions) / n, mix.cases),
    }


def shuffled(items: list, rng: random.Random) -> list:
    out = list(items)
    rng.shuffle(out)
    return out
