"""Fuzz the importers (issue 14): law files in every layout (Markdown and plain text), and CSV
and XLSX files for roster, quiz-bank and discretion import, mutated from real seeds with a
fixed seed and a small time budget. Any exception other than lawkb's own error types fails.

A failure names the target, the iteration and the file it left in pytest's tmp folder, so it
can be replayed. Seeds: the first part of the smallest shared-corpus file of each layout (read
at run time, never stored), the made-up fixtures, and made-up spreadsheet rows.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fuzz_support import fuzz_xlsx, mutate_text
from tabular_support import discretion_rows

from lawkb.corpus import parse_file
from lawkb.errors import LawkbError
from lawkb.importer import import_paths
from lawkb.quiz.bank import COLUMNS
from lawkb.store import Collection
from lawkb.tabular import read_table

SEED = 14
BUDGET = 4.0  # seconds per target (three targets: the test stays well under 20 s)
MIN_RUNS, MAX_RUNS = 25, 600
FIXTURES = Path(__file__).parent / "fixtures"

ROSTER = [
    ["执法证号", "姓名", "科室", "角色", "入职日期"],
    ["J001", "张三", "法规科", "执法人员", "2020-03-01"],
    [10086, "李四", "执法一大队", "学员", dt.datetime(2024, 5, 6)],
    ["J003", "王五", "监测站", "培训管理员", ""],
]
QUIZ = [
    COLUMNS,
    ["单选", "示例：追责时效题", "一年", "二年", "三年", "五年", "", "B", "", "行政处罚法第36条"],
    ["判断", "示例：查封扣押期限题", "", "", "", "", "", "对", "", "行政强制法第25条"],
    ["多选", "示例：多选题", "甲", "乙", "丙", "", "", "AB", "示例解析", "示例条例第一条"],
]
DISCRETION = discretion_rows()


def fuzz(
    name: str, tmp_path: Path, make: Callable[[random.Random, int], tuple[bytes, str]], check
) -> int:
    """Run `check` on mutants until the budget is spent; returns how many ran."""
    rng = random.Random(f"{SEED}-{name}")
    start = time.monotonic()
    runs = 0
    while runs < MAX_RUNS and (runs < MIN_RUNS or time.monotonic() - start < BUDGET):
        data, suffix = make(rng, runs)
        path = tmp_path / f"{name}-{runs}{suffix}"
        path.write_bytes(data)
        try:
            check(path)
        except LawkbError:
            pass  # a clear refusal is what bad input should get
        except Exception as exc:
            raise AssertionError(
                f"{name}, run {runs} (seed {SEED}): {exc.__class__.__name__}: {exc}; "
                f"the input is kept at {path}"
            ) from exc
        path.unlink()
        runs += 1
    return runs


def _law_seeds(corpus: Path) -> list[tuple[bytes, str]]:
    """The beginning (12 KB, whole lines) of the smallest file of each layout, and fixtures."""
    smallest: dict[str, tuple[int, Path]] = {}
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            layout = row["format"].split()[0]
            size = int(row["bytes"])
            if layout not in smallest or size < smallest[layout][0]:
                smallest[layout] = (size, corpus / row["path"])
    seeds = []
    for _size, path in smallest.values():
        data = path.read_bytes()[:12_000]
        seeds.append((data[: data.rfind(b"\n") + 1], path.suffix))
    for path in sorted(FIXTURES.rglob("*.txt")):
        seeds.append((path.read_bytes(), ".txt"))
    return seeds


def test_law_files(shared_corpus: Path, tmp_path: Path) -> None:
    seeds = _law_seeds(shared_corpus)
    assert len({s for _d, s in seeds}) == 2 and len(seeds) >= 8  # .md layouts and .txt
    others = [d for d, _s in seeds]
    collection = Collection(tmp_path / "collection.db", corpus=Path(__file__).parents[1] / "corpus")

    def make(rng: random.Random, _run: int) -> tuple[bytes, str]:
        data, suffix = rng.choice(seeds)
        return mutate_text(rng, data, others), suffix

    def check(path: Path) -> None:
        parse_file(path)
        if path.stat().st_size < 4000:  # and now and then the whole import, into SQLite
            import_paths(collection, [path])

    assert fuzz("law", tmp_path, make, check) >= MIN_RUNS
    collection.db.close()


def _csv_bytes(rows: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([["" if c is None else str(c) for c in r] for r in rows])
    return out.getvalue().encode("utf-8-sig")


@pytest.fixture(scope="module")
def importers(corpus_kb, tmp_path_factory: pytest.TempPathFactory):
    """Each spreadsheet importer, as one function of a path."""
    from lawkb.discretion.table import load_table
    from lawkb.discretion.xlsx_import import import_xlsx
    from lawkb.quiz.bank import import_file
    from lawkb.records import Records

    root = tmp_path_factory.mktemp("fuzz-importers")
    records = Records(root / "records.db", today=lambda: dt.date(2026, 11, 25))
    catalog = corpus_kb.question_catalog(bank_dirs=[])
    table = load_table(corpus_kb)

    def run_all(path: Path) -> None:
        read_table(path)
        for step in (
            lambda: records.import_roster(path),
            lambda: import_file(path, catalog, root / "quizzes"),
            lambda: import_xlsx(corpus_kb, table, path),
        ):
            with contextlib.suppress(LawkbError):  # refused with a clear message: fine
                step()

    yield run_all
    records.close()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_spreadsheets(kind: str, importers, tmp_path: Path) -> None:
    sheets = [ROSTER, QUIZ, DISCRETION]
    seeds = [_csv_bytes(s) for s in sheets]

    def make(rng: random.Random, _run: int) -> tuple[bytes, str]:
        if kind == "csv":
            return mutate_text(rng, rng.choice(seeds), seeds), ".csv"
        return fuzz_xlsx(rng, rng.choice(sheets)), ".xlsx"

    assert fuzz(kind, tmp_path, make, importers) >= MIN_RUNS
