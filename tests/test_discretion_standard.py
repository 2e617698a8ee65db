"""Discretion standards: the shipped sample, the format, and what validation catches."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from lawkb.discretion.factors import Condition, Factor
from lawkb.discretion.refs import parse_ref, resolve_ref
from lawkb.discretion.rules import GENERAL_RULES
from lawkb.discretion.standard import (
    SAMPLE_WARNING,
    dump_standard,
    load_standard,
    load_standards,
    save_standard,
    standard_dirs,
    standard_from_data,
)
from lawkb.discretion.standard_checks import statutory_intervals, validate_standard
from lawkb.discretion.table import load_table
from lawkb.errors import InvalidInput, NotFound, ParseError
from lawkb.paths import corpus_dir

SAMPLE = corpus_dir() / "discretion" / "示例-生态环境行政处罚裁量基准.yaml"


@pytest.fixture(scope="module")
def table(corpus_kb):
    return load_table(corpus_kb)


@pytest.fixture(scope="module")
def sample_data() -> dict:
    return yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))


def test_sample_is_marked_as_a_sample_everywhere() -> None:
    assert "示例" in SAMPLE.name
    head = SAMPLE.read_text(encoding="utf-8").splitlines()[:3]
    assert any(SAMPLE_WARNING in line for line in head)
    std = load_standard(SAMPLE)
    assert std.sample and std.name.startswith("示例") and SAMPLE_WARNING in std.description


def test_sample_covers_the_common_violations() -> None:
    std = load_standard(SAMPLE)
    names = " ".join(v.name for v in std.violations)
    for words in ("未批先建", "超标排放", "未取得排污许可证", "不正常运行污染防治设施", "逃避监管"):
        assert words in names


def test_sample_passes_every_check(corpus_kb, table) -> None:
    std = load_standard(SAMPLE)
    assert validate_standard(std, corpus_kb, table) == []


def test_sample_sub_ranges_lie_inside_the_extracted_statutory_ranges(corpus_kb, table) -> None:
    std = load_standard(SAMPLE)
    for v in std.violations:
        basis, _ = resolve_ref(corpus_kb, v.basis)
        fines = table.statutory_fines(basis.law, basis.key, basis.paragraph)
        assert fines, v.id
        for t in v.tiers:
            spans = statutory_intervals(fines, "元", t.statutory_case or v.statutory_case)
            assert any(lo <= t.fine.low and t.fine.high <= hi for lo, hi in spans), (v.id, t.name)


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        ("《中华人民共和国生态环境法典》第一百零七条", "不得开工建设"),
        ("《中华人民共和国生态环境法典》第一千零九十五条第一款", "报告书"),
        ("《中华人民共和国生态环境法典》第一百五十一条", "污染物排放标准"),
        ("《中华人民共和国生态环境法典》第一千一百零七条", "超过污染物排放标准"),
        ("《中华人民共和国生态环境法典》第一百七十六条", "应当取得排污许可证"),
        ("《中华人民共和国生态环境法典》第一千一百零二条", "未依法取得排污许可证"),
        ("《中华人民共和国生态环境法典》第一百七十九条第二款", "运行和维护污染防治设施"),
        ("《中华人民共和国生态环境法典》第一千一百零四条第一款", "不能正常发挥作用"),
        ("《中华人民共和国生态环境法典》第一百六十四条", "逃避监管"),
        ("《中华人民共和国生态环境法典》第一千一百零八条", "逃避监管"),
    ],
)
def test_sample_legal_bases_are_the_real_articles(corpus_kb, ref: str, words: str) -> None:
    parsed, article = resolve_ref(corpus_kb, ref)
    text = article.paragraphs[parsed.paragraph - 1].text if parsed.paragraph else article.text
    assert words in text


@pytest.mark.parametrize("rule", GENERAL_RULES, ids=lambda r: r.key)
def test_general_rules_cite_the_right_articles(corpus_kb, rule) -> None:
    for src in rule.sources:
        article = corpus_kb.article(src.law, src.key)
        text = article.paragraphs[src.paragraph - 1].text if src.paragraph else article.text
        assert src.marker in text, (src.law, src.key, src.paragraph)


def test_punishment_law_numbers() -> None:
    keys = {(s.law, s.key) for r in GENERAL_RULES for s in r.sources}
    assert ("中华人民共和国行政处罚法", "32") in keys  # 从轻、减轻
    assert ("中华人民共和国行政处罚法", "33") in keys  # 不予处罚
    assert ("中华人民共和国行政处罚法", "58") in keys  # 法制审核


def _validate(data: dict, kb, table) -> list:
    return validate_standard(standard_from_data(data), kb, table)


def test_a_sub_range_outside_the_statutory_range_is_caught(corpus_kb, table, sample_data) -> None:
    data = copy.deepcopy(sample_data)
    data["行为"][2]["阶次"][0]["罚款"] = (
        "5万元～20万元"  # SL-03 轻微; 第一千一百零七条 starts at 10万
    )
    problems = _validate(data, corpus_kb, table)
    assert [(p.violation, p.tier) for p in problems] == [("SL-03", "轻微")]
    assert "超出" in problems[0].message and "的法定幅度" in problems[0].message
    assert "10万元～100万元" in problems[0].message


def test_the_noise_case_does_not_widen_the_general_range(corpus_kb, table, sample_data) -> None:
    data = copy.deepcopy(sample_data)
    data["行为"][2]["阶次"][0]["罚款"] = "2万元～10万元"  # only the 工业噪声 case allows this
    assert _validate(data, corpus_kb, table)
    data["行为"][2]["法定情形"] = "工业噪声"
    data["行为"][2]["阶次"] = [{"阶次": "一般", "条件": {}, "罚款": "2万元～10万元"}]
    assert _validate(data, corpus_kb, table) == []


def test_overlapping_and_missing_tiers_are_caught(corpus_kb, table, sample_data) -> None:
    data = copy.deepcopy(sample_data)
    tiers = data["行为"][2]["阶次"]
    tiers[1]["条件"] = {"超标倍数": ">=0.3 <1", "敏感区域": "否"}  # overlaps 轻微 (<0.5)
    messages = [p.message for p in _validate(data, corpus_kb, table)]
    assert any("阶次重叠：轻微 与 一般" in m for m in messages)

    data = copy.deepcopy(sample_data)
    data["行为"][2]["阶次"][1]["条件"] = {
        "超标倍数": ">=0.6 <1",
        "敏感区域": "否",
    }  # 0.5–0.6 uncovered
    problems = _validate(data, corpus_kb, table)
    assert any(
        "缺少阶次：没有阶次适用于" in p.message and "超标倍数=0.5、" in p.message for p in problems
    )

    data = copy.deepcopy(sample_data)
    del data["行为"][2]["阶次"][2]  # 较重 gone between 一般 and 严重
    messages = [p.message for p in _validate(data, corpus_kb, table)]
    assert any("缺少阶次 '较重'" in m for m in messages)

    data = copy.deepcopy(sample_data)
    data["行为"][2]["阶次"][1]["罚款"] = "15万元～40万元"  # overlaps 轻微 10–20万
    messages = [p.message for p in _validate(data, corpus_kb, table)]
    assert any("阶次重叠：轻微 10万元～20万元 与 一般 15万元～40万元" in m for m in messages)


def test_an_unresolved_article_is_caught(corpus_kb, table, sample_data) -> None:
    data = copy.deepcopy(sample_data)
    data["行为"][0]["违法依据"] = "《中华人民共和国生态环境法典》第九千条"
    data["行为"][1]["处罚依据"] = "《不存在的条例》第一条"
    problems = _validate(data, corpus_kb, table)
    assert any(p.violation == "SL-01" and "违法依据无法对应到条文" in p.message for p in problems)
    assert any(p.violation == "SL-02" and "处罚依据无法对应到条文" in p.message for p in problems)


def test_format_errors_name_the_place(tmp_path: Path, sample_data) -> None:
    data = copy.deepcopy(sample_data)
    data["行为"][0]["阶次"][0]["条件"] = {"未定义因素": "是"}
    with pytest.raises(InvalidInput) as err:
        standard_from_data(data)
    assert "SL-01" in str(err.value) and "未定义因素" in str(err.value)
    data = copy.deepcopy(sample_data)
    data["说明"] = "官方标准"
    with pytest.raises(InvalidInput, match="示例"):
        standard_from_data(data)  # 示例: true must carry the warning
    bad = tmp_path / "bad.yaml"
    bad.write_text("名称: x\n行为: [\n", encoding="utf-8")
    with pytest.raises(ParseError) as perr:
        load_standard(bad)
    assert perr.value.path == str(bad)


def test_yaml_round_trip_and_atomic_save(tmp_path: Path) -> None:
    std = load_standard(SAMPLE)
    again = standard_from_data(yaml.safe_load(dump_standard(std)))
    assert again.model_dump(exclude={"path"}) == std.model_dump(exclude={"path"})
    out = tmp_path / "s.yaml"
    save_standard(std, out)
    before = out.read_text(encoding="utf-8")
    with pytest.raises(InvalidInput, match="已存在"):
        save_standard(std, out)
    assert out.read_text(encoding="utf-8") == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".standard-")]


def test_conditions() -> None:
    num = Factor(name="超标倍数", kind="数值", unit="倍")
    c = Condition.parse(num, ">=1 <3")
    assert c.test(1.0) and c.test(2.9) and not c.test(3.0) and not c.test(0.9)
    assert Condition.parse(num, "0.5~1").test(0.5) and not Condition.parse(num, "0.5~1").test(1)
    assert Condition.parse(num, "2").test(2.0)
    with pytest.raises(InvalidInput):
        Condition.parse(num, "大约两倍")
    yes = Factor(name="敏感区域", kind="是否")
    assert Condition.parse(yes, "否").test(False)
    opt = Factor(name="建设状态", kind="选项", options=["未完工", "已建成", "已投产"])
    assert Condition.parse(opt, ["已建成", "已投产"]).test("已投产")
    with pytest.raises(InvalidInput):
        Condition.parse(opt, "拆除")


def test_refs() -> None:
    r = parse_ref("《生态环境法典》第一千零九十五条第一款")
    assert (r.law, r.key, r.paragraph) == ("生态环境法典", "1095", 1)
    assert parse_ref("法典第1107条").key == "1107"
    with pytest.raises(InvalidInput, match="写明法律名称"):
        parse_ref("第1107条")


def test_resolve_ref_checks_paragraphs(corpus_kb) -> None:
    with pytest.raises(NotFound, match="款"):
        resolve_ref(corpus_kb, "《中华人民共和国生态环境法典》第一千一百零七条第五款")


def test_standards_are_loaded_from_corpus_and_home(corpus_kb) -> None:
    names = [s.name for s in load_standards(standard_dirs(corpus_kb.corpus, corpus_kb.home))]
    assert "示例-生态环境行政处罚裁量基准" in names


def test_yaml_errors_name_the_file_and_the_chinese_field(tmp_path: Path, sample_data) -> None:
    """The models read the Chinese keys (pydantic aliases); what pydantic finds wrong comes
    back in Chinese, with the file and the place in the YAML's own terms."""
    cases = [
        (
            lambda d: d["行为"][1]["阶次"][1].__setitem__("罚款", "很多"),
            ["行为 SL-02 阶次 2", "罚款"],
        ),
        (lambda d: d["行为"][1].pop("处罚依据"), ["行为 SL-02", "处罚依据", "缺少"]),
        (lambda d: d["因素"]["敏感区域"].__setitem__("类型", "多选"), ["因素", "类型", "多选"]),
        (
            lambda d: d["行为"][0].__setitem__("关键词", "未批先建"),
            ["行为 SL-01", "关键词", "列表"],
        ),
    ]
    for i, (spoil, words) in enumerate(cases):
        data = copy.deepcopy(sample_data)
        spoil(data)
        path = tmp_path / f"bad{i}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        with pytest.raises(ParseError) as err:
            load_standard(path)
        assert err.value.path == str(path)
        for word in words:
            assert word in err.value.message, (word, err.value.message)
        assert "Input should" not in err.value.message  # pydantic's English stays out
