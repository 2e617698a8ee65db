"""The statutory table: extracted from the real legal-liability articles, stored as reviewed data.

Expectations here are figures read off the articles by hand (numbers and references only).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lawkb.discretion.amounts import numbers_in
from lawkb.discretion.models import Fine, StatutoryRow
from lawkb.discretion.statutory import (
    CODE_TITLE,
    extract_article,
    fine_bearing,
    is_liability_article,
    law_has_liability_chapter,
)
from lawkb.discretion.table import (
    build_table,
    format_table,
    load_table,
    read_table,
    table_path,
)
from lawkb.errors import ParseError
from lawkb.models import Article, Law, Paragraph
from lawkb.paths import corpus_dir

CODE = CODE_TITLE


@pytest.fixture(scope="module")
def table(corpus_kb):
    return load_table(corpus_kb)


def _fines(table, row_id: str) -> list[tuple]:
    return [(f.low, f.high, f.unit, f.when, f.who, tuple(f.items)) for f in table.row(row_id).fines]


def test_every_number_in_the_table_appears_in_its_article(shared_kb, table) -> None:
    corpus_kb = shared_kb  # the table's rows are the shared texts' articles
    assert len(table.rows) > 300
    invented = []
    for r in table.rows:
        text = corpus_kb.article(r.law, r.key).text
        found = numbers_in(text)
        for f in r.fines:
            invented += [(r.id, v) for v in f.numbers() if v not in found]
    assert invented == []


def test_the_stored_table_is_what_the_extractor_gives_today(shared_kb, table) -> None:
    corpus_kb = shared_kb  # corpus/statutory.tsv is extracted from the shared texts
    """corpus/statutory.tsv is regenerated data: a diff means someone must rerun the tool."""
    rebuilt = build_table(corpus_kb)
    stored = table_path(corpus_dir()).read_text(encoding="utf-8")
    assert format_table(rebuilt.rows, rebuilt.sources) == stored
    assert [r for r in table.rows if r.stale] == []


def test_covers_every_fine_bearing_article_of_the_codes_liability_part(corpus_kb, table) -> None:
    code = corpus_kb.law(CODE)
    has_chapter = law_has_liability_chapter(code)
    bearing = [a for a in code.articles if is_liability_article(a, has_chapter) and fine_bearing(a)]
    assert len(bearing) >= 120  # 第一千零五十二条 … 第一千二百三十八条
    covered = {r.key for r in table.for_law(CODE) if r.fines}
    missing = [a.label for a in bearing if a.key not in covered]
    assert missing == []
    # the 附则 chapter is not legal liability, though it sits in 第五编 法律责任和附则
    assert not is_liability_article(corpus_kb.article(CODE, 1242), has_chapter)
    assert is_liability_article(corpus_kb.article(CODE, 1107), has_chapter)


def test_code_first_then_punishment_law(table) -> None:
    laws = table.laws()
    assert laws[0] == CODE
    assert laws[1] == "中华人民共和国行政处罚法"
    assert "排污许可管理条例" in laws
    assert "中华人民共和国环境保护法" not in laws  # repealed by the Code


def test_repealed_laws_stay_out(table) -> None:
    assert not any(r.law == "中华人民共和国大气污染防治法" for r in table.rows)


def test_ranges_with_their_own_cases(table) -> None:
    # 第一千零九十五条第一款: 报告书 / 报告表, each with 情节严重
    fines = table.row("生态环境法典#1095.1").fines
    assert [(f.low, f.high) for f in fines] == [
        (200_000, 1_000_000),
        (1_000_000, 10_000_000),
        (100_000, 500_000),
        (500_000, 5_000_000),
    ]
    assert "报告书" in fines[0].when and not fines[0].aggravated
    assert "情节严重" in fines[1].when and fines[1].aggravated
    assert "报告表" in fines[2].when
    # 第一千一百零七条: the 工业噪声 case is a scope, not the general range
    noise = [f for f in table.row("生态环境法典#1107.1").fines if "工业噪声" in f.when]
    assert [(f.low, f.high, f.scoped) for f in noise] == [(20_000, 200_000, True)]


def test_item_specific_amounts_merge_into_the_row(table) -> None:
    # 第一千一百三十六条: the second paragraph gives amounts per 项 of the first
    assert _fines(table, "生态环境法典#1136.1") == [
        (20_000, 200_000, "元", "", "", (3, 4)),
        (100_000, 1_000_000, "元", "", "", (1, 5)),
        (200_000, 2_000_000, "元", "", "", (2,)),
    ]
    assert table.row("生态环境法典#1136.1").items == [1, 2, 3, 4, 5]
    # 第一千一百四十七条: 除第三项以外
    first = table.row("生态环境法典#1147.1").fines[0]
    assert first.items == [1, 2, 4, 5, 6, 7, 8]


def test_multiples_floors_and_people(table) -> None:
    f = table.row("生态环境法典#1092.1").fines[0]
    assert (f.low, f.high, f.unit, f.base, f.floor) == (1, 5, "倍", "货值金额", 50_000)
    r1131 = table.row("生态环境法典#1131.3").fines
    assert [(f.who, f.low, f.high) for f in r1131] == [
        ("单位", 10_000, 100_000),
        ("个人", 500, 2_000),
    ]
    people = [f for f in table.row("生态环境法典#1088.1").fines if f.personal]
    assert [(f.low, f.high) for f in people] == [(50_000, 200_000)]
    assert table.row("生态环境法典#1088.1").basic_fines()[0].high == 1_000_000


def test_may_and_must(table) -> None:
    assert table.row("生态环境法典#1106.1").mandatory == "可以"  # 可以处五万元以下的罚款
    assert table.row("生态环境法典#1107.1").mandatory == "应当"


def test_daily_penalty_and_kinds(table) -> None:
    daily = table.row("生态环境法典#1060.1")
    assert daily.daily and any(f.per == "按日" and f.base == "原罚款数额" for f in daily.fines)
    r = table.row("生态环境法典#1108.1")
    assert {"罚款", "限制生产", "停产整治", "行政拘留", "吊销许可证件"} <= set(r.kinds)
    assert r.authority == "生态环境主管部门；公安机关"  # 拘留 by 公安机关
    assert "警告" in table.row("生态环境法典#1151.1").kinds


def test_a_paragraph_referring_back_with_its_own_authority_is_its_own_row(table) -> None:
    r = table.row("生态环境法典#1095.2")  # 拒不执行 -> 公安机关 拘留
    assert r.kinds == ["行政拘留"] and r.fines == []
    assert "公安机关" in r.authority


def test_regulations_with_arabic_figures(table) -> None:
    r = table.rows[[x.id for x in table.rows].index("排污许可管理条例#33.1")]
    assert [(f.low, f.high) for f in r.fines] == [(200_000, 1_000_000)]
    r37 = table.row("排污许可管理条例#37.1").fines[0]
    assert (r37.per, r37.low, r37.high) == ("每次", 5_000, 20_000)


def test_violation_is_key_words_not_the_article(shared_kb, table) -> None:
    corpus_kb = shared_kb
    for r in table.rows:
        assert len(r.violation) <= 80, r.id
        text = corpus_kb.article(r.law, r.key).text
        assert r.violation not in ("", text)


def test_made_up_article_merges_and_splits() -> None:
    """示例条例: a paragraph that only adds per-项 amounts merges; one with its own 由 does not."""
    law = Law(title="示例条例")
    art = Article(
        law="示例条例",
        number=30,
        path=["第五章 法律责任"],
        paragraphs=[
            Paragraph(
                text="违反本条例规定，有下列行为之一的，由示例主管部门责令改正，处以罚款：",
                items=["（一）甲行为；", "（二）乙行为。"],
            ),
            Paragraph(
                text="有前款第一项行为的，处一万元以上五万元以下的罚款；有前款第二项行为的，处五万元以上十万元以下的罚款。"
            ),
            Paragraph(text="有前款规定行为，拒不改正的，由示例主管部门责令停产整治。"),
        ],
    )
    rows = extract_article(law, art)
    assert [r.paragraph for r in rows] == [1, 3]
    assert [(f.low, f.high, f.items) for f in rows[0].fines] == [
        (10_000, 50_000, [1]),
        (50_000, 100_000, [2]),
    ]
    assert rows[1].kinds == ["停产整治"]


def test_fine_token_round_trip() -> None:
    f = Fine(
        low=1,
        high=5,
        unit="倍",
        base="货值金额",
        floor=50_000,
        when="情节严重",
        items=[1, 3],
        may=True,
    )
    assert Fine.from_token(f.to_token()) == f
    assert Fine.from_token("unstated") == Fine()


def test_a_bad_row_names_its_line(tmp_path: Path) -> None:
    src = table_path(corpus_dir()).read_text(encoding="utf-8").splitlines()
    header_at = next(i for i, line in enumerate(src) if line.startswith("id\t"))
    at = next(i for i in range(header_at + 1, len(src)) if "lo=" in src[i])
    bad = [*src[:at], src[at].replace("lo=", "lo=x", 1)]
    path = tmp_path / "statutory.tsv"
    path.write_text("\n".join(bad) + "\n", encoding="utf-8")
    with pytest.raises(ParseError) as err:
        read_table(path)
    assert err.value.line == at + 1
    assert "lo 应为数字" in str(err.value)


def test_a_changed_text_marks_its_rows_stale(tmp_path: Path, shared_corpus: Path) -> None:
    from lawkb.kb import KnowledgeBase

    src = shared_corpus / "行政法规" / "排污许可管理条例.md"
    changed = tmp_path / "files" / src.name
    changed.parent.mkdir()
    text = src.read_text(encoding="utf-8")
    assert "处5万元以上20万元以下的罚款" in text
    changed.write_text(
        text.replace("处5万元以上20万元以下的罚款", "处6万元以上20万元以下的罚款", 1),
        encoding="utf-8",
    )
    shutil.copy(shared_corpus / "MANIFEST.tsv", changed.parent / "MANIFEST.tsv")
    kb = KnowledgeBase(tmp_path / "home")
    report = kb.import_paths([changed])
    assert report.ok, report.failed
    table = read_table(table_path(corpus_dir()))
    table.check(kb)
    rows = table.for_law("排污许可管理条例")
    assert [r.id for r in rows if r.stale] == ["排污许可管理条例#35.1"]
    assert all(r.stale for r in table.for_law(CODE))  # not in this collection at all


def test_cli_statutory_json(corpus_home: Path) -> None:
    from lawkb.cli.main import main

    result = CliRunner().invoke(
        main, ["--home", str(corpus_home), "discretion", "statutory", "--law", "法典", "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) > 150
    first = rows[0]
    assert {"law", "article", "number", "suffix", "label", "paragraph", "fines"} <= set(first)
    assert all(r["law"] == CODE for r in rows)
    one = next(r for r in rows if r["id"] == "生态环境法典#1107.1")
    assert one["article"] == "1107" and one["label"] == "第一千一百零七条"


def test_cli_statutory_text_and_bad_article(corpus_home: Path) -> None:
    from lawkb.cli.main import main

    runner = CliRunner()
    ok = runner.invoke(
        main, ["--home", str(corpus_home), "discretion", "statutory", "--law", "排污许可管理条例"]
    )
    assert ok.exit_code == 0, ok.output
    assert "第三十三条" in ok.output and "20万元～100万元" in ok.output
    bad = runner.invoke(
        main, ["--home", str(corpus_home), "discretion", "statutory", "--article", "x条"]
    )
    assert bad.exit_code == 2
    unknown = runner.invoke(
        main, ["--home", str(corpus_home), "discretion", "statutory", "--law", "不存在法"]
    )
    assert unknown.exit_code == 1 and "不存在法" in unknown.output


def test_row_model_citation() -> None:
    r = StatutoryRow(
        id="x#1.2", law="示例条例", number=1, label="第一条", paragraph=2, violation="v"
    )
    assert r.citation == "《示例条例》第一条第二款"
