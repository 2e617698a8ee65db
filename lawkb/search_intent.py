"""What kind of answer a question asks for: a question about a time limit (多久, 期限) is
answered by an article that states one, a question about an amount (罚多少) by one that states a
fine, a question about who decides (谁来管, 哪个法院) by one that names an authority. Articles at
the head of a ranking whose text gives that kind of answer are lifted a little."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lawkb.store import Collection

INTENT_TOP = 40  # the documents looked at
INTENT_LIFT = 1.2
TEXT_CACHE = 4096

_NUM = r"[一二三四五六七八九十百千两\d]+"
INTENTS: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    (
        re.compile(
            r"多久|多长时间|期限|几天|几日|多少天|多少日|时效|时限|什么时候|何时|几年|几个月|多少年|"
            rf"{_NUM}个?多(?:月|天|年)|{_NUM}年前|{_NUM}个?月前|过了{_NUM}"
        ),
        re.compile(rf"{_NUM}个?(?:日|天|月|年|工作日)|期限|时效"),
    ),
    (
        re.compile(r"罚多少|多少钱|罚款多少|多少罚款|最高罚|最多罚|罚款上限|罚款数额|罚几"),
        re.compile(rf"{_NUM}万?元|罚款|倍以上"),
    ),
    (
        re.compile(r"谁来管|谁管|归谁|哪个部门|由谁|哪个机关|哪一级|哪个法院|哪里|去哪|向谁"),
        re.compile(r"主管部门|机关|人民政府|人民法院|管辖"),
    ),
]


def asks_for_a_time_limit(question: str) -> bool:
    return INTENTS[0][0].search(question) is not None


# A consultation tells a case, then asks: the ask is what follows the last 问： or, without one,
# the last sentence (with the one before it when it is only 依据是什么 or the like).
_ASKED = re.compile(r"问[：:]")
_SENTENCE_END = re.compile(r"[。？?！!；;]")
SHORT_ASK = 8
# what an ask about the procedure of a case (not about the conduct told) names
PROCEDURE = re.compile(
    r"查封|扣押|移送|拘留|管辖|时效|立案|听证|复议|起诉|诉讼|强制执行|催告|送达|告知|陈述|申辩|"
    r"分期|延期|加处|滞纳金|限制生产|停产整治|法制审核|信息公开|回避|名义|委托|期限"
)


def ask_of(question: str) -> str:
    """The part of a question that asks, as opposed to the story before it."""
    marks = list(_ASKED.finditer(question))
    if marks:
        return question[marks[-1].end() :]
    parts = [p for p in _SENTENCE_END.split(question) if p.strip()]
    if len(parts) > 1 and len(parts[-1].strip()) < SHORT_ASK:
        return "".join(parts[-2:])
    return parts[-1] if parts else question


def asks_about_procedure(question: str) -> bool:
    """A story followed by an ask about the procedure (查封, 移送, 管辖, 时效 …): the conduct the
    story names is background, not what decides the answer."""
    ask = ask_of(question)
    return ask != question and PROCEDURE.search(ask) is not None


class Intent:
    """Lifts the head of a ranking by the kind of answer the question asks for; article texts
    are cached per collection generation."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self._generation = ""
        self._texts: dict[str, str] = {}

    def texts(self, refs: list[str]) -> dict[str, str]:
        generation = self.collection.generation()
        if generation != self._generation or len(self._texts) > TEXT_CACHE:
            self._texts, self._generation = {}, generation
        missing = [r for r in refs if r not in self._texts]
        if missing:
            marks = ",".join("?" * len(missing))
            sql = f"SELECT ref, text FROM articles WHERE ref IN ({marks})"
            for ref, text in self.collection.db.execute(sql, missing):
                self._texts[ref] = text
        return {r: self._texts.get(r, "") for r in refs}

    def rerank(self, found: list[tuple[str, float]], question: str) -> list[tuple[str, float]]:
        answers = [answer for asks, answer in INTENTS if asks.search(question)]
        if not answers or len(found) < 2:
            return found
        head = found[:INTENT_TOP]
        texts = self.texts([ref for ref, _s in head])
        lifted = [
            (ref, score * INTENT_LIFT if any(a.search(texts[ref]) for a in answers) else score)
            for ref, score in head
        ]
        lifted.sort(key=lambda t: -t[1])
        return lifted + found[INTENT_TOP:]
