"""Matching old articles and their parts against the Code's articles and paragraphs.

TF-IDF cosine over jieba words and character bigrams; priors by the Code part a law's subject
went to; penalties matched on their conduct (违反本法规定，[conduct]的，由…处…). Used by
tools/build_crosswalk.py.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from lawkb.crosswalk import article_parts
from lawkb.models import Article

CODE = "中华人民共和国生态环境法典"


# Which parts of the Code take over which old law: words looked for in a Code article's path
SUBJECT_PARTS: dict[str, tuple[str, ...]] = {
    "中华人民共和国大气污染防治法": ("大气污染", "重污染天气", "大气"),
    "中华人民共和国水污染防治法": ("水污染", "饮用水水源", "重点流域"),
    "中华人民共和国海洋环境保护法": ("海洋", "海岛"),
    "中华人民共和国土壤污染防治法": ("土壤",),
    "中华人民共和国固体废物污染环境防治法": ("固体废物", "生活垃圾", "建筑垃圾", "危险废物"),
    "中华人民共和国噪声污染防治法": ("噪声",),
    "中华人民共和国放射性污染防治法": ("放射性", "核设施", "核技术", "铀"),
    "中华人民共和国环境影响评价法": ("生态环境影响评价",),
    "中华人民共和国清洁生产促进法": ("清洁生产", "绿色低碳", "循环经济"),
    "中华人民共和国环境保护法": ("第一编", "第三编", "通则", "其他违法行为"),
}
GENERAL_PARTS = (
    "第一编",
    "第一分编",
    "法律责任通则",
    "第三章 附则",
    # the cross-cutting sections of 法律责任分则: any law's penalties may have gone there
    "违反生态环境监测管理规定",
    "违反生态环境影响评价管理规定",
    "违反排污许可管理规定",
    "其他违法行为",
)
LIABILITY_PART = "第五编"
HOME, GENERAL, ELSEWHERE = 1.0, 0.8, 0.55
LIABILITY_MISMATCH = 0.55
SANCTION_MISMATCH = 0.6
ORDER_BONUS = 1.15
CHECKED_NUMBERS = ("money", "multiple", "time", "percent", "date")  # a difference: changed
NONE_FLOOR = 0.12  # below this best score: no successor found
SPLIT_FLOOR = 0.50  # a paragraph's own best match, to add a second successor
SPLIT_RATIO = 0.9  # … and it must beat the main successor on that paragraph by this much
_NONE_TEXT = re.compile(r"本法自.{0,30}施行|同时废止")
STOP = frozenset(
    {"的", "了", "和", "与", "及", "或", "或者", "以及", "等", "其", "之", "在", "对", "由", "为"}
    | {"是", "将", "把", "被", "从", "向", "于", "并", "而", "也", "所"}
)


@dataclass
class Doc:
    article: Article
    vec: dict[str, float]
    para_vecs: list[dict[str, float]] = field(default_factory=list)


@dataclass
class Candidate:
    index: int  # into the Code's articles
    score: float
    sim: float


class Vectoriser:
    """TF-IDF over jieba words and character bigrams, fitted on old and new articles."""

    def __init__(self, dictionary: Path) -> None:
        from lawkb.index.analysis import get_segmenter

        self.seg = get_segmenter(dictionary)
        self.df: Counter[str] = Counter()
        self.n = 0

    def terms(self, text: str) -> Counter[str]:
        text = re.sub(r"[（(][一二三四五六七八九十]+[）)]", " ", text)
        words = [w for w, _s, _e in self.seg.tokenize(text, False)]
        keep = [w for w in words if w not in STOP and re.search(r"[\u4e00-\u9fff]", w)]
        out: Counter[str] = Counter("w:" + w for w in keep)
        chars = re.sub(r"[^\u4e00-\u9fff]", "", text)
        out.update("b:" + chars[i : i + 2] for i in range(len(chars) - 1))
        return out

    def fit(self, texts: list[str]) -> None:
        for t in texts:
            self.df.update(set(self.terms(t)))
        self.n += len(texts)

    def vector(self, text: str) -> dict[str, float]:
        tf = self.terms(text)
        vec = {
            t: (1 + math.log(c)) * math.log((self.n + 1) / (self.df.get(t, 0) + 1))
            for t, c in tf.items()
        }
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


class CodeIndex:
    def __init__(self, docs: list[Doc]) -> None:
        self.docs = docs
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, d in enumerate(docs):
            for t, v in d.vec.items():
                self.postings[t].append((i, v))

    def sims(self, vec: dict[str, float]) -> list[float]:
        out = [0.0] * len(self.docs)
        for t, v in vec.items():
            for i, w in self.postings.get(t, ()):
                out[i] += v * w
        return out


def is_liability(article: Article) -> bool:
    return any("法律责任" in p for p in article.path)


def prior(old_law: str, old: Article, new: Article) -> float:
    path = " ".join(new.path)
    home = SUBJECT_PARTS.get(old_law, ())
    if any("总则" in p for p in old.path):
        home = (*home, "第一编")  # a law's 总则 went to the Code's 总则 as often as not
    if any(h in path for h in home):
        weight = HOME
    elif any(g in path for g in GENERAL_PARTS):
        weight = GENERAL
    else:
        weight = ELSEWHERE
    in_liability = LIABILITY_PART in path and "第三章 附则" not in path
    if is_liability(old) != in_liability:
        weight *= LIABILITY_MISMATCH
    if in_liability and not sanctions(old.text) <= sanctions(new.text):
        weight *= SANCTION_MISMATCH  # a 拘留 or 处分 rule went where 拘留 or 处分 is
    return weight


def same_side(old: Article, new: Article) -> bool:
    """Both rules of conduct, or both penalties (法律责任)."""
    path = " ".join(new.path)
    return is_liability(old) == (LIABILITY_PART in path and "第三章 附则" not in path)


_VIOLATION = re.compile(r"^违反本法(?:第[^，。]{1,30}条)?(?:的)?规定，")
_CONSEQUENCE = re.compile(r"的，(?:由|处|责令|依照|依法|按照|对|除|没收|给予)")


def conduct(text: str) -> str:
    """A penalty's conduct: 违反本法规定，[conduct]的，由…处…罚款 -> [conduct].

    Penalty clauses share most of their words (责令改正, 处…罚款); the conduct is what tells
    one from another. Text without that shape is returned as it is.
    """
    body = _VIOLATION.sub("", text)
    m = _CONSEQUENCE.search(body)
    return body[: m.start()] if m and m.start() >= 6 else body


def is_penalty(article: Article) -> bool:
    return any("法律责任" in p for p in article.path) and not any(
        p.endswith("附则") and "法律责任" not in p for p in article.path
    )


@dataclass(frozen=True)
class Unit:
    """One part of an article (款i, or 款i项j with its paragraph's lead)."""

    label: str
    text: str  # as written (an item with its paragraph's lead, which holds its amounts)
    match: str  # what is matched: for a penalty, only its conduct
    dependent: bool = False  # 有前款…行为的，处…: it completes the paragraph before

    @property
    def weight(self) -> int:
        return len(re.sub(r"[^\u4e00-\u9fff]", "", self.match))


_COMPLETES = re.compile(r"^(?:有|对|违反)?前[两二三四]?款")


def units(article: Article) -> list[Unit]:
    """The parts of an article, each matched on its own; labels as article_parts gives them."""
    penalty = is_penalty(article)
    labels = iter(article_parts(article.paragraphs))
    out: list[Unit] = []
    for p in article.paragraphs:
        for piece in p.items or [p.text]:
            text = piece if piece == p.text else f"{p.text}\n{piece}"
            match = conduct(piece) if penalty else piece
            dependent = piece == p.text and bool(_COMPLETES.match(p.text))
            out.append(Unit(next(labels), text, match, dependent))
    return out


class UnitIndex:
    """Code units (paragraphs, items) -> their article; max similarity per article, and which
    unit of the article gave it."""

    def __init__(self, vec: Vectoriser, articles: list[Article]) -> None:
        self.owner: list[tuple[int, str]] = []  # (article index, part label)
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, a in enumerate(articles):
            pieces = units(a)
            for u in pieces:
                self._add(vec, i, u.label, u.match)
            for n, p in enumerate(a.paragraphs, start=1):
                if p.items and len(pieces) > 1:  # a lead alone may carry a whole rule
                    self._add(vec, i, f"款{n}", conduct(p.text) if is_penalty(a) else p.text)

    def _add(self, vec: Vectoriser, article: int, label: str, text: str) -> None:
        if len(re.sub(r"[^\u4e00-\u9fff]", "", text)) < 4:
            return
        uid = len(self.owner)
        self.owner.append((article, label))
        for t, v in vec.vector(text).items():
            self.postings[t].append((uid, v))

    def best_per_article(self, v: dict[str, float]) -> dict[int, tuple[float, str]]:
        acc: dict[int, float] = defaultdict(float)
        for t, w in v.items():
            for uid, x in self.postings.get(t, ()):
                acc[uid] += w * x
        out: dict[int, tuple[float, str]] = {}
        for uid, s in acc.items():
            art, label = self.owner[uid]
            if s > out.get(art, (0.0, ""))[0]:
                out[art] = (s, label)
        return out


@dataclass
class Evidence:
    """What the old article looks like against every Code article."""

    sims: dict[int, float]  # blended similarity per Code article
    units: list[Unit]
    unit_best: list[dict[int, tuple[float, str]]]  # per unit: (similarity, Code part) per article


FULL_WEIGHT = 0.4  # blend: whole-article cosine vs how much of the old article is covered


def evidence(a: Article, vec: Vectoriser, index: CodeIndex, uindex: UnitIndex) -> Evidence:
    full = index.sims(vec.vector(a.text))
    pieces = units(a)
    per_unit = [uindex.best_per_article(vec.vector(u.match)) for u in pieces]
    weights = [u.weight for u in pieces]
    total = sum(weights) or 1
    sims: dict[int, float] = {}
    keys = {j for pu in per_unit for j in pu} | {j for j, s in enumerate(full) if s > 0.02}
    for j in keys:
        cover = sum(w * pu.get(j, (0.0, ""))[0] for w, pu in zip(weights, per_unit, strict=True))
        sims[j] = FULL_WEIGHT * full[j] + (1 - FULL_WEIGHT) * cover / total
    return Evidence(sims, pieces, per_unit)


def ranked(ev: Evidence, old_law: str, old: Article, code: list[Article]) -> list[Candidate]:
    cands = [
        Candidate(j, s * prior(old_law, old, code[j]), s)
        for j, s in ev.sims.items()
        if s > 0.02 and not _NONE_TEXT.search(code[j].text)  # the Code's own 施行 article
    ]
    cands.sort(key=lambda c: -c.score)
    return cands[:12]


def order_bonus(first: list[list[Candidate]], i: int) -> list[Candidate]:
    """Boost candidates next to where the neighbouring old articles went."""
    near: set[int] = set()
    for j in (i - 1, i + 1):
        if 0 <= j < len(first) and first[j]:
            top = first[j][0].index
            near.update(range(top - 3, top + 4))
    out = [
        Candidate(c.index, c.score * (ORDER_BONUS if c.index in near else 1.0), c.sim)
        for c in first[i]
    ]
    out.sort(key=lambda c: -c.score)
    return out


def confidence(best: Candidate, second: Candidate | None) -> float:
    margin = (best.score - second.score) / best.score if second else 1.0
    strength = min(1.0, best.sim / 0.5)
    return round(max(0.05, min(0.99, 0.35 + 0.4 * strength + 0.3 * margin)), 2)


_PURPOSE = re.compile(r"^为(了)?.{4,200}制定本法。?$", re.S)


_DEPENDENT = re.compile(r"前[两二三四]?款|前项|前条|本条")
_SANCTIONS = ("拘留", "处分")


def sanctions(text: str) -> set[str]:
    return {s for s in _SANCTIONS if s in text}


def may_split(unit: str, old: Article, new: Article) -> bool:
    """Whether one paragraph or item may be linked apart from the rest of its article."""
    if _DEPENDENT.search(unit):
        return False  # 有前款第一项行为的，处…: it only completes the paragraph before
    if len(re.sub(r"[^\u4e00-\u9fff]", "", unit)) < 20:
        return False  # a short sentence matches too many articles to stand alone
    if "是指" in unit and "是指" not in new.text:
        return False  # a definition goes to a definition
    return sanctions(old.text) <= sanctions(new.text)  # 拘留 stays 拘留, 处分 stays 处分
