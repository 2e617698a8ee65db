"""`lawkb crosswalk`: old article <-> Code article links, and what changed between them."""

from __future__ import annotations

import click
from rich.console import Console
from rich.text import Text

from lawkb.cli.common import common_options, echo_json, open_kb
from lawkb.i18n import _
from lawkb.views import KIND_NAMES

_console = Console(highlight=False)
CHANGE_ZH = {
    "amount": _("数额"),
    "time": _("期限"),
    "scope": _("范围"),
    "authority": _("机关"),
    "modal": _("应当/可以"),
    "duty": _("义务"),
    "condition": _("条件"),
    "wording": _("措辞"),
}


def _changes(changes: list[str]) -> str:
    return "、".join(CHANGE_ZH.get(c, c) for c in changes)


@click.group("crosswalk", help=_("生态环境法典废止的十部法律，逐条与法典对照。"))
def crosswalk() -> None:
    pass


def _ref(kb, law: str, article: str) -> str:
    return kb.article(law, article).ref


@crosswalk.command(
    "show", help=_("原法条文的规定去了法典哪一条（环境保护法 59），或法典条文来自原法哪一条。")
)
@click.argument("law")
@click.argument("article")
@common_options()
def show_cmd(law: str, article: str, as_json: bool) -> None:
    kb = open_kb()
    ref = _ref(kb, law, article)
    result = {"ref": ref, "successors": kb.successors(ref), "predecessors": kb.predecessors(ref)}
    if as_json:
        echo_json(result)
        return
    items = result["successors"] or result["predecessors"]
    head = _("法典对应条文") if result["successors"] else _("原法条文")
    if not items:
        click.echo(_("{ref}：对照表中没有对应条文").format(ref=ref))
        return
    _console.print(Text(f"{ref} → {head}", style="bold"))
    for i in items:
        line = Text(f"  {i.short_title} {i.article}  ")
        line.append(KIND_NAMES.get(i.kind, i.kind), style="red" if i.kind == "changed" else "cyan")
        if i.changes:
            line.append(f"（{_changes(i.changes)}）", style="red")
        if i.part != "全" or i.new_part != "全":
            line.append(f"  {i.part} → {i.new_part}")
        # how sure the link is: not how much text the two articles share (that is `compare`)
        line.append(_("  对应可信度 {confidence:.0%}").format(confidence=i.confidence))
        if i.reviewed:
            line.append(_("  ✓ 已人工核对"), style="green")
        if i.stale:
            line.append(_("  条文已变化：请核对"), style="bold yellow")
        if i.note:
            line.append(f"  {i.note}", style="dim")
        _console.print(line)


@crosswalk.command("compare", help=_("原法条文与其法典对应条文之间的变化：数字、应当/可以、项。"))
@click.argument("law")
@click.argument("article")
@click.option("--to", "to", metavar="ARTICLE", help=_("法典条文（默认：第一个对应条文）。"))
@common_options()
def compare_cmd(law: str, article: str, to: str | None, as_json: bool) -> None:
    kb = open_kb()
    old = _ref(kb, law, article)
    new = _ref(kb, "中华人民共和国生态环境法典", to) if to else None
    cmp = kb.compare(old, new)
    if as_json:
        echo_json(cmp.as_dict())
        return
    # the share of characters the two texts have in common: not the link's 对应可信度 (`show`)
    _console.print(
        Text(
            _("{old_ref} → {new_ref}  (文字相同 {similarity:.0%})").format(
                old_ref=cmp.old_ref, new_ref=cmp.new_ref, similarity=cmp.similarity
            ),
            style="bold",
        )
    )
    _console.print(_marked(cmp.segments, colour=_console.is_terminal))
    for label, values in (
        (_("仅原文有的数字"), cmp.numbers_removed),
        (_("仅新文有的数字"), cmp.numbers_added),
        (_("删去的项"), cmp.items_removed),
        (_("新增的项"), cmp.items_added),
    ):
        if values:
            _console.print(f"{label}：" + "、".join(values))
    for a, b in cmp.modal_changes:
        _console.print(f"{a} → {b}", style="bold yellow")
    if cmp.changes:
        _console.print(
            _("变化：{changes}  （{old_part} → {new_part}）").format(
                changes=_changes(cmp.changes), old_part=cmp.old_part, new_part=cmp.new_part
            )
        )


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


@crosswalk.command("status", help=_("重建条文链接并报告：已解析的引用、对照链接、需核对的法规。"))
@common_options()
def status_cmd(as_json: bool) -> None:
    kb = open_kb()
    report = kb.rebuild_links()
    data = report.model_dump() | {"resolved_share": round(report.resolved_share, 4)}
    if as_json:
        echo_json(data)
        return
    click.echo(
        _(
            "引用：{refs} 处（已解析 {resolved_share:.1%}）；对照链接：{crosswalk} "
            "条，{stale} 条待核对"
        ).format(
            refs=report.refs,
            resolved_share=report.resolved_share,
            crosswalk=report.crosswalk,
            stale=report.stale,
        )
    )
    for law in report.stale_laws:
        click.echo(_("  对照表制作后条文已变化：{law}").format(law=law))
