"""Under the results: the highlighted hit's place in the law and its full snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from lawkb.i18n import _
from lawkb.tui.css import widget_css
from lawkb.tui.widgets.cjk_text import CjkText
from lawkb.views import describe_ref, short_title

if TYPE_CHECKING:
    from lawkb.models import Hit

HIGHLIGHT = "bold $text on $warning 40%"


class HitPreview(CjkText):
    DEFAULT_CSS = widget_css(__file__)

    def show(self, hit: Hit | None) -> None:
        if hit is None:
            self.update("", layout=False)
            return
        where = " › ".join([short_title(hit.law), *hit.path, hit.article])
        snippet = Content(hit.snippet)
        for a, b in hit.highlights:
            snippet = snippet.stylize(HIGHLIGHT, a, b)
        parts: list[Content | str | tuple[str, str]] = [(where, "bold"), "\n", snippet]
        if hit.successors:
            targets = "、".join(describe_ref(r) for r in hit.successors[:3])
            parts += [
                "\n",
                (_("法典对应条文："), "dim"),
                (targets, "$accent"),
                (_("（Ctrl+G 打开）"), "dim"),
            ]
        self.update(Content.assemble(*parts), layout=False)  # fixed height: no re-layout
