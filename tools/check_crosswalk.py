"""Check the crosswalk for completeness (see lawkb/crosswalk_check.py) on the real texts.

    python tools/check_crosswalk.py [--corpus ../shared/corpus]          # report, exit 1 if not ok
    python tools/check_crosswalk.py --mark-new    # add unlinked Code articles to crosswalk.new.tsv
                                                  # with a reason from their chapter (reviewed=n)

Reports every Code article no old article links to and that is not marked new in the Code,
and every old article some of whose 款/项 no row places.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from build_crosswalk import DEFAULT_CORPUS, load

from lawkb.crosswalk import CROSSWALK_FILE, read_crosswalk
from lawkb.crosswalk_check import NEW_FILE, NewArticle, check, read_new, write_new
from lawkb.devtools import REPO


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared law texts")
    ap.add_argument("--mark-new", action="store_true", help="mark unlinked Code articles new")
    args = ap.parse_args(argv)
    code, olds, _sources = load(args.corpus, REPO / "corpus")
    links = read_crosswalk(REPO / "corpus" / CROSSWALK_FILE)
    new_path = REPO / "corpus" / NEW_FILE
    new = read_new(new_path)
    code_articles = [a for a in code.articles if a.kind == "article"]
    old_articles = [a for law in olds for a in law.articles]
    report = check(links, old_articles, code_articles, new)
    if args.mark_new:
        by_key = {a.key: a for a in code_articles}
        for key in report.unlinked:
            where = " / ".join(by_key[key].path[-2:])
            new[key] = NewArticle(key, f"new in the Code: {where}", False)
        incoming = {link.new_key for link in links if link.new_key}
        write_new(new_path, [n for k, n in new.items() if k not in incoming])
        new = read_new(new_path)
        report = check(links, old_articles, code_articles, new)
    print(
        f"Code articles: {report.code_articles}; with a predecessor: {report.with_predecessor}"
        f" ({report.with_predecessor / report.code_articles:.1%}); marked new: "
        f"{len(new)} ({len(report.unreviewed_new)} not yet reviewed)"
    )
    print(
        f"old articles: {report.old_articles}; every part placed: {report.fully_placed}"
        f" ({report.fully_placed / report.old_articles:.1%})"
    )
    for key in report.unlinked:
        print(f"  Code {key}: no predecessor and not marked new")
    for key in report.unreviewed_new:
        print(f"  Code {key}: marked new, reason not yet reviewed by hand")
    for key in report.linked_but_marked_new:
        print(f"  Code {key}: marked new but an old article links to it")
    for ref, parts in report.criminal_unlinked.items():
        print(f"  {ref}: 构成犯罪 clause not linked to the general article: {','.join(parts)}")
    for ref, parts in report.unplaced.items():
        print(f"  {ref}: not placed: {','.join(parts)}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
