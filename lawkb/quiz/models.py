"""Question, paper and attempt models of the quiz feature (pydantic v2)."""

from __future__ import annotations

import hashlib
import string
from enum import StrEnum

from pydantic import BaseModel, Field

from lawkb.models import Article, Law, Status

LETTERS = string.ascii_uppercase[:5]  # A–E: the import template has five option columns
BLANK = "（　　）"
JUDGE_OPTIONS = ["正确", "错误"]


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTI = "multi"
    JUDGE = "judge"
    CLOZE = "cloze"

    @property
    def label(self) -> str:
        return TYPE_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> QuestionType:
        """single / 单选 / 单选题 / 单项选择题 … -> QuestionType; raises ValueError."""
        key = text.strip().lower().removesuffix("题")
        for qtype, names in TYPE_NAMES.items():
            if key in names:
                return qtype
        raise ValueError(f"unknown question type {text!r} (expected 单选, 多选, 判断 or 填空)")


TYPE_LABELS = {
    QuestionType.SINGLE: "单选",
    QuestionType.MULTI: "多选",
    QuestionType.JUDGE: "判断",
    QuestionType.CLOZE: "填空",
}
TYPE_NAMES = {
    QuestionType.SINGLE: {"single", "单选", "单项选择", "单选择"},
    QuestionType.MULTI: {"multi", "multiple", "多选", "多项选择", "多选择"},
    QuestionType.JUDGE: {"judge", "true-false", "判断", "是非"},
    QuestionType.CLOZE: {"cloze", "fill", "填空"},
}


class FactKind(StrEnum):
    """What a generated question tests."""

    AMOUNT = "amount"  # 罚款数额或幅度（元）
    MULTIPLE = "multiple"  # 倍数幅度
    TIME_LIMIT = "time_limit"  # 期限（日、工作日、个月、年）
    AUTHORITY = "authority"  # 负责的机关
    CONDITION = "condition"  # 适用条件（情节严重的、拒不改正的……）
    ITEMS = "items"  # 列举事项（一）（二）……
    MODAL = "modal"  # 应当/可以/不得、书面：改一个字就改了意思的用语
    CASE_PENALTY = "case_penalty"  # 案例：违法事实 -> 罚款幅度（corpus/statutory.tsv）
    CASE_DEADLINE = "case_deadline"  # 案例：日期 -> 期限届满之日（quizzes/cases.tsv）
    CASE_ARTICLE = "case_article"  # 案例：违法行为 -> 适用的罚则条款（corpus/violations.tsv）
    CASE_AUTHORITY = "case_authority"  # 案例：违法行为 -> 实施处罚的部门（corpus/violations.tsv）
    CURATED = "curated"  # a question from a bank, written by a person

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


CASE_KINDS = (
    FactKind.CASE_PENALTY,
    FactKind.CASE_DEADLINE,
    FactKind.CASE_ARTICLE,
    FactKind.CASE_AUTHORITY,
)
KIND_LABELS = {
    FactKind.AMOUNT: "罚款数额",
    FactKind.MULTIPLE: "倍数",
    FactKind.TIME_LIMIT: "期限",
    FactKind.AUTHORITY: "主管机关",
    FactKind.CONDITION: "适用条件",
    FactKind.ITEMS: "列举事项",
    FactKind.MODAL: "关键用语",
    FactKind.CASE_PENALTY: "案例·罚款幅度",
    FactKind.CASE_DEADLINE: "案例·期限计算",
    FactKind.CASE_ARTICLE: "案例·适用条款",
    FactKind.CASE_AUTHORITY: "案例·处罚部门",
    FactKind.CURATED: "题库",
}


class QuestionSource(BaseModel):
    """The article a question is based on."""

    law: str  # full title
    article: str  # label: 第一百二十条之一
    number: int
    suffix: str = ""
    status: Status = Status.CURRENT
    short_title: str = ""
    ref: str = ""  # the collection-wide article id: 中华人民共和国刑法#338之一

    def model_post_init(self, context: object, /) -> None:
        if not self.ref:
            self.ref = f"{self.law}#{self.number}{self.suffix}"

    @classmethod
    def of(cls, law: Law, article: Article) -> QuestionSource:
        return cls(
            law=law.title,
            article=article.label,
            number=article.number,
            suffix=article.suffix,
            status=law.status,
            short_title=law.short_title,
            ref=article.ref,
        )

    @property
    def citation(self) -> str:
        return f"《{self.short_title or self.law}》{self.article}"


class Question(BaseModel):
    id: str
    type: QuestionType
    stem: str
    options: list[str] = Field(default_factory=list)  # empty for cloze
    answer: list[str]  # option letters (A, C); the answer text(s) for cloze
    explanation: str
    highlights: list[tuple[int, int]] = Field(default_factory=list)  # [start, end) in explanation
    difficulty: int = 2  # 1 (easy) … 5 (hard)
    source: QuestionSource
    kind: FactKind = FactKind.CURATED
    tested: str = ""  # the fact the question tests, as the article words it
    shown: str = ""  # judge: the value the statement shows (tested, or the altered one)
    context: tuple[str, str] | None = None  # article text either side of the blank / value
    polarity: str = "positive"  # items questions: "negative" asks which is NOT listed
    origin: str = "generated"  # "generated" or "bank:<file>"
    generator: str = ""  # generator version, for generated questions
    case_ref: str = ""  # case questions: the statutory row id or the cases.tsv id it is built on
    case_facts: dict[str, str] = Field(default_factory=dict)  # case: the dates, figures it shows
    flags: list[str] = Field(default_factory=list)  # e.g. "cites-repealed": an article citing
    # a repealed law (papers leave such questions out)

    @property
    def is_case(self) -> bool:
        return self.kind in CASE_KINDS

    # -- answers --------------------------------------------------------------------------
    @property
    def answer_text(self) -> str:
        if self.type is QuestionType.CLOZE:
            return "；".join(self.answer)
        return "、".join(f"{a}. {self.options[LETTERS.index(a)]}" for a in self.answer)

    @property
    def keyed_options(self) -> list[str]:
        return [self.options[LETTERS.index(a)] for a in self.answer] if self.options else []

    def shuffled(self, order: list[int]) -> Question:
        """The same question with its options in `order` (indices into the current options)."""
        if self.type in (QuestionType.JUDGE, QuestionType.CLOZE) or not self.options:
            return self
        options = [self.options[i] for i in order]
        keyed = set(self.keyed_options)
        answer = [LETTERS[i] for i, o in enumerate(options) if o in keyed]
        return self.model_copy(update={"options": options, "answer": answer})

    @property
    def is_old_law(self) -> bool:
        return self.source.status != Status.CURRENT


def stable_id(*parts: str) -> str:
    """A short id that stays the same for the same source, type, fact and generator version."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"q{digest[:15]}"


class Section(BaseModel):
    """One part of a paper template: N questions of a type, P points each."""

    type: QuestionType
    count: int = Field(ge=0)
    points: float = Field(gt=0)
    partial: float = 0.0  # multi: points for a right but incomplete choice (0 = none)


class Scope(BaseModel):
    laws: list[str] = Field(default_factory=list)  # titles or aliases; empty = every law
    exclude_laws: list[str] = Field(default_factory=list)  # titles or aliases left out
    categories: list[str] = Field(default_factory=list)  # 法律, 行政法规 …; empty = all
    include_repealed: bool = False
    banks: bool = True  # also draw curated bank questions


class Part(BaseModel):
    name: str
    laws: dict[str, float]  # law (title, short title or alias, or *) -> percent of the paper

    @property
    def share(self) -> float:
        return sum(self.laws.values())


class Mix(BaseModel):
    source: str = ""  # where the shares come from, or that they are an assumption
    parts: list[Part] = Field(default_factory=list)
    topics: dict[str, float] = Field(default_factory=dict)  # topic -> percent of the paper
    cases: float = 0  # least percent of case questions


class PaperTemplate(BaseModel):
    name: str = "default"
    title: str = "行政执法人员资格考试模拟卷"
    minutes: int = Field(default=90, gt=0)
    pass_mark: float = Field(default=60, ge=0)
    sections: list[Section]
    scope: Scope = Field(default_factory=Scope)
    mix: Mix | None = None  # shares per part, law and topic; None = kinds of fact in turn

    @property
    def total_points(self) -> float:
        return sum(s.count * s.points for s in self.sections)

    @property
    def question_count(self) -> int:
        return sum(s.count for s in self.sections)


DEFAULT_TEMPLATE = PaperTemplate(
    sections=[
        Section(type=QuestionType.SINGLE, count=40, points=1),
        Section(type=QuestionType.MULTI, count=20, points=2),
        Section(type=QuestionType.JUDGE, count=20, points=1),
    ]
)


class PaperItem(BaseModel):
    number: int  # 1-based position in the paper
    points: float
    partial: float = 0.0
    question: Question


class Paper(BaseModel):
    template: PaperTemplate
    seed: int
    items: list[PaperItem]

    @property
    def total_points(self) -> float:
        return sum(i.points for i in self.items)


class Graded(BaseModel):
    """One answered (or unanswered) question of an attempt."""

    question: Question
    response: list[str] = Field(default_factory=list)  # letters, or the text typed for cloze
    correct: bool = False
    points: float = 0.0
    max_points: float = 1.0
    seconds: float = 0.0  # time spent on this question (capped: an idle clock is not study)


class AttemptResult(BaseModel):
    attempt_id: int | None = None
    officer_id: str
    mode: str  # "exam", "practice", "review"
    template: str = ""
    seed: int | None = None
    started_at: str
    finished_at: str
    score: float
    max_score: float
    pass_mark: float | None = None
    passed: bool | None = None
    graded: list[Graded]
    study_minutes: int = 0  # what was logged as study time
    questions: int = 0  # questions in the attempt, answered or not

    @property
    def wrong(self) -> list[Graded]:
        """Answered wrongly: an unanswered question is not a wrong answer (not in 错题本)."""
        return [g for g in self.graded if g.response and not g.correct]

    @property
    def answered_count(self) -> int:
        return sum(1 for g in self.graded if g.response)

    @property
    def unanswered_count(self) -> int:
        return max(self.questions, len(self.graded)) - self.answered_count

    @property
    def correct_count(self) -> int:
        return sum(1 for g in self.graded if g.correct)
