"""Quiz tables in the records database (sqlite-migrate set "lawkb.quiz").

Attempts, their answers and the review log are append-only, like the study-hours ledger:
they are what a trainee did. The wrong-answer book and the review cards are the current
state that those rows lead to, so they are updated in place, in the same transaction.
Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations

from sqlite_migrate import Migrations
from sqlite_utils import Database

MIGRATION_SET = "lawkb.quiz"
migrations = Migrations(MIGRATION_SET)


def _append_only(table: str) -> str:
    return f"""
    CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
    BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END;
    CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
    BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END;
    """


@migrations()
def q001_attempts(db: Database) -> None:
    statements = f"""
    CREATE TABLE quiz_questions (       -- what each answered question said, as it was shown
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL CHECK (type IN ('single', 'multi', 'judge', 'cloze')),
        kind TEXT NOT NULL,
        ref TEXT NOT NULL,              -- source article: 法名#59
        origin TEXT NOT NULL,
        body TEXT NOT NULL,             -- the Question as JSON
        first_seen TEXT NOT NULL
    );
    CREATE INDEX quiz_questions_ref ON quiz_questions(ref);
    CREATE TABLE quiz_attempts (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        officer_id TEXT NOT NULL REFERENCES officers(id),
        mode TEXT NOT NULL CHECK (mode IN ('exam', 'practice', 'review')),
        template TEXT NOT NULL DEFAULT '',
        seed INTEGER,
        scope TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        score REAL NOT NULL,
        max_score REAL NOT NULL,
        pass_mark REAL,
        passed INTEGER CHECK (passed IN (0, 1)),
        questions INTEGER NOT NULL,
        correct INTEGER NOT NULL,
        answered_seconds INTEGER NOT NULL,
        study_minutes INTEGER NOT NULL DEFAULT 0,
        entry_id INTEGER REFERENCES entries(id)
    );
    CREATE INDEX quiz_attempts_officer ON quiz_attempts(officer_id, finished_at);
    CREATE TABLE quiz_answers (
        attempt_id INTEGER NOT NULL REFERENCES quiz_attempts(id),
        seq INTEGER NOT NULL,
        question_id TEXT NOT NULL REFERENCES quiz_questions(id),
        options TEXT NOT NULL,          -- the options in the order shown (JSON)
        response TEXT NOT NULL,         -- letters or typed text (JSON)
        correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
        points REAL NOT NULL,
        max_points REAL NOT NULL,
        seconds REAL NOT NULL,
        PRIMARY KEY (attempt_id, seq)
    );
    CREATE INDEX quiz_answers_question ON quiz_answers(question_id);
    CREATE TABLE quiz_wrong_book (
        officer_id TEXT NOT NULL REFERENCES officers(id),
        question_id TEXT NOT NULL REFERENCES quiz_questions(id),
        ref TEXT NOT NULL,
        first_missed TEXT NOT NULL,
        last_missed TEXT NOT NULL,
        misses INTEGER NOT NULL CHECK (misses > 0),
        right_since INTEGER NOT NULL DEFAULT 0,   -- correct answers since the last miss
        last_answered TEXT NOT NULL,
        PRIMARY KEY (officer_id, question_id)
    );
    CREATE INDEX quiz_wrong_book_ref ON quiz_wrong_book(officer_id, ref);
    CREATE TABLE quiz_cards (           -- FSRS state of a missed question or a weak article
        officer_id TEXT NOT NULL REFERENCES officers(id),
        kind TEXT NOT NULL CHECK (kind IN ('question', 'article')),
        key TEXT NOT NULL,              -- question id, or article ref
        card TEXT NOT NULL,             -- fsrs.Card.to_dict() as JSON
        due TEXT NOT NULL,              -- UTC, 2026-11-25T08:00:00Z (sorts as text)
        reps INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0,
        last_review TEXT NOT NULL,
        PRIMARY KEY (officer_id, kind, key)
    );
    CREATE INDEX quiz_cards_due ON quiz_cards(officer_id, due);
    CREATE TABLE quiz_review_log (
        id INTEGER PRIMARY KEY,
        officer_id TEXT NOT NULL REFERENCES officers(id),
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        reviewed_at TEXT NOT NULL,
        due_after TEXT NOT NULL,
        attempt_id INTEGER REFERENCES quiz_attempts(id)
    );
    {_append_only("quiz_attempts")}
    {_append_only("quiz_answers")}
    {_append_only("quiz_review_log")}
    """
    # statement by statement: executescript() would COMMIT the migration's transaction
    for statement in _split(statements):
        db.execute(statement)


def _split(script: str) -> list[str]:
    """Statements of a script, keeping each trigger body (which holds a ';') whole."""
    out: list[str] = []
    buf: list[str] = []
    for line in script.splitlines():
        if not line.strip() or line.strip().startswith("--"):
            continue
        buf.append(line)
        text = "\n".join(buf).strip()
        is_trigger = text.upper().startswith("CREATE TRIGGER")
        if text.endswith(";") and (not is_trigger or text.endswith("END;")):
            out.append(text)
            buf = []
    if buf:
        out.append("\n".join(buf))
    return out
