"""`lawkb backup` and `lawkb restore`: a verified copy of records.db, and putting one back."""

from __future__ import annotations

from pathlib import Path

import click

from lawkb.cli.common import common_options, echo_json, exclusive, open_kb
from lawkb.cli.ledger import records
from lawkb.i18n import _
from lawkb.records.restore import restore


@click.command(
    "backup",
    help=_(
        "把学时账本（人员、学时、练习记录、复习、书签）的一致、已校验副本写到 "
        "DEST 或 -o\n（新文件或文件夹；默认：HOME/backups）。"
    ),
)
@click.argument("dest", required=False, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help=_("写到哪里，与 `hours export -o` 相同（等同于 DEST）。"),
)
@common_options()
@click.pass_context
def backup_cmd(ctx: click.Context, dest: Path | None, output: Path | None, as_json: bool) -> None:
    exclusive(ctx, "dest", "output")
    result = records().backup(output or dest)
    if as_json:
        echo_json(result)
        return
    click.echo(
        _("已备份 {officers} 人、{entries} 条记录到 {path}（{bytes:,} 字节，已校验）。").format(
            officers=result.officers, entries=result.entries, path=result.path, bytes=result.bytes
        )
    )
    click.echo(_("校验点：{checkpoint}").format(checkpoint=result.checkpoint))


@click.command(
    "restore",
    help=_(
        "校验 BACKUP 后用它替换 records.db；被替换的账本保留在旁边，名为\n"
        "records.replaced-<时间>.db。请先关闭终端应用和其他 lawkb 命令。"
    ),
)
@click.argument("backup", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@common_options()
def restore_cmd(backup: Path, as_json: bool) -> None:
    result = restore(backup, open_kb().home / "records.db")
    if as_json:
        echo_json(result)
        return
    click.echo(
        _("已从 {backup} 恢复 {officers} 人、{entries} 条记录。").format(
            backup=result.backup, officers=result.officers, entries=result.entries
        )
    )
    if result.replaced:
        click.echo(_("被替换的账本保存在 {replaced}。").format(replaced=result.replaced))
    click.echo(_("校验点：{checkpoint}").format(checkpoint=result.checkpoint))
