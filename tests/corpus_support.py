"""What the real-data fixtures hold, read from the sources themselves (not from lawkb)."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from lawkb.catalogue import Catalogue
from lawkb.corpus.builtin import HISTORY, default_db
from lawkb.paths import corpus_dir


def source_law_count(corpus_source: str, shared: Path) -> int:
    """How many laws the source of `corpus_home` holds: MANIFEST rows or built-in titles."""
    if corpus_source == "shared":
        with (shared / "MANIFEST.tsv").open(encoding="utf-8") as f:
            return sum(1 for _ in csv.DictReader(f, delimiter="\t"))
    return len(Catalogue.load(corpus_dir()).builtin_titles())


def builtin_article_rows(title: str) -> int:
    """The rows laws.db holds for the current version of a law."""
    with sqlite3.connect(f"{default_db().as_uri()}?mode=ro", uri=True) as conn:
        (n,) = conn.execute(
            "SELECT count(*) FROM articles a JOIN laws l ON a.law_id = l.law_id "
            "WHERE l.law_name = ? AND l.status != ?",
            (title, HISTORY),
        ).fetchone()
    return n
