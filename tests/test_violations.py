"""The violation catalogue (corpus/violations.tsv): it loads, every reference holds in the real
collection, bad rows are named, and free-text queries in officers' jargon find their rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawkb.crosswalk import read_crosswalk
from lawkb.errors import ParseError
from lawkb.models import Status
from lawkb.paths import corpus_dir
from lawkb.violation_match import normalize
from lawkb.violations import (
    CODE,
    COLUMNS,
    Violation,
    ViolationInvalid,
    crosswalk_gaps,
    load_violations,
    match_violations,
    validate_violations,
)

MIN_ROWS = 150
HEADER = "\t".join(COLUMNS)
SOURCES = "id\ttitle\tissuer\turl\nCODE\t法典\t全国人大\t\n"
GOOD = "HP-01\t未批先建\t未批先建设\t法典\t第107条\t第1095条第1款\t环境影响评价法第31条\tCODE\t"


@pytest.fixture(scope="module")
def catalogue() -> list[Violation]:
    return load_violations()


def _write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    (tmp_path / "violations.sources.tsv").write_text(SOURCES, encoding="utf-8")
    path = tmp_path / "violations.tsv"
    path.write_text("# comment\n" + "\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


# -- the shipped catalogue --------------------------------------------------------------------


def test_catalogue_loads_with_enough_rows(catalogue: list[Violation]) -> None:
    assert len(catalogue) >= MIN_ROWS
    assert len({v.id for v in catalogue}) == len(catalogue)
    assert len({v.name for v in catalogue}) == len(catalogue)
    assert all(v.penalty and v.source for v in catalogue)
    assert sum(v.law == CODE for v in catalogue) >= 0.8 * len(catalogue)  # most rest on the Code


def test_every_row_validates_against_the_collection(catalogue, corpus_kb) -> None:
    """Every law present in the collection holds every article the catalogue names; a law
    absent altogether (行政法规 on a built-in-only install) is only ever a regulation."""
    skipped = validate_violations(catalogue, corpus_kb.collection, absent_laws="skip")
    present = {law.title for law in corpus_kb.laws(include_all=True)}
    assert CODE in present
    assert all(ref.law not in present and ref.law != CODE for _, ref in skipped)
    if "排污许可管理条例" in present:  # the shared corpus: nothing may be left out
        assert skipped == []
        validate_violations(catalogue, corpus_kb.collection)


def test_code_penalties_are_liability_articles_and_duties_are_not(catalogue, corpus_kb) -> None:
    """A penalty article of the Code sits in 第五编 (法律责任); a duty article outside it."""
    for v in catalogue:
        for ref in v.penalty:
            if ref.law == CODE:
                path = corpus_kb.article(ref.law, ref.key).path
                assert path[0].startswith("第五编"), (v.id, ref.text, path)
        for ref in v.duty:
            if ref.law == CODE:
                path = corpus_kb.article(ref.law, ref.key).path
                assert not path[0].startswith("第五编"), (v.id, ref.text, path)


def test_old_basis_names_repealed_laws_or_regulations(catalogue, shared_kb) -> None:
    old = [ref for v in catalogue for ref in v.old_basis]
    assert len(old) >= len(catalogue)  # most rows carry the article officers cited before
    statuses = {shared_kb.collection.law_meta(ref.law).status for ref in old}
    assert Status.REPEALED in statuses
    assert all(ref.law != CODE for ref in old)


# Rows whose old-law articles corpus/crosswalk.tsv does not (yet) link to the row's Code
# articles; each was checked by reading both texts (see tools/check_violations.py):
# PW-06 环境保护法#45 (按证排放) is linked only to 法典#174, its 按证 duty is now #179;
# PW-25 固体废物污染环境防治法#115 (境外固体废物输入) is not linked to 法典#1112.
CROSSWALK_GAPS = {"PW-06", "PW-25"}


def test_old_basis_agrees_with_the_crosswalk(catalogue) -> None:
    """At least one old article of each row links, in the crosswalk, to one of its Code articles."""
    gaps = crosswalk_gaps(catalogue, read_crosswalk(corpus_dir() / "crosswalk.tsv"))
    assert {v.id for v, _ in gaps} <= CROSSWALK_GAPS, gaps


# -- bad rows ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (GOOD.replace("HP-01", "hp1"), "id"),
        (GOOD.replace("\t未批先建\t", "\t\t"), "name"),
        (GOOD.replace("\t第1095条第1款\t", "\t\t"), "penalty"),
        (GOOD.replace("第1095条第1款", "第一千零九十五条款"), "penalty"),
        (GOOD.replace("第107条", "一百零七"), "duty"),
        (GOOD.replace("环境影响评价法第31条", "第31条"), "old_basis"),
        (GOOD.replace("\tCODE\t", "\tNOPE\t"), "source"),
        (GOOD.replace("\t法典\t", "\t\t"), "law"),
    ],
)
def test_a_bad_row_names_file_line_and_field(tmp_path: Path, row: str, field: str) -> None:
    path = _write(tmp_path, GOOD.replace("HP-01", "HP-02"), row)
    with pytest.raises(ParseError) as err:
        load_violations(path)
    assert err.value.path == str(path)
    assert err.value.line == 4  # comment, header, good row, bad row
    assert err.value.message.startswith(field)


def test_wrong_header_and_cell_count_are_named(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="表头应为"):
        load_violations(_write(tmp_path, GOOD, header="id\tname"))
    with pytest.raises(ParseError, match="应有 9 个以制表符分隔的单元格") as err:
        load_violations(_write(tmp_path, GOOD + "\textra"))
    assert err.value.line == 3


def test_duplicate_id_is_named(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="与第 3 行重复"):
        load_violations(_write(tmp_path, GOOD, GOOD.replace("未批先建\t未批先建设", "别名\t")))


def test_a_good_file_loads_with_full_titles(tmp_path: Path) -> None:
    (v,) = load_violations(_write(tmp_path, GOOD))
    assert v.law == CODE
    assert v.penalty_refs == [f"{CODE}#1095"] and v.penalty[0].paragraph == 1
    assert v.old_refs == ["中华人民共和国环境影响评价法#31"]
    assert v.basis_refs == [f"{CODE}#1095", f"{CODE}#107"]


def test_validation_names_the_row_and_the_missing_article(tmp_path: Path, corpus_kb) -> None:
    (v,) = load_violations(_write(tmp_path, GOOD.replace("第1095条第1款", "第1095条第9款")))
    with pytest.raises(ViolationInvalid) as err:
        validate_violations([v], corpus_kb.collection)
    assert err.value.field == "penalty" and "HP-01" in str(err.value) and ":3:" in str(err.value)
    (v,) = load_violations(_write(tmp_path, GOOD.replace("第107条", "第9999条")))
    with pytest.raises(ViolationInvalid, match="duty"):
        validate_violations([v], corpus_kb.collection)


def test_a_repealed_law_is_refused_as_penalty_but_kept_as_old_basis(tmp_path, corpus_kb) -> None:
    row = GOOD.replace("第1095条第1款", "《大气污染防治法》第99条第1项")
    (v,) = load_violations(_write(tmp_path, row))
    with pytest.raises(ViolationInvalid, match="已废止"):
        validate_violations([v], corpus_kb.collection)
    (v,) = load_violations(_write(tmp_path, GOOD))
    validate_violations([v], corpus_kb.collection)  # 环境影响评价法 is repealed; fine as old basis


def test_a_law_missing_from_the_collection_is_named_or_skipped(tmp_path, corpus_kb) -> None:
    row = GOOD.replace("第1095条第1款", "《某市不存在的条例》第3条")
    (v,) = load_violations(_write(tmp_path, row))
    with pytest.raises(ViolationInvalid, match="不存在的条例 is not in the collection"):
        validate_violations([v], corpus_kb.collection)
    ((skipped_row, ref),) = validate_violations([v], corpus_kb.collection, absent_laws="skip")
    assert skipped_row is v and ref.key == "3"


def test_a_law_named_loosely_must_be_named_by_its_title(tmp_path: Path, shared_kb) -> None:
    """The collection resolves 《城镇排水》, but the row's refs must carry the exact title."""
    (v,) = load_violations(_write(tmp_path, GOOD.replace("第1095条第1款", "《城镇排水》第50条")))
    with pytest.raises(ViolationInvalid, match="城镇排水与污水处理条例"):
        validate_violations([v], shared_kb.collection)


# -- matching free text -----------------------------------------------------------------------


def _ids(text: str, catalogue: list[Violation]) -> list[str]:
    return [v.id for v, _ in match_violations(text, catalogue)]


def test_jargon_inside_a_question_finds_its_row(catalogue) -> None:
    ((v, term),) = match_violations("企业未批先建怎么处罚", catalogue)
    assert term == "未批先建" and v.penalty_refs == [f"{CODE}#1095"]
    cases = {
        "超标排放罚多少": f"{CODE}#1107",
        "超总量": f"{CODE}#1107",
        "无证排污的法律责任": f"{CODE}#1102",
        "发现企业不按证排污": f"{CODE}#1103",
        "未验先投怎么处理": f"{CODE}#1100",
        "私设暗管": f"{CODE}#1108",
        "篡改在线监测数据": f"{CODE}#1108",
        "不正常运行防治污染设施": f"{CODE}#1108",
        "拒绝、阻挠检查": f"{CODE}#1229",
    }
    for text, ref in cases.items():
        found = match_violations(text, catalogue)
        assert found, text
        assert ref in found[0][0].penalty_refs, (text, found[0][0].id)


def test_slash_aliases_expand_to_both_words(catalogue) -> None:
    assert _ids("伪造监测数据", catalogue) == _ids("篡改监测数据", catalogue) != []
    v = Violation(id="XX-01", name="示例", aliases=["拒绝/阻挠检查"], penalty=[])
    assert {"拒绝检查", "阻挠检查"} <= set(v.names)


def test_longest_match_wins_over_the_names_it_contains(catalogue) -> None:
    # 偷排 alone is the general evasion row; inside 暗管偷排 the specific row wins
    general = _ids("偷排", catalogue)
    specific = _ids("企业暗管偷排被查", catalogue)
    assert specific and general and specific[0] != general[0]
    assert general[0] not in specific


def test_spacing_width_and_punctuation_do_not_matter(catalogue) -> None:
    assert _ids("私设 暗管", catalogue) == _ids("私设暗管", catalogue) != []
    assert normalize("ＡＢ，c d") == "abcd"


def test_two_spellings_of_a_word_match_each_other(catalogue) -> None:
    assert _ids("危险废物转移联单不规范", catalogue) == _ids("危废转移联单不规范", catalogue) != []
    assert _ids("广场舞噪音", catalogue) == _ids("广场舞噪声", catalogue) != []
    (v, shown), *_ = match_violations("在线监测未联网", catalogue)
    assert shown in v.names  # the name as the catalogue writes it, not the normalized form


def test_words_of_a_name_standing_apart_still_find_it(catalogue) -> None:
    (v, shown), *_ = match_violations("秸秆被农户焚烧了", catalogue)
    assert f"{CODE}#1131" in v.penalty_refs and shown in v.names


def test_a_negated_name_needs_a_negation_in_the_query(catalogue) -> None:
    """未验收就投产 is a violation; 验收合格后投产 is not, though it has the same words."""
    assert _ids("环保设施还没验收就投产", catalogue)
    assert _ids("环保设施验收合格后投产", catalogue) == []


def test_a_question_without_jargon_names_no_violation(catalogue) -> None:
    """A topic is not a violation: aliases name what is done wrong, not the subject."""
    assert match_violations("排污许可证的有效期是几年", catalogue) == []
    assert match_violations("清洁生产审核的程序", catalogue) == []
    assert match_violations("危废转移联单怎么填写", catalogue) == []
    assert match_violations("", catalogue) == []
