"""F1: every key of the screen the officer came from and of the whole app, with binding ids."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from lawkb.i18n import _
from lawkb.tui.keymap import BindingRow, binding_rows


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    AUTO_FOCUS = "#help-keys"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", _("关闭"), id="help.close"),
    ]

    def __init__(self, origin: Screen, keymap: dict[str, str], keymap_path: str) -> None:
        super().__init__()
        self.origin = origin
        self.keymap = keymap
        self.keymap_path = keymap_path
        self.rows: list[tuple[str, BindingRow]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Static(_("按键一览"), id="help-title")
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            yield Static(
                _(
                    "Ctrl+P 打开命令面板（搜索、书签、目录以及测验、学时等功能）。\n自定义按键："
                    '编辑 {keymap_path}，每行一个 编号 = "按键"，例如 "reader.next" = '
                    '"j,right"。'
                ).format(keymap_path=self.keymap_path),
                id="help-footer",
                markup=False,
            )

    def on_mount(self) -> None:
        screen_classes = [type(self.origin)]
        # widgets of that screen that bring their own keys (e.g. the result table)
        for widget in self.origin.query("*"):
            if type(widget) not in screen_classes and getattr(widget, "BINDINGS", None):
                screen_classes.append(type(widget))
        sections = [
            (_("本页"), binding_rows(screen_classes, self.keymap)),
            (_("全局"), binding_rows([type(self.app)], self.keymap)),
        ]
        table = self.query_one("#help-keys", DataTable)
        table.add_column(_("按键"), key="keys")
        table.add_column(_("功能"), key="what")
        table.add_column(_("编号（用于自定义）"), key="id")
        for heading, rows in sections:
            table.add_row(Text(heading, style="bold"), "", "")
            for row in rows:
                self.rows.append((heading, row))
                table.add_row(
                    Text(self._keys(row.keys), style="bold"),
                    Text(row.description),
                    Text(row.binding_id, style="dim"),
                )

    def _keys(self, keys: str) -> str:
        return " / ".join(self.app.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))

    def action_close(self) -> None:
        self.dismiss()
