"""Helpers for the fault suite: made-up laws of any size, lawkb in real processes, damage."""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from lawkb.numerals import int_to_cn


def made_up_law(title: str, articles: int) -> str:
    """A law text of our own (示例…): numbered articles with distinct made-up sentences."""
    lines = [title, "", "第一章 总则", ""]
    for i in range(1, articles + 1):
        lines.append(f"第{int_to_cn(i)}条 排污单位第{i}号示例义务：按期报告监测数据{i % 97}次。")
    return "\n".join(lines) + "\n"


def write_laws(folder: Path, count: int, articles: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(1, count + 1):
        path = folder / f"示例条例{n:03d}.txt"
        path.write_text(made_up_law(f"示例第{int_to_cn(n)}号条例", articles), encoding="utf-8")
        paths.append(path)
    return paths


def lawkb(home: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "lawkb", "--home", str(home), *args]


def run(home: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(lawkb(home, *args), capture_output=True, text=True, timeout=timeout)


def start(home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        lawkb(home, *args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_for(condition: Callable[[], bool], timeout: float = 120, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def kill(proc: subprocess.Popen[str]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.communicate()


def generations(home: Path) -> set[str]:
    root = home / "index"
    return {p.name for p in root.iterdir() if p.is_dir()} if root.is_dir() else set()


def laws_in(db: Path) -> int:
    """Laws in a collection another process may be writing (WAL: readers do not block)."""
    if not db.is_file():
        return 0
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute("SELECT count(*) FROM laws").fetchone()[0]
    except sqlite3.OperationalError:  # the tables are not created yet
        return 0
    finally:
        conn.close()


def flip_bytes(path: Path, fractions: list[float], width: int = 64) -> None:
    """XOR `width` bytes at each fraction of the file (what a bad disk sector does)."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        for frac in fractions:
            fh.seek(int(size * frac))
            data = fh.read(width)
            fh.seek(int(size * frac))
            fh.write(bytes(b ^ 0x5A for b in data))


def segment_part(seg: Path, suffix: str) -> tuple[int, int]:
    """(offset, length) of one part (e.g. "_stored.col", ".pst") inside a Whoosh segment."""
    from whoosh.filedb.compound import CompoundStorage
    from whoosh.filedb.filestore import FileStorage

    f = FileStorage(str(seg.parent)).open_file(seg.name)
    try:
        parts = CompoundStorage(f, use_mmap=False)._dir  # the segment's own directory
    finally:
        f.close()
    [(offset, length)] = [
        (i["offset"], i["length"]) for n, i in parts.items() if n.endswith(suffix)
    ]
    return offset, length


def flip_part(seg: Path, suffix: str, every: int = 97) -> None:
    """Flip one byte in every `every` of a segment part: each record in it is damaged."""
    offset, length = segment_part(seg, suffix)
    size = seg.stat().st_size
    flip_bytes(seg, [(offset + i) / size for i in range(0, length, every)], width=1)


@contextlib.contextmanager
def holding_build_lock(home: Path) -> Iterator[Path]:
    """Hold the index build lock from the test, so that processes started meanwhile all wait."""
    lock = home / "index" / "LOCK"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield lock
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def lock_waiters(lock: Path) -> int:
    """How many processes wait for a flock on `lock` (Linux: the "->" lines of /proc/locks)."""
    inode = lock.stat().st_ino
    text = Path("/proc/locks").read_text()
    return sum(
        1
        for line in text.splitlines()
        if "->" in line and line.split()[6].rsplit(":", 1)[-1] == str(inode)
    )


def no_traceback(proc: subprocess.CompletedProcess[str]) -> bool:
    return "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
