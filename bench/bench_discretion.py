"""Discretion: statutory extraction quality, the calculator's worked examples, and speed.

Prints, on the full ../shared/corpus:
- coverage: the share of the Code's fine-bearing legal-liability articles (处…罚款 in one
  clause, or 按日连续处罚) that the stored table covers with a fine (target >= 95 %);
- amount recall: the share of money figures in those articles' fine clauses that the table holds;
- numbers found in text: the share of figures in the table that appear in their article (100 %);
- precision on the hand-checked sample bench/statutory_sample.tsv (rows whose fingerprint
  changed since they were checked are listed, not counted);
- worked examples: the calculator's answer for each example of the sample standard
  (tests/test_discretion_calculator.py WORKED_EXAMPLES) against the expected tier, range, flag;
- speed: loading the stored table vs extracting it again from the collection (the baseline it
  saves), and one calculation vs the bare article look-ups it does (median, p95, ratio).

Usage: python bench/bench_discretion.py [--home DIR] [--corpus DIR] [--runs 5] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import runpy
import statistics
import sys
import time
from pathlib import Path

from lawkb.devtools import REPO, corpus_kb, shared_corpus
from lawkb.discretion.amounts import numbers_in
from lawkb.discretion.articles import CollectionArticles
from lawkb.discretion.service import Discretion
from lawkb.discretion.statutory import (
    CODE_TITLE,
    fine_bearing,
    is_liability_article,
    law_has_liability_chapter,
)
from lawkb.discretion.table import (
    build_table,
    read_table,
    row_fingerprint,
    table_path,
)
from lawkb.errors import LawkbError
from lawkb.kb import KnowledgeBase
from lawkb.paths import corpus_dir

_AMOUNT = re.compile(r"([0-9.]+[万千]?|[零〇一二三四五六七八九十百千万亿两]+)元")


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def fine_clause_amounts(text: str) -> set[float]:
    """Money figures inside 处…罚款 / 罚款数额为… clauses (not 不足…以…计算 floors)."""
    out: set[float] = set()
    for clause in re.findall(r"处(?!罚|理|置|分)[^，；。]{0,60}?罚款|罚款数额为[^，；。]*", text):
        out |= {v for v in numbers_in(" ".join(_AMOUNT.findall(clause)))}
    return out


def measure(kb: KnowledgeBase, runs: int) -> dict:
    table = read_table(table_path(corpus_dir()))
    table.check(kb)
    report: dict = {"rows": len(table.rows), "laws": len(table.laws())}
    report["stale_rows"] = [r.id for r in table.rows if r.stale]

    # coverage and amount recall over the Code's legal-liability part
    code = kb.law(CODE_TITLE)
    has_chapter = law_has_liability_chapter(code)
    bearing = [a for a in code.articles if is_liability_article(a, has_chapter) and fine_bearing(a)]
    covered = {r.key for r in table.for_law(CODE_TITLE) if r.fines}
    missing = [a.label for a in bearing if a.key not in covered]
    report["coverage"] = {
        "fine_bearing_articles": len(bearing),
        "covered": len(bearing) - len(missing),
        "share": (len(bearing) - len(missing)) / len(bearing),
        "missing": missing,
    }
    wanted = found = 0
    lost: list[str] = []
    for a in bearing:
        amounts = fine_clause_amounts(a.text)
        held = {
            v for r in table.for_article(CODE_TITLE, a.key) for f in r.fines for v in f.numbers()
        }
        wanted += len(amounts)
        found += len(amounts & held)
        lost += [f"{a.label}:{v:g}" for v in sorted(amounts - held)]
    report["amount_recall"] = {
        "amounts": wanted,
        "held": found,
        "share": found / wanted,
        "lost": lost,
    }

    # every figure of the table is in its article
    total = ok = 0
    invented = []
    texts = kb.collection.articles_by_refs(list(dict.fromkeys(r.ref for r in table.rows)))
    for r in table.rows:
        nums = numbers_in(texts[r.ref].text) if r.ref in texts else set()
        for f in r.fines:
            for v in f.numbers():
                total += 1
                if v in nums:
                    ok += 1
                else:
                    invented.append(f"{r.id}:{v:g}")
    report["numbers_in_text"] = {
        "figures": total,
        "found": ok,
        "share": ok / total,
        "not_found": invented,
    }

    # precision on the hand-checked sample
    with (REPO / "bench" / "statutory_sample.tsv").open(encoding="utf-8") as fh:
        sample = list(csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t"))
    by_id = {r.id: r for r in table.rows}
    counted = [
        s
        for s in sample
        if s["id"] in by_id and row_fingerprint(by_id[s["id"]]) == s["fingerprint"]
    ]
    changed = [s["id"] for s in sample if s not in counted]

    def share(rows: list[dict], col: str) -> float | None:
        return sum(r[col] == "ok" for r in rows) / len(rows) if rows else None

    report["precision"] = {
        "sample": len(sample),
        "checked_and_unchanged": len(counted),
        "correct": sum(s["verdict"] == "ok" for s in counted),
        "share": share(counted, "verdict"),
        "draw1_first_pass_share": share([s for s in sample if s["set"] == "draw1"], "first_pass"),
        "heldout_rows": sum(s["set"] == "heldout" for s in counted),
        "heldout_share": share([s for s in counted if s["set"] == "heldout"], "verdict"),
        "changed_since_checked": changed,
    }

    # worked examples of the sample standard (read from the test module, not imported)
    examples = runpy.run_path(str(REPO / "tests" / "test_discretion_calculator.py"))
    STD, WORKED_EXAMPLES = examples["STD"], examples["WORKED_EXAMPLES"]

    calc = Discretion(CollectionArticles(kb.collection), kb.corpus, kb.home, table=table).calculator
    results = []
    for vid, facts, tier, fine, major in WORKED_EXAMPLES:
        r = calc.calculate(calc.candidate(f"standard:{STD}:{vid}"), facts)
        got = (r.tier, (r.fine.low, r.fine.high) if r.fine else None, r.major)
        results.append(
            {"violation": vid, "facts": facts, "ok": got == (tier, fine, major), "got": got}
        )
    report["worked_examples"] = {
        "examples": len(results),
        "matching": sum(x["ok"] for x in results),
        "mismatches": [x for x in results if not x["ok"]],
    }

    # speed
    load = timed(lambda: read_table(table_path(corpus_dir())), runs)
    extract = timed(lambda: build_table(kb), runs)
    report["speed_table"] = {
        "load_tsv_median_s": statistics.median(load),
        "load_tsv_p95_s": pct(load, 95),
        "extract_median_s": statistics.median(extract),
        "extract_p95_s": pct(extract, 95),
        "extract_over_load": statistics.median(extract) / statistics.median(load),
    }
    cand = calc.candidate(f"standard:{STD}:SL-03")
    facts = {"超标倍数": "2.5", "敏感区域": "否"}
    calc_t = timed(lambda: calc.calculate(cand, facts), runs * 10)
    bare_t = timed(lambda: [kb.article("法典", k) for k in ("151", "1107")], runs * 10)
    find_t = timed(lambda: calc.find("超标排放污水"), runs * 10)
    report["speed_calc"] = {
        "calculate_median_ms": statistics.median(calc_t) * 1000,
        "calculate_p95_ms": pct(calc_t, 95) * 1000,
        "find_median_ms": statistics.median(find_t) * 1000,
        "find_p95_ms": pct(find_t, 95) * 1000,
        "bare_lookups_median_ms": statistics.median(bare_t) * 1000,
        "calculate_over_lookups": statistics.median(calc_t) / statistics.median(bare_t),
    }
    return report


def print_report(report: dict) -> None:
    c, a, n, p = (report[k] for k in ("coverage", "amount_recall", "numbers_in_text", "precision"))
    w, st, sc = report["worked_examples"], report["speed_table"], report["speed_calc"]
    share = f"{p['share']:.1%}" if p["share"] is not None else "n/a"
    lines = [
        f"statutory table: {report['rows']} rows from {report['laws']} laws; "
        f"stale rows: {len(report['stale_rows'])}",
        f"coverage (Code fine-bearing liability articles): {c['covered']}/"
        f"{c['fine_bearing_articles']} = {c['share']:.1%}  missing: {c['missing'] or '-'}",
        f"amount recall (figures in their fine clauses):   {a['held']}/{a['amounts']} = "
        f"{a['share']:.1%}  lost: {a['lost'][:10] or '-'}",
        f"numbers found in article text:                  {n['found']}/{n['figures']} = "
        f"{n['share']:.1%}  not found: {n['not_found'][:10] or '-'}",
        f"precision, hand-checked sample:                 {p['correct']}/"
        f"{p['checked_and_unchanged']} = {share}  (draw 1 before its fixes "
        f"{p['draw1_first_pass_share']:.1%}; held-out {p['heldout_rows']} rows "
        f"{p['heldout_share']:.1%}; changed since checked: {p['changed_since_checked'] or '-'})",
        f"worked examples matching:                       {w['matching']}/{w['examples']}",
        *[f"  mismatch: {m}" for m in w["mismatches"]],
        f"table: load TSV median {st['load_tsv_median_s'] * 1000:.1f} ms "
        f"(p95 {st['load_tsv_p95_s'] * 1000:.1f}); re-extract median "
        f"{st['extract_median_s'] * 1000:.0f} ms (p95 {st['extract_p95_s'] * 1000:.0f}); "
        f"ratio {st['extract_over_load']:.1f}x",
        f"calculate median {sc['calculate_median_ms']:.1f} ms (p95 {sc['calculate_p95_ms']:.1f}); "
        f"find median {sc['find_median_ms']:.1f} ms (p95 {sc['find_p95_ms']:.1f}); "
        f"bare article look-ups {sc['bare_lookups_median_ms']:.2f} ms; "
        f"calculate/look-ups {sc['calculate_over_lookups']:.1f}x",
    ]
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=Path, help="an existing lawkb home with the collection")
    ap.add_argument("--corpus", type=Path, default=shared_corpus())
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    try:
        with corpus_kb(args.home, args.corpus) as kb:
            report = measure(kb, args.runs)
    except LawkbError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print_report(report)
    c, n, w = report["coverage"], report["numbers_in_text"], report["worked_examples"]
    ok = c["share"] >= 0.95 and n["share"] == 1.0 and w["matching"] == w["examples"]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
