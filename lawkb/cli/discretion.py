"""`lawkb discretion`: statutory penalty ranges, discretion standards, XLSX import, calculator.

Each command asks `lawkb.discretion.service.Discretion` and prints or dumps what it returns.
The library is imported inside the commands: it costs about 0.35 s, which `lawkb --help` and
the other commands should not pay.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from lawkb.cli.common import common_options, echo_json, open_kb
from lawkb.errors import InvalidInput, LawkbError
from lawkb.i18n import _
from lawkb.numerals import int_to_cn

if TYPE_CHECKING:
    from lawkb.discretion.calculator import Calculator
    from lawkb.discretion.results import Calculation, Candidate, Match
    from lawkb.discretion.service import Discretion, StandardReport
    from lawkb.discretion.xlsx_import import ImportResult


def _discretion() -> Discretion:
    return open_kb().discretion


@contextmanager
def _usage_errors_for_options() -> Iterator[None]:
    """Library errors about an option (--article, --factor …) are usage errors (exit 2)."""
    try:
        yield
    except InvalidInput as exc:
        if exc.field.startswith("--"):
            raise click.UsageError(str(exc)) from None
        raise


@click.group("discretion", help=_("裁量基准：法定处罚幅度、各地裁量基准、XLSX 导入、裁量计算。"))
def discretion() -> None:
    pass


# -- statutory ------------------------------------------------------------------------------
@discretion.command(
    "statutory",
    help=_(
        "列出法定幅度表：每条法律责任条文处罚什么、怎样处罚。\n\n每行写明法律、"
        "条号、款、违法行为（关键词）、处罚种类、罚款及其情形、可以/应当和处罚机关。"
    ),
)
@click.option("--law", "law", default=None, help=_("只看这部法律（全称、简称或别名）。"))
@click.option("--article", default=None, help=_("只看这一条，如 1107 或 第一千一百零七条。"))
@click.option("--stale", is_flag=True, help=_("只看条文已变化、需重新生成的行。"))
@common_options()
def statutory_cmd(law: str | None, article: str | None, stale: bool, as_json: bool) -> None:
    from lawkb.discretion.service import row_view  # why: start-up cost

    with _usage_errors_for_options():
        rows = _discretion().statutory_rows(law, article, stale)
    if as_json:
        echo_json([row_view(r) for r in rows])
        return
    _print_statutory(rows)


def _print_statutory(rows: list[Any]) -> None:
    """One block per row: it reads at any terminal width (CJK is two cells wide)."""
    from rich.console import Console  # why: start-up cost
    from rich.markup import escape

    console = Console(highlight=False)
    if not rows:
        console.print(_("没有符合条件的行。"))
        return
    for r in rows:
        para = (
            _("第{int_to_cn}款").format(int_to_cn=int_to_cn(r.paragraph)) if r.paragraph > 1 else ""
        )
        stale = _("  [bold red]条文已变化，需重新生成[/]") if r.stale else ""
        console.print(f"[bold]{escape(r.law)} {r.label}{para}[/]  [dim]{escape(r.id)}[/]{stale}")
        console.print(_("  违法行为：{violation}").format(violation=escape(r.violation)))
        console.print(_("  处罚种类：{kinds}").format(kinds="、".join(r.kinds)))
        for f in r.fines:
            console.print(_("  罚款：{f}").format(f=escape(f.label())))
        if r.mandatory:
            console.print(_("  可以/应当：{mandatory}").format(mandatory=r.mandatory))
        if r.daily:
            console.print(_("  按日连续处罚"))
        if r.authority:
            console.print(_("  机关：{authority}").format(authority=escape(r.authority)))
    console.print(_("共 {n_rows} 行").format(n_rows=len(rows)))


# -- standards --------------------------------------------------------------------------------
@discretion.command(
    "standards",
    help=_(
        "列出裁量基准（随附的和导入的），并逐一检查。\n\n检查内容：每个条文都能对应到"
        "条文库；每个阶次的罚款幅度都在其处罚依据的法定幅度之内；\n各阶次没有重叠或遗"
        "漏。"
    ),
)
@common_options()
def standards_cmd(as_json: bool) -> None:
    reports = _discretion().standard_reports()
    if as_json:
        echo_json(reports)
        return
    if not reports:
        click.echo(_("没有裁量基准。可用 `lawkb discretion import 文件.xlsx` 导入。"))
    for s in reports:
        _print_report(s)


SEVERITY = {"error": _("错误"), "warning": _("警告")}


def _print_report(s: StandardReport) -> None:
    tag = _("  [示例，非官方标准，不得用于实际案件]") if s.sample else ""
    click.echo(f"{s.name}{tag}")
    click.echo(f"  {s.path}")
    for v in s.violations:
        click.echo(f"  {v.id}  {v.name}  （{'/'.join(v.tiers)}）  {v.basis}")
    if not s.checked:
        click.echo(_("  未检查：条文库为空（请先运行 `lawkb import`）"))
    for p in s.problems:
        click.echo(f"  {SEVERITY.get(p.severity, p.severity)}：{p.where}：{p.message}")
    if s.checked and not s.problems:
        click.echo(_("  检查：通过"))


# -- import -----------------------------------------------------------------------------------
@discretion.command(
    "import",
    help=_(
        "从 XLSX 导入裁量基准：违法行为 | 违法依据 | 处罚依据 | 裁量阶次 "
        "| 适用情形 | 处罚标准。\n\n有问题的行（条文无法对应、幅度超出法定幅度、"
        "阶次重叠）连同行号报告并略过；有效的行导入\n<home>/discretion/。有行被略过时"
        "退出码为 1。"
    ),
)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--name", default=None, help=_("裁量基准的名称（默认取文件名）。"))
@click.option("--replace", is_flag=True, help=_("替换同名的已导入裁量基准。"))
@click.option("--dry-run", is_flag=True, help=_("只检查各行，不保存。"))
@common_options()
def import_cmd(file: Path, name: str | None, replace: bool, dry_run: bool, as_json: bool) -> None:
    result = _discretion().import_xlsx(file, name=name, replace=replace, dry_run=dry_run)
    if as_json:
        echo_json(result)
    else:
        _print_import(file, result)
    if result.rejected_rows:
        sys.exit(1)


def _print_import(file: Path, result: ImportResult) -> None:
    for p in result.problems:
        click.echo(
            f"{file}：{p.where}：{SEVERITY.get(p.severity, p.severity)}：{p.message}", err=True
        )
    left_out = _("未导入 {n_rejected_rows} 行").format(n_rejected_rows=len(result.rejected_rows))
    if result.rejected_rows:
        left_out += _("（第 {rejected_rows} 行）").format(
            rejected_rows="、".join(map(str, result.rejected_rows))
        )
    saved = _("，已保存到 {saved_to}").format(saved_to=result.saved_to) if result.saved_to else ""
    if result.dry_run:
        saved = _("（试运行，未保存）")
    click.echo(
        _("导入 {n_imported_rows} 行，{left_out}{saved}").format(
            n_imported_rows=len(result.imported_rows), left_out=left_out, saved=saved
        )
    )


# -- calc -------------------------------------------------------------------------------------
def _parse_factor(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict:
    out: dict[str, str] = {}
    for v in values:
        name, sep, value = v.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise click.BadParameter(_("{v!r}：应写成 名称=值，例如 超标倍数=2.5").format(v=v))
        out[name.strip()] = value.strip()
    return out


@discretion.command(
    "calc",
    help=_(
        "计算违法行为的裁量阶次、罚款幅度和法律依据，并生成裁量说明。\n\nWORDS "
        "为几个关键词（超标排放、未批先建 报告表、第1107条）。在终端中会询问缺少的因"
        "素和在\n相近的候选中选择；否则用 --factor 给出因素，并选用最相符的候选。"
        "没有阶次适用时按法定幅度\n并说明原因。罚款上限超过20万元的标明重大行政处罚（"
        "法制审核、集体讨论）。"
    ),
)
@click.argument("words", nargs=-1)
@click.option(
    "--factor",
    "facts",
    multiple=True,
    callback=_parse_factor,
    help=_("一项事实，名称=值（可重复）：超标倍数=2.5、敏感区域=否、初次违法=是。"),
)
@click.option("--pick", default=None, help=_("直接选用此候选编号（见 --json 的 candidates）。"))
@click.option("--standard", default=None, help=_("只在这个裁量基准中查找。"))
@click.option("--no-input", is_flag=True, help=_("即使在终端中也不提问。"))
@common_options()
def calc_cmd(
    words: tuple[str, ...],
    facts: dict[str, str],
    pick: str | None,
    standard: str | None,
    no_input: bool,
    as_json: bool,
) -> None:
    query = " ".join(words) or None  # 未批先建 报告表: several words are one query
    interactive = sys.stdin.isatty() and not no_input
    if not query and not pick:
        if not interactive:
            raise click.UsageError(_("请给出违法行为关键词（如 超标排放）或 --pick 候选编号"))
        query = click.prompt(_("违法行为（关键词）"), err=True)
    disc = _discretion()
    match = disc.match(query, pick=pick, standard=standard)
    if not match.found:
        raise LawkbError(
            _("没有与 {query!r} 相符的违法行为；请换个说法，或查看 `discretion statutory`").format(
                query=query
            )
        )
    chosen = _choose(match) if interactive and match.ambiguous else match.best()
    if match.ambiguous and not interactive and not as_json:
        others = "；".join(f"{c.title}（--pick {c.id}）" for c in match.choices[1:])
        click.echo(
            _("注意：选用了最相符的“{title}”，相近的还有：{others}").format(
                title=chosen.title, others=others
            ),
            err=True,
        )
    answers: dict[str, Any] = dict(facts)
    with _usage_errors_for_options():
        disc.calculator.parse_facts(chosen, answers)
        if interactive:
            _ask(disc.calculator, chosen, answers)
        result = disc.calculator.calculate(chosen, answers, query=query or "")
    result.candidates = match.candidates
    if as_json:
        echo_json(result)
        return
    _print_calc(result)


def _choose(match: Match) -> Candidate:
    choices = match.choices
    for i, c in enumerate(choices, 1):
        click.echo(f"  {i}. {c.title}  —  {c.basis}  [{c.source_label}]", err=True)
    n = click.prompt(_("选择"), type=click.IntRange(1, len(choices)), default=1, err=True)
    return choices[n - 1]


def _ask(calc: Calculator, candidate: Candidate, answers: dict[str, Any]) -> None:
    while (factor := calc.next_question(candidate, answers)) is not None:
        raw = click.prompt(factor.ask(), err=True)
        try:
            factor.parse(raw)
        except InvalidInput as exc:
            click.echo(f"  {exc.message}", err=True)
            continue
        answers[factor.name] = raw
    if click.confirm(_("是否录入不予处罚、从轻、减轻或从重情节？"), default=False, err=True):
        for f in calc.general_factors():
            if f.name not in answers and click.confirm(f.question, default=False, err=True):
                answers[f.name] = "是"


def _print_calc(r: Calculation) -> None:
    from rich.console import Console  # why: start-up cost
    from rich.panel import Panel

    console = Console(highlight=False)
    for w in r.warnings:
        console.print(_("[bold yellow]注意：{w}[/]").format(w=w))
    c = r.candidate
    source = _("裁量基准 {standard}").format(standard=c.standard) if c.standard else _("法定幅度表")
    console.print(f"[bold]{c.title}[/]  （{c.basis}；{source}）")
    if r.facts:
        console.print(_("裁量因素：") + "；".join(f"{k}={v}" for k, v in r.facts.items()))
    if r.tier:
        console.print(
            _("阶次：[bold]{tier}[/]  因为：{why}").format(tier=r.tier, why="；".join(r.why))
        )
    else:
        console.print(_("阶次：无（{fallback_reason}）").format(fallback_reason=r.fallback_reason))
    for q in r.missing:
        console.print(_("  待回答：{q}").format(q=q))
    if r.fine:
        console.print(_("罚款幅度：[bold]{text}[/]").format(text=r.fine.text))
    console.print(_("法定处罚：") + "；".join(r.statutory))
    console.print(_("处罚种类：") + "、".join(r.kinds))
    if r.major:
        console.print(_("[bold red]重大行政处罚：{major_note}[/]").format(major_note=r.major_note))
    if r.daily:
        console.print(_("本条规定按日连续处罚。"))
    for a in r.articles:
        console.print(Panel(a.text, title=f"{a.role}：{a.citation}", title_align="left"))
    for rule in r.rules:
        mark = _("[bold]可能适用[/]") if rule.triggered else _("参考")
        console.print(f"{mark} {rule.title}：{'、'.join(rule.citations)}")
    console.print(Panel(r.explanation, title=_("裁量说明"), title_align="left"))
