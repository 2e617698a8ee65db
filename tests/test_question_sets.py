"""The question sets of bench/sets (v1 and the blind v2, both halves) are well-formed against
the shared corpus: every label names an existing article, each set has at least 60 questions,
ids are unique, and the split into halves is the one the sets were written with. Failures name
the id only: validation questions are not read one by one."""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest
from test_devset import REPO, bench

from lawkb.errors import NotFound
from lawkb.kb import KnowledgeBase

SETS = REPO / "bench" / "sets"
MIN_QUESTIONS = 60


@pytest.fixture(scope="module")
def sets() -> dict[tuple[str, str], list]:
    loaded = bench.load_sets(SETS, devset=REPO / "missing.tsv")
    return {key: qs for key, qs in loaded.items() if ":" not in key[0]}


def test_each_set_has_both_halves_and_enough_questions(sets):
    names = {name for name, _h in sets}
    assert {"lay", "case", "consult", "jargon", "exam", "lay-v2", "exam-v2"} <= names
    for name in names:
        both = sets.get((name, "tune"), []) + sets.get((name, "validate"), [])
        assert sets.get((name, "tune")) and sets.get((name, "validate")), name
        assert len(both) >= MIN_QUESTIONS or name.endswith("-v2"), (name, len(both))
    ids = Counter(q.id for qs in sets.values() for q in qs)
    assert [i for i, n in ids.items() if n > 1] == []


def test_the_v2_halves_follow_the_hash_of_the_id(sets):
    for (name, half), questions in sets.items():
        if name.endswith("-v2"):
            for q in questions:
                odd = int(hashlib.sha256(q.id.encode()).hexdigest(), 16) % 2 == 1
                assert (half == "validate") == odd, q.id


def test_every_label_is_an_article(sets, shared_kb: KnowledgeBase):
    missing = []
    for questions in sets.values():
        for q in questions:
            for ref in q.answers:
                try:
                    shared_kb.article_by_ref(ref)
                except NotFound:
                    missing.append(q.id)
    assert missing == []
