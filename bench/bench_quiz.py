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
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CORPUS = Path(os.environ.get("LAWKB_SHARED_CORPUS", REPO.parent / "shared" / "corpus"))
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
        report = kb.import_paths([CORPUS])
        if not report.ok:
            sys.exit(f"import failed: {report.failed}")
        print(f"imported {CORPUS} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return kb


def generation(kb) -> dict:
    from lawkb.quiz.catalog import QuestionCatalog
    from lawkb.quiz.validate import validate_all

    catalog = QuestionCatalog(kb, bank_dirs=[])
    titles = catalog.law_titles()
    t = time.perf_counter()
    questions = [q for title in titles for q in catalog.generated(title)]
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
            "import sys; from lawkb.kb import KnowledgeBase; from lawkb.quiz.service import "
            f"QuizService; QuizService(KnowledgeBase({str(home)!r})).paper(seed=1); "
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    kb = open_home(args.home)
    gen = generation(kb)
    times = paper_times(kb.home, args.runs)
    if args.json:
        print(json.dumps({"generation": gen, "paper": times}, ensure_ascii=False, indent=2))
        return
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
    for key in ("by_type", "by_kind", "by_type_kind", "by_difficulty", "by_category", "by_law_top"):
        print(f"{key}: " + ", ".join(f"{k} {v}" for k, v in gen[key].items()))
    print(f"laws with questions: {gen['laws_with_questions']}")
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
