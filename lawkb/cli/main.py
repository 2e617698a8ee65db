"""The root `lawkb` group. Each command group lives in its own module, imported only when that
command runs (so `lawkb` opening the app, or `lawkb hours log`, does not pay for the others)."""

from __future__ import annotations

import importlib

import click

from lawkb.cli.common import chosen_home, home_option
from lawkb.cli.tui import run_tui
from lawkb.i18n import _, route_stdlib_gettext

route_stdlib_gettext()  # click's own messages in lawkb's language

# command name -> "module:attribute" holding the click command or group
COMMANDS: dict[str, str] = {
    "import": "lawkb.cli.collection:import_cmd",
    "index": "lawkb.cli.collection:index_cmd",
    "search": "lawkb.cli.collection:search_cmd",
    "show": "lawkb.cli.collection:show_cmd",
    "laws": "lawkb.cli.collection:laws_cmd",
    "tui": "lawkb.cli.tui:tui_cmd",
    "hours": "lawkb.cli.hours:hours",
    "officers": "lawkb.cli.officers:officers",
    "backup": "lawkb.cli.backup:backup_cmd",
    "restore": "lawkb.cli.backup:restore_cmd",
    "records": "lawkb.cli.records_cmd:records",
    "quiz": "lawkb.cli.quiz:quiz",
    "exam": "lawkb.cli.exam:exam",
    "discretion": "lawkb.cli.discretion:discretion",
    "crosswalk": "lawkb.cli.crosswalk:crosswalk",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use (the pattern click documents)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS and name not in self.commands:
            module, _ignored, attr = COMMANDS[name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=_(
        "lawkb：在终端中检索、阅读和学习生态环境法律法规。\n\n不带命令时打开终端应用（"
        "与 `lawkb tui` 相同）。"
    ),
)
@home_option
@click.version_option(package_name="lawkb", help=_("显示版本并退出。"))
@click.pass_context
def main(ctx: click.Context) -> None:
    if ctx.invoked_subcommand is None:
        run_tui(chosen_home(ctx))
