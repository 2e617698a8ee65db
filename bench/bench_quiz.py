"""Quiz generation on the real corpus: validation pass share, spread, paper time.

    python bench/bench_quiz.py                   # fresh collection in a temp dir
    python bench/bench_quiz.py --home /tmp/kb    # reuse (or build once) a home
    python bench/bench_quiz.py --json            # one JSON object

1. Generates every question the generator makes over the current collection (raw output:
   nothing filtered by the validator first) and checks each one with lawkb.quiz.validate
   against its article read afresh from the store. Prints the pass share (must be 100 %)
   and the spread by law, by type, by kind of fact and by difficulty.
2. Times `lawkb exam paper --json` (80 questions, default template) in fresh processes,
   against two baselines measured in the same run: a bare interpreter and `lawkb --help`;
   and once more with jieba loaded into the process first (the target, at most 2 s, is
   "jieba loading included"). Prints median and p95.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from lawkb.devtools import REPO, import_corpus, shared_corpus

CORPUS = shared_corpus()
JIEBA_FIRST = (
    "import jieba, logging; jieba.setLogLevel(logging.WARNING); jieba.initialize(); "
    "import sys; from lawkb.cli.main import main; sys.argv=['lawkb']+sys.argv[1:]; main()"
)


def open_home(home: Path | None):
    from lawkb.kb import KnowledgeBase

    if home is None:
        home = Path(tempfile.mkdtemp(prefix="lawkb-bench-quiz-"))
    kb = KnowledgeBase(home)
    if kb.is_empty():
        t = time.perf_counter()
        import_corpus(kb, CORPUS)
        print(f"imported {CORPUS} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return kb


def generation(kb) -> dict:
    from lawkb.quiz.generate import generate_for_law
    from lawkb.quiz.validate import validate_all

    catalog = kb.question_catalog(bank_dirs=[])
    titles = catalog.law_titles()
    t = time.perf_counter()
    dropped: Counter[str] = Counter()
    questions = [
        q
        for title in titles
        for q in generate_for_law(catalog.law(title), pool=catalog.pool(title), dropped=dropped)
    ]
    gen_s = time.perf_counter() - t
    articles = sum(len(catalog.law(title).articles) for title in titles)
    t = time.perf_counter()
    report = validate_all(questions, kb.article_by_ref)  # a fresh read of every article
    val_s = time.perf_counter() - t
    by_law = Counter(q.source.short_title for q in questions)
    covered = len({q.source.ref for q in questions})
    return {
        "laws": len(titles),
        "articles": articles,
        "articles_with_questions": covered,
        "questions": len(questions),
        "dropped_by_rule": dict(dropped.most_common()),
        "cases_dropped_by_rule": case_drops(kb, catalog),
        "generate_seconds": round(gen_s, 2),
        "validate_seconds": round(val_s, 2),
        "validated": report.checked,
        "passed": report.passed,
        "pass_share": report.share,
        "failures": dict(list(report.failures.items())[:20]),
        "by_type": dict(Counter(q.type.label for q in questions).most_common()),
        "by_kind": dict(Counter(q.kind.label for q in questions).most_common()),
        "by_type_kind": {
            f"{t}/{k}": n
            for (t, k), n in Counter((q.type.label, q.kind.label) for q in questions).most_common()
        },
        "by_difficulty": dict(sorted(Counter(q.difficulty for q in questions).items())),
        "laws_with_questions": len(by_law),
        "by_law_top": dict(by_law.most_common(12)),
        "by_category": dict(
            Counter(
                next(s.category.value for s in kb.laws() if s.title == q.source.law)
                for q in questions
            ).most_common()
        ),
    }


def case_drops(kb, catalog) -> dict:
    """The case questions the case builders make, and which linter rule drops each one the
    catalogue leaves out (the catalogue runs the same builders and `keeps`)."""
    from lawkb.discretion.table import load_table
    from lawkb.quiz.cases import article_cases, deadline_cases, penalty_cases
    from lawkb.quiz.catalog import _violations
    from lawkb.quiz.lint import broken_rule

    laws = {t: catalog.law(t) for t in catalog.law_titles()}
    made = (
        penalty_cases(load_table(kb).rows, laws)
        + deadline_cases({law.short_title: law for law in laws.values()})
        + article_cases(_violations(), laws)
    )
    return dict(Counter(r for q in made if (r := broken_rule(q))).most_common())


CORE_LAWS = ("行政处罚法", "行政许可法", "行政强制法", "行政复议法", "行政诉讼法")


def safe_pool(kb, catalog, scope=None) -> list:
    """What papers draw from: every validated, unflagged question of the scope, and the cases."""
    out = []
    for title in catalog.law_titles(scope):
        for a in catalog.law(title).articles:
            if not a.deleted and a.text:
                out.extend(catalog.for_article(a))
    return out + catalog.cases(scope)


def exam_shape(kb, seeds: int = 5) -> dict:
    """Linter share, coverage of the core laws, 判断 balance, the default paper's mix."""
    from lawkb.quiz.lint import lint_question
    from lawkb.quiz.mix import mix_report, topic_of
    from lawkb.quiz.paper import draw_paper, load_template

    catalog = kb.question_catalog(bank_dirs=[])
    raw = [q for t in catalog.law_titles() for q in catalog.generated(t)] + catalog.cases()
    linted = [q for q in raw if lint_question(q)]
    coverage = {}
    for name in CORE_LAWS:
        title = kb.resolve_law(name)
        arts = [a for a in catalog.law(title).articles if not a.deleted and a.text]
        covered = sum(1 for a in arts if catalog.for_article(a))
        coverage[name] = (covered, len(arts), round(100 * covered / len(arts), 1))
    judges = [q for q in raw if q.type.value == "judge"]
    template = load_template("default")
    papers = []
    for seed in range(1, seeds + 1):
        paper = draw_paper(catalog, template, seed)
        qs = [i.question for i in paper.items]
        topic = {q.id: topic_of(q, _article(catalog, q)) for q in qs}
        rep = mix_report(qs, template.mix, kb.resolve_law, topic)
        rows = [(k, n, h, w) for k in ("parts", "laws", "topics") for n, (h, w) in rep[k].items()]
        papers.append(
            {
                "seed": seed,
                "cases_percent": rep["cases"][0],
                "worst_gap_points": round(max(abs(h - w) for _, _, h, w in rows), 1),
                "judge_true": sum(q.answer == ["A"] for q in qs if q.type.value == "judge"),
                "case_kinds": dict(Counter(q.kind.label for q in qs if q.is_case)),
                "lint_failures": sum(bool(lint_question(q)) for q in qs),
                "mix": [
                    (k, n.removeprefix("中华人民共和国"), round(h, 1), w) for k, n, h, w in rows
                ],
            }
        )
    return {
        "pool": len(raw),
        "lint_pass_percent": round(100 * (1 - len(linted) / max(1, len(raw))), 2),
        "lint_examples": {q.id: lint_question(q) for q in linted[:10]},
        "coverage": coverage,
        "judge_true_percent": round(100 * sum(q.answer == ["A"] for q in judges) / len(judges), 1),
        "cases": len(catalog.cases()),
        "papers": papers,
    }


def _article(catalog, q):
    return None if q.is_case or q.origin != "generated" else catalog.article(q.source.ref)


# 判断 half keyed 正确, half 错误; cases as a paper draws them (fine, deadline and competent
# body in turn, no "which article")
SAMPLE_TYPES = {
    "single": 12,
    "case_penalty": 4,
    "case_deadline": 4,
    "case_authority": 4,
    "multi": 12,
    "judge_true": 7,
    "judge_false": 7,
    "cloze": 10,
}


def _stratum(q) -> str:
    if q.is_case:
        return q.kind.value
    if q.type.value == "judge":
        return "judge_true" if q.answer == ["A"] else "judge_false"
    return q.type.value


def write_sample(kb, path: Path, seed: int) -> int:
    """A seeded random sample of the default scope's pool, all types, for a person to judge:
    stem, options, key and the article the explanation cites; verdict and reason left empty."""
    import csv
    import random

    from lawkb.quiz.paper import load_template

    catalog = kb.question_catalog(bank_dirs=[])
    pool = safe_pool(kb, catalog, load_template("default").scope)
    rng = random.Random(seed)
    picked = []
    for stratum, n in SAMPLE_TYPES.items():
        group = [q for q in pool if _stratum(q) == stratum]
        picked += rng.sample(sorted(group, key=lambda q: q.id), n)
    rng.shuffle(picked)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(
            [
                "n",
                "id",
                "type",
                "kind",
                "law",
                "article",
                "stem",
                "options",
                "key",
                "explanation",
                "verdict",
                "reason",
            ]
        )
        for n, q in enumerate(picked, start=1):
            options = " | ".join(f"{'ABCD'[i]}. {o}" for i, o in enumerate(q.options))
            key = q.answer_text if q.type.value != "judge" else q.options["AB".index(q.answer[0])]
            article = catalog.article(q.source.ref).label
            w.writerow(
                [
                    n,
                    q.id,
                    q.type.label,
                    q.kind.label,
                    q.source.short_title,
                    article,
                    q.stem,
                    options,
                    key,
                    q.explanation.replace("\n", " "),
                    "",
                    "",
                ]
            )
    return len(picked)


def timed(cmd: list[str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, cwd=REPO)
        out.append(time.perf_counter() - t)
        if r.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed: {r.stderr.decode()[-500:]}")
    return out


def paper_times(home: Path, runs: int) -> dict:
    py = sys.executable
    paper = ["exam", "paper", "--json", "--home", str(home)]
    rows = {
        "python -c pass": timed([py, "-c", "pass"], runs),
        "lawkb --help": timed([py, "-m", "lawkb", "--help"], runs),
        "lawkb exam paper --json (seeds 1..n)": [
            timed([py, "-m", "lawkb", *paper, "--seed", str(i)], 1)[0] for i in range(1, runs + 1)
        ],
        "jieba loaded first + exam paper": [
            timed([py, "-c", JIEBA_FIRST, *paper, "--seed", str(i)], 1)[0]
            for i in range(1, runs + 1)
        ],
    }
    probe = subprocess.run(
        [
            py,
            "-c",
            "import sys; from lawkb.kb import KnowledgeBase; "
            f"KnowledgeBase({str(home)!r}).quiz_service().paper(seed=1); "
            "print('jieba' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    base = statistics.median(rows["lawkb --help"])
    return {
        "runs": runs,
        "paper_path_loads_jieba": probe.stdout.strip() == "True",
        "timings": {
            name: {
                "median_s": round(statistics.median(v), 3),
                "p95_s": round(sorted(v)[max(0, round(0.95 * len(v)) - 1)], 3),
                "vs_lawkb_help": round(statistics.median(v) / base, 2),
            }
            for name, v in rows.items()
        },
    }


def print_shape(shape: dict) -> None:
    print(
        f"pool {shape['pool']} questions (with {shape['cases']} cases): "
        f"linter passes {shape['lint_pass_percent']} %"
    )
    for qid, problems in shape["lint_examples"].items():
        print(f"  LINT {qid}: {'; '.join(problems)}")
    for law, (covered, total, pct) in shape["coverage"].items():
        print(f"coverage {law}: {covered}/{total} articles = {pct} %")
    print(f"判断 keyed 正确 in the pool: {shape['judge_true_percent']} %")
    for p in shape["papers"]:
        print(
            f"default paper seed {p['seed']}: cases {p['cases_percent']:.1f} %, worst gap "
            f"{p['worst_gap_points']} points, 判断 正确 {p['judge_true']}/20, "
            f"lint failures {p['lint_failures']}, cases {p['case_kinds']}"
        )
    print("mix of seed 1 (share % / target %):")
    for kind, name, have, want in shape["papers"][0]["mix"]:
        print(f"  {kind:6s} {name:14s} {have:5.1f} / {want:g}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-times", action="store_true", help="skip the paper timings")
    ap.add_argument("--sample", type=Path, help="write a seeded sample to judge to this TSV")
    ap.add_argument("--sample-seed", type=int, default=20261202)
    args = ap.parse_args()
    kb = open_home(args.home)
    if args.sample:
        n = write_sample(kb, args.sample, args.sample_seed)
        print(f"wrote {n} questions to {args.sample} (seed {args.sample_seed})")
        return
    gen = generation(kb)
    shape = exam_shape(kb)
    times = None if args.no_times else paper_times(kb.home, args.runs)
    if args.json:
        out = {"generation": gen, "shape": shape, "paper": times}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    print_shape(shape)
    print(
        f"current laws {gen['laws']}, articles {gen['articles']}, "
        f"with questions {gen['articles_with_questions']}"
    )
    print(
        f"generated {gen['questions']} questions in {gen['generate_seconds']} s; "
        f"validated {gen['validated']} in {gen['validate_seconds']} s: "
        f"{gen['passed']} pass = {100 * gen['pass_share']:.2f} %"
    )
    for qid, problems in gen["failures"].items():
        print(f"  FAIL {qid}: {'; '.join(problems)}")
    print(f"dropped by the linter at generation: {gen['dropped_by_rule']}")
    print(f"case questions dropped by the linter: {gen['cases_dropped_by_rule']}")
    for key in ("by_type", "by_kind", "by_type_kind", "by_difficulty", "by_category", "by_law_top"):
        print(f"{key}: " + ", ".join(f"{k} {v}" for k, v in gen[key].items()))
    print(f"laws with questions: {gen['laws_with_questions']}")
    if gen["pass_share"] < 1.0 or shape["lint_pass_percent"] < 100:
        sys.exit(1)
    if times is None:
        return
    print(f"paper path loads jieba: {times['paper_path_loads_jieba']}")
    for name, t in times["timings"].items():
        print(
            f"{name:40s} median {t['median_s']:.3f} s  p95 {t['p95_s']:.3f} s  "
            f"({t['vs_lawkb_help']:.2f}x lawkb --help)"
        )
    if gen["pass_share"] < 1.0:
        sys.exit(1)


if __name__ == "__main__":
    main()
