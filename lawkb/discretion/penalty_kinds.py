"""Penalty kinds (处罚种类) named in a legal-liability paragraph, in the order of
行政处罚法第九条 and then the measures that come with them."""

from __future__ import annotations

import re

KIND_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (k, re.compile(p))
    for k, p in [
        ("警告", r"警告"),
        ("通报批评", r"通报批评"),
        ("罚款", r"罚款(?!处罚|数额高)"),
        ("没收违法所得", r"没收[^，；。]*违法所得"),
        ("暂扣许可证件", r"暂扣[^，；。]*(?:许可证|证书|驾驶证|执照|资格)"),
        ("吊销许可证件", r"吊销[^，；。]*(?:许可证|证书|执照|许可)"),
        ("撤销许可", r"撤销[^，；。]*(?:许可证|许可|资质)"),
        ("降低资质等级", r"降低资质等级"),
        ("取消资质", r"取消[^，；。]*资质"),
        ("限制生产", r"限制生产"),
        ("停产整治", r"停产整治"),
        ("停工整治", r"停工整治"),
        ("停业整治", r"停业整治|停业整顿"),
        ("责令停业", r"停业(?!整治|整顿)"),
        ("责令关闭", r"责令[^，；。]*关闭|、关闭|或者关闭|责令关闭"),
        ("禁止从业", r"禁止从事|不得从事|不得再次申请"),
        ("行政拘留", r"拘留"),
        ("责令改正", r"责令(?:限期)?改正"),
        ("责令停止违法行为", r"责令(?:其)?停止(?:违法行为|建设|生产|使用|销售|进口)"),
        ("责令恢复原状", r"恢复原状"),
        ("责令拆除", r"拆除(?!或者关闭设施)|强制拆除"),
        ("责令退运", r"退运|退出中华人民共和国管辖海域"),
        ("代为治理", r"代为(?:治理|处置|处理|履行)"),
        ("采取治理措施", r"采取治理措施|消除污染|采取补救措施|消除危害"),
        ("查封扣押", r"查封|扣押"),
        ("暂停施工、销售或航行", r"暂停施工|暂停销售|临时停航"),
        ("说服教育", r"说服教育"),
        ("处分", r"处分|记过|记大过|降级|撤职|开除"),
        (
            "依照他条或他法处罚",
            r"依照[^。；]*?(?:规定|法律|法规)[^。；]*?(?:处罚|追究|处理)"
            r"|适用[^。；]*?规定予以处罚|依法予以处罚|依法给予治安管理处罚",
        ),
    ]
]


def kinds_in(parts: list[str]) -> list[str]:
    """The kinds each clause names (没收 of anything besides 违法所得 is 没收非法财物)."""
    out: list[str] = []
    for part in parts:
        for kind, pattern in KIND_PATTERNS:
            if kind != "罚款" and pattern.search(part):
                out.append(kind)
        for m in re.finditer(r"没收([^，；。]*)", part):
            rest = re.sub(r"违法所得|以及|和|及|、|销毁|其他|的", "", m.group(1))
            if rest:
                out.append("没收非法财物")
    return out


def order_kinds(kinds: list[str]) -> list[str]:
    order = [k for k, _ in KIND_PATTERNS] + ["按日连续处罚", "处分"]
    order.insert(order.index("没收违法所得") + 1, "没收非法财物")
    unique = dict.fromkeys(kinds)
    return sorted(unique, key=lambda k: order.index(k) if k in order else len(order))
