"""Retrieval quality of lawkb search beside plain BM25 and SQLite FTS5, per question set and half.

Question sets (UTF-8 TSV, header `id question answers notes`, answers `title#key|title#key`, any
one of them answers the question):

- `bench/sets/tune/<set>.tsv` and `bench/sets/validate/<set>.tsv` (lay, case_criminal,
  case_admin, consult, jargon, exam), split into halves by the people who wrote them;
- `bench/devset.tsv`, split into a tuning and a validation half by a fixed hash of the id
  (`half()`), decided before any tuning.

The validation halves are read only to print aggregate figures: this script never prints a
validation question, its answers or its rank. `--misses` lists misses of the *tuning* halves.

Systems, all over every article of the same collection (all versions, as the sealed
evaluation runs `lawkb search --json --all --limit 10`):

- *lawkb*: `KnowledgeBase.search(question, limit=10, include_all=True)`, the code path of
  `lawkb search --json --all --limit 10`.
- *BM25*: `rank_bm25.BM25Okapi` with its defaults over jieba `cut_for_search` tokens of the
  article text (jieba's own dictionary, punctuation dropped), the question tokenised the same way.
- *FTS5*: SQLite FTS5 (unicode61) over the same jieba tokens joined by spaces, the question as
  an OR of its tokens, ranked by FTS5's bm25().

    python bench/bench_search_quality.py                    # fresh collection in a temp dir
    python bench/bench_search_quality.py --home /tmp/kb     # build once, then reuse
    python bench/bench_search_quality.py --misses lay       # lawkb misses, tuning half of `lay`
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import logging
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lawkb.devtools import REPO, shared_corpus

DEVSET = REPO / "bench" / "devset.tsv"
SETS = REPO / "bench" / "sets"
K = 10
HEADER = ["id", "question", "answers", "notes"]
HALVES = ("tune", "validate")
REF = re.compile(r"^(?P<law>[^#|]+)#(?P<key>[^#|]+)$")


# -- question sets ------------------------------------------------------------------------------
@dataclass
class Question:
    id: str
    question: str
    answers: list[str]
    notes: str = ""

    @property
    def group(self) -> str:
        """The part of the mix the notes name first (the dev set: 法典 / 行政程序法 / 法规规章)."""
        return self.notes.split("；", 1)[0] or "?"


def load_questions(path: Path) -> list[Question]:
    """Read and check one set; a bad row raises ValueError naming the file and line."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or rows[0][: len(HEADER)] != HEADER:
        raise ValueError(f"{path}:1: expected the header {chr(9).join(HEADER)!r}")
    out: list[Question] = []
    for lineno, row in enumerate(rows[1:], 2):
        if not row or not any(row):
            continue
        if len(row) < 3:
            raise ValueError(f"{path}:{lineno}: expected {len(HEADER)} tab-separated fields")
        qid, text, answers = (c.strip() for c in row[:3])
        refs = [a.strip() for a in answers.split("|") if a.strip()]
        if not qid or not text or not refs:
            raise ValueError(f"{path}:{lineno}: id, question and answers must not be empty")
        for ref in refs:
            if not REF.match(ref):
                raise ValueError(f"{path}:{lineno}: answer {ref!r} is not 'full title#number'")
        out.append(Question(qid, text, refs, row[3].strip() if len(row) > 3 else ""))
    return out


load_devset = load_questions


def parse_corpus(corpus: Path) -> list:
    """Every law of a corpus folder as lawkb reads it, with the catalogue's status."""
    from lawkb.catalogue import Catalogue
    from lawkb.corpus import parse_file, read_manifest
    from lawkb.paths import corpus_dir

    catalogue = Catalogue.load(corpus_dir())
    return [
        catalogue.apply(parse_file(p, manifest=row)) for p, row in read_manifest(corpus).items()
    ]


def half(qid: str) -> str:
    """The dev set's fixed split: the first byte of sha256(id), even → tune, odd → validate."""
    return HALVES[hashlib.sha256(qid.encode()).digest()[0] % 2]


def load_sets(sets_dir: Path = SETS, devset: Path = DEVSET) -> dict[tuple[str, str], list]:
    """(set, half) -> questions, for every set found (the dev set always). Each folder of
    sets inside `sets_dir` that has halves of its own (`v2/`: written later, blind) adds its
    sets under their name and the folder's: `lay-v2`."""
    out: dict[tuple[str, str], list[Question]] = {}
    folders = [(sets_dir, "")] + [
        (d, f"-{d.name}")
        for d in sorted(sets_dir.iterdir())
        if sets_dir.is_dir()
        if d.is_dir() and d.name not in HALVES and any((d / h).is_dir() for h in HALVES)
    ]
    for folder, suffix in folders:
        for h in HALVES:
            for path in sorted((folder / h).glob("*.tsv")) if (folder / h).is_dir() else []:
                out[(path.stem + suffix, h)] = load_questions(path)
    for (name, h), questions in list(out.items()):
        # a set mixing kinds (case: cc criminal, ca administrative) also gets a row per kind
        kinds = sorted({_kind(q.id) for q in questions})
        for kind in kinds if len(kinds) > 1 else []:
            out[(f"{name}:{kind}", h)] = [q for q in questions if _kind(q.id) == kind]
    if devset.is_file():
        dev = load_questions(devset)
        for h in HALVES:
            out[("devset", h)] = [q for q in dev if half(q.id) == h]
    return out


def _kind(qid: str) -> str:
    """The id's letter prefix: `cc2-001` -> `cc`."""
    return re.match(r"[a-z]*", qid).group(0) or "?"


# -- documents ----------------------------------------------------------------------------------
@dataclass
class Doc:
    ref: str
    text: str


def docs_from_kb(kb) -> list[Doc]:
    """Every article of the collection, every version: what `search --all` ranks."""
    return [Doc(a.ref, a.text) for a in kb.collection.iter_articles()]


def cut_for_search() -> Callable[[str], list[str]]:
    """jieba's cut_for_search with its own default dictionary (a private Tokenizer, so that no
    user dictionary loaded elsewhere in the process leaks into the baselines)."""
    import jieba

    jieba.setLogLevel(logging.CRITICAL)
    t = jieba.Tokenizer()
    t.initialize()
    word = re.compile(r"\w")
    return lambda text: [w for w in t.cut_for_search(text) if word.search(w)]


# -- systems ------------------------------------------------------------------------------------
class PlainBM25:
    name = "BM25"

    def __init__(self, docs: list[Doc], tokens: Callable[[str], list[str]]) -> None:
        from rank_bm25 import BM25Okapi

        self.docs, self.tokens = docs, tokens
        self.bm25 = BM25Okapi([tokens(d.text) for d in docs])

    def ranked(self, question: str, k: int) -> list[str]:
        scores = self.bm25.get_scores(self.tokens(question))
        order = sorted(range(len(scores)), key=lambda i: -scores[i])[:k]
        return [self.docs[i].ref for i in order if scores[i] > 0]


class Fts5:
    name = "FTS5"

    def __init__(self, docs: list[Doc], tokens: Callable[[str], list[str]]) -> None:
        self.tokens = tokens
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE a USING fts5(ref UNINDEXED, body)")
        self.db.executemany(
            "INSERT INTO a VALUES (?, ?)", ((d.ref, " ".join(tokens(d.text))) for d in docs)
        )

    def ranked(self, question: str, k: int) -> list[str]:
        terms = sorted({t.replace('"', "") for t in self.tokens(question)} - {""})
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in terms)
        rows = self.db.execute(
            "SELECT ref FROM a WHERE a MATCH ? ORDER BY bm25(a) LIMIT ?", (match, k)
        )
        return [r[0] for r in rows]


class Lawkb:
    name = "lawkb"

    def __init__(self, kb) -> None:
        self.kb = kb

    def ranked(self, question: str, k: int) -> list[str]:
        hits = self.kb.search(question, limit=k, include_all=True)
        return [f"{h.law}#{h.number}{h.suffix}" for h in hits]


# -- scoring ------------------------------------------------------------------------------------
def first_rank(ranked: list[str], answers: list[str]) -> int | None:
    wanted = set(answers)
    return next((i for i, ref in enumerate(ranked, 1) if ref in wanted), None)


def score(system, questions: list[Question], k: int) -> tuple[dict[str, float], list]:
    ranks = []
    for q in questions:
        try:
            got = system.ranked(q.question, k)
        except Exception as exc:  # a failing query is a miss
            got = []
            print(f"{system.name} failed on a question: {type(exc).__name__}", file=sys.stderr)
        ranks.append((q, first_rank(got, q.answers), got))
    n = len(questions) or 1
    found = [r for _q, r, _g in ranks if r is not None and r <= k]
    figures = {"n": len(questions), "recall": len(found) / n, "mrr": sum(1 / r for r in found) / n}
    return figures, ranks


def open_lawkb(home: Path, corpus: Path):
    from lawkb.kb import KnowledgeBase

    kb = KnowledgeBase(home)
    if kb.is_empty():
        t0 = time.perf_counter()
        report = kb.import_paths([corpus])
        print(f"imported {corpus} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        if report.failed:
            print(f"warning: {len(report.failed)} file(s) failed to import", file=sys.stderr)
    kb.ensure_index()
    return kb


def print_misses(name: str, ranks: list, k: int) -> None:
    print(f"\nlawkb misses in {name} (tuning half):")
    for q, r, got in ranks:
        if r is None or r > k:
            print(f"  {q.id}  {q.question}\n      want {', '.join(q.answers)}")
            print(f"      got  {', '.join(got[:3]) or '(nothing)'}")
        elif r > 1:
            print(f"  {q.id}  rank {r}: {q.question}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", type=Path, help="lawkb home to build or reuse (default: temp dir)")
    ap.add_argument("--corpus", type=Path, default=None, help="default: ../shared/corpus")
    ap.add_argument("--sets", type=Path, default=SETS)
    ap.add_argument("--only", help="comma-separated set names")
    ap.add_argument("--half", choices=HALVES, help="only this half")
    ap.add_argument("--no-baselines", action="store_true")
    ap.add_argument("--misses", help="print lawkb misses of this set's tuning half")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    corpus = args.corpus or shared_corpus()
    sets = load_sets(args.sets)
    if args.only:
        keep = set(args.only.split(","))
        sets = {key: qs for key, qs in sets.items() if key[0].split(":")[0] in keep}
    sets = dict(sorted(sets.items(), key=lambda kv: (kv[0][1] != "tune", kv[0][0])))
    if args.half:
        sets = {key: qs for key, qs in sets.items() if key[1] == args.half}

    tmp = None if args.home else Path(tempfile.mkdtemp(prefix="lawkb-bench-"))
    kb = open_lawkb(args.home or tmp, corpus)
    try:
        systems: list = [Lawkb(kb)]
        if not args.no_baselines:
            docs, tokens = docs_from_kb(kb), cut_for_search()
            systems += [PlainBM25(docs, tokens), Fts5(docs, tokens)]
        table: dict[str, dict[str, dict[str, float]]] = {}
        for (name, h), questions in sets.items():
            row = table.setdefault(f"{name} {h}", {})
            for system in systems:
                row[system.name], ranks = score(system, questions, K)
                if system.name == "lawkb" and h == "tune" and args.misses == name:
                    print_misses(name, ranks, K)
        if args.json:
            print(json.dumps(table, ensure_ascii=False, indent=2))
        else:
            names = [s.name for s in systems]
            print(f"\n| set, half | n | {' | '.join(f'{n} R@10 / MRR@10' for n in names)} |")
            print("|---|---|" + "---|" * len(names))
            for key, row in table.items():
                cells = " | ".join(f"{row[n]['recall']:.3f} / {row[n]['mrr']:.3f}" for n in names)
                print(f"| {key} | {row[names[0]]['n']} | {cells} |")
    finally:
        kb.close()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
