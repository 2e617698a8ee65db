"""`lawkb discretion`: statutory penalty ranges, discretion standards, XLSX import, calculator."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from lawkb.cli.common import common_options, echo_json, open_kb


@click.group("discretion", help="裁量基准：法定处罚幅度、本局裁量基准、裁量计算器。")
def discretion() -> None:
    """Discretion standards (裁量基准): statutory ranges, bureau standards, the calculator."""


# -- statutory ------------------------------------------------------------------------------
@discretion.command(
    "statutory",
    help="列出法定幅度表：每条法律责任条文处罚什么、如何处罚。\n\n"
    "每行给出法规、条号及后缀、款、违法行为（关键词）、处罚种类、罚款及其条件、可以/应当和机关。",
)
@click.option("--law", "law", default=None, help="只列该法规（全称、简称或别名）。")
@click.option("--article", default=None, help="只列该条，如 1107 或 第一千一百零七条。")
@click.option("--stale", is_flag=True, help="只列条文已变化的行。")
@common_options()
def statutory_cmd(law: str | None, article: str | None, stale: bool, as_json: bool) -> None:
    """Print the statutory table: what each legal-liability article punishes and how.

    Each row names its law, article number and suffix, paragraph (款), the violation (key
    words), penalty kinds, fines with their conditions, 可以/应当 and the authority.
    """
    from lawkb.discretion.table import load_table
    from lawkb.numerals import NumeralError, parse_article_key

    kb = open_kb()
    table = load_table(kb)
    rows = table.rows
    if law:
        title = _law_title(kb, law, table.laws())
        rows = [r for r in rows if r.law == title]
    if article:
        try:
            number, suffix = parse_article_key(article)
        except NumeralError as exc:
            raise click.BadParameter(str(exc), param_hint="--article") from None
        rows = [r for r in rows if r.number == number and r.suffix == suffix]
    if stale:
        rows = [r for r in rows if r.stale]
    if as_json:
        echo_json(
            [
                r.model_dump(mode="json")
                | {"article": r.key, "fines_text": [f.label() for f in r.fines]}
                for r in rows
            ]
        )
        return
    _print_statutory(rows)


def _law_title(kb: Any, name: str, titles: list[str]) -> str:
    from lawkb.errors import NotFound

    if not kb.is_empty():
        try:
            return kb.resolve_law(name)
        except NotFound:
            pass
    matches = [t for t in titles if name in t]
    if len(matches) == 1:
        return matches[0]
    raise NotFound(f"law {name!r}: no rows for it in the statutory table")


def _print_statutory(rows: list[Any]) -> None:
    """One block per row: it reads at any terminal width (CJK is two cells wide)."""
    from rich.console import Console
    from rich.markup import escape

    from lawkb.numerals import int_to_cn

    console = Console(highlight=False)
    if not rows:
        console.print("No rows.")
        return
    for r in rows:
        para = f"第{int_to_cn(r.paragraph)}款" if r.paragraph > 1 else ""
        stale = "  [bold red]条文已变化，需重新生成[/]" if r.stale else ""
        console.print(f"[bold]{escape(r.law)} {r.label}{para}[/]  [dim]{escape(r.id)}[/]{stale}")
        console.print(f"  违法行为：{escape(r.violation)}")
        console.print(f"  处罚种类：{'、'.join(r.kinds)}")
        for f in r.fines:
            console.print(f"  罚款：{escape(f.label())}")
        if r.mandatory:
            console.print(f"  可以/应当：{r.mandatory}")
        if r.daily:
            console.print("  按日连续处罚")
        if r.authority:
            console.print(f"  机关：{escape(r.authority)}")
    console.print(f"{len(rows)} rows")


# -- standards --------------------------------------------------------------------------------
@discretion.command(
    "standards",
    help="列出裁量基准（随附的与导入的）并逐一检查。\n\n"
    "检查解析每一条文，确认每个阶次的罚款在其条文的法定幅度内，并找出重叠或遗漏的阶次。",
)
@common_options()
def standards_cmd(as_json: bool) -> None:
    """List the discretion standards (shipped and imported) and check each one.

    A check resolves every article, keeps each tier's fine inside the statutory range of its
    article, and looks for tiers that overlap or leave cases uncovered.
    """
    from lawkb.discretion.standard import load_standards, validate_standard
    from lawkb.discretion.table import load_table

    kb = open_kb()
    table = load_table(kb)
    out = []
    for std in load_standards(kb):
        problems = validate_standard(std, kb, table) if not kb.is_empty() else []
        out.append(
            {
                "name": std.name,
                "path": std.path,
                "sample": std.sample,
                "description": std.description,
                "violations": [
                    {
                        "id": v.id,
                        "name": v.name,
                        "basis": v.basis,
                        "tiers": [t.name for t in v.tiers],
                    }
                    for v in std.violations
                ],
                "checked": not kb.is_empty(),
                "problems": [p.model_dump() for p in problems],
            }
        )
    if as_json:
        echo_json(out)
        return
    if not out:
        click.echo("No standards. Import one with `lawkb discretion import FILE.xlsx`.")
    for s in out:
        tag = "  [示例，非官方标准，不得用于实际案件]" if s["sample"] else ""
        click.echo(f"{s['name']}{tag}")
        click.echo(f"  {s['path']}")
        for v in s["violations"]:
            click.echo(f"  {v['id']}  {v['name']}  ({'/'.join(v['tiers'])})  {v['basis']}")
        if not s["checked"]:
            click.echo("  not checked: the collection is empty (run `lawkb import`)")
        elif s["problems"]:
            for p in s["problems"]:
                click.echo(f"  {p['severity']}: {p['where']}: {p['message']}")
        else:
            click.echo("  check: ok")


# -- import -----------------------------------------------------------------------------------
@discretion.command(
    "import",
    help="从 XLSX 导入裁量基准：违法行为 | 违法依据 | 处罚依据 | 裁量阶次 | 适用情形 | "
    "处罚标准。\n\n"
    "有误的行（条文无法解析、幅度超出法定幅度、阶次重叠）报告行号并略去；正确的行导入 "
    "<home>/discretion/。有行被略去时退出码 1。",
)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--name", default=None, help="裁量基准的名称（默认：文件名）。")
@click.option("--replace", is_flag=True, help="替换同名的已导入裁量基准。")
@click.option("--dry-run", is_flag=True, help="只检查各行，不保存。")
@common_options()
def import_cmd(file: Path, name: str | None, replace: bool, dry_run: bool, as_json: bool) -> None:
    """Import a standard from XLSX: 违法行为 | 违法依据 | 处罚依据 | 裁量阶次 | 适用情形 | 处罚标准.

    Bad rows (an article that does not resolve, a sub-range outside the statutory range,
    overlapping tiers) are reported with their row numbers and left out; the valid rows are
    imported into <home>/discretion/. Exit code 1 when any row was left out.
    """
    from lawkb.discretion.table import load_table
    from lawkb.discretion.xlsx_import import import_xlsx, save_import

    kb = open_kb()
    if kb.is_empty():
        from lawkb.errors import LawkbError

        raise LawkbError("the collection is empty: run `lawkb import` first (articles are checked)")
    result = import_xlsx(kb, load_table(kb), file, name=name)
    if result.standard is not None and not dry_run:
        save_import(kb, result, replace=replace)
    if as_json:
        echo_json(result.model_dump(exclude={"standard"}) | {"ok": result.ok, "dry_run": dry_run})
    else:
        for p in result.problems:
            click.echo(f"{file}: {p.where}: {p.severity}: {p.message}", err=True)
        saved = f" -> {result.saved_to}" if result.saved_to else (" (dry run)" if dry_run else "")
        click.echo(
            f"{len(result.imported_rows)} rows imported, {len(result.rejected_rows)} rows left out"
            + (
                f" (rows {', '.join(map(str, result.rejected_rows))})"
                if result.rejected_rows
                else ""
            )
            + saved
        )
    if result.rejected_rows:
        sys.exit(1)


# -- calc -------------------------------------------------------------------------------------
def _parse_factor(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict:
    out: dict[str, str] = {}
    for v in values:
        name, sep, value = v.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise click.BadParameter(f"{v!r}: expected NAME=VALUE, e.g. 超标倍数=2.5")
        out[name.strip()] = value.strip()
    return out


@discretion.command(
    "calc",
    help="计算违法行为的裁量阶次、罚款幅度和法律依据，并生成裁量说明。\n\n"
    "WORDS 是几个词（超标排放、未批先建 报告表、第1107条）。缺少的裁量因素在终端上逐一询问；"
    "非终端时用 --factor 给出。没有阶次适用时使用法定幅度并说明原因。罚款超过 20 万元时提示"
    "（法制审核、集体讨论）。",
)
@click.argument("words", nargs=-1)
@click.option(
    "--factor",
    "facts",
    multiple=True,
    callback=_parse_factor,
    help="裁量因素，名称=值（可重复）：超标倍数=2.5、敏感区域=否、初次违法=是。",
)
@click.option("--pick", default=None, help="使用该候选编号（见 --json 的 candidates）。")
@click.option("--standard", default=None, help="只用该裁量基准的行。")
@click.option("--no-input", is_flag=True, help="即使在终端上也不提问。")
@common_options()
def calc_cmd(
    words: tuple[str, ...],
    facts: dict[str, str],
    pick: str | None,
    standard: str | None,
    no_input: bool,
    as_json: bool,
) -> None:
    """Work out the tier, fine range and legal basis for a violation, with a 裁量说明.

    QUERY is a few words (超标排放, 未批先建 报告表, 第1107条). Missing factors are asked on a
    terminal; elsewhere give them with --factor. When no tier fits, the statutory range is
    used and the output says why. Fines above 20万元 are flagged (法制审核, 集体讨论).
    """
    from lawkb.discretion.calculator import Calculator
    from lawkb.errors import InvalidInput, LawkbError

    query = " ".join(words) or None  # 未批先建 报告表: several words are one query
    kb = open_kb()
    if kb.is_empty():
        raise LawkbError("the collection is empty: run `lawkb import` first")
    interactive = sys.stdin.isatty() and not no_input
    if not query and not pick:
        if not interactive:
            raise click.UsageError("give QUERY (e.g. 超标排放) or --pick ID")
        query = click.prompt("违法行为（关键词）", err=True)
    calc = Calculator(kb)
    candidates = calc.find(query, standard=standard) if query else []
    if pick:
        chosen = calc.candidate(pick)
    elif not candidates:
        raise LawkbError(
            f"no violation matches {query!r}; try other words or `discretion statutory`"
        )
    elif interactive and len(candidates) > 1 and candidates[1].score >= candidates[0].score - 0.2:
        for i, c in enumerate(candidates[:6], 1):
            click.echo(f"  {i}. {c.title}  —  {c.basis}  [{c.source}]", err=True)
        n = click.prompt(
            "选择", type=click.IntRange(1, min(6, len(candidates))), default=1, err=True
        )
        chosen = candidates[n - 1]
    else:
        chosen = candidates[0]
    answers: dict[str, Any] = dict(facts)
    try:
        calc.parse_facts(chosen, answers)
        if interactive:
            _ask(calc, chosen, answers)
        result = calc.calculate(chosen, answers, query=query or "")
    except InvalidInput as exc:
        if exc.field.startswith("--factor"):
            raise click.UsageError(str(exc)) from None
        raise
    result.candidates = candidates
    if as_json:
        echo_json(result)
        return
    _print_calc(result)


def _ask(calc: Any, candidate: Any, answers: dict[str, Any]) -> None:
    from lawkb.errors import InvalidInput

    while (factor := calc.next_question(candidate, answers)) is not None:
        raw = click.prompt(factor.ask(), err=True)
        try:
            factor.parse(raw)
        except InvalidInput as exc:
            click.echo(f"  {exc.message}", err=True)
            continue
        answers[factor.name] = raw
    if click.confirm("是否录入不予处罚、从轻、减轻或从重情节？", default=False, err=True):
        for f in calc.general_factors():
            if f.name not in answers and click.confirm(f.question, default=False, err=True):
                answers[f.name] = "是"


def _print_calc(r: Any) -> None:
    from rich.console import Console
    from rich.panel import Panel

    console = Console(highlight=False)
    for w in r.warnings:
        console.print(f"[bold yellow]注意：{w}[/]")
    c = r.candidate
    source = f"裁量基准 {c.standard}" if c.standard else "法定幅度表"
    console.print(f"[bold]{c.title}[/]  （{c.basis}；{source}）")
    if r.facts:
        console.print("裁量因素：" + "；".join(f"{k}={v}" for k, v in r.facts.items()))
    if r.tier:
        console.print(f"阶次：[bold]{r.tier}[/]  因为：{'；'.join(r.why)}")
    else:
        console.print(f"阶次：无（{r.fallback_reason}）")
    for q in r.missing:
        console.print(f"  待回答：{q}")
    if r.fine:
        console.print(f"罚款幅度：[bold]{r.fine.text}[/]")
    console.print("法定处罚：" + "；".join(r.statutory))
    console.print("处罚种类：" + "、".join(r.kinds))
    if r.major:
        console.print(f"[bold red]重大行政处罚：{r.major_note}[/]")
    if r.daily:
        console.print("本条规定按日连续处罚。")
    for a in r.articles:
        console.print(Panel(a.text, title=f"{a.role}：{a.citation}", title_align="left"))
    for rule in r.rules:
        mark = "[bold]可能适用[/]" if rule.triggered else "参考"
        console.print(f"{mark} {rule.title}：{'、'.join(rule.citations)}")
    console.print(Panel(r.explanation, title="裁量说明", title_align="left"))
