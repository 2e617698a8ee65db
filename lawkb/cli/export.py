"""`lawkb hours export`: the year's figures for spreadsheets, to a file or standard output."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from lawkb.cli.common import common_options, echo_json, exclusive, open_kb
from lawkb.i18n import _
from lawkb.records import Records


@click.command(
    "export",
    help=_(
        "导出某年的汇总（加 --detail 同时导出每条记录），供电子表格使用。"
        "每个文件都带有账本的\n校验点，并打印出来供培训管理员存档。"
    ),
)
@click.option("--year", "-y", type=int, help=_("年份（默认：今年）。"))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "json"]),
    default="xlsx",
    show_default=True,
    help=_("文件格式。"),
)
@click.option(
    "--detail", is_flag=True, help=_("同时导出每条记录（XLSX 的工作表，或 -detail.csv）。")
)
@click.option("--unit", "-u", help=_("只导出该单位。"))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
    help=_("写入的文件，- 表示标准输出（默认：当前文件夹的 lawkb-hours-年份.格式）。"),
)
@common_options()
@click.pass_context
def export_cmd(
    ctx: click.Context,
    year: int | None,
    fmt: str,
    detail: bool,
    unit: str | None,
    output: Path | None,
    as_json: bool,
) -> None:
    records = open_kb().records
    year = year or records.today().year
    if output is not None and str(output) == "-":
        exclusive(ctx, "output", "as_json")
        if detail and fmt == "csv":
            raise click.UsageError(
                _("-o - 只向标准输出写一个文件：csv 格式不能加 --detail（那是两个文件）"), ctx=ctx
            )
        _export_to_stdout(records, fmt, year, unit, detail)
        return
    path = output or Path(f"lawkb-hours-{year}.{fmt}")
    written = records.export(path, fmt, year=year, unit=unit, detail=detail)
    point = records.checkpoint()
    if as_json:
        echo_json(
            {"files": [str(p) for p in written], "year": year, "format": fmt, "checkpoint": point}
        )
    else:
        for p in written:
            click.echo(_("已写入 {p}").format(p=p))
        click.echo(_("校验点：{point}").format(point=point))


def _export_to_stdout(
    records: Records, fmt: str, year: int, unit: str | None, detail: bool
) -> None:
    with tempfile.TemporaryDirectory(prefix="lawkb-export-") as tmp:
        (path,) = records.export(
            Path(tmp) / f"export.{fmt}", fmt, year=year, unit=unit, detail=detail
        )
        sys.stdout.flush()
        sys.stdout.buffer.write(path.read_bytes())
        sys.stdout.buffer.flush()
