"""Crime profiles: which facts make each environmental crime, for reading case facts.

`corpus/crime_profiles.tsv` holds one 刑法 article a row (the crimes of `corpus/crimes.tsv`):

    article  name  acts  things  grave  source

- acts / things: words that facts of this crime use (倾倒, 废水; 盗伐, 立木蓄积), separated by `|`;
- grave: circumstances that by themselves make such facts serious in the 两高 judicial
  interpretations (饮用水水源一级保护区, 暗管, 禁渔期, 国家重点保护 …);
- name: a crime of that article in crimes.tsv; source: ids of `crime_profiles.sources.tsv`.

`load_profiles` checks every cell and refuses a bad row with its line (`ParseError`).
`CrimeProfiles.read` says whether a text reads as criminal facts (a party, a profile's acts or
things, and gravity: quantities, multiples of a limit, harm, a grave circumstance, or words of a
criminal case) and scores each crime by its matched words, a word shared by several profiles
counting less (1 / the number of profiles that hold it). A party and a crime's facts without
gravity are `possible` criminal facts (search then offers the crime low in the list).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lawkb.crosswalk import table_rows  # the corpus TSV reader: header, # comments, line numbers
from lawkb.errors import ParseError
from lawkb.i18n import _

PROFILES_FILE = "crime_profiles.tsv"
SOURCES_FILE = "crime_profiles.sources.tsv"
COLUMNS = ("article", "name", "acts", "things", "grave", "source")
SOURCE_COLUMNS = ("id", "title", "issuer", "url")
CRIMINAL_LAW = "中华人民共和国刑法"
_ARTICLE_RE = re.compile(r"^\d{1,3}(?:之[一二三四五六七八九十]+)?$")
_WORD_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]{1,12}$")
_MASK = "\u3000"

# who: a named party (李某, 某公司), a firm, a worker, a group
PARTY = re.compile(
    r"某|有人|一(?:家|名|个|伙)|[几多数]名|等人|员工|人员|"
    r"老板|负责人|工人|村民|公司|企业|工厂|作坊|厂|商户|个人|团伙|被告人|嫌疑人"
)
# how much and how bad: quantities with units, multiples, harm; the interpretations' thresholds
GRAVITY = re.compile(
    r"(?<!第)[0-9０-９一二三四五六七八九十两几数百千万多余]+(?:吨|立方米|亩|株|棵|只|头|尾|公斤|"
    r"千克|斤|桶|车|罐|万元|倍)|[0-9０-９十百千万]多?方|严重|死亡|死了|中毒|重伤|住院|巨大|较大|"
    r"大量|大片|被迫|无法耕种|绝收|减产|受害|不能喝|无法饮用|情节|"
    r"[铅汞镉铬砷铊锑].{0,6}超标"  # a first-class heavy metal over its limit (the line is 3 times)
)
# words of a criminal case: the facts are before the police, a prosecutor or a court
CRIMINAL_CASE = re.compile(r"被告人|嫌疑人|犯罪|刑事|判处|判刑|坐牢|徒刑|公诉|立案侦查|移送公安|罪")
# a judgment's or an indictment's words: the text is a criminal case, the crime comes first
CHARGED = re.compile(r"被告人|被告单位|犯罪嫌疑人|判处|判刑|有期徒刑|公诉|构成.{0,6}罪|什么罪")


@dataclass(frozen=True)
class CrimeProfile:
    """One crime article and the words of its facts."""

    ref: str  # 中华人民共和国刑法#338
    name: str
    acts: tuple[str, ...]
    things: tuple[str, ...]
    grave: tuple[str, ...]
    source: tuple[str, ...]
    line: int = 0

    @cached_property  # read per profile and matched word on every search
    def words(self) -> frozenset[str]:
        return frozenset((*self.acts, *self.things, *self.grave))


@dataclass(frozen=True)
class Reading:
    """What a text says about crimes: each candidate crime's score, best first."""

    scores: list[tuple[str, float]]
    criminal: bool  # a party, a profile's facts and gravity: facts a prosecutor may charge
    charged: bool = False  # the text itself is a criminal case (被告人, 判处, 构成…罪)
    possible: bool = False  # a party and a crime's facts, no gravity said: may be criminal


class CrimeProfiles:
    """The profiles, with each word's weight (1 / the number of profiles that hold it)."""

    def __init__(self, profiles: Sequence[CrimeProfile]) -> None:
        self.profiles = list(profiles)
        holders: dict[str, list[CrimeProfile]] = {}
        for p in self.profiles:
            for word in p.words:
                holders.setdefault(word, []).append(p)
        self._holders = holders
        self._words = sorted(holders, key=lambda w: (-len(w), w))

    def matched(self, text: str) -> set[str]:
        """The profile words in the text, longest first: a word inside a longer matched one
        (蓄积 in 立木蓄积) does not count again."""
        rest = text
        found: set[str] = set()
        for word in self._words:
            if word in rest:
                found.add(word)
                rest = rest.replace(word, _MASK)
        return found

    def read(self, text: str) -> Reading:
        words = self.matched(text)
        scores: list[tuple[str, float]] = []
        grave = False
        for p in self.profiles:
            done = any(w in p.acts or w in p.grave for w in words)
            to_what = any(w in p.things or w in p.grave for w in words)
            if not (done and to_what):  # what was done, and to what (or a grave circumstance)
                continue
            grave = grave or any(w in p.grave for w in words)
            score = sum(1.0 / len(self._holders[w]) for w in words if w in p.words)
            scores.append((p.ref, score))
        scores.sort(key=lambda t: -t[1])
        weighty = grave or bool(GRAVITY.search(text)) or bool(CRIMINAL_CASE.search(text))
        who = bool(PARTY.search(text)) or bool(CRIMINAL_CASE.search(text))
        criminal = bool(scores) and weighty and who
        charged = criminal and bool(CHARGED.search(text))
        return Reading(scores, criminal, charged, bool(scores) and who and not criminal)


def _words(path: Path, n: int, field: str, cell: str) -> tuple[str, ...]:
    words = [w.strip() for w in cell.split("|") if w.strip()]
    for word in words:
        if not _WORD_RE.match(word):
            raise ParseError(
                path,
                n,
                _("{field} 中的“{word}”应为 1 至 12 个汉字、字母或数字").format(
                    field=field, word=word
                ),
            )
    if len(set(words)) != len(words):
        raise ParseError(path, n, _("{field} 中有重复的词").format(field=field))
    return tuple(words)


def read_sources(path: Path) -> dict[str, dict[str, str]]:
    """The sources table: id -> row. Raises ParseError naming the line."""
    out: dict[str, dict[str, str]] = {}
    for n, row in table_rows(path, SOURCE_COLUMNS):
        if not row["id"] or not row["title"] or row["id"] in out:
            raise ParseError(path, n, _("id 应唯一，title 不能为空"))
        out[row["id"]] = row
    return out


def load_profiles(corpus: Path, crimes: Sequence[tuple[str, str]]) -> CrimeProfiles:
    """Read and check `crime_profiles.tsv` against crimes.tsv's (name, ref) rows (names without
    punctuation) and the sources table. Raises ParseError naming the file, line and field."""
    path = corpus / PROFILES_FILE
    sources = read_sources(corpus / SOURCES_FILE)
    known = set(crimes)
    profiles: list[CrimeProfile] = []
    seen: set[str] = set()
    for n, row in table_rows(path, COLUMNS):
        article = row["article"]
        if not _ARTICLE_RE.match(article):
            raise ParseError(path, n, _("article 应为刑法条号（如 338、342之一）"))
        ref = f"{CRIMINAL_LAW}#{article}"
        name = "".join(ch for ch in row["name"] if ch.isalnum())
        if (name, ref) not in known:
            raise ParseError(
                path,
                n,
                _("name“{name}”不是 crimes.tsv 中第{article}条的罪名").format(
                    name=row["name"], article=article
                ),
            )
        if ref in seen:
            raise ParseError(path, n, _("article 第{article}条已有一行").format(article=article))
        seen.add(ref)
        acts, things, grave = (_words(path, n, f, row[f]) for f in ("acts", "things", "grave"))
        if not acts or not things:
            raise ParseError(path, n, _("acts 和 things 不能为空"))
        source = tuple(s.strip() for s in row["source"].split("|") if s.strip())
        missing = [s for s in source if s not in sources]
        if not source or missing:
            raise ParseError(
                path,
                n,
                _("source 应为 {file} 中的 id：{ids}").format(
                    file=SOURCES_FILE, ids="|".join(missing)
                ),
            )
        profiles.append(CrimeProfile(ref, row["name"], acts, things, grave, source, n))
    return CrimeProfiles(profiles)
