"""Crosswalk and cross-reference figures on the real corpus (numbers for bench/README.md).

    python bench/bench_crosswalk.py                 # coverage, precision, reference figures
    python bench/bench_crosswalk.py --draw 120      # draw a new random sample to check by hand
    python bench/bench_crosswalk.py --draw-parts 100 --seed S --sample bench/F.tsv
                                                    # unreviewed rows for an independent judge

Coverage: the share of the ten repealed laws' articles with at least one successor in
corpus/crosswalk.tsv, also leaving aside the articles that truly have no successor (kind none
for the law's own 施行日期 / 废止 clauses, or kind none checked by hand).

Precision: bench/crosswalk_sample.tsv holds a random sample of links with a verdict given by
hand after reading both articles: ok (the Code article carries that rule), partial (it carries
part of it: counted as correct for a link, noted), wrong. The sample records what the tool
produced, so the precision is the tool's, before any hand correction.

References: `rebuild_links` over the whole collection (imported into a temporary home from
../shared/corpus): how many in-text references resolve; the wrong-resolution rate is read
from bench/refs_sample.tsv (references checked by hand: ok / wrong).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import time
from collections import Counter
from pathlib import Path

from lawkb.crosswalk import read_crosswalk, sort_key
from lawkb.devtools import REPO, corpus_kb, shared_corpus

CORPUS = shared_corpus()
SAMPLE = REPO / "bench" / "crosswalk_sample.tsv"
REFS_SAMPLE = REPO / "bench" / "refs_sample.tsv"
SAMPLE_COLUMNS = (
    "old_law",
    "old_key",
    "new_law",
    "new_key",
    "kind",
    "confidence",
    "verdict",
    "note",
)
REFS_COLUMNS = ("src_ref", "start", "end", "target_ref", "verdict", "note")
TRUE_NONE = ("施行日期或废止条款",)
HIGH = 0.7  # links below this confidence were all reviewed by hand


def read_tsv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and ln[0] != "#"]
    if not lines:
        return rows
    header = tuple(lines[0].split("\t"))
    if header != columns:
        raise SystemExit(f"{path}: expected the header {' '.join(columns)}")
    for n, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(columns):
            raise SystemExit(f"{path}: data line {n}: expected {len(columns)} cells")
        rows.append(dict(zip(columns, cells, strict=True)))
    return rows


def old_articles() -> dict[str, int]:
    """Article counts of the ten laws, from the crosswalk's source record."""
    from lawkb.crosswalk import read_sources

    sources = read_sources(REPO / "corpus" / "crosswalk.sources.tsv")
    return {t: r.articles for t, r in sources.items() if t != "中华人民共和国生态环境法典"}


def coverage() -> None:
    links = read_crosswalk(REPO / "corpus" / "crosswalk.tsv")
    counts = old_articles()
    total = sum(counts.values())
    with_successor = {link.old_ref for link in links if link.kind != "none"}
    true_none = {
        link.old_ref
        for link in links
        if link.kind == "none" and (link.note in TRUE_NONE or link.reviewed)
    }
    listed = {link.old_ref for link in links}
    kinds = Counter(link.kind for link in links)
    print("## Crosswalk coverage")
    print(f"articles of the ten laws: {total}; in the table: {len(listed)}")
    print(f"with >= 1 successor: {len(with_successor)} ({len(with_successor) / total:.1%})")
    print(
        f"leaving aside {len(true_none)} true no-successor articles: "
        f"{len(with_successor) / (total - len(true_none)):.1%}"
    )
    print(f"links: {sum(v for k, v in kinds.items() if k != 'none')}; kinds: {dict(kinds)}")
    reviewed = sum(1 for link in links if link.reviewed)
    print(f"rows reviewed by hand: {reviewed}")
    for law, n in sorted(counts.items()):
        got = sum(1 for ref in with_successor if ref.split("#")[0] == law)
        print(f"  {law.removeprefix('中华人民共和国')}: {got}/{n}")


def precision() -> None:
    if not SAMPLE.is_file():
        print("no bench/crosswalk_sample.tsv: run with --draw first")
        return
    rows = read_tsv(SAMPLE, SAMPLE_COLUMNS)
    judged = [r for r in rows if r["verdict"] in ("ok", "partial", "wrong")]
    verdicts = Counter(r["verdict"] for r in judged)
    good = verdicts["ok"] + verdicts["partial"]
    print("## Crosswalk precision (hand-checked sample)")
    print(f"sample: {len(rows)} links, judged {len(judged)}: {dict(verdicts)}")
    if judged:
        print(
            f"precision: {good / len(judged):.1%} (ok + partial); strict (ok only): "
            f"{verdicts['ok'] / len(judged):.1%}"
        )
        for lo, hi in ((0.0, 0.7), (0.7, 0.9), (0.9, 1.01)):
            band = [r for r in judged if lo <= float(r["confidence"]) < hi]
            if band:
                ok = sum(1 for r in band if r["verdict"] != "wrong")
                print(f"  confidence {lo:.1f}-{min(hi, 1.0):.1f}: {ok}/{len(band)} correct")
    kinds_wrong = Counter(r["kind"] for r in judged if r["verdict"] == "wrong")
    if kinds_wrong:
        print(f"wrong by kind: {dict(kinds_wrong)}")
    # The table as shipped: every link below confidence 0.7 (and every `none`) was reviewed
    # by hand; the links above it were not, so their precision is the sample's figure.
    high = [r for r in judged if float(r["confidence"]) >= HIGH]
    links = read_crosswalk(REPO / "corpus" / "crosswalk.tsv")
    n_links = sum(1 for link in links if link.new_key)
    n_reviewed = sum(1 for link in links if link.new_key and link.reviewed)
    if high:
        p_high = sum(1 for r in high if r["verdict"] != "wrong") / len(high)
        estimate = ((n_links - n_reviewed) * p_high + n_reviewed) / n_links
        print(
            f"links at confidence >= {HIGH}: {p_high:.1%} correct in the sample "
            f"({len(high)} links); the table holds {n_links} links, {n_reviewed} of them "
            f"reviewed by hand: estimated table precision {estimate:.1%}"
        )


def draw(n: int, seed: int) -> None:
    links = [link for link in read_crosswalk(REPO / "corpus" / "crosswalk.tsv") if link.new_key]
    rng = random.Random(seed)
    picked = rng.sample(links, min(n, len(links)))
    lines = [
        f"# Random sample of crosswalk links (seed {seed}), checked by hand: verdict ok | partial"
        " | wrong. References only.",
        "\t".join(SAMPLE_COLUMNS),
    ]
    for link in sorted(picked, key=lambda x: (x.old_law, x.old_key)):
        lines.append(
            "\t".join(
                [
                    link.old_law,
                    link.old_key,
                    link.new_law,
                    link.new_key,
                    link.kind,
                    f"{link.confidence:.2f}",
                    "",
                    "",
                ]
            )
        )
    SAMPLE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(picked)} links to {SAMPLE}")


PARTS_SAMPLE = REPO / "bench" / "crosswalk_sample_parts.tsv"
PARTS_COLUMNS = (
    "old_law",
    "old_key",
    "part",
    "new_law",
    "new_key",
    "new_part",
    "kind",
    "changes",
    "confidence",
    "other_rows",
    "all_successors_linked",
    "wrong_link",
    "kind_right",
    "judge_note",
)
VERDICTS = PARTS_COLUMNS[-4:]


def _table_commit() -> str:
    """The commit the table was drawn at (the table must be committed: the judge reads it)."""
    table = "corpus/crosswalk.tsv"
    git = ["git", "-C", str(REPO)]
    if subprocess.run([*git, "diff", "--quiet", "HEAD", "--", table], check=False).returncode:
        raise SystemExit(f"{table} has changes not committed: commit them, then draw")
    return subprocess.run(
        [*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.strip()


def draw_parts(n: int, seed: int, out: Path = PARTS_SAMPLE) -> None:
    """A fresh sample of rows nobody reviewed by hand, for an independent judge: the verdict
    columns are left empty (y / n; kind_right also borderline)."""
    commit = _table_commit()
    table = read_crosswalk(REPO / "corpus" / "crosswalk.tsv")
    rows = [link for link in table if not link.reviewed]
    picked = random.Random(seed).sample(rows, min(n, len(rows)))
    lines = [
        f"# {len(picked)} rows drawn uniformly (random.Random({seed}).sample) from the"
        f" {len(rows)} rows of corpus/crosswalk.tsv with reviewed=n at commit {commit}."
        " References only.",
        "# other_rows: the old article's other rows (Code key:part). Verdicts, by a judge who"
        " did not build the links: all_successors_linked y/n (the old article's rows together"
        " place every 款/项 where the Code put it), wrong_link y/n (this row's Code article does"
        " not carry this part), kind_right y/n/borderline (same/changed/merged and changes).",
        "\t".join(PARTS_COLUMNS),
    ]
    for link in sorted(picked, key=lambda x: sort_key(x)):
        others = [
            f"{o.new_key or '-'}:{o.part}"
            for o in table
            if o.old_ref == link.old_ref and o is not link
        ]
        cells = [
            link.old_law,
            link.old_key,
            link.part,
            link.new_law,
            link.new_key,
            link.new_part,
            link.kind,
            ",".join(link.changes),
            f"{link.confidence:.2f}",
            " ".join(others),
            "",
            "",
            "",
            "",
        ]
        lines.append("\t".join(cells))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(picked)} rows (of {len(rows)} unreviewed) to {out}")


def judged_parts(sample: Path = PARTS_SAMPLE) -> None:
    """The independent judge's verdicts on a drawn sample (--sample), once filled in."""
    if not sample.is_file():
        return
    rows = read_tsv(sample, PARTS_COLUMNS)
    judged = [r for r in rows if r["wrong_link"] in ("y", "n")]
    print("## Paragraph-level crosswalk, independent judge")
    if not judged:
        print(f"{len(rows)} rows drawn, not judged yet")
        return
    n = len(judged)
    complete = sum(r["all_successors_linked"] == "y" for r in judged)
    wrong = sum(r["wrong_link"] == "y" for r in judged)
    kind_ok = sum(r["kind_right"] == "y" for r in judged)
    borderline = sum(r["kind_right"] == "borderline" for r in judged)
    print(
        f"judged {n}: every successor linked {complete / n:.1%}; wrong links {wrong}; "
        f"kind right {kind_ok / n:.1%} (+{borderline} borderline)"
    )


def references() -> None:
    with corpus_kb(corpus=CORPUS) as kb:
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            report = kb.rebuild_links()
            times.append(time.perf_counter() - t0)
        db = kb.collection.db
        internal = db.execute("SELECT COUNT(*) FROM refs WHERE src_ref = target_ref").fetchone()[0]
        cross_law = db.execute(
            "SELECT COUNT(*) FROM refs WHERE resolved = 1 AND target_law != src_law"
        ).fetchone()[0]
        flagged = db.execute(
            "SELECT COUNT(*) FROM refs WHERE candidate_ref IS NOT NULL"
        ).fetchone()[0]
    print("## In-text references")
    print(
        f"reference targets: {report.refs}; resolved {report.resolved} "
        f"({report.resolved_share:.1%}); unresolved {report.unresolved}"
    )
    print(
        f"  inside the same article (前款, 本条): {internal}; to another law: {cross_law}; "
        f"left unresolved because they cite an earlier text of a law: {flagged}"
    )
    top = sorted(report.unresolved_laws.items(), key=lambda kv: -kv[1])[:8]
    print(f"  unresolved, by law as written: {top}")
    print(f"rebuild_links over the collection: median {statistics.median(times):.2f}s (3 runs)")
    if REFS_SAMPLE.is_file():
        rows = read_tsv(REFS_SAMPLE, REFS_COLUMNS)
        judged = [r for r in rows if r["verdict"] in ("ok", "wrong")]
        wrong = sum(1 for r in judged if r["verdict"] == "wrong")
        earlier = [r for r in rows if r["verdict"] == "earlier-text"]
        if judged:
            print(
                f"checked sample: {len(judged)} resolved references, {wrong} wrong "
                f"({wrong / len(judged):.1%} wrong resolutions)"
            )
        if earlier:
            meant = sum(1 for r in earlier if r["note"] == "same number is the article meant")
            print(
                f"  {len(earlier)} references to an earlier text left unresolved; for "
                f"{meant} of them the same number in the text held is the article meant"
            )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--draw", type=int, metavar="N", help="draw a new sample of N links")
    ap.add_argument("--draw-parts", type=int, metavar="N", help="draw N unreviewed rows to judge")
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument(
        "--sample", type=Path, default=PARTS_SAMPLE, help="where --draw-parts writes / is read"
    )
    args = ap.parse_args()
    if args.draw_parts:
        draw_parts(args.draw_parts, args.seed, args.sample)
        return 0
    if args.draw:
        draw(args.draw, args.seed)
        return 0
    coverage()
    print()
    precision()
    print()
    judged_parts(args.sample)
    print()
    references()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
