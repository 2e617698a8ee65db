"""The root `lawkb` group. Each command group lives in its own module and is registered here."""

from __future__ import annotations

import importlib

import click

from lawkb.cli.common import home_option

# module name -> attribute holding a click command or group
COMMAND_MODULES: dict[str, list[str]] = {
    "lawkb.cli.collection": ["import_cmd", "index_cmd", "search_cmd", "show_cmd", "laws_cmd"],
    "lawkb.cli.tui": ["tui_cmd"],
    "lawkb.cli.hours": ["hours", "officers", "backup"],
    "lawkb.cli.quiz": ["quiz", "exam"],
    "lawkb.cli.discretion": ["discretion"],
    "lawkb.cli.crosswalk": ["crosswalk"],
}


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@home_option
@click.version_option(package_name="lawkb")
@click.pass_context
def main(ctx: click.Context, home: str | None) -> None:
    """lawkb: search, read and study Chinese environmental law in the terminal.

    With no command, opens the terminal app (same as `lawkb tui`).
    """
    if ctx.invoked_subcommand is None:
        from lawkb.cli.tui import run_tui

        run_tui(home)


def _register() -> None:
    for module_name, attrs in COMMAND_MODULES.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # that command group is not built yet
                continue
            raise
        for attr in attrs:
            main.add_command(getattr(module, attr))


_register()
