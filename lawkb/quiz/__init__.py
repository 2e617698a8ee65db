"""Practice quizzes and mock exams for the 行政执法人员资格考试.

- facts / distractors / generate: questions from articles, one checkable fact each
- validate: every question checked against its article, independently of the generator
- bank: curated banks (YAML/JSON) and the CSV/XLSX import template
- paper / scoring / session: templates, seeded papers, grading, attempts in progress
- history / review / schema: attempts, wrong-answer book and FSRS cards in the records DB
- service: QuizService, what the CLI and the TUI hold
"""

from lawkb.quiz.models import (
    AttemptResult,
    FactKind,
    Paper,
    PaperTemplate,
    Question,
    QuestionSource,
    QuestionType,
)

__all__ = [
    "AttemptResult",
    "FactKind",
    "Paper",
    "PaperTemplate",
    "Question",
    "QuestionSource",
    "QuestionType",
]
