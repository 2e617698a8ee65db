"""The reference grammar on made-up sentences (示例条例), then resolution on the real collection."""

from __future__ import annotations

import pytest

from lawkb.references import (
    Target,
    abbreviations,
    find_mentions,
    resolve_text,
    split_bare_name,
)

# -- the grammar alone ------------------------------------------------------------------------


def units(text: str) -> list[tuple]:
    return [
        (m.law_kind, m.law_name, u.number, u.suffix, u.paragraphs, u.items, u.rel, u.range_to)
        for m in find_mentions(text)
        for u in m.units
    ]


def test_self_reference_with_list_and_offsets() -> None:
    text = "违反示例条例的，依照本法第十二条、第十三条和第20条的规定处罚。"
    ms = find_mentions(text)
    assert len(ms) == 1
    m = ms[0]
    assert text[m.start : m.end] == m.text == "本法第十二条、第十三条和第20条"
    assert [u.number for u in m.units] == [12, 13, 20]
    assert m.law_kind == "self"


def test_paragraph_and_item_narrow_the_article() -> None:
    got = units("有本法第三十条第二款第一项、第三项规定情形的")
    assert got == [("self", "本法", 30, "", (2,), (1, 3), "", None)]


def test_sibling_paragraphs_and_ranges_of_items() -> None:
    assert units("违反第八条第一款、第二款规定")[0][4] == (1, 2)
    assert units("有前款第一项、第三项至第五项情形的")[0][5] == (1, 3, 4, 5)
    assert units("第（二）项")[0][5] == (2,)


def test_relative_forms() -> None:
    assert units("违反前款规定")[0][6] == "prev_para"
    two = find_mentions("违反前两款规定的")[0].units[0]
    assert (two.rel, two.prev_count) == ("prev_para", 2)
    assert units("本条第三款所称")[0][4:7] == ((3,), (), "this_art")
    assert units("依照本款规定")[0][6] == "this_para"


def test_article_range_with_suffix() -> None:
    got = units("本法第二十条至第二十二条之一规定的")
    assert got[0][2] == 20 and got[0][7] == (22, "之一")


def test_named_law_then_self_in_one_list() -> None:
    ms = find_mentions("依照《中华人民共和国示例法》第五条和本条例第六条的规定")
    assert [(m.law_kind, m.law_name, m.units[0].number) for m in ms] == [
        ("named", "中华人民共和国示例法", 5),
        ("self", "本条例", 6),
    ]


def test_article_suffix_and_arabic_numbers() -> None:
    assert units("依照本办法第3条之一")[0][2:4] == (3, "之一")
    assert units("违反本规定第12条第2款")[0][2:5] == (12, "", (2,))


def test_bare_law_name_is_cut_only_at_function_words() -> None:
    ms = find_mentions("同时违反了示例污染防治法第十八条")
    assert ms[0].bare_name and ms[0].law_name == "同时违反了示例污染防治法"
    cands = split_bare_name("依照海洋示例保护法")
    assert "海洋示例保护法" in cands and "示例保护法" not in cands


def test_words_that_are_not_references() -> None:
    assert find_mentions("第一次会议通过，有下列情形之一的，处十万元以下罚款") == []
    assert find_mentions("本法自公布之日起施行") == []


def test_abbreviations() -> None:
    text = "根据《中华人民共和国示例法》（以下简称示例法）和《示例条例》（以下简称《条例》）"
    assert abbreviations(text) == {"示例法": "中华人民共和国示例法", "条例": "示例条例"}


# -- resolution against a made-up collection --------------------------------------------------

LAWS = {
    "示例条例": [str(n) for n in range(1, 31)],
    "中华人民共和国示例法": ["1", "2", "3", "3之一", "4", "5"],
}


def lookup(name: str) -> str | None:
    if name in LAWS:
        return name
    full = "中华人民共和国" + name
    return full if full in LAWS else None


def resolve(text: str, *, key: str = "10", para: int = 2) -> list[Target]:
    pairs = resolve_text(
        text,
        law="示例条例",
        key=key,
        paragraph_at=lambda _offset: para,
        lookup_law=lookup,
        keys_of=lambda title: LAWS.get(title, []),
        previous_key="9",
        extra=abbreviations(text),
    )
    return [t for _m, ts in pairs for t in ts]


def test_resolve_self_and_named() -> None:
    ts = resolve("依照本条例第五条和《中华人民共和国示例法》第三条之一的规定")
    assert [t.ref for t in ts] == ["示例条例#5", "中华人民共和国示例法#3之一"]
    assert all(t.resolved for t in ts)


def test_resolve_range_walks_the_target_law_in_order() -> None:
    ts = resolve("违反《示例法》第三条至第四条规定")
    assert [t.key for t in ts] == ["3", "3之一", "4"]


def test_previous_paragraphs_resolve_inside_the_article() -> None:
    ts = resolve("违反前款规定", para=3)
    assert [(t.ref, t.paragraph) for t in ts] == [("示例条例#10", 2)]
    ts = resolve("违反前两款规定", para=3)
    assert [t.paragraph for t in ts] == [1, 2]
    ts = resolve("违反前款规定", para=1)
    assert not ts[0].resolved


def test_unknown_law_stays_unresolved_and_is_never_guessed() -> None:
    ts = resolve("依照《中华人民共和国别的法》第五条处罚")
    assert ts[0].law is None and not ts[0].resolved and ts[0].law_written == "中华人民共和国别的法"
    # a longer name that ends like a known one must not fall back to it
    ts = resolve("依照海洋示例法第五条")
    assert ts[0].law is None and not ts[0].resolved


def test_bare_name_resolves_and_the_span_starts_at_the_name() -> None:
    text = "依照示例法第二条的规定"
    pairs = resolve_text(
        text,
        law="示例条例",
        key="1",
        paragraph_at=lambda _o: 1,
        lookup_law=lookup,
        keys_of=lambda t: LAWS.get(t, []),
    )
    mention, targets = pairs[0]
    assert mention.text == "示例法第二条" and text[mention.start : mention.end] == mention.text
    assert targets[0].ref == "中华人民共和国示例法#2"


def test_that_law_and_missing_article() -> None:
    ts = resolve("违反《示例法》的规定，依照该法第五条处罚")
    assert ts[0].ref == "中华人民共和国示例法#5"
    ts = resolve("依照本条例第九十九条")
    assert not ts[0].resolved and ts[0].note == "no such article in that law"


def test_abbreviation_defined_in_the_text() -> None:
    ts = resolve("《中华人民共和国示例法》（以下简称《法》）……有《法》第二条情形的")
    assert ts[-1].ref == "中华人民共和国示例法#2"


@pytest.mark.parametrize("text", ["违反前条规定", "依照前条"])
def test_previous_article(text: str) -> None:
    assert resolve(text)[0].ref == "示例条例#9"


def test_former_and_new_versions() -> None:
    # 原X法 is a text the collection does not hold: unresolved, never the current text
    ts = resolve("原示例法（2002年）第三条相比，新示例法第三条之一增加了")
    assert [(t.resolved, t.ref) for t in ts] == [
        (False, None),
        (True, "中华人民共和国示例法#3之一"),
    ]
    ts = resolve("依照《中华人民共和国示例法》（2018年修正）第五条")
    assert ts[0].ref == "中华人民共和国示例法#5"


def test_a_bare_article_in_a_law_is_its_own() -> None:
    ts = resolve("示例法第二条规定的情形，适用本条例；示例法第四条……以及第五条")
    assert [t.ref for t in ts] == [
        "中华人民共和国示例法#2",
        "中华人民共和国示例法#4",
        "示例条例#5",
    ]


def test_a_document_without_articles_goes_on_about_the_law_it_named() -> None:
    def in_doc(text: str, before: str = "") -> list[str | None]:
        pairs = resolve_text(
            text,
            law="关于示例问题的复函",
            key="2",
            paragraph_at=lambda _o: 1,
            lookup_law=lookup,
            keys_of=lambda t: LAWS.get(t, []),
            named_before=before,
        )
        return [t.ref for _m, ts in pairs for t in ts]

    assert in_doc("示例法第二条规定……依照第三条") == [
        "中华人民共和国示例法#2",
        "中华人民共和国示例法#3",
    ]
    assert in_doc("依照第四条处罚", before="中华人民共和国示例法") == ["中华人民共和国示例法#4"]
    assert in_doc("依照第四条处罚") == [None]  # nothing named: unresolved, not guessed


# -- the real collection ----------------------------------------------------------------------

EIA = "中华人民共和国环境影响评价法"
EPL = "中华人民共和国环境保护法"


def test_self_reference_resolves_within_the_same_law(corpus_kb) -> None:
    refs = corpus_kb.references(f"{EIA}#31")
    assert f"{EIA}#24" in {r.target for r in refs if r.resolved}
    assert all(r.law == EIA for r in refs if r.resolved)
    article = corpus_kb.article(EIA, 31)
    for r in refs:  # offsets point into Article.text
        assert article.text[r.start : r.end] == r.text


def test_previous_paragraph_resolves_inside_the_article(corpus_kb) -> None:
    refs = [r for r in corpus_kb.references(f"{EPL}#59") if r.text == "前款"]
    assert refs and refs[0].internal and refs[0].target == f"{EPL}#59"
    assert refs[0].paragraph == 1  # the mention stands in the second paragraph


def test_named_law_resolves_to_that_law(corpus_kb) -> None:
    refs = corpus_kb.references("中华人民共和国水污染防治法#94")
    named = [r for r in refs if r.text.startswith("《中华人民共和国环境保护法》")]
    assert named and named[0].resolved and named[0].target == f"{EPL}#63"
    cited = corpus_kb.cited_by(f"{EPL}#63")
    assert "中华人民共和国水污染防治法#94" in {c.ref for c in cited}


def test_law_outside_the_collection_stays_unresolved(shared_kb) -> None:
    corpus_kb = shared_kb  # the citing 部门规章 are not built in
    refs = corpus_kb.references("污染源自动监控设施现场监督检查办法#26")
    outside = [r for r in refs if "治安管理处罚法" in r.text]
    assert outside and not outside[0].resolved and outside[0].target is None
    assert outside[0].law_written == "中华人民共和国治安管理处罚法"
    # a longer name is never cut down to a law the collection holds
    refs = corpus_kb.references("污染源自动监控管理办法#18")
    detail = [r for r in refs if "实施细则" in r.text]
    assert detail and detail[0].target is None and detail[0].law_written == "水污染防治法实施细则"


def test_citing_an_earlier_text_is_not_a_resolved_link(shared_kb) -> None:
    corpus_kb = shared_kb
    # the 2007 实施条例 cites the 行政复议法 of its time; the collection holds the 2023 text
    refs = corpus_kb.references("中华人民共和国行政复议法实施条例#3")
    earlier = [r for r in refs if r.text.startswith("行政复议法第")]
    assert earlier and all(not r.resolved and r.target is None for r in earlier)
    assert all(r.candidate and r.candidate.startswith("中华人民共和国行政复议法#") for r in earlier)
    cited = corpus_kb.cited_by("中华人民共和国行政复议法#3")
    assert "中华人民共和国行政复议法实施条例#3" not in {c.ref for c in cited}


def test_most_references_resolve_over_the_collection(corpus_kb) -> None:
    db = corpus_kb.collection.db
    total, resolved = db.execute("SELECT COUNT(*), SUM(resolved) FROM refs").fetchone()
    assert total > 1000 and resolved / total > 0.9
    # every resolved target is an article that exists
    missing = db.execute(
        "SELECT COUNT(*) FROM refs r LEFT JOIN articles a ON a.ref = r.target_ref "
        "WHERE r.resolved = 1 AND a.ref IS NULL"
    ).fetchone()[0]
    assert missing == 0


def test_a_new_text_citing_the_current_law(home, shared_corpus) -> None:
    """A made-up 办法 (dated 2026) beside the real 行政处罚法: 《中华人民共和国行政处罚法》第N条."""
    from lawkb.kb import KnowledgeBase

    fixture = home.parent / "示例环境执法办法.md"
    fixture.write_text(
        "# 示例环境执法办法\n\n2026年9月1日 示例机关发布\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n"
        "第一条 为规范示例执法活动，制定本办法。\n\n"
        "第二条 执法人员实施处罚，应当依照《中华人民共和国行政处罚法》第三十三条的规定。\n\n"
        "违反前款规定的，依照本办法第一条处理。\n\n"
        "第三条 扰乱执法秩序的，依照《中华人民共和国治安管理处罚法》第二十九条处理。\n",
        encoding="utf-8",
    )
    kb = KnowledgeBase(home)
    report = kb.import_paths([shared_corpus / "法律" / "中华人民共和国行政处罚法.md", fixture])
    assert report.ok, report.failed
    refs = kb.references("示例环境执法办法#2")
    assert [(r.text, r.target, r.paragraph) for r in refs] == [
        ("《中华人民共和国行政处罚法》第三十三条", "中华人民共和国行政处罚法#33", None),
        ("前款", "示例环境执法办法#2", 1),
        ("本办法第一条", "示例环境执法办法#1", None),
    ]
    outside = kb.references("示例环境执法办法#3")
    assert [(r.resolved, r.target) for r in outside] == [(False, None)]
    assert {c.ref for c in kb.cited_by("中华人民共和国行政处罚法#33")} == {"示例环境执法办法#2"}
