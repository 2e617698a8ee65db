"""The first screen: one search box, results as the officer types, filters on F2–F4.

Start-up happens here, behind the status panel: the screen is drawn at once, and a worker
opens the collection, rebuilds a missing or stale index (with a progress bar) and loads
jieba. Keystrokes typed meanwhile are kept and searched as soon as it is ready.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Footer, Input
from textual.worker import get_current_worker

from lawkb.i18n import _
from lawkb.tui.jobs import Jobs
from lawkb.tui.messages import OpenArticle
from lawkb.tui.models import Filters, SearchOutcome, Startup
from lawkb.tui.services import Services, Superseded
from lawkb.tui.widgets.filter_bar import FilterBar
from lawkb.tui.widgets.hit_preview import HitPreview
from lawkb.tui.widgets.result_table import ResultTable
from lawkb.tui.widgets.status_panel import StatusPanel

if TYPE_CHECKING:
    from lawkb.models import Hit

DEBOUNCE = 0.03  # seconds of quiet typing before a search runs
PROGRESS_EVERY = 0.05  # seconds between progress-bar updates from a worker
RESULT_LIMIT = 50
PLACEHOLDER = _("搜索法条，例如 按日连续处罚；或直达条文：环保法59条、法典第1003条")


class SearchScreen(Jobs, Screen[None]):
    CSS_PATH = "search.tcss"
    AUTO_FOCUS = "#query"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "toggle_versions", _("切换版本范围"), id="search.versions"),
        Binding("f3", "cycle_category", _("类别"), id="search.category"),
        Binding("f4", "pick_law", _("限定法规"), id="search.law"),
        Binding("escape", "clear", _("清空"), id="search.clear"),
        Binding("ctrl+g", "successor", _("法典对应条文"), show=False, id="search.successor"),
        Binding("down", "focus_results", _("看结果"), show=False, id="search.results"),
        Binding("ctrl+o", "import_builtin", _("导入内置法规库"), id="search.import"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.filters = Filters()
        self.ready = False
        self.importing = False
        self.hits: list[Hit] = []
        self.categories: tuple[str, ...] = ()
        self.result_generation = 0  # bumped each time new results are on screen
        self.results_at = 0.0  # time.perf_counter() when they were put there
        # said beside the first results after start-up (a query typed while it imported)
        self._startup_note = ""
        self.last_query: str | None = None
        self._debounce: Timer | None = None
        self._open_exact_on_results = False
        self._progress_at = 0.0

    def compose(self) -> ComposeResult:
        query = Input(placeholder=PLACEHOLDER, id="query")
        query.border_title = _("lawkb 搜索")
        yield query
        yield FilterBar(id="filters")
        yield StatusPanel(id="status")
        yield ResultTable(id="results")
        yield HitPreview(id="preview")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ResultTable).display = False
        self.query_one(HitPreview).display = False
        self.query_one(StatusPanel).loading()
        # after the first frame: loading jieba must not hold up the first paint
        self.call_after_refresh(self.start_services)

    # -- start-up --------------------------------------------------------------------
    def start_services(self) -> None:
        def work() -> Startup:
            return self.services.start(progress=self._progress_from_worker)

        self.run_job("startup", work, self._started, self._start_failed)

    def import_worker(self) -> None:
        def work() -> Startup:
            self.services.import_builtin(progress=self._progress_from_worker)
            return self.services.start(progress=self._progress_from_worker)

        self.run_job("startup", work, self._started, self._start_failed)

    def _progress_from_worker(self, stage: str, done: int, total: int) -> None:
        # call_from_thread waits for the UI: throttle so a rebuild is not slowed down
        now = time.monotonic()
        if done < total and now - self._progress_at < PROGRESS_EVERY:
            return
        self._progress_at = now
        self.app.call_from_thread(self.query_one(StatusPanel).progress, stage, done, total)

    def _start_failed(self, error: BaseException) -> None:
        self.importing = False
        self.query_one(StatusPanel).error(
            _("无法打开资料库：{error}\n\n资料目录：{home}").format(
                error=error, home=self.services.home
            )
        )

    def _started(self, report: Startup) -> None:
        status = self.query_one(StatusPanel)
        self.importing = False
        if report.empty:
            status.empty()  # the focus stays in the search box: nothing typed is lost
            self.refresh_bindings()
            return
        self.ready = True
        self.categories = report.categories
        status.hide()
        self.query_one(ResultTable).display = True
        self.query_one(HitPreview).display = True
        note = _("{law_count} 部法规").format(law_count=report.law_count) + (
            _("，索引已重建") if report.rebuilt else ""
        )
        self.query_one(FilterBar).set_state(self.filters, note)
        self.refresh_bindings()
        if self.query_text:
            self._startup_note = note
            self.search_now()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "import_builtin":
            return not self.ready and not self.importing and self._startup_done_empty()
        return True

    def _startup_done_empty(self) -> bool:
        return self.query_one(StatusPanel).has_class("-empty")

    def action_import_builtin(self) -> None:
        if self.importing or self.ready:
            return
        self.importing = True
        self.query_one(StatusPanel).loading(_("正在导入内置法规库…"))
        self.query_one("#query", Input).focus()
        self.import_worker()

    @on(Button.Pressed, "#status-import")
    def _import_pressed(self) -> None:
        self.action_import_builtin()

    # -- searching -------------------------------------------------------------------
    @property
    def query_text(self) -> str:
        return self.query_one("#query", Input).value.strip()

    @on(Input.Changed, "#query")
    def _query_changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE, self.search_now)

    @on(Input.Submitted, "#query")
    def _query_submitted(self) -> None:
        exact = self.hits[0] if self.hits and self.hits[0].exact else None
        if self.last_query == self.query_text and self.ready:
            if exact is not None:
                self.post_message(OpenArticle(exact.ref))
            elif self.hits:
                self.action_focus_results()
            return
        # results for this text are not in yet: act when they are
        self._open_exact_on_results = True
        self.search_now()

    def search_now(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        if not self.ready:
            return
        self.run_search(self.query_text, self.filters)

    def run_search(self, query: str, filters: Filters) -> None:
        self.run_job(
            "search", lambda: self._search(query, filters), self._searched, self._search_failed
        )

    def _search(self, query: str, filters: Filters) -> SearchOutcome | None:
        started = time.perf_counter()
        try:
            hits = self.services.search(query, filters, limit=RESULT_LIMIT)
        except Superseded:
            return None  # a newer search is queued behind it
        if get_current_worker().is_cancelled:
            return None
        elapsed = time.perf_counter() - started
        missing = None if hits and hits[0].exact else self.services.missing_reference(query)
        return SearchOutcome(query, filters, hits, elapsed, missing)

    def _search_failed(self, error: BaseException) -> None:
        self.query_one(HitPreview).update(_("搜索出错：{error}").format(error=error))

    def _searched(self, outcome: SearchOutcome | None) -> None:
        if outcome is None:
            return
        if outcome.query != self.query_text or outcome.filters != self.filters:
            return  # the officer has typed on since: a newer search is coming
        self._show_results(outcome.query, outcome.hits, outcome.elapsed, outcome.missing)

    def _show_results(
        self, query: str, hits: list[Hit], elapsed: float, missing: str | None = None
    ) -> None:
        self.hits = hits
        self.last_query = query
        self.query_one(ResultTable).show(hits)  # the first row's preview follows
        preview = self.query_one(HitPreview)
        if not hits:
            preview.show(None)
        if missing and not hits:  # 环保法第999条: say what the law has, as the CLI does
            preview.update(_("没有这一条：{missing}").format(missing=missing))
        elif query and not hits:
            preview.update(_("没有找到。试试换个说法，或按 F2 把已废止的法规也算进来。"))
        note = (
            _("{n_hits} 条结果 · {value:.0f} ms").format(n_hits=len(hits), value=elapsed * 1000)
            if query
            else ""
        )
        if self._startup_note:
            note, self._startup_note = "，".join(filter(None, (self._startup_note, note))), ""
        self.query_one(FilterBar).set_state(self.filters, note)
        self.result_generation += 1
        self.results_at = time.perf_counter()
        if self._open_exact_on_results:
            self._open_exact_on_results = False
            if hits and hits[0].exact:
                self.post_message(OpenArticle(hits[0].ref))
            elif hits:
                self.action_focus_results()

    @on(ResultTable.RowHighlighted, "#results")
    def _row_highlighted(self, event: ResultTable.RowHighlighted) -> None:
        self.query_one(HitPreview).show(event.hit)

    @on(ResultTable.RowSelected, "#results")
    def _row_selected(self, event: ResultTable.RowSelected) -> None:
        self.post_message(OpenArticle(event.hit.ref))

    # -- filters ---------------------------------------------------------------------
    def _filters_changed(self, filters: Filters) -> None:
        self.filters = filters
        self.query_one(FilterBar).set_state(filters)
        self.search_now()

    def action_toggle_versions(self) -> None:
        f = self.filters
        self._filters_changed(Filters(not f.include_all, f.category, f.law))

    def action_cycle_category(self) -> None:
        f = self.filters
        order: list[str | None] = [None, *self.categories]
        nxt = order[(order.index(f.category) + 1) % len(order)] if f.category in order else None
        self._filters_changed(Filters(f.include_all, nxt, f.law))

    def action_pick_law(self) -> None:
        from lawkb.tui.screens.law_picker import LawPickerScreen

        def picked(title: str | None) -> None:
            if title is None:
                return  # cancelled
            f = self.filters
            self._filters_changed(Filters(f.include_all, f.category, title or None))

        self.app.push_screen(LawPickerScreen(self.services, self.filters.law), picked)

    def action_clear(self) -> None:
        query = self.query_one("#query", Input)
        if query.value:
            query.value = ""
        elif self.filters != Filters():
            self._filters_changed(Filters())
        query.focus()

    def on_key(self, event: events.Key) -> None:
        # typing while the results have focus goes on with the query ("g" is the table's)
        if (
            isinstance(self.focused, ResultTable)
            and event.is_printable
            and event.character
            and event.key != "g"
        ):
            box = self.query_one("#query", Input)
            box.focus()
            box.insert_text_at_cursor(event.character)
            event.stop()

    def action_successor(self) -> None:
        """The highlighted hit's article in the Code (for an article of a repealed law)."""
        self.query_one(ResultTable).action_successor()

    def action_focus_results(self) -> None:
        table = self.query_one(ResultTable)
        if table.display and self.hits:
            table.focus()

    @property
    def searching(self) -> bool:
        """A search is waiting for the typing to stop, queued or running."""
        if self._debounce is not None:
            return True
        return self.job_running("search")

    def focus_query(self) -> None:
        self.query_one("#query", Input).focus()
