"""What is left of a difference once the Code's systematic rewording is taken out.

A crosswalk row is `same` only when the two texts match after normalising punctuation,
numerals, item labels, filler words and the renames the Code makes everywhere (环境保护主管部门
-> 生态环境主管部门, 省、自治区、直辖市 -> 省级 …). Whatever is left gets a tag: authority,
modal, duty, condition, scope or, failing all, wording.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter

from lawkb.models import Article, Paragraph
from lawkb.numerals import CN_NUM, CN_SMALL, NumeralError, cn_to_int

# the Code's systematic renames, old -> new (applied to both sides)
RENAMES: tuple[tuple[str, str], ...] = (
    # the same set of governments (provinces and 设区的市), named by the lowest level
    ("省、自治区、直辖市、设区的市人民政府", "设区的市级以上人民政府"),
    ("主管机构", "主管部门"),  # 气象主管机构 -> 气象主管部门: the same body
    ("本条第", "第"),  # 本条第一款 = 第一款 inside the same article
    ("国家大气污染防治重点区域", "重点区域"),  # the only 重点区域 the old 大气法 knows
    ("劳动者在职业活动中", "在职业活动中"),  # only 劳动者 work 在职业活动中
    ("废弃物", "废物"),
    ("卫生健康", "卫生"),  # departments under their names of today
    ("水利", "水行政"),
    ("各级人民政府环境保护主管部门和其他负有", "负有"),
    ("环境保护行政主管部门", "生态环境主管部门"),
    ("环境保护主管部门和其他负有", "负有"),  # the Code names the supervising departments once
    ("环境保护主管部门", "生态环境主管部门"),
    ("设区的市、县级", "市、县"),  # the same two levels, spelt out
    ("特别重大", "特大"),
    ("动植物栖息生长环境", "生境"),  # a term spelt out
    ("自然环境", "生态环境"),
    ("的以外", "的外"),
    ("周围", "周边"),
    ("本法所称", ""),  # an item of the old definitions article is a sentence of its own now
    # the old 海洋环境保护法 defines 工程建设项目 as these two (its article 4)
    ("海岸工程和海洋工程建设项目", "工程建设项目"),
    ("国家或者地方规定的", ""),  # 超过(国家或者地方规定的)排放标准: every standard is one of them
    ("国家或者地方", ""),
    ("违反本法规定，", ""),  # the Code's penalty articles all open so
    ("水利主管部门", "水行政主管部门"),
    ("省、自治区、直辖市", "省级"),
    ("土地利用总体规划和城乡规划", "国土空间规划"),
    ("污染环境防治", "污染防治"),
    ("声环境保护", "噪声污染防治"),
    ("有下列行为之一", "有下列情形之一"),
    ("工业和信息化", "工业"),  # 国务院工业部门 (2012) is today's 工业和信息化主管部门
    ("生态环境", "环境"),  # the Code writes 生态环境 where the old laws wrote 环境
    ("主管部门", "部门"),
    ("建立健全", "建立"),
    ("污染环境", "污染"),
    ("在各自职责范围内", ""),
    ("按照职责分工", ""),
)
# a local government level before a department only says where the department sits
_LEVEL_BEFORE_DEPT = re.compile(
    r"(?:县级以上地方各级|县级以上地方|县级以上|设区的市级以上地方|设区的市级以上|地方各级|各级)"
    r"人民政府(?=[\u4e00-\u9fff]{2,12}?(?:主管部门|管理部门|部门))"
)
_ENACT = re.compile(r"(?<![关家的])规定(?=[。；]|$)")  # …办法由国务院规定。 = …由国务院制定。
# 依照《职业病防治法》的规定执行 = 适用职业病防治法律的有关规定: the other law governs
_APPLIES = (
    (re.compile(r"依照《(?:中华人民共和国)?([^》]{2,20}法)》(?:的|有关)*(?:规定)?执行"), r"适用\1"),
    (re.compile(r"适用([\u4e00-\u9fff]{2,20}?法)律?(?:的|有关)*规定"), r"适用\1"),
)
_ITEM_LABEL = re.compile(rf"[（(][{CN_SMALL}]+[）)]")
_FILLER = re.compile(r"有关|相关|以及|或者|及|和|并|的|之")
_PUNCT = re.compile(r"[\s，。；：、“”‘’（）()《》！？,.;:]")
_CN_NUM = re.compile(rf"[{CN_NUM}]{{2,}}|[{CN_SMALL}]")

_AUTHORITY = re.compile(r"部门|人民政府|国务院|机构|机关|检察院|法院")
# 应当 written or left out (应当报告 / 报告, a rule stated as a duty either way) is no change;
# 可以 against 应当 is, and shows in how often 可以 is written
_MODALS = ("可以", "必须", "不得", "禁止", "有权")
# pure wording left after normalising: a piece made only of these changes nothing
# (依照法律法规 = 依照法律法规规定)
_WORDING = re.compile(r"^(?:应当|方面|实际|有效|部门|分别|依法|规定)+$")
# the lead of an old definitions article (本法中下列用语的含义是：) whose items went one by one
_DEFINITIONS_LEAD = re.compile(r"本法中?下列用语的?含义是?[:：]?")
SMALL_WORDING = 4  # characters left over in all, none of them one a rule turns on
_MEANING = re.compile(
    r"向社会|公开|公布|国外|国家|境外|主体|单位|个人|企业|及时|立即|书面|每|年|日|有害|住宅|城市|固体|技术|规|制"
)
_DUTY = re.compile(r"应当|不得|必须|禁止|负责|实行|建立|制定|公开|公布|报告|备案|责令|保险|许可")
_CONDITION = re.compile(r"未|不|情形|确需|影响|造成|除|经|拒|逾期|严重|需要")


def _numerals(text: str) -> str:
    def arabic(m: re.Match[str]) -> str:
        try:
            return str(cn_to_int(m.group(0)))
        except NumeralError:
            return m.group(0)

    text = _CN_NUM.sub(arabic, text)
    return re.sub(r"(\d+)万", lambda m: str(int(m.group(1)) * 10000), text)  # 5万 = 五万


def normalise(text: str) -> str:
    """The text with the Code's systematic rewording taken out (both sides get the same)."""
    text = _ENACT.sub("制定", _ITEM_LABEL.sub("", _DEFINITIONS_LEAD.sub("", text)))
    for pattern, repl in _APPLIES:
        text = pattern.sub(repl, text)
    for old, new in RENAMES:
        text = text.replace(old, new)
    text = _LEVEL_BEFORE_DEPT.sub("", text)
    text = _PUNCT.sub("", text)
    text = _FILLER.sub("", text)
    return _numerals(text)


def residual_pieces(old: str, new: str) -> tuple[list[str], list[str]]:
    """(dropped, added) pieces of the normalised texts; a piece found on both sides only
    moved (收集、运输、贮存 against 收集、贮存、运输) and does not count."""
    a, b = normalise(old), normalise(new)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    dropped = [a[i1:i2] for op, i1, i2, _j1, _j2 in sm.get_opcodes() if op in ("delete", "replace")]
    added = [b[j1:j2] for op, _i1, _i2, j1, j2 in sm.get_opcodes() if op in ("insert", "replace")]
    moved = set(dropped) & set(added)

    def keep(p: str) -> bool:
        return p not in moved and not _WORDING.match(p)

    return [p for p in dropped if keep(p)], [p for p in added if keep(p)]


def modal_counts_differ(old: str, new: str) -> bool:
    """应当 dropped, 可以 -> 应当, 不得 -> 禁止: how often each modal is written differs."""

    def counts(text: str) -> Counter[str]:
        return Counter({m: text.count(m) for m in _MODALS})

    return counts(old) != counts(new)


def residual_kinds(old: str, new: str) -> list[str]:
    """Tags for what remains different after normalising; [] when the texts match."""
    dropped, added = residual_pieces(old, new)
    pieces = dropped + added
    if not pieces:
        return []
    out: list[str] = []
    if any(_AUTHORITY.search(p) for p in pieces):
        out.append("authority")
    if modal_counts_differ(old, new):
        out.append("modal")
    if any(_DUTY.search(p) for p in pieces):
        out.append("duty")
    if any(_CONDITION.search(p) for p in pieces):
        out.append("condition")
    listed = any(_listed(p, old) for p in dropped) or any(_listed(p, new) for p in added)
    # 税收优惠 -> 税收等优惠: a closed list made open (or closed) changes what it covers
    listed = listed or any(p == "等" for p in pieces)
    if listed or (not out and any(len(p) >= 4 for p in pieces)):
        out.append("scope")  # a member of a 、 list (贮存、利用、处置) added or dropped
    if out:
        return out
    # a word or two put otherwise (应急救援 -> 应急, 单位 -> 主体 is not: see _MEANING) with
    # nothing a rule turns on: the rule is the same
    if sum(len(p) for p in pieces) <= SMALL_WORDING and not any(_MEANING.search(p) for p in pieces):
        return []
    return ["wording"]


def _listed(piece: str, text: str) -> bool:
    """`piece` is a whole member of a 、 list in `text` (not a department of a list of them)."""
    if len(piece) < 2 or _AUTHORITY.search(piece):
        return False
    p = re.escape(piece)
    after, before = r"[、等和及或的，。；）]", r"[、，。；：（和及或]"
    # a list's first member after a verb (划定禁养区、限养区和养殖区) counts too
    first = rf"{p}、(?=[\u4e00-\u9fff]{{2,}})" if len(piece) >= 3 else "$^"
    return re.search(rf"、{p}(?={after})|(?<={before}){p}、|{first}", text) is not None


CRIME = "追究刑事责任"
_CRIME_CLAUSE = re.compile(r"[^；。：，]*，?[^；。：，]*追究刑事责任")


def is_general_crime_clause(article: Article) -> bool:
    """The Code's one article 违反本法规定，构成犯罪的，依法追究刑事责任: its penalty articles
    keep no such sentence."""
    return CRIME in article.text and len(article.text) < 40


def crime_clauses_only(old: Article, new: Article) -> tuple[Article, Article]:
    """When a row carries an old part to the general criminal-liability clause, only that
    clause of the part went there (the rest went to the Code's penalty articles): both sides
    are compared by the clause alone."""
    if not is_general_crime_clause(new) or CRIME not in old.text:
        return old, new

    def cut(a: Article) -> Article:
        text = "；".join(_CRIME_CLAUSE.findall(a.text)) + "。"
        return a.model_copy(update={"paragraphs": [Paragraph(text=text)]})

    return cut(old), cut(new)
