"""Textual's own command-palette text in the user's language.

Textual writes its system commands (Theme, Quit, Keys, Maximize, Screenshot …), the palette's
placeholder and its "No matches found" line in English. `translate` renames the commands that
`App.get_system_commands` yields; `Palette` is the command palette with the placeholder and
the no-match line from lawkb's catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from lawkb.i18n import _

#: Textual's titles and help lines (textual/app.py, App.get_system_commands) -> ours
TITLES: dict[str, str] = {
    "Theme": _("配色主题"),
    "Quit": _("退出"),
    "Keys": _("按键"),
    "Minimize": _("还原"),
    "Maximize": _("最大化"),
    "Screenshot": _("截图"),
}
HELP: dict[str, str] = {
    "Change the current theme": _("更换配色主题"),
    "Quit the application as soon as possible": _("立即退出应用"),
    "Hide the keys and widget help panel": _("隐藏按键和部件帮助面板"),
    "Show help for the focused widget and a summary of available keys": _(
        "显示当前部件的帮助和可用按键一览"
    ),
    "Minimize the widget and restore to normal size": _("把部件还原到正常大小"),
    "Maximize the focused widget": _("最大化当前部件"),
    "Save an SVG 'screenshot' of the current screen": _("把当前屏幕保存为 SVG 截图"),
}


def translate(commands: Iterable[SystemCommand]) -> Iterable[SystemCommand]:
    """Textual's system commands with lawkb's titles and help lines (unknown ones as they are)."""
    for command in commands:
        yield command._replace(
            title=TITLES.get(command.title, command.title),
            help=HELP.get(command.help, command.help),
        )


class Palette(CommandPalette):
    """The command palette with its placeholder and its no-match line translated."""

    def __init__(self, providers=None, *, placeholder: str | None = None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(providers, placeholder=placeholder or _("搜索命令…"), **kwargs)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual's own countdown (textual/command.py), with our text for "No matches found"."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("没有匹配的命令"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
