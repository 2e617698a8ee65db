"""Retrieval quality of lawkb search against a plain BM25 baseline, on bench/devset.tsv.

Each dev-set question is written in plain words and labelled with the articles that answer it
(`中华人民共和国生态环境法典#1060`, several separated by `|`). In one run this script

- builds (or reuses, with --home) a lawkb collection of the shared corpus and asks `kb.search`
  every question (current law, default options), and
- asks the same questions of a plain baseline: Okapi BM25 (k1=1.2, b=0.75) over the jieba
  default tokens (`lcut`, accurate mode, HMM on, no user dictionary) of each article's text
  only (no title or chapter field, no query parsing), over the same current-law articles.

It prints Recall@10, MRR@10 and Recall@1 for both, the ratio lawkb / baseline, and the
questions lawkb misses. Recall@k counts a question as found when any of its labelled articles
is in the top k (the labels are alternatives: each one answers the question); "answer recall"
is the share of all labelled articles found in the top k.

    /tmp/venv/bin/python bench/bench_search_quality.py            # fresh collection in a temp dir
    /tmp/venv/bin/python bench/bench_search_quality.py --home ~/.lawkb-bench --json
    /tmp/venv/bin/python bench/bench_search_quality.py --baseline-only
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import math
import os
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # measure the working tree's lawkb, installed or not
DEVSET = REPO / "bench" / "devset.tsv"
K = 10
HEADER = ["id", "question", "answers", "notes"]
TAB = "\t"
REF = re.compile(r"^(?P<law>[^#|]+)#(?P<number>[1-9][0-9]*)(?P<suffix>之[一二三四五六七八九十]+)?$")


# -- the dev set -------------------------------------------------------------------------------
@dataclass
class Question:
    id: str
    question: str
    answers: list[str]  # refs "title#123" or "title#123之一"
    notes: str = ""

    @property
    def group(self) -> str:
        """The part of the mix (法典 / 行政程序法 / 法规规章): the notes up to the first ；."""
        return self.notes.split("；", 1)[0] or "?"


def load_devset(path: Path = DEVSET) -> list[Question]:
    """Read and check the dev set; a bad row raises ValueError naming the file and line."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or rows[0] != HEADER:
        raise ValueError(f"{path}:1: expected the header {TAB.join(HEADER)!r}")
    questions: list[Question] = []
    for lineno, row in enumerate(rows[1:], 2):
        if not row or not any(row):
            continue
        if len(row) != len(HEADER):
            raise ValueError(f"{path}:{lineno}: expected {len(HEADER)} tab-separated fields")
        qid, text, answers, notes = (c.strip() for c in row)
        refs = [a.strip() for a in answers.split("|") if a.strip()]
        if not qid or not text or not refs:
            raise ValueError(f"{path}:{lineno}: id, question and answers must not be empty")
        for ref in refs:
            if not REF.match(ref):
                raise ValueError(f"{path}:{lineno}: answer {ref!r} is not 'full title#number'")
        questions.append(Question(qid, text, refs, notes))
    return questions


# -- the corpus and its current-law articles ------------------------------------------------------
def shared_corpus() -> Path:
    env = os.environ.get("LAWKB_SHARED_CORPUS")
    return Path(env) if env else REPO.parent / "shared" / "corpus"


def parse_corpus(corpus: Path) -> list:
    """Every law of the corpus as lawkb reads it: its parser, the manifest row, and the status
    the collection definition (corpus/catalogue.tsv) knows better than the sources."""
    from lawkb.catalogue import Catalogue
    from lawkb.corpus import parse_file, read_manifest
    from lawkb.paths import corpus_dir

    catalogue = Catalogue.load(corpus_dir())
    return [
        catalogue.apply(parse_file(path, manifest=row))
        for path, row in read_manifest(corpus).items()
    ]


@dataclass
class Doc:
    ref: str
    text: str


def docs_from_kb(kb) -> list[Doc]:
    """The current-law articles of a lawkb collection: the very set lawkb searches by default."""
    docs: list[Doc] = []
    for summary in kb.laws():
        docs += [Doc(a.ref, a.text) for a in kb.law(summary.title).articles]
    return docs


def docs_from_files(corpus: Path) -> list[Doc]:
    """The current-law articles parsed from the files (when lawkb's store cannot be used)."""
    from lawkb.models import Status

    laws = [law for law in parse_corpus(corpus) if law.status == Status.CURRENT]
    return [Doc(a.ref, a.text) for law in laws for a in law.articles]


# -- the baseline: Okapi BM25 over plain jieba tokens ---------------------------------------------
def plain_tokenizer() -> Callable[[str], list[str]]:
    """jieba's default lcut with its own default dictionary: a private Tokenizer, so that no
    user dictionary loaded elsewhere in the process can leak into the baseline."""
    import jieba

    jieba.setLogLevel(logging.CRITICAL)
    t = jieba.Tokenizer()
    t.initialize()
    word = re.compile(r"\w")
    return lambda text: [w for w in t.lcut(text) if word.search(w)]  # drop punctuation, spaces


class BM25:
    def __init__(self, docs: list[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.lengths = [len(d) for d in docs]
        self.avgdl = sum(self.lengths) / max(len(docs), 1)
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                self.postings[term].append((i, tf))
        n = len(docs)
        self.idf = {
            t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()
        }

    def search(self, terms: Iterable[str], k: int) -> list[int]:
        scores: dict[int, float] = defaultdict(float)
        for term in set(terms):
            idf = self.idf.get(term)
            if idf is None:
                continue
            for i, tf in self.postings[term]:
                norm = 1 - self.b + self.b * self.lengths[i] / self.avgdl
                scores[i] += idf * tf * (self.k1 + 1) / (tf + self.k1 * norm)
        return sorted(scores, key=lambda i: (-scores[i], i))[:k]


# -- scoring --------------------------------------------------------------------------------------
@dataclass
class Run:
    name: str
    ranked: dict[str, list[str]] = field(default_factory=dict)  # question id -> refs, best first
    errors: dict[str, str] = field(default_factory=dict)

    def rank(self, q: Question) -> int | None:
        """1-based rank of the first answering article, or None when not in the list."""
        wanted = set(q.answers)
        for i, ref in enumerate(self.ranked.get(q.id, []), 1):
            if ref in wanted:
                return i
        return None


def metrics(run: Run, questions: list[Question], k: int = K) -> dict[str, float]:
    n = len(questions) or 1
    ranks = [run.rank(q) for q in questions]
    found = [r for r in ranks if r is not None and r <= k]
    answer_recall = sum(
        len(set(q.answers) & set(run.ranked.get(q.id, [])[:k])) / len(q.answers) for q in questions
    )
    return {
        f"recall@{k}": len(found) / n,
        f"mrr@{k}": sum(1 / r for r in found) / n,
        "recall@1": sum(1 for r in found if r == 1) / n,
        f"answer_recall@{k}": answer_recall / n,
    }


def ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


# -- the two systems ------------------------------------------------------------------------------
def run_baseline(questions: list[Question], docs: list[Doc], k: int) -> Run:
    tokens = plain_tokenizer()
    index = BM25([tokens(d.text) for d in docs])
    run = Run("BM25 baseline")
    for q in questions:
        run.ranked[q.id] = [docs[i].ref for i in index.search(tokens(q.question), k)]
    return run


def hit_ref(hit) -> str:
    return f"{hit.law}#{hit.number}{hit.suffix}"


def open_lawkb(home: Path, corpus: Path, log: Callable[[str], None]):
    from lawkb.kb import KnowledgeBase

    kb = KnowledgeBase(home)
    if kb.is_empty():
        t0 = time.perf_counter()
        report = kb.import_paths([corpus])
        log(f"imported {corpus} in {time.perf_counter() - t0:.1f} s")
        failed = getattr(report, "failed", None)
        if failed:
            log(f"warning: {len(failed)} file(s) failed to import: {failed}")
    t0 = time.perf_counter()
    if kb.ensure_index():
        log(f"built the index in {time.perf_counter() - t0:.1f} s")
    return kb


def run_lawkb(kb, questions: list[Question], k: int) -> Run:
    run = Run("lawkb")
    for q in questions:
        try:
            run.ranked[q.id] = [hit_ref(h) for h in kb.search(q.question, limit=k)]
        except Exception as exc:  # a failing query is a miss, reported by id
            run.ranked[q.id] = []
            run.errors[q.id] = f"{type(exc).__name__}: {exc}"
    return run


# -- report ---------------------------------------------------------------------------------------
def short(ref: str) -> str:
    return ref.removeprefix("中华人民共和国")


def pad(text: str, width: int) -> str:
    """Left-align in terminal cells: CJK characters take two."""
    cells = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - cells, 0)


def report(
    questions: list[Question], runs: list[Run], k: int, info: dict[str, object]
) -> dict[str, object]:
    groups = sorted(
        {q.group for q in questions}, key=lambda g: -sum(q.group == g for q in questions)
    )
    out: dict[str, object] = dict(info)
    out["k"] = k
    out["questions"] = len(questions)
    out["mix"] = {g: sum(q.group == g for q in questions) for g in groups}
    out["systems"] = {r.name: metrics(r, questions, k) for r in runs}
    out["by_group"] = {
        r.name: {g: metrics(r, [q for q in questions if q.group == g], k) for g in groups}
        for r in runs
    }
    if len(runs) == 2:
        base, kb = (out["systems"][r.name] for r in runs)
        out["ratio"] = {m: ratio(kb[m], base[m]) for m in base}
        base_run, kb_run = runs
        out["lawkb_misses"] = [
            {
                "id": q.id,
                "question": q.question,
                "answers": q.answers,
                "notes": q.notes,
                "baseline_rank": base_run.rank(q),
                "lawkb_top3": kb_run.ranked.get(q.id, [])[:3],
                "error": kb_run.errors.get(q.id),
            }
            for q in questions
            if (kb_run.rank(q) or k + 1) > k
        ]
    return out


def print_table(out: dict, k: int) -> None:
    p = print
    mix = ", ".join(f"{g} {n}" for g, n in out["mix"].items())
    p(f"Retrieval quality: {out['questions']} questions ({mix}), top {k}")
    p(f"corpus {out['corpus']}: {out['documents']} current-law articles ({out['doc_source']})")
    if out.get("lawkb_error"):
        p(f"lawkb: not measured ({out['lawkb_error']})")
    p("")
    cols = [f"recall@{k}", f"mrr@{k}", "recall@1", f"answer_recall@{k}"]
    p(f"{'system':<16}" + "".join(f"{c:>18}" for c in cols))
    for name, m in out["systems"].items():
        p(f"{name:<16}" + "".join(f"{m[c]:>18.3f}" for c in cols))
    if "ratio" in out:
        p(f"{'lawkb/baseline':<16}" + "".join(f"{(out['ratio'][c] or 0):>17.2f}x" for c in cols))
    p("")
    p(f"by group (recall@{k} / mrr@{k}):")
    for g in out["mix"]:
        cells = "   ".join(
            f"{name} {by[g][f'recall@{k}']:.3f} / {by[g][f'mrr@{k}']:.3f}"
            for name, by in out["by_group"].items()
        )
        p(f"  {pad(g, 10)} ({out['mix'][g]:>3})  {cells}")
    misses = out.get("lawkb_misses")
    if misses is not None:
        p("")
        p(f"questions lawkb misses (no answering article in its top {k}): {len(misses)}")
        for m in misses:
            base = f"baseline rank {m['baseline_rank']}" if m["baseline_rank"] else "baseline miss"
            p(f"  {m['id']}  {m['question']}   [{base}]")
            p(f"        expected: {', '.join(short(a) for a in m['answers'])}")
            got = m["error"] or ", ".join(short(r) for r in m["lawkb_top3"]) or "(no hits)"
            p(f"        lawkb top 3: {got}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", type=Path, help="lawkb home to build or reuse (default: a temp dir)")
    ap.add_argument("--corpus", type=Path, default=None, help="default: ../shared/corpus")
    ap.add_argument("--devset", type=Path, default=DEVSET)
    ap.add_argument("-k", type=int, default=K, help="cut-off (default 10)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead")
    ap.add_argument("--baseline-only", action="store_true", help="do not run lawkb")
    args = ap.parse_args(argv)

    corpus = args.corpus or shared_corpus()
    questions = load_devset(args.devset)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr)

    kb = None
    lawkb_error = None
    tmp_home = None
    if not args.baseline_only:
        home = args.home
        if home is None:
            tmp_home = Path(tempfile.mkdtemp(prefix="lawkb-bench-"))
            home = tmp_home
        try:
            kb = open_lawkb(home, corpus, log)
        except Exception as exc:  # lawkb is being written: say why and measure the baseline
            lawkb_error = f"{type(exc).__name__}: {exc}"
    try:
        docs, source = None, ""
        if kb is not None:
            try:
                docs, source = docs_from_kb(kb), "from the lawkb collection"
            except Exception as exc:
                log(f"cannot list the collection ({exc}); parsing the corpus instead")
        if docs is None:
            docs, source = docs_from_files(corpus), "parsed by lawkb.corpus.parse_file"

        runs = [run_baseline(questions, docs, args.k)]
        if kb is not None:
            runs.append(run_lawkb(kb, questions, args.k))
        info = {
            "devset": str(args.devset),
            "corpus": str(corpus),
            "documents": len(docs),
            "doc_source": source,
            "lawkb_error": lawkb_error,
        }
        out = report(questions, runs, args.k, info)
        if args.json:
            print(json.dumps(out, ensure_ascii=False, indent=2))
        else:
            print_table(out, args.k)
    finally:
        if tmp_home is not None:
            shutil.rmtree(tmp_home, ignore_errors=True)
    return 1 if lawkb_error else 0


if __name__ == "__main__":
    sys.exit(main())
