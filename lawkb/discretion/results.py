"""What the calculator gives back: candidates for the words, the match, and the calculation.
The CLI's `--json` dumps these models as they are; the TUI renders them."""

from __future__ import annotations

from pydantic import BaseModel, Field

MAX_CHOICES = 6  # close candidates offered to choose from


class Candidate(BaseModel):
    id: str  # "standard:<standard>:<violation id>" or "statutory:<row id>"
    source: str  # standard / statutory
    title: str
    basis: str  # the penalty article, as a citation
    score: float
    standard: str = ""
    sample: bool = False
    violation: str = ""
    row: str = ""
    items: list[int] = Field(default_factory=list)  # 项 the words point at (statutory rows)

    @property
    def source_label(self) -> str:
        return "裁量基准" if self.source == "standard" else "法定幅度"


class Match(BaseModel):
    """What the words found: one candidate that stands out (or the one picked by id), or
    several close ones for the officer to choose from, or nothing."""

    query: str = ""
    candidates: list[Candidate] = Field(default_factory=list)  # best first
    chosen: Candidate | None = None

    @property
    def found(self) -> bool:
        return self.chosen is not None or bool(self.candidates)

    @property
    def ambiguous(self) -> bool:
        """Several candidates are close: ask which one is meant."""
        return self.chosen is None and len(self.candidates) > 1

    @property
    def choices(self) -> list[Candidate]:
        return self.candidates[:MAX_CHOICES] if self.ambiguous else []

    def best(self) -> Candidate:
        """The chosen candidate, or the best one when nobody is there to choose."""
        return self.chosen or self.candidates[0]


class QuotedArticle(BaseModel):
    role: str  # 违法依据 / 处罚依据 / 一般规定
    citation: str
    ref: str
    text: str
    paragraph: int | None = None


class AppliedRule(BaseModel):
    key: str
    title: str
    summary: str
    citations: list[str]
    triggered: bool  # the facts entered point at it
    because: list[str] = Field(default_factory=list)


class FineResult(BaseModel):
    low: float | None
    high: float | None
    unit: str = "元"
    base: str = ""
    text: str


class Calculation(BaseModel):
    query: str
    candidate: Candidate
    candidates: list[Candidate] = Field(default_factory=list)
    facts: dict[str, str] = Field(default_factory=dict)  # as entered, for the record
    missing: list[str] = Field(default_factory=list)  # factor questions not answered
    tier: str | None = None
    why: list[str] = Field(default_factory=list)
    fallback: bool = False
    fallback_reason: str = ""
    fine: FineResult | None = None
    statutory: list[str] = Field(default_factory=list)  # the article's fines, labelled
    statutory_words: list[str] = Field(default_factory=list)  # the same, as a case document says
    kinds: list[str] = Field(default_factory=list)
    articles: list[QuotedArticle] = Field(default_factory=list)
    rules: list[AppliedRule] = Field(default_factory=list)
    major: bool = False
    major_note: str = ""
    daily: bool = False
    warnings: list[str] = Field(default_factory=list)
    explanation: str = ""
