"""Widgets keep their styles in a .tcss file beside them, like screens do.

Textual reads `CSS_PATH` only for apps and screens; a widget gets its file through
`DEFAULT_CSS = widget_css(__file__)`, which reads `<module>.tcss` once at import.
"""

from __future__ import annotations

from pathlib import Path


def widget_css(module_file: str) -> str:
    return Path(module_file).with_suffix(".tcss").read_text(encoding="utf-8")
