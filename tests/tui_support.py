"""Helpers for the Pilot tests of the terminal app (tests/test_tui_*.py)."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable
from pathlib import Path

import homes
from textual.pilot import Pilot

from lawkb.tui.app import LawkbApp, create_app

SIZE = (120, 40)


def make_app(home: Path, tmp_path: Path) -> LawkbApp:
    """The real app on `home`, with a keymap file of its own (never the user's)."""
    return create_app(home, keymap_path=tmp_path / "no-keymap.toml")


def copy_home(home: Path, dest: Path) -> Path:
    """A writable copy of a lawkb home (collection, index), for tests that write records."""
    return homes.copy_home(home, dest)


async def wait_for(
    pilot: Pilot, predicate: Callable[[], object], what: str, timeout: float = 15.0
) -> None:
    """Let the app run until `predicate()` holds; fail with `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


async def wait_ready(pilot: Pilot, timeout: float = 30.0) -> None:
    """Until the start-up worker is done and the search screen can search."""
    await wait_for(
        pilot, lambda: getattr(pilot.app.screen_stack[0], "ready", False), "start-up", timeout
    )


async def search(pilot: Pilot, text: str) -> None:
    """Type `text` into an empty search box and wait for its results to be on screen."""
    screen = pilot.app.screen_stack[0]
    box = screen.query_one("#query")
    box.value = ""
    await pilot.click("#query")
    await pilot.press(*text)
    await wait_for(
        pilot,
        lambda: screen.last_query == text.strip() and not screen.searching,
        f"results for {text!r}",
    )


# -- reading a screenshot (Rich's SVG) back into terminal cells ----------------------------
_TEXT = re.compile(
    r'<text class="[^"]*" x="(?P<x>[\d.]+)" y="[\d.]+" textLength="(?P<len>[\d.]+)"'
    r' clip-path="url\(#[\w-]+-line-(?P<line>\d+)\)">(?P<text>[^<]*)</text>'
)


def svg_cells(svg: str) -> list[list[str]]:
    """Each screen row as a list of cells; a wide character fills its cell and the next
    holds "" (so that indexes are terminal columns)."""
    from rich.cells import cell_len

    spans = [
        (int(m["line"]), float(m["x"]), float(m["len"]), _unescape(m["text"]))
        for m in _TEXT.finditer(svg)
    ]
    # Rich sets textLength to char_width * len(text): read the char width off ASCII text
    widths = [length / len(t) for _, _, length, t in spans if t and t.isascii()]
    char_width = min(widths, key=lambda w: abs(w - 12.2)) if widths else 12.2
    rows: dict[int, list[str]] = {}
    for line, x, _, text in spans:
        row = rows.setdefault(line, [])
        col = round(x / char_width)
        for ch in text:
            w = cell_len(ch)
            if w == 0:  # a newline closing the row, or a zero-width mark on the cell before
                if col > 0 and ch != "\n":
                    row[col - 1] += ch
                continue
            while len(row) < col + w:
                row.append(" ")
            row[col] = ch
            if w == 2:
                row[col + 1] = ""
            col += w
    return [rows.get(i, []) for i in range(max(rows, default=-1) + 1)]


def row_text(cells: list[str]) -> str:
    return "".join(cells)


def find_cell(cells: list[str], needle: str, start: int = 0) -> int:
    """The column where `needle` starts in a row of cells, or -1."""
    text = row_text(cells)
    idx = text.find(needle, _char_index(cells, start))
    if idx < 0:
        return -1
    # map the char index back to a column: count cells up to it
    col, chars = 0, 0
    for cell in cells:
        if chars == idx:
            return col
        chars += len(cell)
        col += 1
    return col


def _char_index(cells: list[str], col: int) -> int:
    return sum(len(c) for c in cells[:col])


def _unescape(text: str) -> str:
    # Rich writes each space as &#160; so that SVG keeps runs of them
    return html.unescape(text).replace("\xa0", " ")
