"""Constants of the records schema, importable without sqlite-utils (start-up speed)."""

from __future__ import annotations

from typing import Any

MIGRATION_SET = "lawkb.records"
# The newest migration in lawkb/records/migrations.py. When a database already has it,
# opening skips importing sqlite-utils (about 0.2 s) altogether.
LATEST_MIGRATION = "m002_events"

GENESIS_HASH = "0" * 64

ROLES = ("officer", "trainee", "coordinator")

DEFAULT_ACTIVITIES = [
    "党组中心组学法",
    "法制讲座",
    "集中培训",
    "网络培训",
    "自学",
    "练习",
    "模拟考试",
]

DEFAULT_SETTINGS: dict[str, Any] = {
    "activities": DEFAULT_ACTIVITIES,
    "auto_counts": True,  # automatic minutes (quizzes, mock exams) count towards the target
    "pro_rata": True,  # an officer who joins (or leaves) mid-year gets a pro-rata target
    "target": 40 * 60,  # minutes a year; "target.2027", "target.trainee", "target.2027.trainee"
}

MAX_MINUTES_PER_DAY = 24 * 60

# entry.source values
MANUAL, GROUP, QUIZ, EXAM, IMPORT, CORRECTION = (
    "manual",
    "group",
    "quiz",
    "exam",
    "import",
    "correction",
)
SOURCES = (MANUAL, GROUP, QUIZ, EXAM, IMPORT, CORRECTION)
