"""The Whoosh schema: article text, law title and chapter titles as separate BM25F fields."""

from __future__ import annotations

from pathlib import Path

from whoosh.fields import ID, NUMERIC, TEXT, Schema

from lawkb.index.analysis import chinese_analyzer
from lawkb.index.grams import NgramField

SCHEMA_VERSION = "5"  # 5: the character n-gram field

# BM25F field weights, applied as query-term boosts in lawkb.search: the article text carries
# the rule; chapter and law titles give context.
FIELD_BOOSTS = {"body": 1.0, "path": 0.6, "title": 0.5}


def build_schema(dictionary: Path) -> Schema:
    ana = chinese_analyzer(dictionary)
    return Schema(
        ref=ID(stored=True, unique=True),
        law=ID(stored=True),
        status=ID(stored=True),
        category=ID(stored=True),
        kind=ID(stored=True),
        seq=NUMERIC(stored=True),
        title=TEXT(analyzer=ana, phrase=False),
        path=TEXT(analyzer=ana, phrase=False),
        body=TEXT(analyzer=ana, phrase=True),
        # the body's characters and character pairs (lawkb.index.grams), scored beside the words
        grams=NgramField(),
    )
