"""The one atomic write: whole new file or the old one, never half; symlinks written through."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawkb.atomic import atomic_open, atomic_path, atomic_write


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    atomic_write(target, "旧内容\n")
    with pytest.raises(RuntimeError), atomic_open(target, "w", encoding="utf-8") as fh:
        fh.write("新内容的一半")
        raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "旧内容\n"
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]
    atomic_write(target, b"\xef\xbb\xbfnew")
    assert target.read_bytes() == b"\xef\xbb\xbfnew"


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real" / "report.csv"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "report.csv"
    link.symlink_to(real)
    with atomic_path(link) as tmp:
        assert tmp.parent == real.parent  # beside the real file: the rename stays atomic
        tmp.write_text("new", encoding="utf-8")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_only_whole_file_modes() -> None:
    with pytest.raises(ValueError), atomic_open("x", "a"):
        pass
