"""Chinese numerals and article labels: 第一百二十条之一 <-> (120, "之一")."""

from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CN_NUM = "零〇一二三四五六七八九十百千万两"
_CN_CHARS = "零一二三四五六七八九"
CN_SMALL = "一二三四五六七八九十"  # 之一 … 之十, item labels （一） and 一、
# an article's number as its heading writes it, 第一百二十条之一: groups (number, 之suffix)
ARTICLE_HEADING = rf"第([{CN_NUM}]+)条(之[{CN_SMALL}]+)?"

ARTICLE_RE = re.compile(rf"第\s*(?P<num>[{CN_NUM}]+|\d+)\s*条(?:\s*之\s*(?P<suf>[{CN_NUM}]+|\d+))?")


class NumeralError(ValueError):
    pass


def cn_to_int(text: str) -> int:
    """一百二十 -> 120, 一千零三 -> 1003, 十一 -> 11, also plain Arabic digits."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(c not in DIGITS and c not in UNITS for c in text):
        raise NumeralError(f"not a Chinese numeral: {text!r}")
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
            continue
        unit = UNITS[ch]
        if unit == 10000:
            total += (section + digit) * unit
            section, digit = 0, 0
        else:
            section += (digit or 1) * unit
            digit = 0
    return total + section + digit


def int_to_cn(n: int) -> str:
    """120 -> 一百二十, 1003 -> 一千零三, 10 -> 十, 15 -> 十五."""
    if n < 0:
        raise NumeralError(f"negative numeral: {n}")
    if n == 0:
        return "零"
    if n >= 10000:
        high, low = divmod(n, 10000)
        rest = _below_10000(low) if low else ""  # 一万零一十: 一十 is kept after 万
        zero = "零" if 0 < low < 1000 else ""
        return f"{int_to_cn(high)}万{zero}{rest}"
    s = _below_10000(n)
    # 一十五 is written 十五 when it leads the number
    return s[1:] if s.startswith("一十") else s


def _below_10000(n: int) -> str:
    out: list[str] = []
    pending_zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d:
            if pending_zero:
                out.append("零")
                pending_zero = False
            out.append(_CN_CHARS[d] + name)
        elif out:
            pending_zero = True
    return "".join(out)


def suffix_label(index: int) -> str:
    return f"之{int_to_cn(index)}" if index else ""


def suffix_index(suffix: str) -> int:
    suffix = suffix.strip().removeprefix("之")
    return cn_to_int(suffix) if suffix else 0


def article_label(number: int, suffix: str = "") -> str:
    return f"第{int_to_cn(number)}条{suffix}"


def parse_article_key(text: str) -> tuple[int, str]:
    """Read an article as a user writes it: 59, 第五十九条, 338之一, 第338条之一, 五十九."""
    s = re.sub(r"\s+", "", text)
    m = ARTICLE_RE.fullmatch(s)
    if m:
        num, suf = m.group("num"), m.group("suf")
    else:
        m = re.fullmatch(rf"([{CN_NUM}]+|\d+)条?(?:之([{CN_NUM}]+|\d+))?", s)
        if not m:
            raise NumeralError(
                f"not an article number: {text!r} (expected 59, 第五十九条 or 338之一)"
            )
        num, suf = m.group(1), m.group(2)
    suffix = ""
    if suf:
        idx = int(suf) if suf.isdigit() else cn_to_int(suf)
        suffix = suffix_label(idx)
    return cn_to_int(num), suffix
