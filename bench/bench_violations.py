"""Violation catalogue figures: load time, matcher speed, and how often a named violation's
articles answer a labelled question (numbers for the report; tests never time anything).

    python bench/bench_violations.py               # all figures
    python bench/bench_violations.py --rounds 20   # more timing rounds

Speed: match_violations over the 128 dev-set questions (bench/devset.tsv) and a handful of
long case descriptions made by joining questions, median and p95 per query, beside a naive
matcher in the same run (every name tested with `in`, then the contained ones dropped).

Jargon: bench/violations_jargon.tsv, queries labelled with the article that punishes the
violation they name, split into a tuning half (the phrases the aliases were written against)
and a validation half (written before any run, never tuned on). Hit@1: the first violation
named has that article among its penalty articles; hit@any: one of those named has. Beside the
same matcher built from the official names alone (no aliases, no variants) in the same run.

Answers: for each dev-set question the matcher names at least one violation for, whether the
named rows' duty or penalty articles include one of the question's labelled articles. The dev
set was not used to write the catalogue's names; the figure is reported, not tuned against.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time

from lawkb.devtools import REPO as ROOT
from lawkb.violation_match import ViolationMatcher, normalize
from lawkb.violations import Violation, load_violations


def questions() -> list[tuple[str, set[str]]]:
    with (ROOT / "bench" / "devset.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [(r["question"], set(r["answers"].split("|"))) for r in rows]


def jargon() -> list[tuple[str, str, str]]:
    path = ROOT / "bench" / "violations_jargon.tsv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    return [(r["split"], r["query"], r["answer"]) for r in rows]


def hits(matcher: ViolationMatcher, items: list[tuple[str, str]]) -> tuple[int, int]:
    first = anywhere = 0
    for query, answer in items:
        found = matcher.match(query)
        first += bool(found) and answer in found[0][0].penalty_refs
        anywhere += any(answer in v.penalty_refs for v, _ in found)
    return first, anywhere


def names_only(catalogue: list[Violation]) -> ViolationMatcher:
    bare = [v.model_copy(update={"aliases": []}) for v in catalogue]
    return ViolationMatcher(bare)


def naive(text: str, terms: dict[str, list[Violation]]) -> list[str]:
    q = normalize(text)
    found = [(q.find(t), q.find(t) + len(t), t) for t in terms if t in q]
    keep = [
        s
        for s in found
        if not any(o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0] for o in found)
    ]
    return [v.id for _, _, t in keep for v in terms[t]]


def timed(fn, queries: list[str], rounds: int) -> list[float]:
    out: list[float] = []
    for _ in range(rounds):
        for q in queries:
            t0 = time.perf_counter()
            fn(q)
            out.append((time.perf_counter() - t0) * 1e6)
    return out


def p95(xs: list[float]) -> float:
    return sorted(xs)[int(0.95 * (len(xs) - 1))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()

    t0 = time.perf_counter()
    catalogue = load_violations()
    load_ms = (time.perf_counter() - t0) * 1e3
    t0 = time.perf_counter()
    matcher = ViolationMatcher(catalogue)
    build_ms = (time.perf_counter() - t0) * 1e3
    names = sum(len(v.names) for v in catalogue)
    print(
        f"catalogue: {len(catalogue)} rows, {names} names; load {load_ms:.1f} ms, "
        f"matcher build {build_ms:.1f} ms"
    )

    qs = questions()
    short = [q for q, _ in qs]
    long = ["；".join(short[i : i + 8]) for i in range(0, len(short), 8)]
    terms = matcher._terms  # the same names, for the naive baseline
    for label, queries in (("dev-set questions", short), ("8 joined questions", long)):
        fast = timed(matcher.match, queries, args.rounds)
        slow = timed(lambda q: naive(q, terms), queries, args.rounds)
        mean_len = statistics.mean(len(q) for q in queries)
        print(
            f"{label} ({len(queries)}, mean {mean_len:.0f} chars): "
            f"matcher p50 {statistics.median(fast):.0f} µs p95 {p95(fast):.0f} µs | "
            f"naive p50 {statistics.median(slow):.0f} µs p95 {p95(slow):.0f} µs"
        )

    items = jargon()
    baseline = names_only(catalogue)
    for split in ("tune", "valid"):
        part = [(q, a) for s, q, a in items if s == split]
        f1, fa = hits(matcher, part)
        b1, ba = hits(baseline, part)
        print(
            f"jargon {split} ({len(part)}): hit@1 {f1}/{len(part)}, hit@any {fa}/{len(part)} | "
            f"official names only: hit@1 {b1}/{len(part)}, hit@any {ba}/{len(part)}"
        )

    named = answered = 0
    for q, answers in qs:
        found = matcher.match(q)
        if not found:
            continue
        named += 1
        refs = {r for v, _ in found for r in (*v.duty_refs, *v.penalty_refs)}
        answered += bool(refs & answers)
    print(
        f"dev set: a violation named in {named}/{len(qs)} questions; "
        f"its articles include a labelled answer in {answered}/{named}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
