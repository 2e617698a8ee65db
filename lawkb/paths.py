"""Where lawkb keeps its files: the data folder from platformdirs, or --home / LAWKB_HOME."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

REPO_ROOT = Path(__file__).resolve().parent.parent


def default_home() -> Path:
    env = os.environ.get("LAWKB_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("lawkb", appauthor=False))


def corpus_dir() -> Path:
    """The collection definition (catalogue, aliases, dictionary …), shipped with the code."""
    env = os.environ.get("LAWKB_CORPUS_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent / "data" / "corpus"
    return here if here.is_dir() else REPO_ROOT / "corpus"


def quizzes_dir() -> Path:
    here = Path(__file__).resolve().parent / "data" / "quizzes"
    return here if here.is_dir() else REPO_ROOT / "quizzes"
