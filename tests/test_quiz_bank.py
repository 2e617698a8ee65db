"""Curated banks and the CSV/XLSX import: bad rows reported by row number, good rows kept."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

from lawkb.errors import InvalidInput
from lawkb.paths import quizzes_dir
from lawkb.quiz.bank import COLUMNS, import_file, load_bank
from lawkb.quiz.models import QuestionType
from lawkb.quiz.text import squash

ROWS = [
    # 题型, 题干, A, B, C, D, E, 答案, 解析, 依据
    [
        "单选",
        "示例：一般追责时效是？",
        "一年",
        "二年",
        "三年",
        "五年",
        "",
        "B",
        "",
        "《行政处罚法》第三十六条",
    ],
    ["单选", "示例：没有答案的题", "甲", "乙", "", "", "", "", "", "《行政处罚法》第三十六条"],
    [
        "单选",
        "示例：答案不在选项中",
        "甲",
        "乙",
        "丙",
        "丁",
        "",
        "E",
        "",
        "《行政处罚法》第三十六条",
    ],
    ["判断", "示例：依据条号不存在", "", "", "", "", "", "正确", "", "《行政处罚法》第九百条"],
    [
        "判断",
        "示例：查封扣押期限不得超过三十日。",
        "",
        "",
        "",
        "",
        "",
        "对",
        "",
        "行政强制法第25条",
    ],
    ["多选", "示例：依据法律不存在", "甲", "乙", "丙", "", "", "AB", "", "示例条例第一条"],
    [
        "多选",
        "示例：按日连续处罚的情形",
        "继续违法",
        "拒不改正",
        "阻挠复查",
        "按时缴款",
        "",
        "A,B,C",
        "",
        "生态环境法典第一千零六十条",
    ],
]


@pytest.fixture(scope="module")
def catalog(corpus_kb):
    return corpus_kb.question_catalog(bank_dirs=[])


def write_csv(path: Path, rows=ROWS) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        w.writerows(rows)
    return path


def write_xlsx(path: Path, rows=ROWS) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    for r in rows:
        ws.append([c or None for c in r])
    wb.save(path)
    return path


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_bad_rows_are_reported_by_row_and_good_rows_imported(writer, catalog, tmp_path):
    source = writer(tmp_path / f"本局题库.{'csv' if writer is write_csv else 'xlsx'}")
    report = import_file(source, catalog, tmp_path / "quizzes")
    errors = {e.row: e.message for e in report.errors}
    assert sorted(errors) == [3, 4, 5, 7]  # the header is row 1
    assert "答案" in errors[3] and "未填写" in errors[3]
    assert "答案" in errors[4] and "不在选项中" in errors[4]
    assert "依据" in errors[5] and "第九百条" in errors[5]
    assert "依据" in errors[7]
    assert (report.imported, report.updated, report.rows) == (3, 0, 7)
    bank = load_bank(report.target, catalog)
    assert bank.errors == []
    by_stem = {q.stem: q for q in bank.questions}
    assert by_stem["示例：一般追责时效是？"].answer == ["B"]
    assert by_stem["示例：查封扣押期限不得超过三十日。"].type is QuestionType.JUDGE
    assert by_stem["示例：查封扣押期限不得超过三十日。"].answer == ["A"]
    multi = by_stem["示例：按日连续处罚的情形"]
    assert multi.answer == ["A", "B", "C"] and multi.source.article == "第一千零六十条"
    # importing again updates the same questions instead of adding copies
    again = import_file(source, catalog, tmp_path / "quizzes")
    assert (again.imported, again.updated) == (0, 3)
    assert len(load_bank(report.target, catalog).questions) == 3


def test_a_file_with_only_bad_rows_writes_nothing(catalog, tmp_path):
    report = import_file(write_csv(tmp_path / "bad.csv", ROWS[1:4]), catalog, tmp_path / "q")
    assert report.imported == 0 and report.target is None
    assert not (tmp_path / "q").exists()


def test_a_file_without_the_template_header_is_refused(catalog, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("question,answer\n1,2\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        import_file(path, catalog, tmp_path / "q")
    assert "第 1 行" in str(exc.value) and "题型" in str(exc.value)


def test_the_import_template_is_the_header_alone_with_a_bom():
    raw = (quizzes_dir() / "import-template.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows == [COLUMNS]


def test_the_shipped_banks_load_and_their_quoted_words_are_in_the_article(corpus_kb, catalog):
    banks = corpus_kb.question_catalog(bank_dirs=[quizzes_dir()]).banks()
    assert banks and sum(len(b.questions) for b in banks) >= 10
    for bank in banks:
        assert bank.errors == [], bank.errors
        raw = yaml.safe_load(bank.path.read_text(encoding="utf-8"))["questions"]
        assert len(raw) == len(bank.questions)
        for q in bank.questions:
            article = corpus_kb.article_by_ref(q.source.ref)
            assert q.source.status.value == "现行有效"
            # each phrase the explanation quotes (“…”) is the article's own words
            for phrase in re.findall(r"“([^”]+)”", q.explanation):
                assert squash(phrase) in squash(article.text), (q.source.citation, phrase)
