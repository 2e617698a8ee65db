"""`lawkb backup` and `lawkb restore`: a verified copy of records.db, and putting one back."""

from __future__ import annotations

from pathlib import Path

import click

from lawkb.cli.common import common_options, echo_json, exclusive, open_kb
from lawkb.cli.ledger import records
from lawkb.records.restore import restore


@click.command("backup")
@click.argument("dest", required=False, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="写到哪里，与 `hours export -o` 相同（等同于 DEST）。",
)
@common_options()
@click.pass_context
def backup_cmd(ctx: click.Context, dest: Path | None, output: Path | None, as_json: bool) -> None:
    """把学时账本（人员、学时、练习记录、复习、书签）的一致、已校验副本写到 DEST 或 -o
    （新文件或文件夹；默认：HOME/backups）。"""
    exclusive(ctx, "dest", "output")
    result = records().backup(output or dest)
    if as_json:
        echo_json(result)
        return
    click.echo(
        f"已备份 {result.officers} 人、{result.entries} 条记录到 {result.path}"
        f"（{result.bytes:,} 字节，已校验）。"
    )
    click.echo(f"校验点：{result.checkpoint}")


@click.command("restore")
@click.argument("backup", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@common_options()
def restore_cmd(backup: Path, as_json: bool) -> None:
    """校验 BACKUP 后用它替换 records.db；被替换的账本保留在旁边，名为
    records.replaced-<时间>.db。请先关闭终端应用和其他 lawkb 命令。"""
    result = restore(backup, open_kb().home / "records.db")
    if as_json:
        echo_json(result)
        return
    click.echo(f"已从 {result.backup} 恢复 {result.officers} 人、{result.entries} 条记录。")
    if result.replaced:
        click.echo(f"被替换的账本保存在 {result.replaced}。")
    click.echo(f"校验点：{result.checkpoint}")
