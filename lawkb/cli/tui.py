"""`lawkb tui` (and `lawkb` with no command): open the terminal app."""

from __future__ import annotations

from pathlib import Path

import click

from lawkb.cli.common import chosen_home, common_options, echo_json, fail
from lawkb.errors import LawkbError
from lawkb.i18n import _
from lawkb.paths import default_home


def run_tui(home: str | None) -> None:
    """Start the app on `home` (None: LAWKB_HOME or the user data folder)."""
    from lawkb.tui.app import create_app  # why: `lawkb search` must not pay for loading Textual

    try:
        app = create_app(Path(home) if home else None)
    except (OSError, LawkbError) as exc:
        fail(_("无法打开数据文件夹：{exc}").format(exc=exc))
        return
    app.run()


@click.command("tui", help=_("打开终端应用：检索、阅读和浏览法规，书签（F1 列出按键）。"))
@click.option("--json", "as_json", is_flag=True, help=_("输出终端应用存放文件的位置，然后退出。"))
@common_options(json=False)
@click.pass_context
def tui_cmd(ctx: click.Context, as_json: bool) -> None:
    home = chosen_home(ctx)
    if as_json:
        from lawkb.tui.keymap import default_keymap_path  # why: loads the app package

        where = Path(home) if home else default_home()
        echo_json({"home": str(where), "keymap": str(default_keymap_path())})
        return
    run_tui(home)
