"""Search results as a table: law, article, status badge, chapter path, snippet.

A Line-API widget rather than a DataTable: each row is laid out once, when the results
arrive, as one strip of cells, and drawing a frame only copies strips. (DataTable renders
each cell through Rich on every frame, several times a keystroke; that alone took the
keystroke-to-results time past 100 ms.)

Columns are counted in terminal cells: a CJK character or full-width punctuation mark
takes two. Every cell is cut to its column with Rich's cell-aware truncation and padded
to it, so rows line up whatever the characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from lawkb.i18n import _
from lawkb.tui.css import widget_css
from lawkb.tui.messages import OpenArticle
from lawkb.tui.widgets.status_badge import badge_text

if TYPE_CHECKING:
    from lawkb.models import Hit

TITLE_MAX = 24  # cells
LABEL_MAX = 22  # 第一千二百三十四条之一 is 22 cells
PATH_MAX = 24
SNIPPET_MIN = 24
TITLE_MIN = 8  # a law's short title is never cut below this
PATH_USEFUL = 14  # narrower than this, the 章节 column is dropped (first, by priority)
HIGHLIGHT_STYLE = "bold #000000 on #f2d14b"
EXACT_MARK = "▸ "  # narrow in every terminal (east-asian width N)
HEADERS = (_("法规"), _("条"), _("状态"), _("章节"), _("摘要"))


def clean(text: str) -> str:
    """One line: newlines and tabs in law text would break a table row."""
    return " ".join(text.split())


def fit(text: str | Text, width: int) -> Text:
    """Cut to `width` cells with an ellipsis; never wider, whatever the characters."""
    t = Text(text, end="") if isinstance(text, str) else text.copy()
    t.no_wrap = True
    if t.cell_len > width:
        t.truncate(width, overflow="ellipsis")
    return t


def snippet_text(hit: Hit, width: int) -> Text:
    """The snippet with highlights, shifted so the first highlight is inside the cell."""
    snippet = hit.snippet.replace("\n", " ").replace("\t", " ")
    spans = sorted(hit.highlights)
    start = 0
    if spans and cell_len(snippet[: spans[0][0]]) > width // 3:
        start = max(0, spans[0][0] - 4)
    text = Text(("…" if start else "") + snippet[start:], end="")
    shift = 1 if start else 0
    for a, b in spans:
        a, b = a - start + shift, b - start + shift
        if b > shift:
            text.stylize(HIGHLIGHT_STYLE, max(a, shift), b)
    return fit(text, width)


def path_text(path: Sequence[str]) -> str:
    return " › ".join(clean(p) for p in path)


def path_cell(path: Sequence[str], width: int) -> str:
    """The whole path when it fits, else its most specific part (第四节 …, not 第五编 …)."""
    whole = path_text(path)
    return whole if cell_len(whole) <= width or not path else clean(path[-1])


class ResultTable(ScrollView, can_focus=True):
    """The results; row 0 is the header, which stays put while the rows scroll."""

    DEFAULT_CSS = widget_css(__file__)
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "result-table--header",
        "result-table--cursor",
        "result-table--even",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", _("打开"), id="results.open"),
        Binding("g", "successor", _("法典对应条文"), id="results.successor"),
        Binding("up", "cursor(-1)", _("上"), show=False, id="results.up"),
        Binding("down", "cursor(1)", _("下"), show=False, id="results.down"),
        Binding("pageup", "page(-1)", _("上一页"), show=False, id="results.page_up"),
        Binding("pagedown", "page(1)", _("下一页"), show=False, id="results.page_down"),
        Binding("home", "cursor_to(0)", _("第一条"), show=False, id="results.first"),
        Binding("end", "cursor_to(-1)", _("最后一条"), show=False, id="results.last"),
    ]

    cursor_row: reactive[int] = reactive(0, repaint=False)

    class RowHighlighted(Message):
        def __init__(self, table: ResultTable, hit: Hit) -> None:
            super().__init__()
            self.table, self.hit = table, hit

        @property
        def control(self) -> ResultTable:
            return self.table

    class RowSelected(RowHighlighted):
        pass

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.hits: list[Hit] = []
        self.widths: tuple[int, ...] = ()
        self._cells: list[list[Text]] = []
        self._strips: dict[int, Strip] = {}  # row -> strip without the cursor style

    # -- content ---------------------------------------------------------------------
    def show(self, hits: Sequence[Hit]) -> None:
        """Replace the rows; the cursor goes back to the first row."""
        self.hits = list(hits)
        self._layout()
        self.set_reactive(ResultTable.cursor_row, 0)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()
        if self.hits:
            self.post_message(self.RowHighlighted(self, self.hits[0]))

    def _layout(self) -> None:
        self.widths = self._widths()
        title, label, _status, path, snippet = self.widths
        self._cells = [
            [
                fit(clean(hit.short_title), title),
                fit(
                    Text((EXACT_MARK if hit.exact else "") + clean(hit.article), end=""),
                    label,
                ),
                badge_text(hit.status),
                fit(path_cell(hit.path, path), path),
                snippet_text(hit, snippet),
            ]
            for hit in self.hits
        ]
        self._strips.clear()
        width = sum(w + 2 for w in self.widths if w)
        self.virtual_size = Size(width, len(self.hits) + 1)

    def _widths(self) -> tuple[int, int, int, int, int]:
        total = max(self.scrollable_content_region.width or self.app.size.width - 2, 60)
        hits = self.hits
        title = min(TITLE_MAX, max([cell_len(clean(h.short_title)) for h in hits] + [4]))
        exact = cell_len(EXACT_MARK) if any(h.exact for h in hits) else 0
        label = min(LABEL_MAX, max([cell_len(h.article) + exact for h in hits] + [2]))
        status = max([badge_text(h.status).cell_len for h in hits] + [4])
        path = min(PATH_MAX, max([cell_len(path_text(h.path)) for h in hits] + [4]))
        # each column has one cell of padding either side
        rest = total - (title + label + status + path) - 2 * len(HEADERS)
        if rest < SNIPPET_MIN:
            path = path - (SNIPPET_MIN - rest)
            rest = SNIPPET_MIN
        if path < PATH_USEFUL:  # too narrow to say anything: the preview shows the path
            rest, path = rest + max(path, 0) + 2, 0
        excess = title + label + status + path + rest + 2 * (5 if path else 4) - total
        if excess > 0:  # still too wide: the law's name gives way (cut with …), then the snippet
            cut = min(excess, max(0, title - TITLE_MIN))
            title, rest = title - cut, rest - (excess - cut)
        return title, label, status, path, rest

    @property
    def row_count(self) -> int:
        return len(self.hits)

    def row_cells(self, row: int) -> list[Text]:
        """The cells of a row as shown (cut to their columns), for tests and copying."""
        return [c.copy() for c in self._cells[row]]

    @property
    def current_hit(self) -> Hit | None:
        if 0 <= self.cursor_row < len(self.hits):
            return self.hits[self.cursor_row]
        return None

    # -- drawing ---------------------------------------------------------------------
    def _assemble(self, cells: Sequence[Text], style: Style) -> Strip:
        line = Text(end="", no_wrap=True)
        for cell, width in zip(cells, self.widths, strict=True):
            if not width:  # a column dropped on a narrow screen
                continue
            line.append(" ")
            line.append_text(cell)
            line.append(" " * (width - cell.cell_len + 1))
        segments = list(line.render(self.app.console))
        return Strip(Segment.apply_style(segments, style), line.cell_len)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            header = [Text(h, end="") for h in HEADERS]
            style = base + self.get_component_rich_style("result-table--header")
            return self._assemble(header, style).crop_extend(0, width, style)
        row = self.scroll_offset.y + y - 1
        if row >= len(self.hits):
            return Strip.blank(width, base)
        if row == self.cursor_row:
            # laid out afresh: the cursor colour goes under the highlights, not over them
            cursor = self.get_component_rich_style("result-table--cursor")
            if not self.has_focus:
                cursor = Style(bgcolor=cursor.bgcolor, dim=True)
            style = base + cursor
            return self._assemble(self._cells[row], style).crop_extend(0, width, style)
        strip = self._strips.get(row)
        if strip is None:
            style = base
            if row % 2:
                style += self.get_component_rich_style("result-table--even")
            strip = self._assemble(self._cells[row], style).crop_extend(0, width, style)
            self._strips[row] = strip
        return strip

    def on_mount(self) -> None:
        self._layout()

    def on_resize(self) -> None:
        self._layout()
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- the cursor ------------------------------------------------------------------
    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        if 0 <= new < len(self.hits):
            self.post_message(self.RowHighlighted(self, self.hits[new]))

    def _scroll_cursor_into_view(self) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        top = self.scroll_offset.y
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        if self.hits:
            self.cursor_row = max(0, min(len(self.hits) - 1, self.cursor_row + step))

    def action_page(self, pages: int) -> None:
        self.action_cursor(pages * max(1, self.scrollable_content_region.height - 1))

    def action_cursor_to(self, row: int) -> None:
        if self.hits:
            self.cursor_row = row % len(self.hits)

    def action_select(self) -> None:
        hit = self.current_hit
        if hit is not None:
            self.post_message(self.RowSelected(self, hit))

    def action_successor(self) -> None:
        hit = self.current_hit
        if hit is None or not hit.successors:
            self.notify(_("这一条没有记录法典中的对应条文"), severity="warning")
            return
        self.post_message(OpenArticle(hit.successors[0]))

    def on_click(self, event: events.Click) -> None:
        row = self.scroll_offset.y + event.y - 1
        if event.y < 1 or row >= len(self.hits):
            return
        if row == self.cursor_row or event.chain > 1:
            self.action_select()
        self.cursor_row = row
