"""law › 编 › 章 › 节 › 条, above the article in the reader."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from lawkb.tui.css import widget_css

SEPARATOR = " › "  # U+203A is narrow in every terminal


class Breadcrumb(Static):
    DEFAULT_CSS = widget_css(__file__)

    def __init__(self, parts: Sequence[str] = (), **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.parts: list[str] = list(parts)

    def on_mount(self) -> None:
        self.set_parts(self.parts)

    def set_parts(self, parts: Sequence[str]) -> None:
        self.parts = [" ".join(p.split()) for p in parts if p]
        pieces: list[Content | tuple[str, str] | str] = []
        for i, part in enumerate(self.parts):
            if i:
                pieces.append((SEPARATOR, "dim"))
            last = i == len(self.parts) - 1
            pieces.append((part, "bold" if last else ""))
        self.update(Content.assemble(*pieces))

    @property
    def plain(self) -> str:
        return SEPARATOR.join(self.parts)
