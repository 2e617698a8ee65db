"""Build corpus/dictionary.txt, the legal-term user dictionary for jieba, from law texts.

Candidates come from two places:
  * seeds: enforcement terms reviewed by hand (tools/dictionary_seeds.txt);
  * mining: CJK n-grams (3 to 8 characters) that recur across articles, have varied neighbours
    on both sides (boundary entropy: they behave as a unit) and that jieba's default dictionary
    splits. Mined terms pass only when they also match a legal-term shape (责令…, …许可证,
    …设施 …) or were accepted before; rejected ones are listed in tools/dictionary_rejects.txt.

Usage: python tools/build_dictionary.py ../shared/corpus [--report]
"""

from __future__ import annotations

import argparse
import logging
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "corpus" / "dictionary.txt"
SEEDS = HERE / "dictionary_seeds.txt"
REJECTS = HERE / "dictionary_rejects.txt"
FREQ = 20000  # high enough that jieba keeps the term whole, as suggest_freq would

ARTICLE = re.compile(r"第[零〇一二三四五六七八九十百千]+条")
RUN = re.compile(r"[\u4e00-\u9fff]+")
SHAPES = re.compile(
    r"^(责令|限期|按日|查封|扣押|限制|停产|排污|环境|生态|污染|危险|固体|突发|行政|自动|重点|"
    r"建设|清洁|总量|排放|监测|应急|信息|许可|违法)"
    r"|(许可证|制度|设施|标准|名录|清单|报告书|报告表|登记表|评价|整治|改正|处罚|拘留|"
    r"赔偿|修复|监测|监控|污染物|废物|废水|废气|总量|限值|区域|单位|物质)$"
)


def _read(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split() if path.is_file() else []


def article_texts(corpus: Path) -> list[str]:
    texts: list[str] = []
    for f in sorted(corpus.rglob("*.md")):
        if f.name == "README.md":
            continue
        current: list[str] = []
        for line in f.read_text(encoding="utf-8").splitlines():
            clean = re.sub(r"<[^>]+>|&emsp;|\{[^}]*\}", "", line)
            if ARTICLE.match(clean.strip()):
                texts.append("".join(current))
                current = []
            current.append(clean)
        texts.append("".join(current))
    return [t for t in texts if t]


FUNCTION_CHARS = set("的和或及等在对将由与其应并不有为以于所之而被把向从该本各")
GLUE = re.compile(
    r"或者|以及|应当|可以|不得|其他|有关|本法|本条|条例|办法|第|造成|进行|符合|超过|受到|排入|提出|作出"
    r"|提供|履行|批准|申请|确定|做好|加强|开展|建立|根据|负责|管理本|划定|纳入|及时|从事|使用|委托"
)


def well_formed(term: str, cut) -> bool:
    """A term made of two or three whole words, with no function word at either end."""
    if term[0] in FUNCTION_CHARS or term[-1] in FUNCTION_CHARS or GLUE.search(term):
        return False
    pieces = cut(term)
    return len(term) <= 6 and 2 <= len(pieces) <= 3 and all(len(p) >= 2 for p in pieces)


def mine(texts: list[str], jieba_cut, min_docs: int = 3) -> list[tuple[str, int, float]]:
    doc_freq: Counter[str] = Counter()
    left: dict[str, Counter[str]] = defaultdict(Counter)
    right: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        seen: set[str] = set()
        for run in RUN.findall(text):
            for n in range(3, 9):
                for i in range(len(run) - n + 1):
                    g = run[i : i + n]
                    seen.add(g)
                    left[g][run[i - 1] if i else "^"] += 1
                    right[g][run[i + n] if i + n < len(run) else "$"] += 1
        doc_freq.update(seen)

    def entropy(c: Counter[str]) -> float:
        total = sum(c.values())
        return -sum(v / total * math.log(v / total) for v in c.values())

    out: list[tuple[str, int, float]] = []
    for g, df in doc_freq.items():
        if df < min_docs:
            continue
        h = min(entropy(left[g]), entropy(right[g]))
        if h < 1.0:
            continue
        if len(jieba_cut(g)) < 2:
            continue  # jieba already keeps it whole
        out.append((g, df, h))
    out.sort(key=lambda t: (-t[1] * t[2], t[0]))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--report", action="store_true", help="print mined candidates not taken")
    args = ap.parse_args()

    import jieba

    jieba.setLogLevel(logging.CRITICAL)
    texts = article_texts(args.corpus)
    seeds = _read(SEEDS)
    rejects = set(_read(REJECTS))
    mined = mine(texts, jieba.lcut)
    taken = [
        g
        for g, _df, _h in mined
        if SHAPES.search(g) and g not in rejects and well_formed(g, jieba.lcut)
    ]
    # a mined term that contains a longer accepted term is redundant
    terms = list(dict.fromkeys([*seeds, *taken]))
    OUT.write_text(
        "# Legal-term user dictionary for jieba: word freq. Built by tools/build_dictionary.py;\n"
        "# seeds reviewed by hand; mined terms filtered by shape and dictionary_rejects.txt.\n"
        + "".join(f"{t} {FREQ}\n" for t in terms),
        encoding="utf-8",
    )
    print(
        f"{len(texts)} articles; {len(seeds)} seeds, {len(taken)} mined"
        f" -> {len(terms)} terms in {OUT}"
    )
    if args.report:
        for g, df, h in mined[:300]:
            if g not in terms:
                print(f"  not taken: {g} df={df} h={h:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
