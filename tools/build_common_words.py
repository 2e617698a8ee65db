"""Write corpus/common_words.tsv: words that everyday Chinese uses so often that, in a question,
they say little about its topic (能, 多, 才, 现在 …), with their general-language log-idf.

The frequencies are jieba's own dictionary counts (jieba/dict.txt, MIT licence), not law text.
Search weighs a question word by this figure: the law rarely writes 能 or 才 as words, so their
index idf is high and, unweighted, they pull in articles on 能源 or 才能.

    python tools/build_common_words.py            # rewrite corpus/common_words.tsv
    python tools/build_common_words.py --check    # exit 1 if the file is not current
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import jieba

from lawkb.devtools import REPO

OUT = REPO / "corpus" / "common_words.tsv"
MAX_IDF = 10.0  # words at or above this are content words: search leaves them at full weight
HEADER = (
    "# General-language log-idf (ln(total / count)) of jieba's dictionary words below "
    f"{MAX_IDF:g};\n# written by tools/build_common_words.py from jieba/dict.txt, not by hand.\n"
    "word\tidf\n"
)


def table(dict_file: Path) -> str:
    counts: dict[str, int] = {}
    for line in dict_file.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            counts[parts[0]] = counts.get(parts[0], 0) + int(parts[1])
    total = sum(counts.values())
    rows = sorted(
        (round(math.log(total / n), 1), w) for w, n in counts.items() if n > 0 and len(w) <= 4
    )
    return HEADER + "".join(f"{w}\t{idf:.1f}\n" for idf, w in rows if idf < MAX_IDF)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    text = table(Path(jieba.get_dict_file().name))
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.is_file() else ""
        if current != text:
            print(f"{OUT} is not current: run tools/build_common_words.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT}: {text.count(chr(10)) - 3} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
