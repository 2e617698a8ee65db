"""`lawkb hours verify` and `lawkb hours seal`: is the ledger what lawkb wrote?

Verify opens the records file without changing it when the normal open fails (a damaged or
tampered database must be described, not crash the command).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from lawkb.cli.common import echo_json, handle_errors, home_option, json_option, open_kb
from lawkb.records.models import VerifyResult


def _verify(path: Path, checkpoint: str | None) -> VerifyResult:
    from lawkb.records import Records

    try:
        records = Records(path)
    except Exception:  # damaged beyond a normal open: verify what can be read
        return _verify_raw(path, checkpoint)
    try:
        return records.verify(checkpoint)
    finally:
        records.close()


def _verify_raw(path: Path, checkpoint: str | None) -> VerifyResult:
    import sqlite3

    from lawkb.errors import LawkbError
    from lawkb.records import checkpoint as ckpt
    from lawkb.records import keyfile
    from lawkb.records.verify import verify

    point = ckpt.from_argument(checkpoint) if checkpoint else None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise LawkbError(f"{path}: cannot open the records database ({exc})") from exc
    try:
        return verify(conn, ledger_key=keyfile.load(), ledger=path, checkpoint=point)
    finally:
        conn.close()


@click.command("verify")
@click.option(
    "--checkpoint",
    metavar="FILE|HASH",
    help="Prove the ledger still extends this checkpoint: LK1-…, a head hash, or an export, "
    "report or backup file that carries one.",
)
@json_option
@home_option
@handle_errors
def verify_cmd(checkpoint: str | None, as_json: bool, home: str | None) -> None:
    """Check everything the reports depend on: both hash chains and their heads, officers,
    settings and sessions against their recorded events, attendance, orphaned entries, the
    ledger key (exit 1 on any finding)."""
    kb = open_kb()
    from lawkb.records.backend import records_url

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
            f"OK: {result.checked} entries and {result.events_checked} events, chain intact. "
            f"Head {result.head_hash}"
        )
    else:
        click.echo(f"FAILED: {len(result.findings)} finding(s)", err=True)
        for f in result.findings:
            click.echo(f"  - {f.message}", err=True)
        if result.first_bad_entry:
            click.echo(
                f"({result.checked} entries before entry {result.first_bad_entry} are intact)",
                err=True,
            )
    if checkpoint and result.extends_checkpoint:
        click.echo(f"The ledger extends checkpoint {checkpoint}.")
    click.echo(f"Checkpoint: {result.checkpoint}")
    if result.keyed:
        click.echo(f"Key: checked with the ledger key ({result.key_file}).")
    elif result.sealed:
        click.echo("Key: this ledger is sealed, but verify ran WITHOUT its key.")
    else:
        click.echo("Key: none (plain SHA-256; `lawkb hours seal` adds a key).")


@click.command("seal")
@click.option("--by", "by", metavar="WHO", help="Who is sealing (default: $LAWKB_USER or login).")
@json_option
@home_option
@handle_errors
def seal_cmd(by: str | None, as_json: bool, home: str | None) -> None:
    """Seal the ledger with a key kept outside the database (created in the config folder
    when there is none): every later entry and event carries the key's HMAC."""
    from lawkb.cli.hours import _who

    records = open_kb().records
    path = records.seal(actor=_who(by))
    point = records.checkpoint()
    if as_json:
        echo_json({"key_file": path, "checkpoint": point})
    else:
        click.echo(f"Sealed with the key in {path}. Keep a copy of that file somewhere safe.")
        click.echo(f"Checkpoint: {point}")
