"""Text that wraps the way Chinese is printed: anywhere between characters.

Textual wraps at whitespace, so a 款 that opens with "　　第三条　" breaks after the label
and leaves the line half empty, and a long run of Chinese (one "word" to it) jumps to the
next line. This widget folds the text itself, character by character and cell-aware (CJK
and full-width punctuation are two cells), and keeps closing punctuation (，。；：）》…)
off the start of a line, as typesetting rules ask.
"""

from __future__ import annotations

from rich.cells import get_character_cell_size
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from lawkb.tui.css import widget_css

# characters that must not open a line (kinsoku): they are carried with the one before
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉’”…—·%,.;:?!)]}")


def fold_offsets(text: str, width: int) -> list[int]:
    """Offsets at which to break `text` so that no line is wider than `width` cells."""
    offsets: list[int] = []
    if width <= 1:
        return offsets
    line_start, line_width = 0, 0
    for i, ch in enumerate(text):
        if ch == "\n":
            line_start, line_width = i + 1, 0
            continue
        w = get_character_cell_size(ch)
        if line_width + w <= width or i == line_start:
            line_width += w
            continue
        brk = i
        if ch in NO_LINE_START and brk - 1 > line_start:
            brk -= 1  # take the character before down with the punctuation
        offsets.append(brk)
        line_start = brk
        line_width = sum(get_character_cell_size(c) for c in text[brk : i + 1])
    return offsets


def fold(content: Content, width: int) -> Content:
    lines: list[Content] = []
    for line in content.split("\n", allow_blank=True):
        offsets = fold_offsets(line.plain, width)
        lines.extend(line.divide(offsets) if offsets else [line])
    return Content("\n").join(lines)


class CjkText(Widget):
    """Like Static, for Chinese text: `update(content)` and it folds to its width."""

    DEFAULT_CSS = widget_css(__file__)

    def __init__(self, content: Content | str = "", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._text = Content(content) if isinstance(content, str) else content

    @property
    def text(self) -> Content:
        return self._text

    def update(self, content: Content | str, *, layout: bool = True) -> None:
        """New text; `layout=False` when the widget's height is fixed (cheaper)."""
        self._text = Content(content) if isinstance(content, str) else content
        self.refresh(layout=layout)

    def _folded(self, width: int) -> Content:
        return fold(self._text, max(width, 2))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((line.cell_length for line in self._text.split("\n")), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._folded(width).split("\n", allow_blank=True)) if self._text else 0

    def render(self) -> Content:
        return self._folded(self.content_size.width or self.app.size.width)
