"""Issue 14, items 16-17: `hours export -o -` writes to standard output, `-o` through a symlink
keeps the link, dates before the officer joined or the ledger's first year are refused,
`show … --json` gives the law's article count; and `lawkb restore` from the command line."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from records_tamper_support import DAY, YEAR, Ledger


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    led = Ledger(tmp_path / "home", tmp_path / "config" / "ledger.key")
    led.build()
    return led


def test_export_to_standard_output(ledger: Ledger) -> None:
    out = ledger.run("hours", "export", "--year", YEAR, "--format", "csv", "-o", "-")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert {r["执法证号"]: int(r["计入分钟"]) for r in rows} == {
        "T001": 255,
        "T002": 195,
        "T003": 210,
    }
    assert rows[0]["校验点"].startswith("LK1-8-")
    data = json.loads(ledger.run("hours", "export", "--year", YEAR, "--format", "json", "-o", "-"))
    assert data["checkpoint"] == rows[0]["校验点"]
    assert not (Path.cwd() / "-").exists()
    result = ledger.runner.invoke(
        __import__("lawkb.cli.main", fromlist=["main"]).main,
        ["--home", str(ledger.home), "hours", "export", "--year", YEAR, "-o", "-"],
        env=ledger.env,
    )
    assert result.exit_code == 0
    with zipfile.ZipFile(io.BytesIO(result.stdout_bytes)) as xlsx:  # a whole XLSX file
        assert any(data["checkpoint"] in xlsx.read(n).decode() for n in xlsx.namelist())
    ledger.run("hours", "export", "--format", "csv", "--detail", "-o", "-", code=2)
    ledger.run("hours", "export", "--format", "json", "--json", "-o", "-", code=2)


def test_export_through_a_symlink_keeps_the_link(ledger: Ledger, tmp_path: Path) -> None:
    real = tmp_path / "shared" / "hours.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "hours.json"
    link.symlink_to(real)
    ledger.run("hours", "export", "--year", YEAR, "--format", "json", "-o", str(link))
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert json.loads(real.read_text(encoding="utf-8"))["year"] == int(YEAR)


def test_dates_before_joining_or_the_ledgers_first_year_are_refused(ledger: Ledger) -> None:
    out = ledger.run("hours", "log", "T001", "1h", "--date", "1900-01-01", "-a", "自学", code=1)
    assert "1900-01-01" in out and "第一个年度" in out
    out = ledger.run("hours", "log", "T003", "1h", "--date", f"{YEAR}-01-04", "-a", "自学", code=1)
    assert "入职日期" in out
    first = int(YEAR) - 1  # the ledger began this year or last: it takes the year before
    out = ledger.run(
        "hours", "group", "1h", "T001", "T002", "--date", f"{first - 1}-12-31",
        "-a", "法制讲座", "-t", "旧账", code=None,
    )  # fmt: skip
    assert "第一个年度" in out
    before = json.loads(ledger.run("hours", "verify", "--json"))["checkpoint"]
    assert before.startswith("LK1-8-")  # nothing written
    ledger.run("hours", "log", "T001", "1h", "--date", f"{DAY}28", "-a", "自学")


def test_restore_from_the_command_line(ledger: Ledger, tmp_path: Path) -> None:
    backup = json.loads(ledger.run("backup", str(tmp_path / "b.db"), "--json"))
    assert backup["checkpoint"].startswith("LK1-8-")
    ledger.run("hours", "log", "T001", "1h", "--date", f"{DAY}28", "-a", "自学")
    out = ledger.run("restore", backup["path"])
    assert "被替换的账本保存在" in out and backup["checkpoint"] in out
    assert json.loads(ledger.run("hours", "verify", "--json"))["checkpoint"] == backup["checkpoint"]
    kept = list(ledger.home.glob("records.replaced-*.db"))
    assert len(kept) == 1


def test_show_reports_the_laws_article_count(corpus_kb) -> None:
    from lawkb.views import article_view

    article = corpus_kb.article("环保法", "59")
    summary = next(s for s in corpus_kb.laws(include_all=True) if s.title == article.law)
    view = article_view(corpus_kb.collection, corpus_kb, article)
    assert summary.article_count > 0
    assert view["law_info"]["article_count"] == summary.article_count
