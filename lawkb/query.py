"""Reading what an officer typed: article references, law names, quoted phrases, free words.

《中华人民共和国环境保护法》第五十九条   环保法59条   法典第1003条   刑法第三百三十八条之一
第59条 (inside a law filter)            "按日连续处罚" (a phrase)   行政处罚法 听证 (a law boost)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lawkb.numerals import CN_NUM, cn_to_int, suffix_label

_NUM = rf"(?:\d+|[{CN_NUM}]+)"
_ARTICLE_TAIL = (
    rf"第?\s*(?P<num>{_NUM})\s*(?:条\s*(?:之\s*(?P<suf>{_NUM}))?|(?:之\s*(?P<suf2>{_NUM})))"
)
_BARE_ARTICLE = re.compile(rf"第\s*(?P<num>{_NUM})\s*条(?:\s*之\s*(?P<suf>{_NUM}))?")
_QUOTED = re.compile(r"[\"“”「」『』]([^\"“”「」『』]+)[\"“”「」『』]")


@dataclass(frozen=True)
class ArticleRef:
    law: str  # full title
    number: int
    suffix: str
    text: str  # what was typed

    @property
    def ref(self) -> str:
        return f"{self.law}#{self.number}{self.suffix}"


@dataclass
class ParsedQuery:
    raw: str
    refs: list[ArticleRef] = field(default_factory=list)
    laws: list[str] = field(default_factory=list)  # laws named without an article
    phrases: list[str] = field(default_factory=list)
    text: str = ""  # what is left for full-text search


@lru_cache(maxsize=8)
def _law_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"《?(?P<law>{alts})》?")


def _number(text: str) -> int:
    return int(text) if text.isdigit() else cn_to_int(text)


def parse_query(raw: str, aliases: dict[str, str], law_filter: str | None = None) -> ParsedQuery:
    """aliases maps every title, short title and alias to the full title."""
    q = ParsedQuery(raw=raw)
    text = raw.strip()
    if not aliases:
        q.text = text
        return q
    law_re = _law_pattern(tuple(aliases))
    tail_re = re.compile(r"\s*" + _ARTICLE_TAIL)
    out: list[str] = []
    pos = 0
    for m in law_re.finditer(text):
        if m.start() < pos:
            continue
        title = aliases[m.group("law")]
        out.append(text[pos : m.start()])
        pos = m.end()
        # one law name may be followed by several articles: 环保法第59条、第60条
        while True:
            t = tail_re.match(text, pos)
            if not t:
                break
            suf = t.group("suf") or t.group("suf2")
            number = _number(t.group("num"))
            q.refs.append(
                ArticleRef(title, number, suffix_label(_number(suf)) if suf else "", t.group(0))
            )
            pos = t.end()
            sep = re.match(r"\s*[、,，和及]\s*", text[pos:])
            if not sep or not re.match(r"第", text[pos + sep.end() :]):
                break
            pos += sep.end()
        if not any(r.law == title for r in q.refs) and title not in q.laws:
            q.laws.append(title)
    out.append(text[pos:])
    rest = " ".join(s.strip() for s in out if s.strip())
    if law_filter:  # 第59条 on its own applies inside a law filter

        def take(m: re.Match[str]) -> str:
            suf = m.group("suf")
            q.refs.append(
                ArticleRef(
                    law_filter,
                    _number(m.group("num")),
                    suffix_label(_number(suf)) if suf else "",
                    m.group(0),
                )
            )
            return " "

        rest = _BARE_ARTICLE.sub(take, rest)
    q.phrases = [p.strip() for p in _QUOTED.findall(rest) if p.strip()]
    q.text = _QUOTED.sub(" ", rest).strip()
    return q
