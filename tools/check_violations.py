"""Review the violation catalogue against a lawkb home: every reference resolves, and what it says.

    python tools/check_violations.py --home /tmp/h            # validate, crosswalk agreement
    python tools/check_violations.py --home /tmp/h --show PW-11 HP-01   # excerpts to re-read
    python tools/check_violations.py --home /tmp/h --show all

Excerpts are printed for a reviewer to read at run time; nothing is written to the repository.
The crosswalk check lists rows none of whose old-law articles corpus/crosswalk.tsv links to one of
the row's Code articles (a reason to re-read the row, not necessarily an error: the crosswalk links
whole articles and is partly machine-made).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lawkb.crosswalk import read_crosswalk
from lawkb.discretion.refs import ArticleRef
from lawkb.kb import KnowledgeBase
from lawkb.paths import corpus_dir
from lawkb.violations import Violation, crosswalk_gaps, load_violations, validate_violations

WIDTH = 70


def excerpt(kb: KnowledgeBase, ref: ArticleRef) -> str:
    article = kb.article(ref.law, ref.key)
    if ref.paragraph:
        para = article.paragraphs[ref.paragraph - 1]
        text = para.items[ref.item - 1] if ref.item else para.text
    elif ref.item:
        text = article.paragraphs[0].items[ref.item - 1]
    else:
        text = article.text
    return text.replace("\n", " ")[:WIDTH]


def show(kb: KnowledgeBase, v: Violation) -> None:
    print(f"{v.id} {v.name}  [{' | '.join(v.aliases[:6])}]")
    for field, refs in (("duty", v.duty), ("penalty", v.penalty), ("old", v.old_basis)):
        for ref in refs:
            print(f"  {field:7} {ref.citation():40} {excerpt(kb, ref)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=Path, required=True, help="a lawkb home with the collection")
    ap.add_argument("--show", nargs="*", default=[], help="row ids to print, or 'all'")
    args = ap.parse_args(argv)
    violations = load_violations()
    kb = KnowledgeBase(args.home)
    try:
        validate_violations(violations, kb.collection)
        print(f"{len(violations)} rows: every reference resolves and is current")
        wanted = set(args.show)
        for v in violations:
            if "all" in wanted or v.id in wanted:
                show(kb, v)
        gaps = crosswalk_gaps(violations, read_crosswalk(corpus_dir() / "crosswalk.tsv"))
        print(f"{len(gaps)} rows whose old-law articles the crosswalk links to none of theirs:")
        for v, refs in gaps:
            print(f"  {v.id}  {' '.join(refs)}")
    finally:
        kb.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
