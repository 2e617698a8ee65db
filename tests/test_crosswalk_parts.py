"""The crosswalk at paragraph level and its change labels (issue 16), on the real texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawkb.crosswalk import CROSSWALK_FILE, SOURCES_FILE, read_crosswalk, read_sources
from lawkb.errors import ParseError
from lawkb.paths import REPO_ROOT

CODE = "中华人民共和国生态环境法典"
EPL = "中华人民共和国环境保护法"
CORPUS = REPO_ROOT / "corpus"


def successor_refs(kb, ref: str) -> list[str]:
    return [s.ref for s in kb.successors(ref)]


# -- paragraph-level links and change labels (issue 16) ------------------------------------------

SOLID = "中华人民共和国固体废物污染环境防治法"
AIR = "中华人民共和国大气污染防治法"
MARINE = "中华人民共和国海洋环境保护法"
NOISE = "中华人民共和国噪声污染防治法"
SOIL = "中华人民共和国土壤污染防治法"
WATER = "中华人民共和国水污染防治法"


def _rows(old_law: str, old_key: str) -> dict[str, object]:
    links = read_crosswalk(CORPUS / CROSSWALK_FILE)
    return {
        link.new_key: link for link in links if (link.old_law, link.old_key) == (old_law, old_key)
    }


def _carried(kb, old_law: str, old_key: str, new_key: str) -> tuple[str, str]:
    """(the old part's text, the Code part's text) a row links, read from the real texts."""
    from lawkb.compare import select_parts
    from lawkb.crosswalk import parse_parts

    link = _rows(old_law, old_key)[new_key]
    old = select_parts(kb.article(old_law, old_key), parse_parts(link.part))
    new = select_parts(kb.article(CODE, new_key), parse_parts(link.new_part))
    return old.text, new.text


@pytest.mark.parametrize(
    ("old_law", "old_key", "new_key", "words"),
    [
        (SOLID, "31", "146", ("打击报复",)),  # 款4: no reprisal against a whistle-blower
        (SOLID, "31", "145", ("举报",)),  # 款1-2: the right to report, the channels
        ("中华人民共和国放射性污染防治法", "11", "612", ("伴生放射性矿",)),
        ("中华人民共和国放射性污染防治法", "11", "51", ("如实反映情况",)),  # 现场检查
        (SOLID, "112", "1169", ("倾倒", "危险废物")),
        (SOLID, "112", "1170", ("扬散",)),
        (AIR, "25", "78", ("真实性",)),
        (AIR, "25", "184", ("传输数据异常",)),
        (MARINE, "101", "1095", ("擅自开工建设",)),
        (MARINE, "101", "1111", ("建设单位",)),
        (SOLID, "122", "1073", ("磋商",)),
        (SOLID, "97", "132", ("绿色",)),
        (MARINE, "34", "680", ("天然集中分布区",)),
        # found by the independent judges: rights, reporting and disclosure went to the Code's
        # general articles
        ("中华人民共和国噪声污染防治法", "9", "137", ("获取",)),
        (MARINE, "9", "145", ("有权",)),  # 检举 -> 举报
        (MARINE, "9", "185", ("公开",)),
        ("中华人民共和国土壤污染防治法", "8", "23", ("信息共享机制",)),
        (SOLID, "37", "1068", ("连带责任",)),
        ("中华人民共和国水污染防治法", "11", "145", ("有权",)),
        # found while reviewing the Code's unlinked articles and by a similarity sweep
        (MARINE, "114", "1070", ("民法典",)),  # 款1 民事责任; 款2-3 -> 1074
        (MARINE, "114", "1074", ("人民检察院",)),
        ("中华人民共和国水污染防治法", "2", "296", ("海洋",)),  # 海洋污染 not in this 分编
        (SOLID, "2", "464", ("固体废物",)),  # the scope clause -> the 分编's scope clause
        (EPL, "48", "644", ("化学",)),  # 化学物品 -> 化学物质 (放射性物品 -> 603)
        # the judge of the 6e4bd57 sample: a clause moved to a general article elsewhere
        (NOISE, "20", "62", ("改善规划",)),  # 款2 plans published
        (NOISE, "76", "1110", ("未向社会公开",)),  # 项1 results not published
        (SOLID, "70", "131", ("有利于保护",)),  # 款2 green products in offices
        (SOLID, "72", "422", ("污泥", "农用地")),  # 款2 (and not 428)
        (SOIL, "21", "78", ("真实性",)),  # 款4 data accuracy
        (SOIL, "97", "1073", ("国家",)),  # 国家利益: the government's claim
        (AIR, "3", "128", ("财政投入",)),
        (AIR, "3", "8", ("质量负责",)),
        (AIR, "36", "204", ("优质煤炭",)),
        (WATER, "28", "21", ("统一规划",)),
        (MARINE, "15", "67", ("准入清单",)),
        (EPL, "21", "127", ("税收",)),
        (EPL, "45", "179", ("排污许可证的要求",)),
        # the same search over every old 款 (runs of shared characters, then read by hand)
        (SOLID, "115", "1112", ("海关",)),
        (EPL, "31", "111", ("补偿制度",)),
        (SOIL, "85", "1072", ("直接作出行政处罚",)),
        (MARINE, "64", "806", ("野生动植物",)),
        (NOISE, "38", "78", ("真实性",)),
        (MARINE, "120", "359", ("内水",)),
        # the judge of the abf3a68 sample: clauses carried by the Code's general articles
        (NOISE, "18", "86", ("环境影响评价",)),  # plan EIA
        (NOISE, "36", "176", ("排污许可证",)),  # 项6 工业噪声 units
        (NOISE, "36", "186", ("排污登记表",)),
        (SOLID, "15", "957", ("综合利用",)),  # 款1 standards
        (SOIL, "86", "1086", ("自行监测",)),  # 项1
        (SOIL, "86", "1088", ("监测数据",)),  # 项2 篡改、伪造 -> 弄虚作假
        (SOIL, "86", "1159", ("隐患排查",)),  # 项3's second half
        (AIR, "6", "11", ("科学技术研究",)),
        (AIR, "6", "135", ("先进适用",)),
        ("中华人民共和国放射性污染防治法", "58", "1232", ("境内转移",)),
        (EPL, "42", "184", ("监测设备",)),  # 款3 重点排污单位
        (EPL, "42", "183", ("原始监测记录",)),
        (NOISE, "80", "1086", ("原始监测记录",)),  # 项2, 项4: monitoring records
        # the judge of the 25119e7 sample
        (NOISE, "13", "70", ("在各自职责范围内",)),  # 款2: departments' standards
        (AIR, "34", "1015", ("煤层气", "煤矸石")),  # 款2's first sentence -> 款3
    ],
)
def test_every_successor_of_a_split_rule(corpus_kb, old_law, old_key, new_key, words) -> None:
    """Each part of the old article is linked where the Code put it; both sides say so."""
    assert f"{CODE}#{new_key}" in successor_refs(corpus_kb, f"{old_law}#{old_key}")
    old_text, new_text = _carried(corpus_kb, old_law, old_key, new_key)
    for w in words:
        assert w in old_text and w in new_text, (w, old_key, new_key)


def test_wrong_old_links_are_gone(corpus_kb) -> None:
    """固废法122 磋商 is 1073 (1074 is the marine claim); 97 绿色金融 is 132, not 411;
    海洋环境保护法34 (纳入自然保护地) is not 737 (protection measures)."""
    assert "1074" not in _rows(SOLID, "122") and "1073" in _rows(SOLID, "122")
    assert "海洋" in corpus_kb.article(CODE, 1074).text
    assert list(_rows(SOLID, "97")) == ["132"]
    assert "737" not in _rows(MARINE, "34")
    assert "自然保护区" in corpus_kb.article(CODE, 680).text
    # 土壤86 项1-2 are 自行监测 (1086) and 篡改 (1088), not 1167's 方案备案
    assert "1167" not in _rows(SOIL, "86")


@pytest.mark.parametrize("new_key", ["75", "1073", "1111"])
def test_code_articles_that_had_no_predecessor(corpus_kb, new_key: str) -> None:
    assert corpus_kb.predecessors(f"{CODE}#{new_key}")


@pytest.mark.parametrize(
    ("old_law", "old_key", "new_key", "expected"),
    [
        ("中华人民共和国水污染防治法", "90", "1143", {"amount"}),  # 冲滩: 1-10万 -> 10-100万
        ("中华人民共和国土壤污染防治法", "59", "454", {"time"}),  # a provincial time limit
        (AIR, "55", "226", {"scope"}),  # 非道路移动机械 added
        (AIR, "70", "241", {"scope", "authority"}),  # 船舶; 城市 -> 县级以上地方人民政府
        (AIR, "38", "207", {"authority"}),  # who designates the 禁燃区
        # labelled same before, wrong by the judges' reading: 可以移送 -> 移送; 责任保险 ->
        # 强制保险 with an implementing authority; 影响周边环境 no longer a condition
        ("中华人民共和国土壤污染防治法", "87", "1160", {"modal"}),
        (SOLID, "99", "484", {"duty"}),
        (AIR, "120", "1133", {"condition"}),
        # the abf3a68 judge: 禁养区 dropped from the zones; 税收优惠 -> 税收等优惠
        (MARINE, "44", "343", {"scope"}),
        ("中华人民共和国清洁生产促进法", "33", "991", {"scope"}),
    ],
)
def test_change_labels_read_the_wording(corpus_kb, old_law, old_key, new_key, expected) -> None:
    [item] = [s for s in corpus_kb.successors(f"{old_law}#{old_key}") if s.number == int(new_key)]
    assert item.kind == "changed" and expected <= set(item.changes)
    cmp = corpus_kb.compare(f"{old_law}#{old_key}", f"{CODE}#{new_key}")
    assert cmp.changes == item.changes  # the comparison screen says the same


def test_change_kinds_on_made_up_sentences() -> None:
    from lawkb.compare import compare_articles
    from lawkb.models import Article, Paragraph

    def art(text: str) -> Article:
        return Article(law="示例条例", number=1, paragraphs=[Paragraph(text=text)])

    same = compare_articles(
        art("城市人民政府应当划定禁燃区。"), art("城市人民政府应当划定禁燃区。")
    )
    assert same.changes == []
    who = compare_articles(
        art("城市人民政府可以划定禁燃区。"), art("县级以上地方人民政府可以划定禁燃区。")
    )
    assert who.changes == ["authority"]
    dept = compare_articles(
        art("县级以上人民政府环境保护主管部门可以查封。"), art("生态环境主管部门可以查封。")
    )
    assert "authority" not in dept.changes  # a department's level is not the authority named
    scope = compare_articles(art("运输物料的车辆应当密闭。"), art("运输物料的车辆和船舶应当密闭。"))
    assert scope.changes == ["scope"]
    moved = compare_articles(art("收集、贮存、运输危险废物"), art("收集、运输、贮存危险废物"))
    assert "scope" not in moved.changes  # the same things in another order
    cond = compare_articles(
        art("超标排放的，处十万元以上一百万元以下的罚款。"),
        art("超标排放的，处十万元以上一百万元以下的罚款；拒不改正的，责令停产整治。"),
    )
    assert cond.changes == ["condition"]
    modal = compare_articles(art("排污单位应当公开排放信息。"), art("排污单位可以公开排放信息。"))
    assert "modal" in modal.changes
    # same only when the texts match after the Code's systematic rewording is taken out
    renamed = compare_articles(
        art("县级以上人民政府环境保护主管部门应当会同有关部门划定禁燃区，处五万元罚款。"),
        art("生态环境主管部门应当会同相关部门划定禁燃区，处5万元罚款。"),
    )
    assert renamed.changes == []
    forbid = compare_articles(art("任何单位不得在此处倾倒垃圾。"), art("禁止在此处倾倒垃圾。"))
    assert "modal" in forbid.changes
    must = compare_articles(art("可以移送公安机关处理。"), art("移送公安机关处理。"))
    assert "modal" in must.changes
    added = compare_articles(
        art("产生单位应当申报危险废物的种类和数量。"),
        art("产生单位应当申报危险废物的种类和数量，并实行联单管理。"),
    )
    assert added.changes  # one clause added is a change, never same
    # found by a hand spot-check: a ministry's new name and 规定/制定 for the same act are no
    # change (they were labelled authority/scope and wording); 有关规定 stays a noun
    ministry = compare_articles(
        art("由国务院工业部门指定的产品，具体办法由国务院规定。"),
        art("由国务院工业和信息化主管部门指定的产品，具体办法由国务院制定。"),
    )
    assert ministry.changes == []
    listed = compare_articles(
        art("申报危险废物的种类、产生量、贮存、处置等有关资料。"),
        art("申报危险废物的种类、产生量、贮存、利用、处置等有关资料。"),
    )
    assert "scope" in listed.changes  # 利用 joined the list (固废法78 -> 532)
    enact = compare_articles(art("国务院应当制定标准。"), art("国务院应当规定标准。"))
    assert enact.changes  # mid-sentence 规定 is not the act of making rules


def test_every_label_is_the_comparisons(shared_kb) -> None:
    """One function decides: each row's kind and changes are what compare_link finds."""
    from lawkb.compare import compare_link

    for link in read_crosswalk(CORPUS / CROSSWALK_FILE):
        if not link.new_key:
            continue
        old = shared_kb.article(link.old_law, link.old_key)
        cmp = compare_link(old, shared_kb.article(CODE, link.new_key), link.part, link.new_part)
        assert tuple(cmp.changes) == link.changes, link
        assert (link.kind == "changed") == bool(cmp.changes), link


def test_parts_round_trip_and_bad_parts_are_named(tmp_path: Path) -> None:
    from lawkb.crosswalk import format_parts, parse_parts

    labels = ["款1", "款2项1", "款2项2", "款2项3", "款3", "款4"]
    assert parse_parts("款1,款2项1-3,款3-4") == labels
    assert format_parts(labels, labels) == "全" and parse_parts("全") is None
    assert format_parts(["款2项1", "款2项3", "款4"], labels) == "款2项1,款2项3,款4"
    lines = (CORPUS / CROSSWALK_FILE).read_text(encoding="utf-8").splitlines()
    data = next(i for i, line in enumerate(lines) if line.startswith("中华人民共和国"))
    cells = lines[data].split("\t")
    cells[7] = "第二款"
    lines[data] = "\t".join(cells)
    bad = tmp_path / CROSSWALK_FILE
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ParseError) as err:
        read_crosswalk(bad)
    assert err.value.line == data + 1 and "part" in err.value.message


def _longest_common_run(a: str, b: str) -> int:
    best = 0
    for i in range(len(a)):
        while i + best < len(a) and a[i : i + best + 1] in b:
            best += 1
    return best


def test_the_check_lists_only_code_articles_marked_new(corpus_kb) -> None:
    from lawkb.crosswalk_check import NEW_FILE, check, read_new

    links = read_crosswalk(CORPUS / CROSSWALK_FILE)
    new = read_new(CORPUS / NEW_FILE)
    old_laws = [t for t in read_sources(CORPUS / SOURCES_FILE) if t != CODE]
    olds = [a for t in old_laws for a in corpus_kb.law(t).articles]
    report = check(links, olds, corpus_kb.law(CODE).articles, new)
    assert report.code_articles == 1242 and report.old_articles == 881
    assert report.unlinked == [] and report.linked_but_marked_new == []
    # every article marked new was reviewed by hand, with a reason in own words (not the
    # chapter the tool put there, and never a run of the article's text)
    assert report.unreviewed_new == [] and report.ok
    code_text = {a.key: a.text for a in corpus_kb.law(CODE).articles}
    for key, n in new.items():
        assert n.reviewed and not n.reason.startswith("new in the Code"), key
        assert _longest_common_run(n.reason, code_text[key]) <= 20, key
    assert report.unplaced == {} and report.fully_placed == report.old_articles
    # a part nobody places is reported, by name
    drop = [link for link in links if link.old_ref != f"{SOLID}#31"]
    drop += [link for link in links if link.old_ref == f"{SOLID}#31" and link.new_key != "145"]
    again = check(drop, olds, corpus_kb.law(CODE).articles, new)
    assert again.unplaced[f"{SOLID}#31"] == ["款1", "款2"]
    assert "145" in again.unlinked or corpus_kb.predecessors(f"{CODE}#145")


@pytest.mark.parametrize(
    ("old_law", "old_key", "new_key", "new_part", "words"),
    [
        # 款2 (同时验收) is the Code's 款2 (验收): the row carries the whole of 162
        ("中华人民共和国放射性污染防治法", "35", "162", "全", ("验收",)),
        (SOLID, "78", "532", "全", ("管理计划", "排污许可证")),  # all three paragraphs
        (MARINE, "97", "1217", "全", ("合法来源证明",)),  # old item 3 became items 3-5
        ("中华人民共和国水污染防治法", "27", "748", "款2", ("基本生态用水",)),
        ("中华人民共和国水污染防治法", "27", "784", "全", ("合理流量",)),
    ],
)
def test_part_labels_name_where_the_rule_is(
    corpus_kb, old_law, old_key, new_key, new_part, words
) -> None:
    link = _rows(old_law, old_key)[new_key]
    assert link.new_part == new_part
    old_text, new_text = _carried(corpus_kb, old_law, old_key, new_key)
    for w in words:
        assert w in new_text, (w, new_key)
    assert words[0] in old_text or new_key == "1217"  # 1217's items 3-5 spell out 海砂 rules


def test_every_criminal_liability_clause_leads_to_the_general_article(shared_kb) -> None:
    """The Code's penalty articles keep no 构成犯罪…追究刑事责任 sentence; 1071 says it once.
    Every old part that says it (a separate article, or a sentence of a penalty article) links
    there, labelled by that sentence alone, and the completeness check insists on it."""
    from lawkb.compare_residual import CRIME, is_general_crime_clause
    from lawkb.crosswalk_check import NEW_FILE, check, criminal_parts, read_new

    code = shared_kb.law(CODE).articles
    assert [a.key for a in code if is_general_crime_clause(a)] == ["1071"]
    assert not any(CRIME in a.text for a in code if a.key != "1071" and "犯罪" in a.text)
    old_laws = [t for t in read_sources(CORPUS / SOURCES_FILE) if t != CODE]
    olds = [a for t in old_laws for a in shared_kb.law(t).articles]
    saying = [a for a in olds if criminal_parts(a)]
    assert len(saying) >= 15 and any(a.ref.endswith("放射性污染防治法#54") for a in saying)
    for a in saying:
        link = _rows(a.law, a.key)["1071"]
        assert link.kind in ("merged", "same") and not link.changes, link
    links = read_crosswalk(CORPUS / CROSSWALK_FILE)
    new = read_new(CORPUS / NEW_FILE)
    assert check(links, olds, code, new).criminal_unlinked == {}
    without = [lk for lk in links if lk.new_key != "1071"]
    report = check(without, olds, code, new)
    assert not report.ok
    assert report.criminal_unlinked["中华人民共和国放射性污染防治法#54"] == [
        f"款1项{j}" for j in range(1, 6)
    ]


@pytest.mark.parametrize(
    ("old_law", "old_key", "new_key"),
    [
        ("中华人民共和国清洁生产促进法", "21", "969"),  # 工业部门 -> 工业和信息化主管部门
        (SOLID, "88", "542"),  # …规定 -> …制定
        (SOLID, "40", "494"),  # 主管部门 -> 有关部门
        # labelled changed/merged before; the judge of the 6e4bd57 sample read them as the
        # same rule: word for word, 的以外 -> 的外, 自然环境 -> 生态环境, 生境 spelt out, a
        # defined term spelt out, 环境保护行政主管部门 and 周围 -> 周边
        (NOISE, "34", "564"),
        (NOISE, "58", "587"),
        (AIR, "33", "202"),
        ("中华人民共和国放射性污染防治法", "36", "632"),
        (MARINE, "41", "740"),
        (MARINE, "42", "934"),
        (MARINE, "66", "366"),
        # borderline for the judge, same by the rule: 应当 left out, 在各自职责范围内 added,
        # 市、县 -> 设区的市、县级, 国家或者地方规定的 排放标准
        (SOIL, "17", "404"),
        (SOIL, "53", "448"),
        (WATER, "87", "1141"),
        (WATER, "50", "303"),
        # the abf3a68 judge: word for word beside a 前款所称 definition that is a part of its
        # own; 本条第一款 and 国家大气污染防治重点区域; 省、自治区、直辖市、设区的市 = 设区的市级
        # 以上; 劳动者 and 依照《职业病防治法》执行 = 适用职业病防治法律
        (NOISE, "19", "557"),
        (AIR, "86", "255"),
        (AIR, "93", "261"),
        ("中华人民共和国放射性污染防治法", "61", "614"),
    ],
)
def test_renamed_but_unchanged_rules_are_same(corpus_kb, old_law, old_key, new_key) -> None:
    link = _rows(old_law, old_key)[new_key]
    assert link.kind == "same" and link.changes == ()
    assert corpus_kb.compare(f"{old_law}#{old_key}", f"{CODE}#{new_key}").changes == []


def test_part_labels_the_judge_flagged() -> None:
    """水49 款1 is 301 款1; 噪声27 款1 is split (鼓励 -> 559, 淘汰制度 -> 49 款1); 噪声2 款1 is in
    547, not 564; 海洋4 款4 is also in 735 and 款6 (海警) has no successor; 放射30 and
    环保9 carry the whole Code article; 海洋15 is 66 款2-3."""
    assert "款1" in _rows(WATER, "49")["301"].part
    assert "款1" not in _rows(WATER, "49")["302"].part
    assert _rows(NOISE, "27")["49"].new_part == "款1-3"
    assert "564" not in _rows(NOISE, "2") and _rows(NOISE, "2")["547"].part == "全"
    marine4 = _rows(MARINE, "4")
    assert "款4" in marine4["735"].part and "款6" not in marine4["336"].part
    assert marine4[""].kind == "none" and marine4[""].part == "款6"
    assert _rows("中华人民共和国放射性污染防治法", "30")["162"].new_part == "全"
    assert _rows(EPL, "9")["12"].new_part == "全"
    assert _rows(MARINE, "15")["66"].new_part == "款2-3"


def test_merged_only_where_old_rules_meet(corpus_kb) -> None:
    """merged: another old article lands on the same part of the Code article. 564 carries
    噪声34 alone (噪声2 款1 is 547's), so it is same; 1071 takes every crime clause."""
    assert _rows(NOISE, "34")["564"].kind == "same"
    olds = {lk.old_ref for lk in read_crosswalk(CORPUS / CROSSWALK_FILE) if lk.new_key == "564"}
    assert olds == {f"{NOISE}#34"}
    assert _rows("中华人民共和国放射性污染防治法", "54")["1071"].kind == "merged"


def test_routine_wording_is_no_change_on_made_up_sentences() -> None:
    """应当 left out, a word put otherwise and the Code's spelt-out terms change nothing; 可以
    left out, 国家 dropped or a list member added still do."""
    from lawkb.compare import compare_articles
    from lawkb.models import Article, Paragraph

    def changes(old: str, new: str) -> list[str]:
        one = Article(law="示例条例", number=1, paragraphs=[Paragraph(text=old)])
        two = Article(law="示例条例", number=1, paragraphs=[Paragraph(text=new)])
        return compare_articles(one, two).changes

    assert changes("排污单位应当报告排放情况。", "排污单位报告排放情况。") == []
    assert changes("除应急救援的以外，禁止夜间施工。", "除应急的外，禁止夜间施工。") == []
    assert changes("保护海洋自然环境。", "保护海洋生态环境。") == []
    assert changes("市、县人民政府负责。", "设区的市、县级人民政府负责。") == []
    assert (
        changes("本法中下列用语的含义是：（二）内水，是指某海域。", "本法所称内水，是指某海域。")
        == []
    )
    assert changes("排放应当符合国家或者地方排放标准。", "排放应当符合排放标准。") == []
    assert "modal" in changes("可以移送公安机关。", "移送公安机关。")
    assert changes("执行国家标准。", "执行标准。")  # 国家 is a word a rule turns on
    assert "scope" in changes("运输车辆应当密闭。", "运输车辆和船舶应当密闭。")
    assert changes("依照法律法规的要求处置。", "依照法律法规规定的要求处置。") == []
    assert "scope" in changes("给予税收优惠。", "给予税收等优惠。")  # the list made open
    assert "scope" in changes("划定禁养区、限养区和养殖区。", "划定限养区和养殖区。")
    assert (
        changes("由省、自治区、直辖市、设区的市人民政府划定。", "由设区的市级以上人民政府划定。")
        == []
    )


def test_a_definition_of_the_paragraph_before_is_a_part_of_its_own() -> None:
    """前款所称交通干线，包括… defines a term; 有前款行为的，处罚款 completes the paragraph."""
    from lawkb.compare import select_parts
    from lawkb.models import Article, Paragraph

    art = Article(
        law="示例条例",
        number=1,
        paragraphs=[
            Paragraph(text="应当划定防噪声距离。"),
            Paragraph(text="前款所称交通干线，包括铁路。"),
            Paragraph(text="有前款行为的，处罚款。"),
        ],
    )
    assert [p.text[:2] for p in select_parts(art, ["款1"]).paragraphs] == ["应当"]
    assert len(select_parts(art, ["款2"]).paragraphs) == 2  # 款3 completes 款2
