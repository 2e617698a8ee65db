"""Atomic file writes: write beside the target, fsync, then os.replace.

A reader (or a crash) sees the old file or the new one, never half of one. A target that is
a symbolic link is written through: the file it points to is replaced and the link stays.

    with atomic_open(path, "w", encoding="utf-8") as fh:   # a text or binary handle
        fh.write(text)
    atomic_write(path, text)                               # the same, in one call
    with atomic_path(path) as tmp:                         # for writers that take a path
        workbook = xlsxwriter.Workbook(str(tmp)) ...
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


def real_target(path: Path | str) -> Path:
    """The file a write to `path` must replace: the link's target when `path` is a symlink."""
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def temp_beside(path: Path | str) -> Path:
    """A temporary name in the target's folder (same file system, so os.replace is atomic)."""
    target = real_target(path)
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


def replace_into(tmp: Path | str, path: Path | str) -> None:
    """fsync `tmp`, move it over `path` (through a symlink), fsync the folder."""
    target = real_target(path)
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, target)
    fsync_dir(target.parent)


def fsync_dir(path: Path | str) -> None:
    """Make a rename inside `path` durable (a no-op where folders cannot be opened)."""
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


@contextmanager
def atomic_path(path: Path | str) -> Iterator[Path]:
    """A temporary path beside `path`; moved over it when the block ends without error."""
    tmp = temp_beside(path)
    tmp.unlink(missing_ok=True)
    try:
        yield tmp
        replace_into(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def atomic_open(path: Path | str, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """open() on a temporary file beside `path`; it replaces `path` when the block succeeds."""
    if not mode.startswith("w"):
        raise ValueError(f"atomic_open writes a whole file; mode {mode!r} is not 'w' or 'wb'")
    with atomic_path(path) as tmp, open(tmp, mode, **kwargs) as fh:
        yield fh


def atomic_write(
    path: Path | str, data: str | bytes, *, encoding: str = "utf-8", newline: str | None = None
) -> None:
    """Write all of `data` (text or bytes) to `path` atomically."""
    if isinstance(data, bytes):
        with atomic_open(path, "wb") as fh:
            fh.write(data)
    else:
        with atomic_open(path, "w", encoding=encoding, newline=newline) as fh:
            fh.write(data)
