"""`lawkb crosswalk`: old article <-> Code article links, and what changed between them."""

from __future__ import annotations

import click
from rich.console import Console
from rich.text import Text

from lawkb.cli.common import echo_json, handle_errors, home_option, json_option, open_kb

_console = Console(highlight=False)


@click.group("crosswalk")
def crosswalk() -> None:
    """The ten laws the 生态环境法典 repealed, article by article, against the Code."""


def _ref(kb, law: str, article: str) -> str:
    return kb.article(law, article).ref


@crosswalk.command("show")
@click.argument("law")
@click.argument("article")
@json_option
@home_option
@handle_errors
def show_cmd(law: str, article: str, as_json: bool, home: str | None) -> None:
    """Where an article's rule went (环境保护法 59), or where a Code article's came from."""
    kb = open_kb()
    ref = _ref(kb, law, article)
    result = {"ref": ref, "successors": kb.successors(ref), "predecessors": kb.predecessors(ref)}
    if as_json:
        echo_json(result)
        return
    items = result["successors"] or result["predecessors"]
    head = "法典对应条文" if result["successors"] else "原法条文"
    if not items:
        click.echo(f"{ref}: no link in the crosswalk")
        return
    _console.print(Text(f"{ref} → {head}", style="bold"))
    for i in items:
        line = Text(f"  {i.short_title} {i.article}  ")
        line.append(i.kind, style="red" if i.kind == "changed" else "cyan")
        if i.changes:
            line.append(f" ({'、'.join(i.changes)})", style="red")
        if i.part != "全" or i.new_part != "全":
            line.append(f"  {i.part} → {i.new_part}")
        # how sure the link is: not how much text the two articles share (that is `compare`)
        line.append(f"  对应可信度 {i.confidence:.0%}")
        if i.reviewed:
            line.append("  ✓ reviewed", style="green")
        if i.stale:
            line.append("  text changed: check", style="bold yellow")
        if i.note:
            line.append(f"  {i.note}", style="dim")
        _console.print(line)


@crosswalk.command("compare")
@click.argument("law")
@click.argument("article")
@click.option(
    "--to", "to", metavar="ARTICLE", help="The Code article (default: the first successor)."
)
@json_option
@home_option
@handle_errors
def compare_cmd(law: str, article: str, to: str | None, as_json: bool, home: str | None) -> None:
    """What changed between an old article and its successor: numbers, 应当/可以, items."""
    kb = open_kb()
    old = _ref(kb, law, article)
    new = _ref(kb, "中华人民共和国生态环境法典", to) if to else None
    cmp = kb.compare(old, new)
    if as_json:
        echo_json(cmp.as_dict())
        return
    # the share of characters the two texts have in common: not the link's 对应可信度 (`show`)
    _console.print(
        Text(f"{cmp.old_ref} → {cmp.new_ref}  (文字相同 {cmp.similarity:.0%})", style="bold")
    )
    _console.print(_marked(cmp.segments, colour=_console.is_terminal))
    for label, values in (
        ("numbers only in the old text", cmp.numbers_removed),
        ("numbers only in the new text", cmp.numbers_added),
        ("items removed", cmp.items_removed),
        ("items added", cmp.items_added),
    ):
        if values:
            _console.print(f"{label}: " + "、".join(values))
    for a, b in cmp.modal_changes:
        _console.print(f"{a} → {b}", style="bold yellow")
    if cmp.changes:
        _console.print(f"changed: {'、'.join(cmp.changes)}  ({cmp.old_part} → {cmp.new_part})")


def _marked(segments: list, colour: bool) -> Text:
    """The diff in colour on a terminal; elsewhere (a pipe, a file) deletions as [-旧-] and
    insertions as {+新+}, as `git diff --word-diff` writes them, so that it still reads."""
    text = Text()
    for seg in segments:
        if seg.op == "equal":
            text.append(seg.old)
            continue
        if seg.old:
            text.append(*((seg.old, "red strike") if colour else (f"[-{seg.old}-]",)))
        if seg.new:
            text.append(*((seg.new, "green underline") if colour else (f"{{+{seg.new}+}}",)))
    return text


@crosswalk.command("status")
@json_option
@home_option
@handle_errors
def status_cmd(as_json: bool, home: str | None) -> None:
    """Rebuild the links and report: references resolved, crosswalk links, stale laws."""
    kb = open_kb()
    report = kb.rebuild_links()
    data = report.model_dump() | {"resolved_share": round(report.resolved_share, 4)}
    if as_json:
        echo_json(data)
        return
    click.echo(
        f"references: {report.refs} ({report.resolved_share:.1%} resolved); "
        f"crosswalk links: {report.crosswalk}, {report.stale} to check"
    )
    for law in report.stale_laws:
        click.echo(f"  text changed since the crosswalk was made: {law}")
