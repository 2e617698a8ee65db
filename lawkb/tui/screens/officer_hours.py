"""An officer's own 学时: progress against this year's target and every entry behind it.

Opened from the coordinators' list (Enter), or from the command palette, where it asks
for the 执法证号 (pre-filled from $LAWKB_OFFICER).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, ProgressBar, Static

from lawkb.i18n import _
from lawkb.tui.jobs import Jobs
from lawkb.tui.palette import PaletteCommand, ScreenCommands
from lawkb.tui.screens.hours_format import STATUS, hours, percent

if TYPE_CHECKING:
    from lawkb.kb import KnowledgeBase
    from lawkb.records.models import AuditedEntry, Officer, Progress
    from lawkb.tui.services import Services

SOURCE = {
    "manual": _("手工"),
    "group": _("集中"),
    "quiz": _("练习"),
    "exam": _("模拟考试"),
    "import": _("导入"),
}


@dataclass
class OfficerYear:
    officer: Officer
    progress: Progress | None  # None: not on the roster that year
    entries: list[AuditedEntry]


class OfficerHoursScreen(Jobs, Screen[None]):
    CSS_PATH = "officer_hours.tcss"
    COMMANDS: ClassVar = {ScreenCommands}
    BINDINGS: ClassVar = [
        Binding("escape", "back", _("返回"), id="officer_hours.back"),
        Binding("[", "year(-1)", _("上一年"), id="officer_hours.prev_year"),
        Binding("]", "year(1)", _("下一年"), id="officer_hours.next_year"),
    ]

    def __init__(self, services: Services, officer_id: str | None = None, year: int | None = None):
        super().__init__()
        self.services = services
        self.officer_id = officer_id
        self.year = year or dt.date.today().year
        self.data: OfficerYear | None = None

    def compose(self) -> ComposeResult:
        yield Input(
            value=self.officer_id or os.environ.get("LAWKB_OFFICER", ""),
            placeholder=_("执法证号，回车查看"),
            id="officer-id",
        )
        yield Static("", id="officer-title")
        # the percentage is written by `percent` (rounded down, as on the overview)
        yield ProgressBar(total=1, show_eta=False, show_percentage=False, id="officer-progress")
        yield Static("", id="officer-summary")
        yield DataTable(id="officer-entries", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        box = self.query_one("#officer-id", Input)
        box.display = self.officer_id is None
        if self.officer_id:
            self.query_one("#officer-entries").focus()
            self.load()
        else:
            box.focus()

    @on(Input.Submitted, "#officer-id")
    def _chosen(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.officer_id = event.value.strip()
            self.load()

    def load(self) -> None:
        officer_id, year = self.officer_id or "", self.year

        def job(kb: KnowledgeBase) -> OfficerYear:
            records = kb.records
            officer = records.officer(officer_id)
            rows = records.report(year, officer_id=officer_id).officers
            return OfficerYear(
                officer, rows[0] if rows else None, records.audited_entries(officer_id, year)
            )

        self.run_job("officer-hours", lambda: self.services.run(job), self._loaded, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.query_one("#officer-title", Static).update(Text(f"{error}", style="red"))

    def _loaded(self, data: OfficerYear) -> None:
        self.data = data
        self.show()

    def show(self) -> None:
        data = self.data
        if data is None:
            return
        o, p = data.officer, data.progress
        title = Text(f"{o.name}  {o.id}  {o.unit}  ", style="bold")
        title.append(
            _("{year} 年度").format(year=self.year)
            + ("" if o.active else _("（{left_on} 离开）").format(left_on=o.left_on)),
            style="dim",
        )
        self.query_one("#officer-title", Static).update(title)
        bar = self.query_one("#officer-progress", ProgressBar)
        summary = self.query_one("#officer-summary", Static)
        if p is None:
            bar.update(total=1, progress=0)
            summary.update(_("本年度不在名册中。"))
        else:
            bar.update(
                total=max(p.target_minutes, 1),
                progress=min(p.counted_minutes, max(p.target_minutes, 1)),
            )
            label, colour = STATUS[p.status]
            text = Text(
                _("完成 {hours} / 目标 {hours2} 学时（{percent}%），还差 {hours3}  ").format(
                    hours=hours(p.counted_minutes),
                    hours2=hours(p.target_minutes),
                    percent=percent(p.counted_minutes, p.target_minutes),
                    hours3=hours(p.remaining_minutes),
                )
            )
            text.append(label, style=colour)
            if p.auto_minutes:
                text.append(
                    _("  其中练习和模拟考试 {hours}").format(hours=hours(p.auto_minutes)),
                    style="dim",
                )
            summary.update(text)
        table = self.query_one("#officer-entries", DataTable)
        table.clear(columns=True)
        for label, key in (
            (_("编号"), "id"),
            (_("日期"), "date"),
            (_("分钟"), "min"),
            (_("类型"), "activity"),
            (_("内容"), "topic"),
            (_("来源"), "source"),
            (_("记录人"), "by"),
        ):
            table.add_column(label, key=key)
        for item in data.entries:
            e = item.entry
            source = SOURCE.get(e.source, e.source)
            table.add_row(
                str(e.id),
                e.date,
                Text(str(e.minutes), justify="right"),
                e.activity,
                e.topic,
                source,
                e.recorded_by,
                key=str(e.id),
            )
            for c in item.corrections:
                table.add_row(
                    Text(f"↳{c.id}", style="yellow"),
                    c.date,
                    Text(f"{c.minutes:+d}", style="yellow", justify="right"),
                    _("更正"),
                    Text(c.reason, style="yellow"),
                    _("更正 {corrects}").format(corrects=c.corrects),
                    c.recorded_by,
                    key=str(c.id),
                )

    def action_year(self, step: int) -> None:
        self.year += step
        if self.officer_id:
            self.load()

    def action_back(self) -> None:
        self.dismiss()

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            (_("学时：上一年"), "([)", lambda: self.action_year(-1)),
            (_("学时：下一年"), "(])", lambda: self.action_year(1)),
        ]
