"""Shared fixtures. The real-corpus collection and index are built once per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = Path(os.environ.get("LAWKB_SHARED_CORPUS", REPO.parent / "shared" / "corpus"))


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not (SHARED_CORPUS / "MANIFEST.tsv").is_file():
        pytest.fail(f"the shared corpus is missing: expected {SHARED_CORPUS}/MANIFEST.tsv")
    return SHARED_CORPUS


@pytest.fixture(scope="session")
def corpus_home(tmp_path_factory: pytest.TempPathFactory, shared_corpus: Path) -> Path:
    """A lawkb home with all of ../shared/corpus imported and indexed (built once)."""
    from lawkb.kb import KnowledgeBase

    home = tmp_path_factory.mktemp("corpus-home")
    kb = KnowledgeBase(home)
    report = kb.import_paths([shared_corpus])
    assert report.ok, report.failed
    kb.ensure_index()
    kb.close()
    return home


@pytest.fixture(scope="session")
def corpus_kb(corpus_home: Path) -> Iterator:
    """A KnowledgeBase on the real corpus. Read-only by convention: copy the home to change it."""
    from lawkb.kb import KnowledgeBase

    kb = KnowledgeBase(corpus_home)
    yield kb
    kb.index.close()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty lawkb home for one test."""
    h = tmp_path / "home"
    h.mkdir()
    return h
