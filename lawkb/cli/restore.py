"""`lawkb restore BACKUP`: verify a backup, keep the current ledger aside, put the backup back."""

from __future__ import annotations

from pathlib import Path

import click

from lawkb.cli.common import echo_json, handle_errors, home_option, json_option, open_kb


@click.command("restore")
@click.argument("backup", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
@home_option
@handle_errors
def restore_cmd(backup: Path, as_json: bool, home: str | None) -> None:
    """Replace records.db with BACKUP after verifying it; the replaced ledger is kept beside
    it as records.replaced-<time>.db. Close the app and other lawkb commands first."""
    from lawkb.records.restore import restore

    result = restore(backup, open_kb().home / "records.db")
    if as_json:
        echo_json(result)
        return
    click.echo(
        f"Restored {result.officers} officers and {result.entries} entries from {result.backup}."
    )
    if result.replaced:
        click.echo(f"The replaced ledger is kept at {result.replaced}.")
    click.echo(f"Checkpoint: {result.checkpoint}")
