"""Terminal rendering of hits, articles and law lists with rich (CJK-width aware)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from lawkb.i18n import _
from lawkb.models import Hit, Status
from lawkb.numerals import article_label, parse_article_key
from lawkb.views import KIND_NAMES

_console = Console(highlight=False)
STATUS_STYLE = {Status.REPEALED: "bold red", Status.AMENDED: "yellow", Status.PENDING: "cyan"}


def _badge(status: Status | str) -> Text:
    status = Status(status)
    return Text(status.value, style=STATUS_STYLE.get(status, "green"))


def print_hits(hits: list[Hit]) -> None:
    """One block per hit, so that it reads at any terminal width."""
    if not hits:
        _console.print(
            _(
                "没有结果。可以少用几个词，加 --all 包括已废止的法规，或输入 法典第1003条 "
                "这样的条文引用。"
            )
        )
        return
    for i, h in enumerate(hits, 1):
        head = Text(f"{i:>2}  ", style="dim")
        head.append(h.short_title, style="bold")
        head.append(" ")
        head.append(h.article, style="bold")
        head.append("  ")
        head.append_text(_badge(h.status))
        _console.print(head)
        if h.path:
            _console.print(Text("    " + " › ".join(h.path), style="dim"))
        snippet = Text(h.snippet)
        for s, e in h.highlights:
            snippet.stylize("bold reverse", s, e)
        _console.print(Text("    ") + snippet)
        if h.successors:
            labels = [article_label(*parse_article_key(x.split("#", 1)[1])) for x in h.successors]
            _console.print(Text(_("    → 法典") + "、".join(labels), style="cyan"))


def print_article(view: dict[str, Any]) -> None:
    crumbs = " › ".join([view["law_info"]["short_title"], *view["path"]])
    _console.print(Text(crumbs, style="dim"))
    head = Text(view["label"], style="bold")
    head.append("  ")
    head.append_text(_badge(view["status"]))
    if view.get("deleted"):
        head.append(_("  （删去）"), style="dim")
    _console.print(head)
    _print_meaning(view)
    for p in view["paragraphs"]:
        _console.print("　　" + p["text"])
        for item in p["items"]:
            _console.print("　　" + item)
    for name, label in (("successors", _("法典对应条文")), ("predecessors", _("原法条文"))):
        items = view.get(name) or []
        if items:
            _console.print(
                Text(f"{label}: ", style="cyan") + Text("；".join(_link_label(i) for i in items))
            )


def _print_meaning(view: dict[str, Any]) -> None:
    """A label other than 现行有效 says what it means for the reader."""
    if view.get("status") != Status.CURRENT.value and view.get("status_meaning"):
        _console.print(Text(view["status_meaning"], style=STATUS_STYLE.get(Status(view["status"]))))


def _link_label(item: dict[str, Any]) -> str:
    label = item.get("article") or item.get("label") or ""
    kind = KIND_NAMES.get(item.get("kind", ""), item.get("kind", ""))
    return f"{item.get('law', '')}{label}（{kind}）"


def print_law(view: dict[str, Any]) -> None:
    _console.print(Text(view["title"], style="bold"), _badge(view["status"]))
    _print_meaning(view)
    last_path: list[str] = []
    for a in view["articles"]:
        if a["path"] != last_path:
            for depth, heading in enumerate(a["path"]):
                if depth >= len(last_path) or last_path[depth] != heading:
                    _console.print(Text("  " * depth + heading, style="bold cyan"))
            last_path = a["path"]
        paragraphs = a["paragraphs"] or [{"text": "", "items": []}]
        for i, p in enumerate(paragraphs):
            lead = Text(a["label"] + " ", style="bold") if i == 0 else Text("　　")
            _console.print(lead + Text(p["text"]))
            for item in p["items"]:
                _console.print("　　" + item)


def print_laws(laws: list[Any]) -> None:
    table = Table(show_header=True, header_style="bold")
    table.add_column(_("法规"))
    table.add_column(_("类别"), no_wrap=True)
    table.add_column(_("状态"), no_wrap=True)
    table.add_column(_("条数"), justify="right", no_wrap=True)
    for s in laws:
        table.add_row(s.title, s.category.value, _badge(s.status), str(s.article_count))
    _console.print(table)
