"""`lawkb tui` (and `lawkb` with no command): open the terminal app."""

from __future__ import annotations

from pathlib import Path

import click

from lawkb.cli.common import chosen_home, fail, home_option
from lawkb.errors import LawkbError


def run_tui(home: str | None) -> None:
    """Start the app on `home` (None: LAWKB_HOME or the user data folder)."""
    # imported here: `lawkb search` and friends must not pay for loading Textual
    from lawkb.tui.app import create_app

    try:
        app = create_app(Path(home) if home else None)
    except (OSError, LawkbError) as exc:
        fail(f"cannot open the data folder: {exc}")
        return
    app.run()


@click.command("tui")
@home_option
@click.option(
    "--json", "as_json", is_flag=True, help="Print where the app keeps its files, and exit."
)
@click.pass_context
def tui_cmd(ctx: click.Context, home: str | None, as_json: bool) -> None:
    """Open the terminal app: search, read and browse the law, bookmarks (F1 lists the keys)."""
    home = chosen_home(ctx)
    if as_json:
        from lawkb.cli.common import echo_json
        from lawkb.paths import default_home
        from lawkb.tui.keymap import default_keymap_path

        where = Path(home) if home else default_home()
        echo_json({"home": str(where), "keymap": str(default_keymap_path())})
        return
    run_tui(home)
