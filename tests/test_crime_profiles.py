"""Crime profiles (corpus/crime_profiles.tsv) on real data: the shipped table loads and names
articles of the collection, a bad row is refused with its line and field, criminal facts written
here (not taken from the bench sets) reach the right 刑法 article, and administrative facts keep
their answer first."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lawkb.crime_profiles import (
    COLUMNS,
    PROFILES_FILE,
    SOURCES_FILE,
    CrimeProfiles,
    load_profiles,
)
from lawkb.errors import ParseError
from lawkb.kb import KnowledgeBase
from lawkb.paths import corpus_dir
from lawkb.search_links import read_crimes

CRIMINAL = "中华人民共和国刑法"
CODE = "中华人民共和国生态环境法典"


def _shipped() -> CrimeProfiles:
    corpus = corpus_dir()
    return load_profiles(corpus, read_crimes(corpus / "crimes.tsv"))


def _refs(kb: KnowledgeBase, text: str, limit: int = 10) -> list[str]:
    """As `lawkb search --all` ranks (in the default view a repealed article's Code successor
    may come first besides)."""
    hits = kb.search(text, limit=limit, include_all=True)
    return [f"{h.law}#{h.number}{h.suffix}" for h in hits]


# -- the shipped table ------------------------------------------------------------------------


def test_every_environmental_crime_has_a_profile_on_an_article_of_the_collection(
    corpus_kb: KnowledgeBase,
):
    profiles = _shipped().profiles
    refs = {p.ref for p in profiles}
    for key in ("338", "339", "340", "341", "342", "342之一", "343", "344", "344之一", "345"):
        assert f"{CRIMINAL}#{key}" in refs, key
    for p in profiles:
        assert corpus_kb.collection.article_by_ref(p.ref).text, p.ref
        assert p.source and p.acts and p.things, p.ref


# -- bad rows ---------------------------------------------------------------------------------


def _corpus_with(tmp_path: Path, row: str) -> Path:
    """A corpus folder with the shipped crimes and sources and one profile row."""
    corpus = tmp_path / "corpus"
    corpus.mkdir(parents=True)
    for name in ("crimes.tsv", SOURCES_FILE):
        shutil.copy(corpus_dir() / name, corpus / name)
    header = "\t".join(COLUMNS)
    (corpus / PROFILES_FILE).write_text(f"# test\n{header}\n{row}\n", encoding="utf-8")
    return corpus


def _good_row() -> str:
    lines = (corpus_dir() / PROFILES_FILE).read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if line.startswith("345\t"))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda r: r.replace("345\t", "三四五\t", 1), "article"),
        (lambda r: r.replace("345\t", "338\t", 1), "name"),  # 盗伐林木罪 is not 338's crime
        (lambda r: r.replace("\t盗伐林木罪\t", "\t偷树罪\t"), "name"),
        (lambda r: r.replace("盗伐|", "盗 伐|", 1), "acts"),
        (lambda r: r.replace("林木|", "林木|林木|", 1), "things"),
        (lambda r: r.replace("\tXF|", "\tNOPE|"), "source"),
    ],
)
def test_a_bad_row_is_refused_with_its_line_and_field(tmp_path: Path, change, field: str):
    corpus = _corpus_with(tmp_path, change(_good_row()))
    with pytest.raises(ParseError) as err:
        load_profiles(corpus, read_crimes(corpus / "crimes.tsv"))
    assert err.value.path == str(corpus / PROFILES_FILE)
    assert err.value.line == 3  # comment, header, the row
    assert err.value.message.startswith(field), err.value.message


def test_a_second_row_for_one_article_and_a_short_row_are_refused(tmp_path: Path):
    good = _good_row()
    corpus = _corpus_with(tmp_path, f"{good}\n{good}")
    with pytest.raises(ParseError, match="已有一行") as err:
        load_profiles(corpus, read_crimes(corpus / "crimes.tsv"))
    assert err.value.line == 4
    corpus = _corpus_with(tmp_path / "b", good.rsplit("\t", 1)[0])
    with pytest.raises(ParseError, match="应有 6 个以制表符分隔的单元格"):
        load_profiles(corpus, read_crimes(corpus / "crimes.tsv"))


def test_a_bad_table_leaves_search_without_profiles_not_broken(tmp_path: Path):
    from lawkb.search_links import LawLinks

    corpus = _corpus_with(tmp_path, _good_row().replace("\tXF|", "\tNOPE|"))
    links = LawLinks(collection=None, corpus=corpus)  # type: ignore[arg-type]  # not read here
    assert links.crime_profiles().profiles == []
    assert not links.crime_reading("被告人在禁渔期电鱼二十公斤").criminal


# -- reading facts ----------------------------------------------------------------------------


def test_which_texts_read_as_criminal_facts():
    profiles = _shipped()
    criminal = [
        "被告人在禁渔期用电瓶和逆变器在水库电鱼，捕获鱼类十五公斤",
        "某厂把含镉废水通过渗坑排入地下，镉超标八倍",
        "一伙人夜里到国有林场盗伐杉木，立木蓄积三十立方米",
    ]
    for text in criminal:
        assert profiles.read(text).criminal, text
    not_criminal = [
        "某厂在厂区空地上堆放了电镀污泥",  # no gravity
        "在禁渔期钓鱼",  # no crime's acts
        "某公司露天堆放几千吨煤，没有苫盖",  # an amount, but no crime's facts
        "排污许可证的有效期是几年",
    ]
    for text in not_criminal:
        assert not profiles.read(text).criminal, text
    assert profiles.read("被告人在禁渔期电鱼十公斤").charged
    assert not profiles.read("某厂把含镉废水通过渗坑排入地下，镉超标八倍").charged


def test_a_word_inside_a_longer_matched_word_counts_once():
    profiles = _shipped()
    assert "蓄积" not in profiles.matched("立木蓄积三十立方米")
    assert "立木蓄积" in profiles.matched("立木蓄积三十立方米")


@pytest.mark.parametrize(
    ("facts", "article"),
    [
        ("某金属制品厂将酸洗废液经厂内渗坑排入地下，六价铬超过排放标准二十倍", "338"),
        ("张某驾驶小船在禁渔期的河段用电网捕鱼，查获渔获物三十多斤", "340"),
        ("赵某未办采伐许可证，砍伐村集体山林里的杉木，折合立木蓄积四十余立方米", "345"),
        ("某饭店老板从猎户处收购国家二级保护野生动物豹猫三只做菜出售", "341"),
        ("钱某没有采矿许可证，用抽砂船在江里抽采河砂五千余吨", "343"),
        ("某公司未经批准在林地上建设厂房，毁坏公益林地十二亩", "342"),
        ("李某把从境外买来的鳄雀鳝放生到水库，本地鱼类大量死亡", "344之一"),
        ("某检测公司员工没有采样就出具虚假的废水监测报告，违法所得二十万元", "229"),
        # as a neighbour tells it
        ("有人半夜往村后的山沟里倒了几十桶化工废液，附近的井水都不能喝了", "338"),
        ("一个渔民在长江里用网捕到了一条中华鲟，拿到市场上卖了", "341"),
        ("某人在山上挖了几棵野生的红豆杉拿去卖，红豆杉是国家一级保护植物", "344"),
    ],
)
def test_criminal_facts_reach_their_crime_article(
    corpus_kb: KnowledgeBase, facts: str, article: str
):
    reading = corpus_kb.linker.crime_reading(facts)
    assert reading.criminal and reading.scores[0][0] == f"{CRIMINAL}#{article}", reading
    assert f"{CRIMINAL}#{article}" in _refs(corpus_kb, facts)[:2], _refs(corpus_kb, facts)


def test_facts_without_gravity_offer_the_crime_low(corpus_kb: KnowledgeBase):
    facts = "某诊所的护工把用过的针头和棉签等医疗废物倒在村外的沟里"
    reading = corpus_kb.linker.crime_reading(facts)
    assert reading.possible and not reading.criminal
    refs = _refs(corpus_kb, facts)
    assert f"{CRIMINAL}#338" in refs and f"{CRIMINAL}#338" not in refs[:3], refs


def test_a_criminal_case_puts_its_crime_first(corpus_kb: KnowledgeBase):
    facts = "被告人孙某在禁猎期用猎夹捕获野生画眉鸟八十余只并出售"
    assert _refs(corpus_kb, facts)[0] == f"{CRIMINAL}#341"


def test_administrative_facts_keep_their_answer_first(corpus_kb: KnowledgeBase):
    # no gravity: no crime at all
    light = "某公司没有办理排污许可证就开始排放废水"
    assert not any(r.startswith(CRIMINAL) for r in _refs(corpus_kb, light, 5))
    # a named violation that is also grave: the Code's article stays first, the crime second
    grave = "某企业私设暗管排放含镍废水，镍超标十五倍"
    refs = _refs(corpus_kb, grave)
    assert refs[0] == f"{CODE}#1108" and refs[1] == f"{CRIMINAL}#338", refs
