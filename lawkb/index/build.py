"""Build the index beside the live one and swap it in atomically; rebuild when stale.

Layout of home/index/:
    CURRENT              the name of the live generation folder (replaced with os.replace)
    g-<fingerprint>-<n>/ a complete Whoosh index plus lawkb-index.json
A reader opens whatever CURRENT names. A crash mid-build leaves CURRENT pointing at the old,
complete index; the half-built folder is cleared on the next build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index as windex
from whoosh import scoring
from whoosh.index import Index

from lawkb.errors import IndexCorrupt
from lawkb.index.analysis import backend_name, dictionary_fingerprint
from lawkb.index.schema import SCHEMA_VERSION, build_schema
from lawkb.store import Collection

if TYPE_CHECKING:
    from lawkb.index.scorer import TermScorer

Progress = Callable[[str, int, int], None]
META = "lawkb-index.json"


class IndexManager:
    def __init__(self, root: Path, collection: Collection, corpus: Path) -> None:
        self.root = Path(root)
        self.collection = collection
        self.dictionary = corpus / "dictionary.txt"
        self._index: Index | None = None
        self._searcher = None
        self._opened: str | None = None
        self._checked: tuple[str, str | None] | None = None
        self._scorer: TermScorer | None = None
        self._filters: dict = {}

    # -- state -----------------------------------------------------------------------------
    def fingerprint(self) -> str:
        parts = [
            SCHEMA_VERSION,
            dictionary_fingerprint(self.dictionary),
            self.collection.generation(),
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]

    def live_dir(self) -> Path | None:
        try:
            name = (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return self.root / name if name else None

    def status(self) -> str:
        """ "ok", "missing", "stale" or "corrupt: <why>"."""
        live = self.live_dir()
        if live is None or not live.is_dir():
            return "missing"
        try:
            meta = json.loads((live / META).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return f"corrupt: {live / META}: {exc}"
        if meta.get("fingerprint") != self.fingerprint():
            return "stale"
        try:
            ix = windex.open_dir(str(live))
            count = ix.doc_count()
            ix.close()
        except Exception as exc:  # whoosh raises many kinds on damaged files
            return f"corrupt: {live}: {exc}"
        if count != meta.get("docs"):
            return f"corrupt: {live}: {count} documents, expected {meta.get('docs')}"
        return "ok"

    def ensure(self, progress: Progress | None = None) -> bool:
        """Rebuild when missing, stale or corrupt. Returns True when it rebuilt.

        Called before every search: once the live folder has been checked for a fingerprint,
        only the (cheap) fingerprint and the CURRENT pointer are compared again."""
        live = self.live_dir()
        checked = (self.fingerprint(), live.name if live else None)
        if live is not None and checked == self._checked:
            return False
        rebuilt = False
        if self.status() != "ok":
            self.rebuild(progress=progress)
            rebuilt = True
        live = self.live_dir()
        self._checked = (self.fingerprint(), live.name if live else None)
        return rebuilt

    # -- build -----------------------------------------------------------------------------
    def rebuild(self, progress: Progress | None = None) -> Path:
        self.close()
        self.root.mkdir(parents=True, exist_ok=True)
        fp = self.fingerprint()
        target = self.root / f"g-{fp}-{time.time_ns()}"
        target.mkdir()
        try:
            docs = self._write(target, progress)
            meta = {"fingerprint": fp, "docs": docs, "segmenter": backend_name()}
            (target / META).write_text(json.dumps(meta), encoding="utf-8")
            _fsync_dir(target)
            tmp = self.root / "CURRENT.tmp"
            tmp.write_text(target.name, encoding="utf-8")
            with tmp.open("rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, self.root / "CURRENT")  # the atomic swap
            _fsync_dir(self.root)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        self._clean(keep=target.name)
        return target

    def _write(self, target: Path, progress: Progress | None) -> int:
        ix = windex.create_in(str(target), build_schema(self.dictionary))
        writer = ix.writer(limitmb=256)
        laws = {s.title: s for s in self.collection.laws(include_all=True)}
        total = sum(s.article_count for s in laws.values()) or 1
        docs = 0
        for article in self.collection.iter_articles():
            law = laws[article.law]
            writer.add_document(
                ref=article.ref,
                law=article.law,
                status=law.status.value,
                category=law.category.value,
                kind=article.kind,
                seq=article.seq,
                title=" ".join([law.title, *law.aliases]),
                path=" ".join([*article.path, article.caption]),  # 【条旨】 reads like a heading
                body=article.text,
            )
            docs += 1
            if progress and docs % 200 == 0:
                progress("index", min(docs, total), total)
        if progress:
            progress("commit", total, total)
        writer.commit()
        ix.close()
        return docs

    def _clean(self, keep: str) -> None:
        for child in self.root.iterdir():
            if child.is_dir() and child.name != keep and child.name.startswith("g-"):
                shutil.rmtree(child, ignore_errors=True)

    # -- open ------------------------------------------------------------------------------
    def searcher(self):  # -> whoosh Searcher, kept open and refreshed when the index swaps
        live = self.live_dir()
        if live is None:
            raise IndexCorrupt(f"{self.root}: no index yet (run `lawkb index`)")
        if self._searcher is None or self._opened != live.name:
            self.close()
            try:
                self._index = windex.open_dir(str(live))
            except Exception as exc:
                raise IndexCorrupt(f"{live}: cannot open the index: {exc}") from exc
            # BM25F over body, chapter path and law title (weights in the schema)
            self._searcher = self._index.searcher(weighting=scoring.BM25F(B=0.75, K1=1.2))
            self._opened = live.name
        return self._searcher

    def term_scorer(self) -> TermScorer:
        """The cached BM25F term tables for the searcher now open (rebuilt when it swaps)."""
        searcher = self.searcher()
        if self._scorer is None:
            from lawkb.index.schema import FIELD_BOOSTS
            from lawkb.index.scorer import TermScorer

            self._scorer = TermScorer(searcher, FIELD_BOOSTS)
        return self._scorer

    def filter_cache(self) -> dict:
        """A scratch dict that lives as long as the open searcher (filters as docnum sets)."""
        self.searcher()
        return self._filters

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        if self._index is not None:
            self._index.close()
        self._searcher = self._index = None
        self._opened = None
        self._scorer = None  # both belong to the searcher just closed
        self._filters = {}


_dict_fps: dict[tuple[str, int, int], str] = {}


def _dictionary_fp(path: Path) -> str:
    """dictionary_fingerprint, re-read only when the file's size or mtime changes."""
    try:
        st = path.stat()
        key = (str(path), st.st_mtime_ns, st.st_size)
    except OSError:
        return dictionary_fingerprint(path)
    if key not in _dict_fps:
        _dict_fps[key] = dictionary_fingerprint(path)
    return _dict_fps[key]


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
