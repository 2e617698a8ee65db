"""Build the index beside the live one and swap it in atomically; rebuild when stale.

Layout of home/index/:
    CURRENT              the name of the live generation folder (replaced with os.replace)
    LOCK                 held (flock) by the one process building; released by the kernel
                         when that process dies, so a killed build never blocks the next
    g-<fingerprint>-<n>/ a complete Whoosh index plus lawkb-index.json (sizes and CRC-32 of
                         its files, so damage is found before it becomes a crash)
A reader opens whatever CURRENT names. A crash mid-build leaves CURRENT pointing at the old,
complete index; the next build clears the half-built folder first (under the lock). The
generation just replaced is kept until the next build, for readers that still have it open.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import shutil
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from whoosh import index as windex
from whoosh import scoring
from whoosh.index import Index

from lawkb.atomic import atomic_write, fsync_dir
from lawkb.errors import IndexCorrupt, LawkbError
from lawkb.i18n import _
from lawkb.index.analysis import backend_name, dictionary_fingerprint
from lawkb.index.schema import FIELD_BOOSTS, SCHEMA_VERSION, build_schema
from lawkb.index.scorer import TermScorer
from lawkb.store import Collection

Progress = Callable[[str, int, int], None]
META = "lawkb-index.json"
LOCK = "LOCK"
LAYOUT = 2  # meta with "files" (sizes, CRC-32): an older index is rebuilt once


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
        self.repaired: str | None = None  # why the last damaged index was rebuilt

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

    def status(self, deep: bool = False) -> str:
        """ "ok", "missing", "stale" or "corrupt: <why>". `deep` also checks every byte
        against the CRC-32 recorded at build time (what `lawkb index` does)."""
        live = self.live_dir()
        if live is None or not live.is_dir():
            return "missing"
        try:
            meta = json.loads((live / META).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return f"corrupt: {live / META}: {exc}"
        if not isinstance(meta, dict):
            return f"corrupt: {live / META}: not a mapping"
        if meta.get("fingerprint") != self.fingerprint() or meta.get("layout") != LAYOUT:
            return "stale"
        damage = check_files(live, meta.get("files"), deep=deep)
        if damage:
            return f"corrupt: {damage}"
        try:
            ix = windex.open_dir(str(live))
            count = ix.doc_count()
            ix.close()
        except Exception as exc:  # whoosh raises many kinds on damaged files
            # the checksums name the damaged file better than whoosh's own error does
            damage = None if deep else check_files(live, meta.get("files"), deep=True)
            return f"corrupt: {damage or f'{live}: {exc}'}"
        if count != meta.get("docs"):
            return f"corrupt: {live}: {count} documents, expected {meta.get('docs')}"
        return "ok"

    def ensure(self, progress: Progress | None = None, deep: bool = False) -> bool:
        """Rebuild when missing, stale or corrupt. Returns True when it rebuilt.

        Called before every search: once the live folder has been checked for a fingerprint,
        only the (cheap) fingerprint and the CURRENT pointer are compared again."""
        live = self.live_dir()
        checked = (self.fingerprint(), live.name if live else None)
        if live is not None and checked == self._checked and not deep:
            return False
        rebuilt = False
        status = self.status(deep=deep)
        if status != "ok":
            rebuilt = self._build_unless_done(status, progress, deep)
        live = self.live_dir()
        self._checked = (self.fingerprint(), live.name if live else None)
        return rebuilt

    # -- build -----------------------------------------------------------------------------
    def rebuild(self, progress: Progress | None = None) -> Path:
        """Build a new generation now. When another process is building, wait for it; if it
        produced a sound index meanwhile, that one is the result (two `index --force` at
        once build once)."""
        before = self.live_dir()
        with self.build_lock() as waited:
            live = self.live_dir()
            if waited and live is not None and live != before and self.status() == "ok":
                return live
            return self._build(progress)

    def _build_unless_done(self, status: str, progress: Progress | None, deep: bool) -> bool:
        """ensure()'s rebuild: a stale but sound index serves a search while another process
        builds; otherwise (and for `lawkb index`, deep) wait for the lock and build only if the
        index still needs it."""
        if status == "stale" and not deep:
            with self.build_lock(wait=False) as held:
                if held:
                    self._build(progress)
                    return True
                return False  # someone else is building: search the live index meanwhile
        with self.build_lock():
            if self.status(deep=deep) == "ok":
                return False  # built by another process while this one waited
            self._build(progress)
            return True

    def _build(self, progress: Progress | None) -> Path:
        """Write a new generation and swap it in; the caller holds the build lock."""
        self.close()
        previous = self.live_dir()
        self._clean(keep={previous.name} if previous else set())  # a killed build's folders
        fp = self.fingerprint()
        target = self.root / f"g-{fp}-{time.time_ns()}"
        target.mkdir()
        try:
            docs = self._write(target, progress)
            meta = {
                "fingerprint": fp,
                "docs": docs,
                "segmenter": backend_name(),
                "layout": LAYOUT,
                "files": file_sums(target),
            }
            atomic_write(target / META, json.dumps(meta))
            fsync_dir(target)
            atomic_write(self.root / "CURRENT", target.name)  # the swap
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        self._clean(keep={target.name} | ({previous.name} if previous else set()))
        return target

    def _write(self, target: Path, progress: Progress | None) -> int:
        ix = windex.create_in(str(target), build_schema(self.dictionary))
        # postings stay in memory up to the whole built-in laws.db (no sorted runs written to disk
        # and merged back: a fifth of a 25,000-article build)
        writer = ix.writer(limitmb=1024)
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
                grams=article.text,
            )
            docs += 1
            if progress and docs % 200 == 0:
                progress("index", min(docs, total), total)
        if progress:
            progress("commit", total, total)
        writer.commit()
        ix.close()
        return docs

    def _clean(self, keep: set[str]) -> None:
        """Remove generation folders other than `keep` (called under the build lock)."""
        for child in self.root.iterdir():
            if child.is_dir() and child.name not in keep and child.name.startswith("g-"):
                shutil.rmtree(child, ignore_errors=True)

    @contextlib.contextmanager
    def build_lock(self, wait: bool = True) -> Iterator[bool]:
        """Hold LOCK for a build. Yields whether this call had to wait (wait=True) or whether
        it got the lock at all (wait=False)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK, "a+b") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                got, waited = True, False
            except BlockingIOError:
                got, waited = wait, True
                if wait:
                    fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield waited if wait else got
            finally:
                if got:
                    fcntl.flock(fh, fcntl.LOCK_UN)

    # -- damage found while reading --------------------------------------------------------
    def repair(self, error: BaseException) -> bool:
        """After `error` escaped a search: if the live index is damaged, rebuild it, keep why
        in `self.repaired` and return True; otherwise (a bug, not damage) return False."""
        if isinstance(error, LawkbError):
            return False
        live = self.live_dir()
        if self._opened is not None and live is not None and live.name != self._opened:
            self.close()  # swapped under this reader by another process: read the new one
            return True
        why = self.status(deep=True)
        if why == "ok":
            return False
        self.repaired = f"{why} ({error.__class__.__name__}: {error})"
        with self.build_lock():
            if self.status(deep=True) != "ok":  # another process may have repaired it
                self._build(None)
        self._checked = None
        return True

    # -- open ------------------------------------------------------------------------------
    def searcher(self):  # -> whoosh Searcher, kept open and refreshed when the index swaps
        live = self.live_dir()
        if live is None:
            raise IndexCorrupt(
                _("{root}：还没有索引（请运行 `lawkb index`）").format(root=self.root)
            )
        if self._searcher is None or self._opened != live.name:
            self.close()
            try:
                self._index = windex.open_dir(str(live))
            except Exception as exc:
                raise IndexCorrupt(
                    _("{live}：无法打开索引：{exc}").format(live=live, exc=exc)
                ) from exc
            # BM25F over body, chapter path and law title (weights in the schema)
            self._searcher = self._index.searcher(weighting=scoring.BM25F(B=0.75, K1=1.2))
            self._opened = live.name
        return self._searcher

    def term_scorer(self) -> TermScorer:
        """The cached BM25F term tables for the searcher now open (rebuilt when it swaps)."""
        searcher = self.searcher()
        if self._scorer is None:
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


def file_sums(folder: Path) -> dict[str, list[int]]:
    """{file name: [size, CRC-32]} for the files of a generation (the lock file aside)."""
    return {
        f.name: [f.stat().st_size, _crc32(f)]
        for f in sorted(folder.iterdir())
        if f.is_file() and f.name != META and not f.name.endswith("WRITELOCK")
    }


def check_files(folder: Path, sums: object, deep: bool) -> str | None:
    """What is wrong with a generation's files, or None: sizes always, CRC-32 when deep."""
    if not isinstance(sums, dict):
        return f"{folder / META}: no list of files"
    for name, expected in sums.items():
        path = folder / name
        try:
            size = path.stat().st_size
        except OSError as exc:
            return f"{path}: {exc.strerror}"
        if not isinstance(expected, list) or len(expected) != 2:
            return f"{folder / META}: a bad entry for {name}"
        if size != expected[0]:
            return f"{path}: {size} bytes, expected {expected[0]}"
        if deep and _crc32(path) != expected[1]:
            return f"{path}: the bytes have changed since the build (CRC-32 mismatch)"
    return None


def _crc32(path: Path) -> int:
    crc = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc
