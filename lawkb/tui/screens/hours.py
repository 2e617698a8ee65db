"""学时 for coordinators: every officer's hours against the target, by unit, with export.

Enter opens the officer's own view (lawkb/tui/screens/officer_hours.py). Everything shown comes
from `lawkb.records` (report, export) run on the services' knowledge-base thread.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from lawkb.i18n import _
from lawkb.tui.jobs import Jobs
from lawkb.tui.palette import PaletteCommand, ScreenCommands
from lawkb.tui.screens.hours_format import STATUS, hours, percent, progress_bar, unit_label
from lawkb.tui.screens.officer_hours import OfficerHoursScreen

if TYPE_CHECKING:
    from lawkb.kb import KnowledgeBase
    from lawkb.records.models import Progress, Report
    from lawkb.tui.services import Services

NARROW = 100  # screen columns below which the progress bar is left out


class HoursScreen(Jobs, Screen[None]):
    CSS_PATH = "hours.tcss"
    AUTO_FOCUS = "#hours-table"
    COMMANDS: ClassVar = {ScreenCommands}
    BINDINGS: ClassVar = [
        Binding("escape", "back", _("返回"), id="hours.back"),
        Binding("b", "toggle_behind", _("只看落后"), id="hours.behind"),
        Binding("u", "cycle_unit", _("切换单位"), id="hours.unit"),
        Binding("[", "year(-1)", _("上一年"), id="hours.prev_year"),
        Binding("]", "year(1)", _("下一年"), id="hours.next_year"),
        Binding("e", "export", _("导出 XLSX"), id="hours.export"),
        Binding("r", "reload", _("刷新"), id="hours.reload", show=False),
    ]

    def __init__(self, services: Services, year: int | None = None) -> None:
        super().__init__()
        self.services = services
        self.year = year or dt.date.today().year
        self.unit: str | None = None  # None: every unit
        self.behind_only = False
        self.report: Report | None = None
        self.rows: list[Progress] = []
        self.exported: Path | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="hours-title")
        yield Static("", id="hours-filters")
        yield DataTable(id="hours-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="hours-empty", markup=False)
        yield Static("", id="hours-totals")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        self.load()  # a correction made elsewhere shows up when coming back

    # -- data -------------------------------------------------------------------------
    def load(self) -> None:
        year = self.year
        self.run_job(
            "hours", lambda: self.services.run(lambda kb: kb.records.report(year)), self._loaded
        )

    def job_failed(self, error: BaseException) -> None:
        self.notify(_("学时：{error}").format(error=error), severity="error", timeout=8)

    def _loaded(self, report: Report) -> None:
        self.report = report
        if self.unit is not None and self.unit not in self.units():
            self.unit = None
        self.show()

    def _exported(self, path: Path) -> None:
        self.exported = path
        self.notify(
            _("已导出：{exported}").format(exported=self.exported), title=_("学时"), timeout=8
        )

    def units(self) -> list[str]:
        return [u.unit for u in self.report.units] if self.report else []

    # -- view -------------------------------------------------------------------------
    def show(self) -> None:
        rep = self.report
        if rep is None:
            return
        self.rows = [
            p
            for p in rep.officers
            if (self.unit is None or p.unit == self.unit)
            and (not self.behind_only or p.status == "behind")
        ]
        self.query_one("#hours-title", Static).update(
            Text(
                _("学时 · {year} 年度（截至 {as_of}）").format(year=self.year, as_of=rep.as_of),
                style="bold",
            )
        )
        behind = _("只看落后") if self.behind_only else _("全部人员")
        filters = _("单位：{unit_label}   {behind}").format(
            unit_label=unit_label(self.unit), behind=behind
        )
        if not rep.auto_counts:
            filters += _("   （练习、模拟考试时间不计入）")
        self.query_one("#hours-filters", Static).update(Text(filters, style="dim"))
        table = self.query_one("#hours-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        for label, key in (
            (_("执法证号"), "id"),
            (_("姓名"), "name"),
            (_("单位"), "unit"),
            (_("进度"), "bar"),
            (_("完成学时"), "done"),
            (_("目标学时"), "target"),
            (_("剩余"), "left"),
            (_("状态"), "status"),
        ):
            table.add_column(label, key=key)
        # under 100 columns the bar goes (its percentage stays): 剩余 and 状态 matter more
        narrow = (self.size.width or self.app.size.width) < NARROW
        for p in self.rows:
            label, colour = STATUS[p.status]
            pct = Text(f"{percent(p.counted_minutes, p.target_minutes)}%", justify="right")
            table.add_row(
                p.id,
                p.name,
                p.unit,
                pct if narrow else progress_bar(p.counted_minutes, p.target_minutes, p.status),
                Text(hours(p.counted_minutes), justify="right"),
                Text(hours(p.target_minutes), justify="right"),
                Text(hours(p.remaining_minutes), justify="right"),
                Text(label, style=colour),
                key=p.id,
            )
        table.display = bool(self.rows)
        empty = self.query_one("#hours-empty", Static)
        empty.display = not self.rows
        empty.update(
            _("还没有人员。用 `lawkb officers add` 或 `lawkb officers import 名册.xlsx` 添加。")
            if not rep.officers
            else _("没有符合筛选条件的人员。按 b 或 u 调整筛选。")
        )
        if self.rows and 0 <= cursor < len(self.rows):
            table.move_cursor(row=cursor)
        done = sum(p.counted_minutes for p in self.rows)
        target = sum(p.target_minutes for p in self.rows)
        complete = sum(p.status == "complete" for p in self.rows)
        behind = sum(p.status == "behind" for p in self.rows)
        self.query_one("#hours-totals", Static).update(
            _(
                "{n_rows} 人 · 完成 {hours} / 目标 {hours2} 学时 · 已完成 {complete} "
                "人 · 落后 {behind} 人"
            ).format(
                n_rows=len(self.rows),
                hours=hours(done),
                hours2=hours(target),
                complete=complete,
                behind=behind,
            )
        )

    # -- actions ----------------------------------------------------------------------
    def action_toggle_behind(self) -> None:
        self.behind_only = not self.behind_only
        self.show()

    def action_cycle_unit(self) -> None:
        units = [None, *self.units()]
        self.unit = units[(units.index(self.unit) + 1) % len(units)] if self.unit in units else None
        self.show()

    def action_year(self, step: int) -> None:
        self.year += step
        self.load()

    def action_reload(self) -> None:
        self.load()

    def action_export(self) -> None:
        """Summary and every entry of the year (and unit, when filtered) to the data folder."""
        year, unit = self.year, self.unit
        folder = self.services.home / "exports"
        name = f"lawkb-hours-{year}{'-' + unit if unit else ''}.xlsx"

        def job(kb: KnowledgeBase) -> Path:
            folder.mkdir(exist_ok=True)
            return kb.records.export(folder / name, "xlsx", year=year, unit=unit, detail=True)[0]

        self.run_job("hours-export", lambda: self.services.run(job), self._exported)

    @on(DataTable.RowSelected, "#hours-table")
    def _open_officer(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.push_screen(OfficerHoursScreen(self.services, event.row_key.value, self.year))

    def action_back(self) -> None:
        self.dismiss()

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            (
                _("学时：只看落后 / 全部"),
                _("切换是否只列出进度落后的人员 (b)"),
                self.action_toggle_behind,
            ),
            (_("学时：切换单位"), _("依次按单位筛选 (u)"), self.action_cycle_unit),
            (
                _("学时：导出 XLSX"),
                _("汇总和明细，保存到数据文件夹的 exports (e)"),
                self.action_export,
            ),
            (_("学时：上一年"), "([)", lambda: self.action_year(-1)),
            (_("学时：下一年"), "(])", lambda: self.action_year(1)),
        ]
