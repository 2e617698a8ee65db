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
        raise LawkbError(f"{path}：无法打开学时账本（{exc}）") from exc
    try:
        return verify(conn, ledger_key=keyfile.load(), ledger=path, checkpoint=point)
    finally:
        conn.close()


@click.command("verify")
@click.option(
    "--checkpoint",
    metavar="FILE|HASH",
    help="证明账本仍是该校验点的延续：LK1-…、链头哈希，或带有校验点的导出、报表、备份文件。",
)
@common_options()
def verify_cmd(checkpoint: str | None, as_json: bool) -> None:
    """检查报表所依据的一切：两条哈希链及其链头，人员、设置、集中学习与其事件记录是否一致，
    出勤，无主记录，账本密钥（有任何问题时退出码 1）。"""
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
            f"通过：{result.checked} 条记录、{result.events_checked} 个事件，哈希链完整。"
            f"链头 {result.head_hash}"
        )
    else:
        click.echo(f"未通过：发现 {len(result.findings)} 处问题", err=True)
        for f in result.findings:
            click.echo(f"  - {f.message}", err=True)
        if result.first_bad_entry:
            click.echo(
                f"（记录 {result.first_bad_entry} 之前的 {result.checked} 条记录完好）",
                err=True,
            )
    if checkpoint and result.extends_checkpoint:
        click.echo(f"账本是校验点 {checkpoint} 的延续。")
    click.echo(f"校验点：{result.checkpoint}")
    if result.keyed:
        click.echo(f"密钥：已用账本密钥校验（{result.key_file}）。")
    elif result.sealed:
        click.echo("密钥：该账本已封存，但本次校验没有使用其密钥。")
    else:
        click.echo("密钥：无（普通 SHA-256；`lawkb hours seal` 可加密钥）。")


@click.command("seal")
@by_option
@common_options()
def seal_cmd(by: str | None, as_json: bool) -> None:
    """用保存在数据库之外的密钥封存账本（没有密钥时在配置文件夹中创建）：此后每条记录和
    事件都带有该密钥的 HMAC。"""
    ledger = records()
    path = ledger.seal(actor=who(by))
    point = ledger.checkpoint()
    if as_json:
        echo_json({"key_file": path, "checkpoint": point})
    else:
        click.echo(f"已用 {path} 中的密钥封存。请把该文件另存一份在安全的地方。")
        click.echo(f"校验点：{point}")
