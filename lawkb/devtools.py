"""Set-up shared by the scripts in tools/ and bench/ (the app never imports this).

The scripts import the installed package (`pip install -e .`): no `sys.path` changes.
`corpus_kb()` gives them a knowledge base over a home they name, or over a temporary home
holding the shared corpus (or the built-in collection), removed when the block ends.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lawkb.errors import LawkbError
from lawkb.i18n import _
from lawkb.kb import KnowledgeBase

REPO = Path(__file__).resolve().parents[1]  # the checkout an editable install points at
SHARED_ENV = "LAWKB_SHARED_CORPUS"


def shared_corpus() -> Path:
    """The shared law texts: $LAWKB_SHARED_CORPUS, else ../shared/corpus beside the checkout."""
    env = os.environ.get(SHARED_ENV, "").strip()
    return Path(env) if env else REPO.parent / "shared" / "corpus"


def import_corpus(kb: KnowledgeBase, corpus: Path | None = None, *, builtin: bool = False) -> None:
    """Import `corpus` (default: the shared corpus) or the built-in collection into `kb`.
    Raises LawkbError naming the files that failed."""
    report = kb.import_builtin() if builtin else kb.import_paths([corpus or shared_corpus()])
    if not report.ok:
        failed = "; ".join(f"{f.path}:{f.line or ''}: {f.message}" for f in report.failed)
        raise LawkbError(_("导入失败：{failed}").format(failed=failed))


@contextmanager
def corpus_kb(
    home: Path | None = None, corpus: Path | None = None, *, builtin: bool = False
) -> Iterator[KnowledgeBase]:
    """A KnowledgeBase over `home` as it is; without a home, over a temporary one into which
    `corpus` (default: the shared corpus), or the built-in collection, is imported first.
    Raises LawkbError naming the files that failed to import."""
    if home is not None:
        kb = KnowledgeBase(Path(home))
        try:
            yield kb
        finally:
            kb.close()
        return
    with tempfile.TemporaryDirectory(prefix="lawkb-dev-") as tmp:
        kb = KnowledgeBase(Path(tmp))
        try:
            import_corpus(kb, corpus, builtin=builtin)
            yield kb
        finally:
            kb.close()
