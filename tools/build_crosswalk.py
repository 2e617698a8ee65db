"""Compute corpus/crosswalk.tsv: for every article of the ten laws the 生态环境法典 repealed,
the Code article(s) that carry its rule.

    python tools/build_crosswalk.py [--corpus ../shared/corpus] [--out corpus]
    python tools/build_crosswalk.py --explain 环境保护法 59      # candidates, for review

How a link is found, from the texts alone:

* similarity: TF-IDF cosine over jieba words (project dictionary corpus/dictionary.txt) and
  over character bigrams, for the whole article and for each of its parts (款, or 项 with its
  paragraph's lead; a penalty is matched on its conduct) against the Code's paragraphs and items;
* chapter context: an old law's chapters map to the Code's parts for that subject (大气 ->
  第二分编 大气污染防治 and 第五编 …违反大气污染防治规定; 法律责任 chapters -> 第五编), the
  general parts (第一编 总则, 第一分编 通则, 法律责任通则) are open to every law;
* order: the Code kept the old laws' order inside a part, so a candidate near the successors of
  the neighbouring old articles gets a bonus;
* parts: each part goes to the article's successor unless another Code article, preferably one
  next to it or among the article's own candidates, is clearly more like it (the rule was
  split); a part that only completes the one before (有前款…行为的，处…) goes where that one
  went; a part too unlike every candidate is left unplaced (tools/check_crosswalk.py lists it);
* kind: `changed` when lawkb.compare.change_kinds finds a change between the part and where it
  went (the comparison screen reads the same), else `merged` when the Code article also carries
  other old articles, else `same`;
* no successor: the old law's own 施行日期 / 废止 articles (kind none), and articles whose best
  score stays below a floor (kind none, note "no match": for review).

tools/crosswalk_review.tsv (see tools/crosswalk_review.py) holds the links a person checked;
they replace the computed ones (reviewed=y). The table holds references only, never text.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from crosswalk_match import (
    _NONE_TEXT,
    _PURPOSE,
    CODE,
    Candidate,
    CodeIndex,
    Doc,
    Evidence,
    UnitIndex,
    Vectoriser,
    confidence,
    evidence,
    may_split,
    order_bonus,
    prior,
    ranked,
    same_side,
)
from crosswalk_review import apply_review, read_review

from lawkb.compare import Comparison, authorities, compare_link
from lawkb.compare_residual import is_general_crime_clause
from lawkb.corpus import parse_file, read_manifest
from lawkb.crosswalk import (
    CROSSWALK_FILE,
    SOURCES_FILE,
    WHOLE,
    CrosswalkLink,
    SourceRecord,
    article_parts,
    format_parts,
    read_sources,
    write_crosswalk,
    write_sources,
)
from lawkb.crosswalk_check import criminal_parts
from lawkb.devtools import REPO, shared_corpus
from lawkb.models import Article, Law

DEFAULT_CORPUS = shared_corpus()
NONE_FLOOR = 0.12  # below this best score: no successor found
SPLIT_FLOOR = 0.40  # a part's own best match, to send it to another Code article
SPLIT_RATIO = 0.85  # … and the main successor must do worse than this share of it
PLACE_FLOOR = 0.22  # a part less like its successor than this is not placed: for review
CONTEXT = 1.1  # a part's candidate that is among the article's own candidates
NEAR = 1.2  # … or next to the article's successor (a split rule stays close by)
NEAR_FLOOR = 0.28  # such a candidate needs less to take a part


@dataclass
class Link:
    index: int  # into the Code's articles
    confidence: float
    note: str = ""
    parts: list[str] = field(default_factory=list)  # the old article's 款/项
    new_parts: list[str] = field(default_factory=list)  # where they are in the Code article


@dataclass
class Result:
    old: Article
    links: list[Link]
    kind_none: str = ""  # reason when no successor
    candidates: list[Candidate] = field(default_factory=list)
    ev: Evidence | None = None
    unplaced: list[str] = field(default_factory=list)  # parts with no successor found
    dropped: list[str] = field(default_factory=list)  # parts reviewed: no successor
    reviewed: bool = False
    review_note: str = ""


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


def build(code: Law, olds: list[Law], dictionary: Path) -> list[Result]:
    vec = Vectoriser(dictionary)
    code_articles = [a for a in code.articles if a.kind == "article"]
    vec.fit([a.text for a in code_articles] + [a.text for law in olds for a in law.articles])
    index = CodeIndex([Doc(a, vec.vector(a.text)) for a in code_articles])
    uindex = UnitIndex(vec, code_articles)
    results: list[Result] = []
    for law in olds:
        evs = [evidence(a, vec, index, uindex) for a in law.articles]
        first = [
            ranked(ev, law.title, a, code_articles) for a, ev in zip(law.articles, evs, strict=True)
        ]
        for i, a in enumerate(law.articles):
            result = decide(a, order_bonus(first, i), evs[i], law.title, code_articles)
            result.ev = evs[i]
            results.append(result)
    return results


def _target(
    unit_i: int, best: int, ev: Evidence, ctx: set[int], old: Article, law: str, code: list[Article]
) -> int:
    """The Code article one part went to: the article's successor, unless another Code
    article is clearly more like this part (the rule was split)."""
    u, pu = ev.units[unit_i], ev.unit_best[unit_i]
    scored = sorted(
        (
            (s * prior(law, old, code[j]) * _bonus(j, best, ctx), s, j)
            for j, (s, _label) in pu.items()
            if not _NONE_TEXT.search(code[j].text)
        ),
        reverse=True,
    )
    if not scored:
        return best
    top_score, top_sim, top = scored[0]
    on_best = pu.get(best, (0.0, ""))[0] * prior(law, old, code[best]) * CONTEXT
    if (
        top != best
        and top_sim >= (NEAR_FLOOR if _bonus(top, best, ctx) > 1 else SPLIT_FLOOR)
        and on_best < SPLIT_RATIO * top_score
        and same_side(old, code[top])
        and may_split(u.match, old, code[top])
    ):
        return top
    return best


def _bonus(j: int, best: int, ctx: set[int]) -> float:
    return NEAR if abs(j - best) <= 3 else CONTEXT if j in ctx else 1.0


def decide(
    old: Article, cands: list[Candidate], ev: Evidence, old_law: str, code: list[Article]
) -> Result:
    if _NONE_TEXT.search(old.text):
        return Result(old, [], "施行日期或废止条款", cands)
    if _PURPOSE.match(old.text.strip()):
        first = next(i for i, a in enumerate(code) if a.key == "1")
        return Result(old, [Link(first, 0.9, "立法目的", article_parts(old.paragraphs))], "", cands)
    if not cands or cands[0].score < NONE_FLOOR:
        return Result(old, [], "no match", cands)
    best = cands[0].index
    ctx = {c.index for c in cands[:5]}
    targets: list[int | None] = []
    for i, u in enumerate(ev.units):
        targets.append(None if u.dependent else _target(i, best, ev, ctx, old, old_law, code))
    result = Result(old, [], "", cands, ev)
    assign(result, targets, best, cands)
    return result


def _para(label: str) -> int:
    return int(re.match(r"款(\d+)", label).group(1))  # type: ignore[union-attr]


def assign(
    result: Result,
    targets: list[int | None],
    best: int,
    cands: list[Candidate],
    floor: float = PLACE_FLOOR,
) -> None:
    """Group the parts by target into links; a dependent part (前款…) goes wherever the
    paragraph before it went; a part too unlike its target is left unplaced."""
    assert result.ev is not None
    units, unit_best = result.ev.units, result.ev.unit_best
    links: dict[int, Link] = {}
    by_para: dict[int, set[int]] = defaultdict(set)
    for u, pu, t in zip(units, unit_best, targets, strict=True):
        if t is None:  # completes the paragraph before: goes where that one went
            for j in sorted(by_para.get(_para(u.label) - 1) or {best}):
                links.setdefault(j, Link(j, 0.0)).parts.append(u.label)
            continue
        sim, new_label = pu.get(t, (0.0, ""))
        if sim < floor and u.weight >= 6:
            result.unplaced.append(u.label)
            continue
        link = links.setdefault(t, Link(t, 0.0))
        link.parts.append(u.label)
        if new_label:
            link.new_parts.append(new_label)
        by_para[_para(u.label)].add(t)
    second = cands[1] if len(cands) > 1 else None
    for j, link in links.items():
        if j == best and cands:
            link.confidence = confidence(cands[0], second)
        else:
            sims = [pu.get(j, (0.0, ""))[0] for pu in unit_best]
            link.confidence = round(min(0.95, 0.3 + 0.6 * min(1.0, max(sims) / 0.6)), 2)
            link.note = "paragraph split"
    result.links = sorted(links.values(), key=lambda lk: lk.index != best)


def criminal_links(results: list[Result], code: list[Article]) -> None:
    """The Code's penalty articles keep no 构成犯罪…追究刑事责任 sentence: one general article
    (违反本法规定，构成犯罪的…) carries it for all. Every old part that says it links there too;
    the comparison reads that sentence alone (lawkb.compare_residual.crime_clauses_only)."""
    general = next(i for i, a in enumerate(code) if is_general_crime_clause(a))
    for r in results:
        if not r.links:
            continue
        labels = criminal_parts(r.old)
        if not labels:
            continue
        link = next((lk for lk in r.links if lk.index == general), None)
        if link is None:
            link = Link(general, 1.0 if r.reviewed else 0.9, "刑事责任 in the general article")
            r.links.append(link)
        link.parts += [x for x in labels if x not in link.parts]


def _expand(labels: list[str], article: Article) -> list[str]:
    """款n of a paragraph with items (its lead matched) stands for all its items."""
    out: list[str] = []
    for label in labels:
        m = re.fullmatch(r"款(\d+)", label)
        n = int(m.group(1)) if m else 0
        if m and 0 < n <= len(article.paragraphs) and article.paragraphs[n - 1].items:
            out.extend(f"款{n}项{j}" for j in range(1, len(article.paragraphs[n - 1].items) + 1))
        else:
            out.append(label)
    return out


def change_note(cmp: Comparison) -> str:
    """Key words of a change (figures, the authority named), never a sentence."""
    bits: list[str] = []
    if "amount" in cmp.changes or "time" in cmp.changes:
        gone, new = cmp.numbers_removed[:2], cmp.numbers_added[:2]
        if gone or new:
            bits.append("、".join(gone) + "→" + "、".join(new))
    if "authority" in cmp.changes:
        old, new = authorities(_side(cmp, "old")), authorities(_side(cmp, "new"))
        bits.append("、".join(sorted(old - new)) + "→" + "、".join(sorted(new - old)))
    if cmp.items_removed or cmp.items_added:
        bits.append(f"项 -{len(cmp.items_removed)} +{len(cmp.items_added)}")
    return "; ".join(bits)


def _side(cmp: Comparison, side: str) -> str:
    return "".join(getattr(s, side) for s in cmp.segments)


def to_links(results: list[Result], code: Law) -> list[CrosswalkLink]:
    code_articles = [a for a in code.articles if a.kind == "article"]
    inbound: dict[int, list[tuple[str, set[str] | None]]] = defaultdict(list)
    for r in results:
        for lk in r.links:
            inbound[lk.index].append((r.old.ref, _new_labels(lk, code_articles)))
    out: list[CrosswalkLink] = []
    for r in results:
        old = r.old
        all_parts = article_parts(old.paragraphs)
        if not r.links:
            conf = 1.0 if r.reviewed else 0.95 if r.kind_none != "no match" else 0.3
            out.append(
                CrosswalkLink(old.law, old.key, "", "", "none", conf, r.reviewed, r.kind_none)
            )
            continue
        for lk in r.links:
            new = code_articles[lk.index]
            part = format_parts(lk.parts, all_parts)
            new_part = WHOLE
            if lk.new_parts:
                new_part = format_parts(_expand(lk.new_parts, new), article_parts(new.paragraphs))
            cmp = compare_link(old, new, part, new_part)
            shared = _shared(inbound[lk.index], old.ref, _new_labels(lk, code_articles))
            kind = "changed" if cmp.changes else "merged" if shared else "same"
            note = "; ".join(b for b in (lk.note, change_note(cmp)) if b)
            out.append(
                CrosswalkLink(
                    old.law,
                    old.key,
                    CODE,
                    new.key,
                    kind,
                    lk.confidence,
                    r.reviewed,
                    note,
                    part,
                    new_part,
                    tuple(cmp.changes),
                )
            )
        if r.dropped:
            out.append(
                CrosswalkLink(
                    old.law,
                    old.key,
                    "",
                    "",
                    "none",
                    1.0,
                    True,
                    r.review_note or "dropped",
                    format_parts(r.dropped, all_parts),
                )
            )
    return out


def _new_labels(lk: Link, code: list[Article]) -> set[str] | None:
    """The Code article's parts a link lands on; None for the whole article."""
    return set(_expand(lk.new_parts, code[lk.index])) if lk.new_parts else None


def _shared(inbound: list[tuple[str, set[str] | None]], ref: str, mine: set[str] | None) -> bool:
    """merged: another old article lands on the same part of the Code article (several old
    provisions combined there); a Code article whose other paragraphs came from elsewhere
    carries this one's rule unchanged: same."""
    for other, theirs in inbound:
        if other == ref:
            continue
        if mine is None or theirs is None or mine & theirs:
            return True
        if any(a.startswith(b) or b.startswith(a) for a in mine for b in theirs):
            return True
    return False


def explain(code: Law, olds: list[Law], dictionary: Path, law_name: str, key: str) -> None:
    results = build(code, [law for law in olds if law_name in law.title], dictionary)
    code_articles = [a for a in code.articles if a.kind == "article"]
    for r in results:
        if r.old.key != key or r.ev is None:
            continue
        print(f"{r.old.ref}  path={' / '.join(r.old.path)}  none={r.kind_none!r}")
        for lk in r.links:
            print("  link:", code_articles[lk.index].key, lk.confidence, lk.parts, lk.new_parts)
        print("  unplaced:", r.unplaced)
        for c in r.candidates[:6]:
            a = code_articles[c.index]
            print(f"  {a.key:>6} score={c.score:.3f} sim={c.sim:.3f}  {' / '.join(a.path[-2:])}")
        for u, pu in zip(r.ev.units, r.ev.unit_best, strict=True):
            top = sorted(pu.items(), key=lambda kv: -kv[1][0])[:4]
            shown = ", ".join(f"{code_articles[j].key}{lb}:{s:.2f}" for j, (s, lb) in top)
            print(f"    {u.label}{' (dep)' if u.dependent else ''}: {shown}")


def _sources(found: dict[str, SourceRecord], path: Path) -> list[SourceRecord]:
    """Keep each law's built-in sha256 when the text is the one recorded."""
    before = read_sources(path) if path.is_file() else {}
    out: list[SourceRecord] = []
    for title, rec in found.items():
        old = before.get(title)
        builtin = old.builtin_sha256 if old and old.sha256 == rec.sha256 else ""
        out.append(SourceRecord(rec.title, rec.sha256, rec.path, rec.articles, builtin))
    return out


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
    apply_review(results, read_review(REVIEW_FILE, code), code, assign)
    criminal_links(results, [a for a in code.articles if a.kind == "article"])
    links = to_links(results, code)
    write_crosswalk(args.out / CROSSWALK_FILE, links)
    write_sources(args.out / SOURCES_FILE, _sources(sources, args.out / SOURCES_FILE))
    kinds = Counter(link.kind for link in links)
    covered = {link.old_ref for link in links if link.kind != "none"}
    total = sum(len(law.articles) for law in olds)
    unplaced = sum(1 for r in results if r.unplaced)
    print(f"{len(links)} links for {total} old articles; {len(covered)} with a successor")
    print(f"kinds: {dict(kinds)}; old articles with parts not placed: {unplaced}")
    return 0


REVIEW_FILE = REPO / "tools" / "crosswalk_review.tsv"

if __name__ == "__main__":
    raise SystemExit(main())
