"""Exception types. Each carries where the problem is, so that the CLI and TUI can say it."""

from __future__ import annotations

from pathlib import Path


class LawkbError(Exception):
    """Base class: message says what was expected."""


class ParseError(LawkbError):
    """A law file that cannot be read as a law text."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class NotFound(LawkbError):
    """A law, article, officer or entry that is not in the store."""


class InvalidInput(LawkbError):
    """A value that breaks a rule; `field` names the field or row."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class IndexCorrupt(LawkbError):
    """The search index folder cannot be opened; it will be rebuilt."""
