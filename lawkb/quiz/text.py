"""Text helpers shared by fact extraction and validation: numbers, units, normal forms.

Both sides read the article text with these helpers, but each does its own reading: the
validator never trusts the offsets or values the generator worked out.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from lawkb.numerals import NumeralError, cn_to_int

NUM = r"[0-9０-９.．零〇一二三四五六七八九十百千万亿两]+"
_CN_DIGIT_CHARS = set("零〇一二三四五六七八九十百千万亿两")
# sentence boundaries inside an article (items are on their own lines)
SENTENCE_END = "。；\n"
CLAUSE_END = "。；，：\n"


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=65536)
def squash(text: str) -> str:
    """Compare form: NFKC, no whitespace, no zero-width spaces, straight quotes."""
    text = nfkc(text).replace("\u200b", "")
    text = re.sub(r"\s+", "", text)
    return text.replace("“", '"').replace("”", '"')


def number_value(text: str) -> float | None:
    """二十万 -> 200000, 5万 -> 50000, 1.5万 -> 15000, 两 -> 2; None if not a number."""
    s = nfkc(text).replace("．", ".")
    if not s:
        return None
    scale = 1
    if s.endswith("亿") and len(s) > 1 and not any(c in _CN_DIGIT_CHARS for c in s[:-1]):
        s, scale = s[:-1], 100_000_000
    if s.endswith("万") and len(s) > 1 and not any(c in _CN_DIGIT_CHARS for c in s[:-1]):
        s, scale = s[:-1], 10_000
    try:
        if re.fullmatch(r"\d+(?:\.\d+)?", s):
            return float(s) * scale
        if "亿" in s:
            high, _, low = s.partition("亿")
            return (cn_to_int(high) * 100_000_000 + (cn_to_int(low) if low else 0)) * scale
        return float(cn_to_int(s)) * scale
    except (NumeralError, KeyError, ValueError):
        return None


# -- money and multiples -----------------------------------------------------------------
MONEY_RE = re.compile(
    rf"(?P<lo>{NUM})元以上(?P<hi>{NUM})元以下|(?P<max>{NUM})元以下|(?P<min>{NUM})元以上"
)
MULTIPLE_RE = re.compile(rf"(?P<lo>{NUM})倍以上(?P<hi>{NUM})倍以下|(?P<max>{NUM})倍以下")


def range_value(m: re.Match[str]) -> tuple[str, float, float] | None:
    """("range", lo, hi) / ("max", 0, hi) / ("min", lo, 0) from a MONEY_RE or MULTIPLE_RE match."""
    if m.group("lo") is not None:
        lo, hi = number_value(m.group("lo")), number_value(m.group("hi"))
        if lo is None or hi is None or lo >= hi:
            return None
        return ("range", lo, hi)
    if m.group("max") is not None:
        hi = number_value(m.group("max"))
        return None if hi is None else ("max", 0.0, hi)
    lo = number_value(m.group("min"))
    return None if lo is None else ("min", lo, 0.0)


def _clean_start(text: str, m: re.Match[str]) -> bool:
    """The number is not the tail of a longer number or of a date (2015年1月1日)."""
    before = text[m.start() - 1] if m.start() > 0 else ""
    return not (before and (before.isdigit() or before in _CN_DIGIT_CHARS or before in ".．"))


@lru_cache(maxsize=8192)
def money_values(text: str) -> tuple[tuple[re.Match[str], tuple[str, float, float]], ...]:
    """Fine amounts in `text` (cached per text: the generator and the validator both ask)."""
    out = []
    for m in MONEY_RE.finditer(text):
        v = range_value(m)
        if v and _clean_start(text, m):
            out.append((m, v))
    return tuple(out)


@lru_cache(maxsize=8192)
def multiple_values(text: str) -> tuple[tuple[re.Match[str], tuple[str, float, float]], ...]:
    out = []
    for m in MULTIPLE_RE.finditer(text):
        v = range_value(m)
        if v and _clean_start(text, m):
            out.append((m, v))
    return tuple(out)


# -- time limits -------------------------------------------------------------------------
TIME_RE = re.compile(rf"(?P<n>{NUM})(?P<unit>个工作日|个月|日|年)")
_TIME_AFTER = ("内", "以内", "前", "后", "届满", "期满", "之内")
_TIME_BEFORE = ("起", "满", "超过", "逾", "不少于", "不得超过", "提前", "至少", "延长", "为期")
TIME_UNITS = {"个工作日": "工作日", "个月": "个月", "日": "日", "年": "年"}


@lru_cache(maxsize=8192)
def time_values(text: str) -> tuple[tuple[re.Match[str], tuple[str, float]], ...]:
    """Time limits: 十五日内, 自…之日起六十日, 三个工作日, 二年内 — not dates, not prison terms."""
    out = []
    for m in TIME_RE.finditer(text):
        if not _clean_start(text, m):
            continue
        n, unit = m.group("n"), m.group("unit")
        before = text[max(0, m.start() - 4) : m.start()]
        after = text[m.end() : m.end() + 3]
        if unit == "日" and before.endswith(("月", "年")):
            continue  # a date
        if unit == "年" and ("〇" in n or len(n) >= 4):
            continue  # a year
        if not (after.startswith(_TIME_AFTER) or before.endswith(_TIME_BEFORE)):
            continue
        value = number_value(n)
        if value is None or value <= 0:
            continue
        out.append((m, (TIME_UNITS[unit], value)))
    return tuple(out)


# -- authorities -------------------------------------------------------------------------
_LEVEL = (
    r"(?:国务院|中央军事委员会"
    r"|省、自治区、直辖市(?:人民政府)?"
    r"|(?:县级以上|设区的市级以上|设区的市级|设区的市、自治州|省级以上|省级|市、县级|县级|乡级"
    r"|市级|地市级)(?:地方)?(?:各级)?(?:人民政府)?"
    r"|(?:地方各级|县级以上地方各级|地方)人民政府"
    r"|乡镇人民政府|乡、镇人民政府|街道办事处)"
)
_DEPTS = (
    "生态环境|环境卫生|环境保护|水行政|水利|自然资源|林业草原|林业|农业农村|农业|畜牧兽医|卫生健康|卫生"
    "|住房和城乡建设|住房城乡建设|建设|交通运输|交通|公安|市场监督管理|质量技术监督|工商行政管理"
    "|海事|渔业渔政|渔业|城镇排水|工业和信息化|发展改革|发展和改革|应急管理|安全生产监督管理"
    "|价格|税务|标准化|海洋|国土资源|商务|教育|文化和旅游|气象|能源|核安全|民政|财政|审计|统计"
    "|海关|铁路|民用航空|邮政|旅游|城市管理|城乡规划|规划|外交|司法行政|国防科技工业|科学技术"
)
_DEPT = rf"(?:(?:{_DEPTS})(?:、(?:{_DEPTS}))*(?:行政)?(?:主管部门|管理部门|部门))"
# after a level, any department name will do: 县级以上人民政府野生动物保护主管部门
_ANY_DEPT = r"(?:(?:(?!或|和|及|其|的|等)[\u4e00-\u9fff]){2,10}?(?:行政)?主管部门)"
_BODY = (
    r"(?:最高人民法院|高级人民法院|中级人民法院|基层人民法院|公安机关|海事管理机构|海警机构|海关|人民法院|人民检察院|监察机关|审计机关|税务机关"
    r"|行政复议机关|行政复议机构|复议机关|赔偿义务机关|作出行政处罚决定的行政机关"
    r"|上一级行政机关|上级行政机关|原发证机关|发证机关|审批部门|原审批部门|原审批机关"
    r"|流域管理机构|消防救援机构"
    # 管辖: the court of a place (不动产所在地人民法院), a classic of the exam
    r"|(?:被告|原告|不动产|被申请人|申请人|最初作出行政行为的行政机关)所在地人民法院)"
)
_AUTHORITY = (
    rf"{_LEVEL}(?:{_DEPT}|{_ANY_DEPT}|{_BODY})"  # a level and its department
    rf"|(?:{_DEPT}|{_BODY})"  # a department or body on its own
    # a government alone, unless a department we do not know follows it
    rf"|{_LEVEL}(?![\u4e00-\u9fff、]{{0,14}}部门)"
)
# Every alternative starts with a Chinese literal: a lookahead on the first characters of all
# literals (a superset) lets the engine skip most positions at once; it halves the scan time.
_FIRST = "".join(sorted({run[0] for run in re.findall(r"[\u4e00-\u9fff]+", _AUTHORITY)}))
AUTHORITY_RE = re.compile(f"(?=[{_FIRST}])(?:{_AUTHORITY})")

_AUTH_SYNONYMS = [
    ("环境保护行政主管部门", "生态环境主管部门"),
    ("环境保护主管部门", "生态环境主管部门"),
    ("环境保护部门", "生态环境主管部门"),
    ("生态环境部门", "生态环境主管部门"),
    ("行政主管部门", "主管部门"),
    ("卫生健康主管部门", "卫生主管部门"),
    ("住房城乡建设", "住房和城乡建设"),
    ("发展和改革", "发展改革"),
    ("复议机关", "行政复议机关"),
    ("行政行政复议机关", "行政复议机关"),
    ("地方各级", ""),
    ("地方", ""),
    ("各级", ""),
    ("乡、镇", "乡镇"),
]


@lru_cache(maxsize=8192)
def norm_authority(text: str, *, keep_words: bool = False) -> str:
    """One form for wordings that name the same authority (环境保护主管部门 = 生态环境…).

    With `keep_words` only renamings apply, no word is dropped: for marking an answer,
    县级以上人民政府 is not 县级以上地方人民政府."""
    s = squash(text)
    for old, new in _AUTH_SYNONYMS:
        if new or not keep_words:
            s = s.replace(old, new)
    return s


_AUTH_ENDS = ("部门", "机关", "机构", "人民政府", "国务院", "海关", "法院", "检察院", "办事处")


@lru_cache(maxsize=8192)
def authority_values(text: str) -> tuple[re.Match[str], ...]:
    """Named authorities: 国务院生态环境主管部门, 县级以上地方人民政府, 公安机关 …"""
    return tuple(
        m
        for m in AUTHORITY_RE.finditer(text)
        if (len(m.group()) >= 4 or m.group() == "国务院") and m.group().endswith(_AUTH_ENDS)
    )


# -- conditions --------------------------------------------------------------------------
CONDITION_RE = re.compile(
    r"(?:^|(?<=[，；。：\n]))(?P<c>(?:情节|拒不|逾期|造成|屡次|经责令|违法行为)[^，；。：\n]{1,14}的)(?=，)"
)


@lru_cache(maxsize=8192)
def condition_values(text: str) -> tuple[re.Match[str], ...]:
    """Conditions that trigger a consequence: 情节严重的，… / 拒不改正的，… / 逾期不改正的，…"""
    return tuple(CONDITION_RE.finditer(text))


# -- items and similarity ------------------------------------------------------------------
ITEM_MARK_RE = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]\s*")


def item_text(line: str) -> str:
    """（一）未依法取得排污许可证排放污染物的； -> 未依法取得排污许可证排放污染物的"""
    s = ITEM_MARK_RE.sub("", line.strip())
    return s.rstrip("；;。，,、 ").strip()


@lru_cache(maxsize=65536)
def bigrams(text: str) -> frozenset[str]:
    s = squash(text)
    return frozenset({s[i : i + 2] for i in range(len(s) - 1)} or {s})


def similarity(a: str, b: str) -> float:
    """Dice coefficient over character bigrams: 1.0 for equal texts."""
    x, y = bigrams(a), bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def sentence_bounds(text: str, start: int, end: int, stops: str = SENTENCE_END) -> tuple[int, int]:
    """The [s, e) span of the sentence around text[start:end] (the stop char included at e)."""
    s = start
    while s > 0 and text[s - 1] not in stops:
        s -= 1
    e = end
    while e < len(text) and text[e] not in stops:
        e += 1
    return s, e


def authority_class(norm: str) -> str:
    """ "gov" for a people's government (or 国务院), "dept" for a department or other body."""
    return "gov" if norm.endswith("人民政府") or norm == "国务院" else "dept"


def authority_tier(norm: str) -> str:
    """ "national" for a body of the State Council (国务院生态环境主管部门), "local" for one with
    a local level (县级以上…, 省级…, 设区的市…), "" for a body named without a level: a
    wrong option names a body of the same tier as the key (no 海警机构 for a 国务院 ministry,
    no bare 交通管理部门 beside 省级人民政府生态环境主管部门)."""
    if norm.startswith("国务院"):
        return "national"
    if _level(norm) is not None or norm.startswith(("省、自治区", "乡", "市、县")):
        return "local"
    return ""


def fills_between(text: str, before: str, after: str, limit: int = 60) -> list[str]:
    """Every text the article has between `before` and `after` (1–limit chars, one line).

    What re.finditer(escape(before) + "(.{1,limit}?)" + escape(after)) finds, without
    compiling a pattern per question.
    """
    if not before and not after:
        return []
    if not before:
        # the blank opens its sentence: what stands between a sentence start and `after`
        starts = []
        for m in re.finditer(re.escape(after), text):
            s = max(text.rfind(c, 0, m.start()) for c in "。；\n") + 1
            if 0 < m.start() - s <= limit:
                starts.append(text[s : m.start()])
        return starts
    out: list[str] = []
    i = 0
    while (p := text.find(before, i)) >= 0:
        s = p + len(before)
        q = text.find(after, s + 1)  # the first `after` is the one a lazy regex stops at
        # a filling never spans two sentences: the blank sits inside one
        if q >= 0 and q - s <= limit and not any(c in text[s:q] for c in "\n。；"):
            out.append(text[s:q])
            i = q + len(after)
        else:
            i = p + 1
    return out


_DEPT_WORD_RE = re.compile(_DEPTS)


# government levels, low to high: "X以上" holds every level from X up (省级以上 holds 国务院)
_LEVEL_RANKS = (
    ("乡镇", 1),
    ("乡级", 1),
    ("县级", 2),
    ("设区的市级", 3),
    ("设区的市", 3),
    ("市级", 3),
    ("省级", 4),
    ("省、自治区、直辖市", 4),
    ("国务院", 5),
)


def _level(norm: str) -> tuple[int, bool, str] | None:
    """(rank, "以上", the rest) of a normalised authority, or None without a level."""
    for word, rank in _LEVEL_RANKS:
        if norm.startswith(word):
            rest = norm[len(word) :]
            above = rest.startswith("以上")
            rest = rest.removeprefix("以上").removeprefix("人民政府")
            return rank, above, rest
    return None


def _level_holds(wide: str, narrow: str) -> bool:
    """`wide` (省级以上人民政府生态环境主管部门) includes `narrow` (国务院生态环境主管部门)."""
    w, n = _level(wide), _level(narrow)
    if w is None or n is None or not w[1]:
        return False
    return n[0] >= w[0] and w[2] == n[2]


_LEVEL_ALIASES = (("省、自治区、直辖市", "省级"), ("上一级", "上级"), ("以上", ""), ("本级", ""))


def authorities_overlap(a: str, b: str) -> bool:
    """Two (normalised) authorities that a trainee could take for each other: one names the
    other, one's level holds the other's (县级 is inside 县级以上), or a joint one
    (自然资源、生态环境主管部门) shares a department with the other."""
    if a in b or b in a:
        return True
    x, y = a, b
    for old, new in _LEVEL_ALIASES:
        x, y = x.replace(old, new), y.replace(old, new)
    if x in y or y in x or _level_holds(a, b) or _level_holds(b, a):
        return True
    if "、" in a or "、" in b:
        return bool(set(_DEPT_WORD_RE.findall(a)) & set(_DEPT_WORD_RE.findall(b)))
    return False
