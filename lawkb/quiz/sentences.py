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
)


def list_noun(lead: str) -> str:
    """What the list holds: the word right after 下列 (下列规范性文件 -> 规范性文件), else the
    first known noun in the lead-in, else 事项."""
    for noun in LIST_NOUNS:
        if f"{LIST_WORD}{noun}" in lead:
            return noun
    for noun in LIST_NOUNS:
        if noun in lead:
            return noun
    return "事项"
