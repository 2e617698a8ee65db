"""Compute corpus/crosswalk.tsv: for every article of the ten laws the 生态环境法典 repealed,
the Code article(s) that carry its rule.

    python tools/build_crosswalk.py [--corpus ../shared/corpus] [--out corpus]
    python tools/build_crosswalk.py --explain 环境保护法 59      # candidates, for review

How a link is found, from the texts alone:

* similarity: TF-IDF cosine over jieba words (project dictionary corpus/dictionary.txt) and
  over character bigrams, for the whole article and for each of its paragraphs (a paragraph
  whose best match is another Code article adds that article: the rule was split);
* chapter context: an old law's chapters map to the Code's parts for that subject (大气 ->
  第二分编 大气污染防治 and 第五编 …违反大气污染防治规定; 法律责任 chapters -> 第五编), the
  general parts (第一编 总则, 第一分编 通则, 法律责任通则) are open to every law;
* order: the Code kept the old laws' order inside a part, so a candidate near the successors of
  the neighbouring old articles gets a bonus;
* number patterns: amounts, multiples and time limits of the old article that the Code article
  lacks make the link `changed`; a Code article carrying several old articles is `merged`;
* no successor: the old law's own 施行日期 / 废止 articles (kind none), and articles whose best
  score stays below a floor (kind none, note "no match": for review).

Rows marked reviewed=y in the existing table are kept as they are: an old article with any
reviewed row keeps exactly its reviewed rows. The table holds references only, never text.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lawkb.compare import number_keys, numbers_removed  # noqa: E402
from lawkb.corpus import parse_file, read_manifest  # noqa: E402
from lawkb.crosswalk import (  # noqa: E402
    CROSSWALK_FILE,
    SOURCES_FILE,
    CrosswalkLink,
    SourceRecord,
    read_crosswalk,
    write_crosswalk,
    write_sources,
)
from lawkb.models import Article, Law  # noqa: E402

CODE = "中华人民共和国生态环境法典"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"

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


def load(corpus: Path, repo_corpus: Path) -> tuple[Law, list[Law], dict[str, SourceRecord]]:
    manifest = read_manifest(corpus)
    repealed = _repealed_by_code(repo_corpus)
    code: Law | None = None
    olds: list[Law] = []
    sources: dict[str, SourceRecord] = {}
    for path_str, row in sorted(manifest.items()):
        if row.title != CODE and row.title not in repealed:
            continue
        law = parse_file(Path(path_str), manifest=row)
        sources[law.title] = SourceRecord(
            law.title, row.sha256, row.path, sum(1 for a in law.articles if a.kind == "article")
        )
        if law.title == CODE:
            code = law
        else:
            olds.append(law)
    if code is None:
        raise SystemExit(f"{corpus}: the Code ({CODE}) is not in MANIFEST.tsv")
    missing = repealed - {law.title for law in olds}
    if missing:
        raise SystemExit(f"{corpus}: MANIFEST.tsv lacks {', '.join(sorted(missing))}")
    return code, olds, sources


def _repealed_by_code(repo_corpus: Path) -> set[str]:
    """The ten laws: corpus/relations.tsv rows `old superseded_by <the Code>`."""
    out: set[str] = set()
    for line in (repo_corpus / "relations.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) >= 3 and cells[1] == "superseded_by" and cells[2] == CODE:
            out.add(cells[0])
    return out


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


def units(article: Article) -> list[tuple[str, str]]:
    """The pieces of an article that carry one rule each, paragraph leads and items, as
    (text, what is matched): for a penalty, only its conduct is matched."""
    penalty = is_penalty(article)
    out: list[tuple[str, str]] = []
    for p in article.paragraphs:
        for piece in [p.text, *p.items]:
            match = conduct(piece) if penalty else piece
            if len(re.sub(r"[^\u4e00-\u9fff]", "", match)) >= 6:
                # an item's amounts are in its paragraph's lead: keep them together
                out.append((piece if piece == p.text else f"{p.text}\n{piece}", match))
    return out or [(article.text, article.text)]


class UnitIndex:
    """Code units (paragraphs, items) -> their article; max similarity per article."""

    def __init__(self, vec: Vectoriser, articles: list[Article]) -> None:
        self.owner: list[int] = []
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, a in enumerate(articles):
            for _text, u in units(a):
                uid = len(self.owner)
                self.owner.append(i)
                for t, v in vec.vector(u).items():
                    self.postings[t].append((uid, v))

    def best_per_article(self, v: dict[str, float]) -> dict[int, float]:
        acc: dict[int, float] = defaultdict(float)
        for t, w in v.items():
            for uid, x in self.postings.get(t, ()):
                acc[uid] += w * x
        out: dict[int, float] = {}
        for uid, s in acc.items():
            art = self.owner[uid]
            if s > out.get(art, 0.0):
                out[art] = s
        return out


@dataclass
class Result:
    old: Article
    links: list[tuple[int, float, str, list[str]]]  # (code index, confidence, note, old units)
    kind_none: str = ""  # reason when no successor
    candidates: list[Candidate] = field(default_factory=list)
    unit_texts: list[str] = field(default_factory=list)
    unit_best: list[dict[int, float]] = field(default_factory=list)
    reviewed: bool = False
    review_note: str = ""


@dataclass
class Evidence:
    """What the old article looks like against every Code article."""

    sims: dict[int, float]  # blended similarity per Code article
    unit_best: list[dict[int, float]]  # per old unit: similarity per Code article
    unit_texts: list[str]  # the unit as written (an item with its paragraph's lead)
    unit_match: list[str]  # what was matched (for a penalty, its conduct)


FULL_WEIGHT = 0.4  # blend: whole-article cosine vs how much of the old article is covered


def _evidence(a: Article, vec: Vectoriser, index: CodeIndex, uindex: UnitIndex) -> Evidence:
    full = index.sims(vec.vector(a.text))
    pieces = units(a)
    texts = [t for t, _m in pieces]
    per_unit = [uindex.best_per_article(vec.vector(m)) for _t, m in pieces]
    weights = [len(m) for _t, m in pieces]
    total = sum(weights) or 1
    sims: dict[int, float] = {}
    keys = {j for pu in per_unit for j in pu} | {j for j, s in enumerate(full) if s > 0.02}
    for j in keys:
        cover = sum(w * pu.get(j, 0.0) for w, pu in zip(weights, per_unit, strict=True)) / total
        sims[j] = FULL_WEIGHT * full[j] + (1 - FULL_WEIGHT) * cover
    return Evidence(sims, per_unit, texts, [m for _t, m in pieces])


def _ranked(ev: Evidence, old_law: str, old: Article, code: list[Article]) -> list[Candidate]:
    cands = [
        Candidate(j, s * prior(old_law, old, code[j]), s)
        for j, s in ev.sims.items()
        if s > 0.02 and not _NONE_TEXT.search(code[j].text)  # the Code's own 施行 article
    ]
    cands.sort(key=lambda c: -c.score)
    return cands[:12]


def build(code: Law, olds: list[Law], dictionary: Path) -> list[Result]:
    vec = Vectoriser(dictionary)
    code_articles = [a for a in code.articles if a.kind == "article"]
    vec.fit([a.text for a in code_articles] + [a.text for law in olds for a in law.articles])
    index = CodeIndex([Doc(a, vec.vector(a.text)) for a in code_articles])
    uindex = UnitIndex(vec, code_articles)
    results: list[Result] = []
    for law in olds:
        evidence = [_evidence(a, vec, index, uindex) for a in law.articles]
        first = [
            _ranked(ev, law.title, a, code_articles)
            for a, ev in zip(law.articles, evidence, strict=True)
        ]
        for i, a in enumerate(law.articles):
            cands = _order_bonus(first, i)
            result = _decide(a, cands, evidence[i], law.title, code_articles)
            result.unit_texts, result.unit_best = evidence[i].unit_texts, evidence[i].unit_best
            results.append(result)
    return results


def _order_bonus(first: list[list[Candidate]], i: int) -> list[Candidate]:
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


def _confidence(best: Candidate, second: Candidate | None) -> float:
    margin = (best.score - second.score) / best.score if second else 1.0
    strength = min(1.0, best.sim / 0.5)
    return round(max(0.05, min(0.99, 0.35 + 0.4 * strength + 0.3 * margin)), 2)


_PURPOSE = re.compile(r"^为(了)?.{4,200}制定本法。?$", re.S)


_DEPENDENT = re.compile(r"前[两二三四]?款|前项|前条|本条")
_SANCTIONS = ("拘留", "处分")


def sanctions(text: str) -> set[str]:
    return {s for s in _SANCTIONS if s in text}


def _may_split(unit: str, old: Article, new: Article) -> bool:
    """Whether one paragraph or item may be linked apart from the rest of its article."""
    if _DEPENDENT.search(unit):
        return False  # 有前款第一项行为的，处…: it only completes the paragraph before
    if len(re.sub(r"[^\u4e00-\u9fff]", "", unit)) < 20:
        return False  # a short sentence matches too many articles to stand alone
    if "是指" in unit and "是指" not in new.text:
        return False  # a definition goes to a definition
    return sanctions(old.text) <= sanctions(new.text)  # 拘留 stays 拘留, 处分 stays 处分


def _decide(
    old: Article, cands: list[Candidate], ev: Evidence, old_law: str, code: list[Article]
) -> Result:
    if _NONE_TEXT.search(old.text):
        return Result(old, [], "施行日期或废止条款", cands)
    if _PURPOSE.match(old.text.strip()):
        first = next(i for i, a in enumerate(code) if a.key == "1")
        return Result(old, [(first, 0.9, "立法目的", [old.text])], "", cands)
    if not cands or cands[0].score < NONE_FLOOR:
        return Result(old, [], "no match", cands)
    best = cands[0]
    main_units: list[str] = []
    extra: dict[int, list[str]] = defaultdict(list)
    for text, match, pu in zip(ev.unit_texts, ev.unit_match, ev.unit_best, strict=True):
        ranked = sorted(
            (
                (s * prior(old_law, old, code[j]), s, j)
                for j, s in pu.items()
                if not _NONE_TEXT.search(code[j].text)
            ),
            reverse=True,
        )
        if not ranked:
            main_units.append(text)
            continue
        top_score, top_sim, top = ranked[0]
        on_main = pu.get(best.index, 0.0) * prior(old_law, old, code[best.index])
        if (
            top != best.index
            and top_sim >= SPLIT_FLOOR
            and on_main < SPLIT_RATIO * top_score
            and same_side(old, code[top])
            and _may_split(match, old, code[top])
        ):
            extra[top].append(text)  # this paragraph or item went to another Code article
        else:
            main_units.append(text)
    links = [(best.index, _confidence(best, cands[1] if len(cands) > 1 else None), "", main_units)]
    for j, texts in extra.items():
        sim = max(ev.unit_best[ev.unit_texts.index(t)].get(j, 0.0) for t in texts)
        conf = round(min(0.95, 0.3 + 0.6 * min(1.0, sim / 0.6)), 2)
        links.append((j, conf, "paragraph split", texts))
    return Result(old, links, "", cands)


def _amounts(text: str) -> set[tuple]:
    return {k for k in number_keys(text) if k[0] in ("money", "multiple")}


def to_links(results: list[Result], code: Law) -> list[CrosswalkLink]:
    code_articles = [a for a in code.articles if a.kind == "article"]
    inbound: Counter[int] = Counter()
    for r in results:
        for idx, _c, _n, _u in r.links:
            inbound[idx] += 1
    out: list[CrosswalkLink] = []
    for r in results:
        old = r.old
        if not r.links:
            conf = 1.0 if r.reviewed else 0.95 if r.kind_none != "no match" else 0.3
            out.append(
                CrosswalkLink(old.law, old.key, "", "", "none", conf, r.reviewed, r.kind_none)
            )
            continue
        for idx, conf, note, texts in r.links:
            new = code_articles[idx]
            mine = "\n".join(texts) if texts else old.text
            removed = numbers_removed(mine, new.text, CHECKED_NUMBERS)
            old_amounts, new_amounts = _amounts(old.text), _amounts(new.text)
            if not removed and old_amounts and new_amounts and not old_amounts & new_amounts:
                removed = ["amounts"]
            if removed:
                kind = "changed"
                note = (note + "; " if note else "") + "numbers differ: " + "、".join(removed[:3])
            elif inbound[idx] > 1:
                kind = "merged"
            else:
                kind = "same"
            out.append(CrosswalkLink(old.law, old.key, CODE, new.key, kind, conf, r.reviewed, note))
    return out


REVIEW_FILE = REPO / "tools" / "crosswalk_review.tsv"
REVIEW_COLUMNS = ("old_law", "old_key", "new_keys", "note")


@dataclass(frozen=True)
class Review:
    targets: tuple[str, ...]  # Code article keys; () = no successor
    note: str


def read_review(path: Path, code: Law) -> dict[str, Review]:
    """tools/crosswalk_review.tsv: old ref -> the Code articles a person chose."""
    if not path.is_file():
        return {}
    keys = {a.key for a in code.articles if a.kind == "article"}
    out: dict[str, Review] = {}
    lines = [
        (n, ln)
        for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ln.strip() and not ln.startswith("#")
    ]
    if not lines or tuple(lines[0][1].split("\t")) != REVIEW_COLUMNS:
        raise SystemExit(f"{path}: expected the header {' '.join(REVIEW_COLUMNS)}")
    for n, line in lines[1:]:
        cells = line.split("\t")
        if len(cells) != len(REVIEW_COLUMNS):
            raise SystemExit(f"{path}:{n}: expected {len(REVIEW_COLUMNS)} tab-separated cells")
        old_law, old_key, new_keys, note = cells
        targets = () if new_keys.strip() == "-" else tuple(k.strip() for k in new_keys.split(","))
        unknown = [k for k in targets if k not in keys]
        if unknown:
            raise SystemExit(f"{path}:{n}: new_keys: no Code article {', '.join(unknown)}")
        out[f"{old_law}#{old_key}"] = Review(targets, note.strip())
    return out


def apply_review(results: list[Result], reviews: dict[str, Review], code: Law) -> None:
    """Replace computed links by the reviewed ones; each old unit goes to the reviewed target
    that matches it best, so that the amounts check compares the right pieces."""
    index = {a.key: i for i, a in enumerate(a for a in code.articles if a.kind == "article")}
    for r in results:
        review = reviews.get(r.old.ref)
        if review is None:
            continue
        r.reviewed, r.review_note = True, review.note
        if not review.targets:
            r.links, r.kind_none = [], review.note or "no successor"
            continue
        targets = [index[k] for k in review.targets]
        assigned: dict[int, list[str]] = {t: [] for t in targets}
        for text, pu in zip(r.unit_texts, r.unit_best, strict=True):
            best = max(targets, key=lambda t: pu.get(t, 0.0))
            assigned[best].append(text)
        r.links = [(t, 1.0, review.note, assigned[t]) for t in targets]
        r.kind_none = ""


def merge_reviewed(
    computed: list[CrosswalkLink], existing: list[CrosswalkLink]
) -> list[CrosswalkLink]:
    """Reviewed rows win: an old article with any reviewed row keeps exactly those rows."""
    reviewed = [link for link in existing if link.reviewed]
    done = {link.old_ref for link in reviewed}
    return reviewed + [link for link in computed if link.old_ref not in done]


def explain(code: Law, olds: list[Law], dictionary: Path, law_name: str, key: str) -> None:
    results = build(code, [law for law in olds if law_name in law.title], dictionary)
    code_articles = [a for a in code.articles if a.kind == "article"]
    for r in results:
        if r.old.key != key:
            continue
        print(f"{r.old.ref}  path={' / '.join(r.old.path)}  none={r.kind_none!r}")
        print("  links:", [(code_articles[i].key, c, n, len(u)) for i, c, n, u in r.links])
        for c in r.candidates[:8]:
            a = code_articles[c.index]
            print(f"  {a.key:>6} score={c.score:.3f} sim={c.sim:.3f}  {' / '.join(a.path[-2:])}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared law texts")
    ap.add_argument("--out", type=Path, default=REPO / "corpus", help="where crosswalk.tsv goes")
    ap.add_argument("--explain", nargs=2, metavar=("LAW", "ARTICLE"), help="show candidates")
    args = ap.parse_args(argv)
    code, olds, sources = load(args.corpus, REPO / "corpus")
    dictionary = REPO / "corpus" / "dictionary.txt"
    if args.explain:
        explain(code, olds, dictionary, args.explain[0], args.explain[1])
        return 0
    results = build(code, olds, dictionary)
    apply_review(results, read_review(REVIEW_FILE, code), code)
    computed = to_links(results, code)
    out_path = args.out / CROSSWALK_FILE
    existing = read_crosswalk(out_path) if out_path.is_file() else []
    links = merge_reviewed(computed, existing)
    write_crosswalk(out_path, links)
    write_sources(args.out / SOURCES_FILE, sources.values())
    kinds = Counter(link.kind for link in links)
    covered = {link.old_ref for link in links if link.kind != "none"}
    total = sum(len(law.articles) for law in olds)
    print(f"{len(links)} links for {total} old articles; {len(covered)} with a successor")
    print("kinds:", dict(kinds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
