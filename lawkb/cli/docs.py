"""The CLI reference, docs/cli.md, made from every command's --help.

    python -m lawkb.cli.docs            # writes docs/cli.md (run from the repository)
    python -m lawkb.cli.docs --check    # exit 1 when docs/cli.md differs from the code

`commands()` walks the click group tree (the lazy root included); the tests use it to check
that docs/cli.md and README.md's command table name every command.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import click

from lawkb.atomic import atomic_write
from lawkb.cli.main import main as root
from lawkb.i18n import _

WIDTH = 100  # a fixed width, so that the reference does not depend on the terminal
DEFAULT_PATH = Path("docs") / "cli.md"
HEADER = _(
    "# lawkb 命令参考\n\n本文件由 `python -m lawkb.cli.docs` 根据每个命令的 "
    "`--help` 生成，请勿手工编辑；\n修改命令的帮助文字后重新运行该命令（测试会检"
    "查本文件与代码一致）。\n"
)


@dataclass(frozen=True)
class Entry:
    path: tuple[str, ...]  # ("hours", "settings", "target"); () is `lawkb` itself
    command: click.Command
    context: click.Context

    @property
    def name(self) -> str:
        return " ".join(("lawkb", *self.path))

    @property
    def is_group(self) -> bool:
        return isinstance(self.command, click.Group)


def commands() -> list[Entry]:
    """Every command and group under `lawkb`, depth first, in the order --help lists them."""
    ctx = click.Context(
        root,
        info_name="lawkb",
        terminal_width=WIDTH,
        max_content_width=WIDTH,
        **root.context_settings,
    )
    return list(_walk(root, (), ctx))


def _walk(cmd: click.Command, path: tuple[str, ...], ctx: click.Context) -> Iterator[Entry]:
    yield Entry(path, cmd, ctx)
    if not isinstance(cmd, click.Group):
        return
    for name in cmd.list_commands(ctx):
        sub = cmd.get_command(ctx, name)
        if sub is None or sub.hidden:
            continue
        yield from _walk(sub, (*path, name), click.Context(sub, info_name=name, parent=ctx))


def render() -> str:
    """docs/cli.md: a contents list, then each command's --help in a code block."""
    entries = commands()
    lines = [HEADER, _("## 目录\n")]
    for e in entries:
        indent = "  " * max(len(e.path) - 1, 0)
        lines.append(f"{indent}- [`{e.name}`](#{_anchor(e)})")
    lines.append("")
    for e in entries:
        lines.append(f"{'#' * min(len(e.path) + 2, 4)} `{e.name}`\n")
        lines.append("```text")
        lines.append(e.command.get_help(e.context).rstrip())
        lines.append("```\n")
    return "\n".join(lines)


def _anchor(e: Entry) -> str:
    """The id GitHub gives the heading `lawkb hours log`: lawkb-hours-log."""
    return "-".join(("lawkb", *e.path))


@click.command(help=_("根据每个命令的 --help 生成命令参考（docs/cli.md）。"))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_PATH,
    show_default=True,
    help=_("写入的文件。"),
)
@click.option("--check", is_flag=True, help=_("只检查该文件是否与代码一致（不一致时退出码 1）。"))
def build(output: Path, check: bool) -> None:
    text = render()
    if check:
        current = output.read_text(encoding="utf-8") if output.is_file() else ""
        if current != text:
            click.echo(
                _("{output} 与代码不一致：请运行 python -m lawkb.cli.docs").format(output=output),
                err=True,
            )
            sys.exit(1)
        click.echo(_("{output} 是最新的。").format(output=output))
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(output, text)
    click.echo(
        _("已写入 {output}（{n_commands} 个命令）").format(
            output=output, n_commands=len(commands())
        )
    )


if __name__ == "__main__":
    build()
