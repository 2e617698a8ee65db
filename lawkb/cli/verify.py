"""`lawkb hours verify` and `lawkb hours seal`: is the ledger what lawkb wrote?

Verify opens the records file without changing it when the normal open fails (a damaged or
tampered database must be described, not crash the command).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click

from lawkb.cli.common import common_options, echo_json, open_kb
from lawkb.cli.ledger import by_option, records, who
from lawkb.errors import LawkbError
from lawkb.i18n import _
from lawkb.records import Records, keyfile
from lawkb.records import checkpoint as ckpt
from lawkb.records.backend import records_url
from lawkb.records.models import VerifyResult
from lawkb.records.verify import verify


def _verify(path: Path, checkpoint: str | None) -> VerifyResult:
    try:
        records = Records(path)
    except Exception:  # damaged beyond a normal open: verify what can be read
        return _verify_raw(path, checkpoint)
    try:
        return records.verify(checkpoint)
    finally:
        records.close()


def _verify_raw(path: Path, checkpoint: str | None) -> VerifyResult:
    point = ckpt.from_argument(checkpoint) if checkpoint else None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise LawkbError(_("{path}：无法打开学时账本（{exc}）").format(path=path, exc=exc)) from exc
    try:
        return verify(conn, ledger_key=keyfile.load(), ledger=path, checkpoint=point)
    finally:
        conn.close()


@click.command(
    "verify",
    help=_(
        "检查报表所依据的一切：两条哈希链及其链头，人员、设置、集中学习与其事件记录"
        "是否一致，\n出勤，无主记录，账本密钥（有任何问题时退出码 1）。"
    ),
)
@click.option(
    "--checkpoint",
    metavar="FILE|HASH",
    help=_("证明账本仍是该校验点的延续：LK1-…、链头哈希，或带有校验点的导出、报表、备份文件。"),
)
@common_options()
def verify_cmd(checkpoint: str | None, as_json: bool) -> None:
    kb = open_kb()
    if records_url(kb.home):  # the records server: verify through its connection
        result = kb.records.verify(checkpoint)
    else:
        result = _verify(kb.home / "records.db", checkpoint)
    if as_json:
        echo_json(result)
    else:
        _print(result, checkpoint)
    if not result.ok:
        sys.exit(1)


def _print(result: VerifyResult, checkpoint: str | None) -> None:
    if result.ok:
        click.echo(
            _(
                "通过：{checked} 条记录、{events_checked} 个事件，哈希链完整。链头 {head_hash}"
            ).format(
                checked=result.checked,
                events_checked=result.events_checked,
                head_hash=result.head_hash,
            )
        )
    else:
        click.echo(
            _("未通过：发现 {n_findings} 处问题").format(n_findings=len(result.findings)), err=True
        )
        for f in result.findings:
            click.echo(f"  - {f.message}", err=True)
        if result.first_bad_entry:
            click.echo(
                _("（记录 {first_bad_entry} 之前的 {checked} 条记录完好）").format(
                    first_bad_entry=result.first_bad_entry, checked=result.checked
                ),
                err=True,
            )
    if checkpoint and result.extends_checkpoint:
        click.echo(_("账本是校验点 {checkpoint} 的延续。").format(checkpoint=checkpoint))
    click.echo(_("校验点：{checkpoint}").format(checkpoint=result.checkpoint))
    if result.keyed:
        click.echo(_("密钥：已用账本密钥校验（{key_file}）。").format(key_file=result.key_file))
    elif result.sealed:
        click.echo(_("密钥：该账本已封存，但本次校验没有使用其密钥。"))
    else:
        click.echo(_("密钥：无（普通 SHA-256；`lawkb hours seal` 可加密钥）。"))


@click.command(
    "seal",
    help=_(
        "用保存在数据库之外的密钥封存账本（没有密钥时在配置文件夹中创建）："
        "此后每条记录和\n事件都带有该密钥的 HMAC。"
    ),
)
@by_option
@common_options()
def seal_cmd(by: str | None, as_json: bool) -> None:
    ledger = records()
    path = ledger.seal(actor=who(by))
    point = ledger.checkpoint()
    if as_json:
        echo_json({"key_file": path, "checkpoint": point})
    else:
        click.echo(
            _("已用 {path} 中的密钥封存。请把该文件另存一份在安全的地方。").format(path=path)
        )
        click.echo(_("校验点：{point}").format(point=point))
