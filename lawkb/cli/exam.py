"""`lawkb exam …`: printable mock-exam papers with their answer keys, and the templates."""

from __future__ import annotations

import json
from pathlib import Path

import click

from lawkb.atomic import atomic_write
from lawkb.cli.common import common_options, echo_json, exclusive, to_jsonable, write_or_echo
from lawkb.cli.quiz import service
from lawkb.i18n import _
from lawkb.quiz.models import QuestionType
from lawkb.quiz.render import key_markdown, paper_dict, paper_markdown

PAGE_BREAK = '\n<div style="page-break-after: always"></div>\n\n---\n'


@click.group("exam", help=_("模拟考试：可打印的试卷及其参考答案，试卷模板。"))
def exam() -> None:
    pass


@exam.command("paper", help=_("按模板抽题生成一份试卷，并另附参考答案。"))
@click.option("--template", default=None, help=_("模板名称（quizzes/templates）或 YAML 文件。"))
@click.option("--seed", type=int, default=None, help=_("同一种子，同一份试卷（默认：随机）。"))
@click.option("--markdown", is_flag=True, help=_("Markdown（默认）。"))
@click.option("--json", "as_json", is_flag=True, help=_("JSON：每道题及其答案。"))
@click.option(
    "--part",
    type=click.Choice(["both", "paper", "key"]),
    default="both",
    show_default=True,
    help=_("Markdown：试卷、参考答案，或两者（答案在分页符之后）。"),
)
@click.option(
    "--key-out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=_("把参考答案另写到该文件（试卷照常输出）。"),
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
    default=None,
    help=_("写入该文件而不是标准输出（- 表示标准输出）。"),
)
@common_options(json=False)
@click.pass_context
def paper_cmd(
    ctx: click.Context,
    template: str | None,
    seed: int | None,
    markdown: bool,
    as_json: bool,
    part: str,
    key_out: Path | None,
    output: Path | None,
) -> None:
    exclusive(ctx, "markdown", "as_json")
    exclusive(ctx, "as_json", "part")
    exclusive(ctx, "as_json", "key_out")
    exclusive(ctx, "part", "key_out")
    paper = service().paper(template, seed)
    if as_json:
        write_or_echo(_json_text(paper_dict(paper)), output)
        return
    if key_out is not None:
        atomic_write(key_out, key_markdown(paper))
        write_or_echo(paper_markdown(paper), output)
        return
    parts = {"paper": [paper_markdown(paper)], "key": [key_markdown(paper)]}
    parts["both"] = [parts["paper"][0], PAGE_BREAK + "\n", parts["key"][0]]
    write_or_echo("".join(parts[part]), output)


def _json_text(value: object) -> str:
    return json.dumps(to_jsonable(value), ensure_ascii=False, indent=2) + "\n"


@exam.command(
    "templates", help=_("列出试卷模板（quizzes/templates 与 <home>/quizzes/templates）。")
)
@common_options()
def templates_cmd(as_json: bool) -> None:
    svc = service()
    rows = []
    for name, path in svc.templates().items():
        t = svc.template(path)
        head = t.model_dump(mode="json", include={"title", "minutes", "pass_mark"})
        sections = t.model_dump(mode="json", include={"sections"})
        rows.append(
            {"name": name, "path": str(path)} | head | {"total_points": t.total_points} | sections
        )
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        parts = "，".join(
            f"{QuestionType(s['type']).label} {s['count']}×{s['points']:g}" for s in r["sections"]
        )
        click.echo(
            _("{name}: {title}（{parts}；{minutes} 分钟，{pass_mark:g} 分及格）").format(
                name=r["name"],
                title=r["title"],
                parts=parts,
                minutes=r["minutes"],
                pass_mark=r["pass_mark"],
            )
        )
