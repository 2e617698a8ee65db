"""`lawkb hours export`: the year's figures for spreadsheets, to a file or standard output."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from lawkb.cli.common import echo_json, handle_errors, home_option, json_option, open_kb

if TYPE_CHECKING:
    from lawkb.records import Records


@click.command("export")
@click.option("--year", "-y", type=int, help="Year (default: this year).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "json"]),
    default="xlsx",
    show_default=True,
    help="File format.",
)
@click.option("--detail", is_flag=True, help="Also every entry (XLSX sheet, -detail.csv).")
@click.option("--unit", "-u", help="Only this unit.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
    help="File to write, or - for standard output (default: lawkb-hours-YEAR.FORMAT here).",
)
@json_option
@home_option
@handle_errors
def export_cmd(
    year: int | None,
    fmt: str,
    detail: bool,
    unit: str | None,
    output: Path | None,
    as_json: bool,
    home: str | None,
) -> None:
    """Export the year's summary (and with --detail every entry) for spreadsheets. Each file
    carries the ledger's checkpoint; it is printed too, for the coordinator to file."""
    records = open_kb().records
    year = year or records.today().year
    if output is not None and str(output) == "-":
        if as_json or (detail and fmt == "csv"):
            raise click.UsageError(
                "-o - writes one file to standard output: no --json, and "
                "no --detail with csv (that is two files)"
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
            click.echo(f"Wrote {p}")
        click.echo(f"Checkpoint: {point}")


def _export_to_stdout(
    records: Records, fmt: str, year: int, unit: str | None, detail: bool
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="lawkb-export-") as tmp:
        (path,) = records.export(
            Path(tmp) / f"export.{fmt}", fmt, year=year, unit=unit, detail=detail
        )
        sys.stdout.flush()
        sys.stdout.buffer.write(path.read_bytes())
        sys.stdout.buffer.flush()
