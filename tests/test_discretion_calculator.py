"""The discretion calculator on the real collection and the shipped sample standard.

WORKED_EXAMPLES are the sample's worked examples (facts -> tier, range, 重大 flag); the
benchmark `bench/bench_discretion.py` replays the same list.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lawkb.discretion.articles import as_articles
from lawkb.discretion.calculator import Calculator
from lawkb.discretion.table import load_table
from lawkb.errors import InvalidInput

STD = "示例-生态环境行政处罚裁量基准"

# (violation id, facts, tier, (low, high) in 元, 重大)
WORKED_EXAMPLES: list[tuple[str, dict[str, str], str, tuple[float, float], bool]] = [
    (
        "SL-01",
        {"建设状态": "已投产", "整改情况": "未停止或未整改", "敏感区域": "否"},
        "较重",
        (700_000, 1_000_000),
        True,
    ),
    (
        "SL-01",
        {"建设状态": "未完工", "整改情况": "已停止并整改", "敏感区域": "是"},
        "严重",
        (1_000_000, 3_000_000),
        True,
    ),
    (
        "SL-02",
        {"建设状态": "未完工", "整改情况": "已停止并整改", "敏感区域": "否"},
        "轻微",
        (100_000, 200_000),
        False,
    ),
    (
        "SL-02",
        {"建设状态": "已建成", "整改情况": "已停止并整改", "敏感区域": "否"},
        "一般",
        (200_000, 350_000),
        True,
    ),
    ("SL-03", {"超标倍数": "0.3", "敏感区域": "否"}, "轻微", (100_000, 200_000), False),
    ("SL-03", {"超标倍数": "2.5", "敏感区域": "否"}, "较重", (400_000, 700_000), True),
    ("SL-03", {"超标倍数": "0.8", "敏感区域": "是"}, "较重", (400_000, 700_000), True),
    ("SL-03", {"超标倍数": "3", "敏感区域": "否"}, "严重", (700_000, 1_000_000), True),
    (
        "SL-04",
        {"排污许可类别": "简化管理", "申领情况": "已提交申请"},
        "一般",
        (200_000, 400_000),
        True,
    ),
    (
        "SL-04",
        {"排污许可类别": "重点管理", "申领情况": "未提交申请"},
        "严重",
        (700_000, 1_000_000),
        True,
    ),
    ("SL-05", {"不能正常发挥作用": "否", "持续天数": "2"}, "轻微", (20_000, 30_000), False),
    ("SL-05", {"不能正常发挥作用": "否", "持续天数": "5"}, "一般", (30_000, 50_000), False),
    ("SL-05", {"不能正常发挥作用": "是", "危害后果": "是"}, "严重", (120_000, 200_000), False),
    ("SL-06", {"排放量": "5", "违法次数": "1"}, "一般", (100_000, 400_000), True),
    ("SL-06", {"排放量": "50", "违法次数": "1"}, "较重", (400_000, 700_000), True),
    ("SL-06", {"排放量": "5", "违法次数": "3"}, "较重", (400_000, 700_000), True),
    ("SL-06", {"排放量": "20", "违法次数": "2"}, "严重", (700_000, 1_000_000), True),
]


@pytest.fixture(scope="module")
def calc(corpus_kb) -> Calculator:
    return corpus_kb.discretion.calculator


@pytest.mark.parametrize(("vid", "facts", "tier", "fine", "major"), WORKED_EXAMPLES)
def test_worked_examples(calc: Calculator, vid, facts, tier, fine, major) -> None:
    r = calc.calculate(calc.candidate(f"standard:{STD}:{vid}"), facts)
    assert r.tier == tier
    assert (r.fine.low, r.fine.high) == fine
    assert r.major is major
    assert not r.fallback and r.missing == []
    assert r.why  # says why
    assert any("示例" in w for w in r.warnings)


def test_every_sample_row_has_a_worked_example(calc: Calculator) -> None:
    std = next(s for s in calc.standards if s.name == STD)
    assert {v.id for v in std.violations} == {e[0] for e in WORKED_EXAMPLES}


def test_finds_the_violation_by_words(calc: Calculator) -> None:
    assert calc.find("超标排放")[0].violation == "SL-03"
    assert calc.find("暗管偷排")[0].violation == "SL-06"
    assert calc.find("无证排污")[0].violation == "SL-04"
    assert {c.violation for c in calc.find("未批先建")[:2]} == {"SL-01", "SL-02"}
    statutory = [c for c in calc.find("超标排放") if c.source == "statutory"]
    assert statutory and statutory[0].row == "生态环境法典#1107.1"
    oil = calc.find("向水体排放油类")[0]
    assert (oil.source, oil.row, oil.items) == ("statutory", "生态环境法典#1136.1", [1])
    with pytest.raises(InvalidInput):
        calc.find("  ")


def test_legal_bases_quoted_in_full(corpus_kb, calc: Calculator) -> None:
    r = calc.calculate(calc.candidate(f"standard:{STD}:SL-03"), {"超标倍数": "1", "敏感区域": "否"})
    roles = [(a.role, a.ref) for a in r.articles]
    assert roles == [
        ("违法依据", "中华人民共和国生态环境法典#151"),
        ("处罚依据", "中华人民共和国生态环境法典#1107"),
    ]
    assert r.articles[1].text == corpus_kb.article("法典", 1107).text


def test_missing_factor_falls_back_and_says_which(calc: Calculator) -> None:
    r = calc.calculate(calc.candidate(f"standard:{STD}:SL-03"), {"超标倍数": "2.5"})
    assert r.tier is None and r.fallback
    assert "敏感区域" in r.fallback_reason
    assert (r.fine.low, r.fine.high) == (100_000, 1_000_000)  # 第一千一百零七条, not the noise case
    assert r.major


def test_no_tier_is_made_up_when_none_fits(corpus_kb) -> None:
    """A standard whose tiers leave a case uncovered: the calculator says so."""
    from lawkb.discretion.standard import load_standard
    from lawkb.paths import corpus_dir

    std = load_standard(corpus_dir() / "discretion" / f"{STD}.yaml")
    v = std.violation("SL-03")
    v.tiers = v.tiers[:2]  # only 轻微 and 一般 left
    calc = Calculator(as_articles(corpus_kb), load_table(corpus_kb), [std])
    r = calc.calculate(calc.candidate(f"standard:{STD}:SL-03"), {"超标倍数": "5", "敏感区域": "否"})
    assert r.tier is None and r.fallback
    assert "不符合该基准任何阶次" in r.fallback_reason
    assert "不符合该基准任何阶次" in r.explanation
    assert (r.fine.low, r.fine.high) == (100_000, 1_000_000)


def test_questions_follow_the_answers(calc: Calculator) -> None:
    cand = calc.candidate(f"standard:{STD}:SL-05")
    first = calc.next_question(cand, {})
    assert first is not None and first.name == "不能正常发挥作用"
    nxt = calc.next_question(cand, {"不能正常发挥作用": "是"})
    assert nxt is not None and nxt.name == "危害后果"  # 持续天数 no longer matters
    assert calc.next_question(cand, {"不能正常发挥作用": "是", "危害后果": "否"}) is None


def test_bad_facts_name_the_factor(calc: Calculator) -> None:
    cand = calc.candidate(f"standard:{STD}:SL-03")
    with pytest.raises(InvalidInput) as err:
        calc.calculate(cand, {"超标倍数": "很多"})
    assert err.value.field == "超标倍数"
    with pytest.raises(InvalidInput) as err:
        calc.calculate(cand, {"风向": "东"})
    assert "风向" in err.value.field


def test_statutory_row_without_a_standard(calc: Calculator) -> None:
    cand = calc.find("向水体排放油类")[0]
    r = calc.calculate(cand, {})
    assert r.tier is None and r.fallback
    assert (r.fine.low, r.fine.high) == (100_000, 1_000_000)  # 第一项 of 第一千一百三十六条
    assert r.major
    assert [a.role for a in r.articles] == ["处罚依据"]


def test_multiples_need_the_base(calc: Calculator) -> None:
    cand = calc.candidate("statutory:生态环境法典#1117.1")  # 货值金额一倍以上五倍以下
    q = calc.next_question(cand, {})
    assert q is not None and "货值金额" in q.question
    open_range = calc.calculate(cand, {})
    assert open_range.fine.high is None and any("重大" in w for w in open_range.warnings)
    r = calc.calculate(cand, {"罚款基数": "30000"})
    assert (r.fine.low, r.fine.high) == (30_000, 150_000) and not r.major
    floor = calc.calculate(calc.candidate("statutory:生态环境法典#1092.1"), {"罚款基数": "10000"})
    assert (floor.fine.low, floor.fine.high) == (50_000, 250_000)  # 不足五万元的，以五万元计算


def test_general_rules_and_explanation(calc: Calculator) -> None:
    facts = {
        "超标倍数": "0.3",
        "敏感区域": "否",
        "初次违法": "是",
        "危害后果轻微": "是",
        "及时改正": "是",
    }
    r = calc.calculate(calc.candidate(f"standard:{STD}:SL-03"), facts)
    rules = {x.key: x for x in r.rules}
    assert rules["不予处罚"].triggered
    assert "《中华人民共和国行政处罚法》第三十三条第一款" in rules["不予处罚"].citations
    assert not rules["从重"].triggered
    assert "《中华人民共和国行政处罚法》第三十二条" in rules["从轻减轻"].citations
    assert "按日连续处罚" in rules  # a discharge: 第一千零六十条 may apply
    text = r.explanation
    for word in (
        "经查",
        "依据",
        "鉴于",
        "综上",
        "轻微",
        "10万元以上20万元以下",
        "第一千一百零七条",
        "第一百五十一条",
        "超标倍数：0.3倍",
        "不予处罚",
        "第三十三条",
    ):
        assert word in text, word
    assert "示例，非官方标准" in text
    assert "重大行政处罚" not in text
    big = calc.calculate(
        calc.candidate(f"standard:{STD}:SL-03"), {"超标倍数": "5", "敏感区域": "否"}
    )
    assert "重大行政处罚" in big.explanation and "第五十八条" in big.explanation
    assert {x.key: x.triggered for x in big.rules}["法制审核"]


def _run(home: Path, *args: str):
    from lawkb.cli.main import main

    return CliRunner().invoke(main, ["--home", str(home), "discretion", "calc", *args])


def test_cli_calc_json(corpus_home: Path) -> None:
    res = _run(
        corpus_home, "超标排放", "--factor", "超标倍数=2.5", "--factor", "敏感区域=否", "--json"
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["tier"] == "较重" and data["major"] is True
    assert data["fine"]["low"] == 400_000 and data["fine"]["high"] == 700_000
    assert data["candidates"][0]["violation"] == "SL-03"
    assert data["explanation"].startswith("裁量说明")


def test_cli_calc_text_and_pick(corpus_home: Path) -> None:
    res = _run(corpus_home, "--pick", "statutory:生态环境法典#1104.1")
    assert res.exit_code == 0, res.output
    assert "2万元～5万元" in res.output and "裁量说明" in res.output


def test_cli_calc_usage_errors(corpus_home: Path) -> None:
    assert _run(corpus_home, "超标排放", "--factor", "超标倍数").exit_code == 2
    assert _run(corpus_home, "超标排放", "--factor", "风向=东").exit_code == 2
    assert _run(corpus_home).exit_code == 2  # no query, not a terminal
    nothing = _run(corpus_home, "ZZZZ")
    assert nothing.exit_code == 1 and "没有与 'ZZZZ' 相符的违法行为" in nothing.output


def test_cli_calc_asks_on_a_terminal(corpus_home: Path, monkeypatch) -> None:
    """On a terminal the missing factors are asked (stdin made to look like one)."""
    import click.testing

    from lawkb.cli.main import main

    monkeypatch.setattr(
        click.testing._NamedTextIOWrapper, "isatty", lambda self: True, raising=False
    )
    res = CliRunner().invoke(
        main,
        [
            "--home",
            str(corpus_home),
            "discretion",
            "calc",
            "--pick",
            f"standard:{STD}:SL-05",
            "--json",
        ],
        input="是\n否\nn\n",
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output[res.output.index("{") :])
    assert data["facts"] == {"不能正常发挥作用": "是", "危害后果": "否"}
    assert data["tier"] == "较重" and data["fine"]["high"] == 120_000


def test_close_candidates_are_offered_on_a_terminal(corpus_home: Path, monkeypatch) -> None:
    """未批先建 fits two rows alike: the library says the match is ambiguous, and on a terminal
    the CLI lists both and calculates the one chosen (the TUI uses the same rule)."""
    import click.testing

    from lawkb.cli.main import main

    monkeypatch.setattr(
        click.testing._NamedTextIOWrapper, "isatty", lambda self: True, raising=False
    )
    res = CliRunner().invoke(
        main,
        ["--home", str(corpus_home), "discretion", "calc", "未批先建", "--json"],
        input="2\n未完工\n已停止并整改\n否\nn\n",
    )
    assert res.exit_code == 0, res.output
    assert "1. 未批先建（报告书类项目）" in res.output
    assert "2. 未批先建（报告表类项目）" in res.output
    data = json.loads(res.output[res.output.index("{\n") :])
    assert data["candidate"]["violation"] == "SL-02"
    assert data["tier"] == "轻微" and data["fine"]["high"] == 200_000


def test_the_match_rule(calc: Calculator) -> None:
    one = calc.match("超标排放")
    assert not one.ambiguous and one.chosen is not None and one.chosen.violation == "SL-03"
    close = calc.match("未批先建")
    assert close.ambiguous and close.chosen is None
    assert [c.violation for c in close.choices[:2]] == ["SL-01", "SL-02"]
    picked = calc.match(None, pick=f"standard:{STD}:SL-02")
    assert not picked.ambiguous and picked.best().violation == "SL-02"
    assert not calc.match("ZZZZ").found
