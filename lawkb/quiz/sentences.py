"""Reading a sentence for a stem: does it lean on the one before, what does its list hold."""

from __future__ import annotations

import re

# a list the stem names but does not show (下列…): only a list question may name one
LIST_WORD = "下列"
# a sentence that opens on a consequence's condition continues the one before it
LEANING_START = re.compile(r"(?:逾期|拒不|情节|造成|屡次|经责令|有前款|有上述)[^，。；]{0,16}的，")


def leans(text: str, s: int) -> bool:
    """A clause after a semicolon that opens on a condition with no subject of its own."""
    head = re.split(r"[，。；]", text[s : s + 40], maxsplit=1)[0]
    return head.endswith("的") and head.startswith(("有", "需要", "确需", "因", "经", "对", "逾期"))


LIST_NOUNS = (
    "规范性文件",
    "行政处罚决定",
    "情形",
    "行为",
    "材料",
    "内容",
    "文件",
    "事项",
    "条件",
    "措施",
    "职责",
    "物品",
    "义务",
    "规定",
    "情况",
    "权利",
    "证据",
    "程序",
    "信息",
    "方法",
    "人员",
    "单位",
    "项目",
    "案件",
)


_HEAD_RE = re.compile(r"(?:下列|以下)(?P<n>[\u4e00-\u9fff]{2,12}?)(?:之一|之|的|，|：|,|:|。|；|$)")
# list heads that hold the same kind of thing: a violation is a 情形 or a 行为; the kinds of
# penalty and the measures of enforcement are the lists the exam has trainees tell apart
SAME_KIND = {"行为": "情形", "情况": "情形", "种类": "措施"}


def list_head(lead: str) -> str:
    """The head noun of what a list holds, its last two characters: 下列行政复议案件 -> 案件,
    下列情形之一的 -> 情形, 行政复议证据包括 -> 证据, 行政处罚的种类 -> 种类 (as 措施); "" when
    the lead-in does not say."""
    known = next((n for n in LIST_NOUNS if f"{LIST_WORD}{n}" in lead or f"以下{n}" in lead), None)
    m = _HEAD_RE.search(lead)
    bare = lead.rstrip("：: ")
    if known is None and m is None:
        if bare.endswith(("种类", "种类包括")):
            known = "种类"
        elif bare.endswith("包括") and len(bare) >= 4:
            known = bare.removesuffix("包括")
        else:
            return ""
    head = (known or m.group("n"))[-2:]
    return SAME_KIND.get(head, head)


_PAIRED_VERBS = ("属于", "受理", "适用", "予以", "设")


def opposite_lists(a: str, b: str) -> bool:
    """Two lead-ins that say and deny the same verb (受理 / 不受理, 属于 / 不属于): the lists the
    exam has trainees tell apart, whatever each calls its items."""
    for verb in _PAIRED_VERBS:
        neg = f"不{verb}"
        if (neg in a) != (neg in b) and verb in a and verb in b:
            return True
    for x, y in ((a, b), (b, a)):  # 不属于行政复议范围 / 可以申请行政复议
        m = re.search(r"不属于([\u4e00-\u9fff]{2,10}?)(?:的?范围)", x)
        if m and f"申请{m.group(1)}" in y and "不" not in y:
            return True
    return False


_PAIR_RE = re.compile(r"下列([\u4e00-\u9fff]{2,4}(?:和|或者)[\u4e00-\u9fff]{2,4})(?=[，。：；:]|$)")


def list_noun(lead: str) -> str:
    """What the list holds: the word right after 下列 (下列规范性文件 -> 规范性文件), else its
    head noun (下列行政复议案件 -> 案件), else the first known noun in the lead-in, else 事项;
    both nouns of a pair (下列权利和义务 -> 权利和义务)."""
    pair = _PAIR_RE.search(lead)
    if pair:
        return pair.group(1)
    for noun in LIST_NOUNS:
        if f"{LIST_WORD}{noun}" in lead:
            return noun
    m = _HEAD_RE.search(lead)
    if m and LIST_WORD in lead:
        return m.group("n")[-2:]
    for noun in LIST_NOUNS:
        if noun in lead:
            return noun
    return "事项"
