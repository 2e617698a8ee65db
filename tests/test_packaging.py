"""A built lawkb carries corpus/ and quizzes/ as real package data (no links in the repository),
and the installed package reads them from inside itself."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_repository_holds_no_symbolic_links() -> None:
    staged = subprocess.run(
        ["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if staged.returncode != 0:
        pytest.skip("not a git checkout")
    links = [
        line.split("\t")[1] for line in staged.stdout.splitlines() if line.startswith("120000")
    ]
    assert links == []


@pytest.mark.slow
def test_an_installed_wheel_reads_its_own_data(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("lawkb-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("corpus", "quizzes"):
        for f in (ROOT / name).rglob("*"):
            if f.is_file() and "__pycache__" not in f.parts:
                assert f"lawkb/data/{f.relative_to(ROOT).as_posix()}" in names
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    probe = (
        "from lawkb.paths import corpus_dir, quizzes_dir\n"
        "from lawkb.catalogue import Catalogue\n"
        "print(corpus_dir()); print(quizzes_dir())\n"
        "print(len(Catalogue.load(corpus_dir()).entries))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "LAWKB_CORPUS_DIR"}
    out = subprocess.run(
        [sys.executable, "-c", probe],
        env=env | {"PYTHONPATH": str(site)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    corpus, quizzes, entries = Path(out[0]), Path(out[1]), int(out[2])
    assert corpus == site / "lawkb" / "data" / "corpus"
    assert quizzes == site / "lawkb" / "data" / "quizzes"
    assert entries > 30
    same = filecmp.dircmp(ROOT / "corpus", corpus)
    assert same.left_only == [] and same.diff_files == []
