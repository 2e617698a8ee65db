"""Quizzes and mock exams: `lawkb quiz …` and `lawkb exam …`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from lawkb.cli.common import (
    echo_json,
    exclusive,
    handle_errors,
    home_option,
    json_option,
    open_kb,
)

if TYPE_CHECKING:
    from lawkb.quiz.models import Question
    from lawkb.quiz.service import QuizService

TYPE_CHOICES = ["single", "multi", "judge", "cloze", "单选", "多选", "判断", "填空"]


def _service() -> QuizService:
    return open_kb().quiz_service()


def _types(values: tuple[str, ...]) -> list:
    from lawkb.quiz.generate import ALL_TYPES
    from lawkb.quiz.models import QuestionType

    return [QuestionType.parse(v) for v in values] if values else list(ALL_TYPES)


def _print_question(q: Question, number: int, show_answer: bool = True) -> None:
    from lawkb.quiz.models import LETTERS

    click.echo(f"{number}. [{q.type.label}] {q.stem}")
    for i, o in enumerate(q.options):
        click.echo(f"   {LETTERS[i]}. {o}")
    if show_answer:
        click.echo(f"   答案：{q.answer_text}　依据：{q.source.citation}　难度：{q.difficulty}")


type_option = click.option(
    "--type",
    "types",
    multiple=True,
    type=click.Choice(TYPE_CHOICES),
    help="Question type (repeatable): single/单选, multi/多选, judge/判断, cloze/填空.",
)


@click.group("quiz")
def quiz() -> None:
    """Practice questions generated from the articles, banks, the wrong-answer book, review."""


@quiz.command("generate")
@click.option("--law", required=True, help="Law title, short title or alias.")
@click.option("--count", type=click.IntRange(min=1), default=None, help="At most N questions.")
@type_option
@click.option("--seed", type=int, default=None, help="Draw a random sample with this seed.")
@json_option
@home_option
@handle_errors
def generate_cmd(
    law: str,
    count: int | None,
    types: tuple[str, ...],
    seed: int | None,
    as_json: bool,
    home: str | None,
) -> None:
    """Generate questions from one law's articles (each checked against its article)."""
    from lawkb.quiz.render import question_dict

    qs = _service().generate(law, count=count, types=_types(types), seed=seed)
    if as_json:
        echo_json([question_dict(q) for q in qs])
        return
    for n, q in enumerate(qs, start=1):
        _print_question(q, n)
        click.echo()
    click.echo(f"{len(qs)} questions.")


@quiz.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
@home_option
@handle_errors
def import_cmd(file: Path, as_json: bool, home: str | None) -> None:
    """Import a bank from a CSV or XLSX file (columns 题型, 题干, 选项A–E, 答案, 解析, 依据).

    Bad rows are reported with their row numbers; the good rows are still imported into
    <home>/quizzes/<file name>.yaml. Exit code 1 when any row was refused.
    """
    report = _service().import_bank(file)
    if as_json:
        echo_json(
            {
                "source": str(report.source),
                "target": str(report.target) if report.target else None,
                "rows": report.rows,
                "imported": report.imported,
                "updated": report.updated,
                "errors": [{"row": e.row, "message": e.message} for e in report.errors],
            }
        )
    else:
        where = f" into {report.target}" if report.target else ""
        click.echo(
            f"{report.rows} rows: {report.imported} imported, {report.updated} updated, "
            f"{len(report.errors)} refused{where}."
        )
        for e in report.errors:
            click.echo(f"  {file}: {e}", err=True)
    if report.errors:
        sys.exit(1)


@quiz.command("banks")
@json_option
@home_option
@handle_errors
def banks_cmd(as_json: bool, home: str | None) -> None:
    """List the curated banks (quizzes/ and <home>/quizzes/) and any entries they refuse."""
    banks = _service().catalog.banks()
    if as_json:
        echo_json(
            [
                {
                    "path": str(b.path),
                    "name": b.name,
                    "questions": len(b.questions),
                    "errors": [{"entry": str(e.row), "message": e.message} for e in b.errors],
                }
                for b in banks
            ]
        )
        return
    for b in banks:
        click.echo(f"{b.name}: {len(b.questions)} questions ({b.path})")
        for e in b.errors:
            click.echo(f"  {b.path}: {e}", err=True)
    if not banks:
        click.echo("No question banks.")


@quiz.command("practice")
@click.argument("officer")
@click.option("--law", default=None, help="Practise one law.")
@click.option("--chapter", default=None, help="…and one 编/章/节 of it (e.g. 第六章).")
@click.option("--topic", default=None, help="Practise the articles a search finds.")
@click.option("--weak", is_flag=True, help="Practise my weak spots (wrong answers, due articles).")
@click.option("--count", type=click.IntRange(1, 200), default=10, show_default=True)
@type_option
@click.option("--seed", type=int, default=None, help="Same seed, same questions.")
@json_option
@home_option
@handle_errors
def practice_cmd(
    officer: str,
    law: str | None,
    chapter: str | None,
    topic: str | None,
    weak: bool,
    count: int,
    types: tuple[str, ...],
    seed: int | None,
    as_json: bool,
    home: str | None,
) -> None:
    """Practise in the terminal: each answer gets immediate feedback and its explanation.

    Type the letters (e.g. AC), 对/错 for 判断, or the words for 填空; an empty answer skips.
    The round is saved to OFFICER's records (wrong-answer book, review, study time).
    With --json, prints the practice set instead of asking.
    """
    from lawkb.quiz.render import question_dict
    from lawkb.quiz.service import PracticeScope

    svc = _service()
    scope = PracticeScope(law=law, chapter=chapter, topic=topic, weak=weak)
    qtypes = _types(types) if types else None
    kw: dict[str, Any] = {"count": count, "seed": seed}
    if qtypes:
        kw["types"] = qtypes
    if as_json:
        svc.history.check_officer(officer)
        echo_json(
            [question_dict(q) for q in svc.practice_questions(scope, officer_id=officer, **kw)]
        )
        return
    session = svc.start_practice(officer, scope, **kw)
    _run_loop(session)
    result = svc.submit(session)
    click.echo(
        f"\n已答 {result.answered_count} / {len(session)} 题，答对 {result.correct_count} 题；"
        f"计入学习时间 {result.study_minutes} 分钟。"
    )


_JUDGE_WORDS = {"对": "A", "正确": "A", "√": "A", "错": "B", "错误": "B", "×": "B"}


def _ask_answer(q: Any) -> str:
    """The answer typed for `q`, asked again until it is one the question can take (z for a
    单选 is a typing slip, not a wrong answer); empty skips the question."""
    from lawkb.quiz.models import LETTERS, QuestionType

    valid = LETTERS[: len(q.options)]
    while True:
        raw = click.prompt("答案", default="", show_default=False).strip()
        if not raw or q.type is QuestionType.CLOZE:
            return raw
        if q.type is QuestionType.JUDGE:
            raw = _JUDGE_WORDS.get(raw, raw)
        letters = raw.upper().replace(" ", "").replace(",", "").replace("，", "")
        one = q.type in (QuestionType.SINGLE, QuestionType.JUDGE)
        if letters and set(letters) <= set(valid) and (len(letters) == 1 or not one):
            return letters
        if q.type is QuestionType.JUDGE:
            hint = "对 或 错（A/B）"
        else:
            hint = f"{valid[0]}–{valid[-1]} 中的{'一个字母' if one else '字母（可多选）'}"
        click.echo(f"无效的答案 {raw!r}：请输入{hint}，直接回车跳过。", err=True)


def _run_loop(session: Any) -> None:
    from lawkb.quiz.render import search_command

    for i in range(len(session)):
        q = session.show(i)
        click.echo()
        _print_question(q, i + 1, show_answer=False)
        raw = _ask_answer(q)
        if not raw:
            continue
        g = session.answer(i, raw)
        click.secho(
            "✓ 正确" if g.correct else f"✗ 错误，答案：{q.answer_text}",
            fg="green" if g.correct else "red",
        )
        click.echo(f"  {q.explanation}")
        click.echo(f"  搜索本题：{search_command(q)}")


@quiz.command("wrong-book")
@click.argument("officer")
@click.option("--all", "include_mastered", is_flag=True, help="Include mastered questions.")
@json_option
@home_option
@handle_errors
def wrong_book_cmd(officer: str, include_mastered: bool, as_json: bool, home: str | None) -> None:
    """OFFICER's wrong-answer book (错题本): every missed question and its article."""
    from lawkb.quiz.render import question_dict

    entries = _service().wrong_book(officer, include_mastered)
    if as_json:
        echo_json(
            [
                {
                    "question": question_dict(e.question),
                    "misses": e.misses,
                    "first_missed": e.first_missed,
                    "last_missed": e.last_missed,
                    "right_since": e.right_since,
                    "mastered": e.mastered,
                }
                for e in entries
            ]
        )
        return
    for n, e in enumerate(entries, start=1):
        _print_question(e.question, n)
        click.echo(
            f"   错 {e.misses} 次，最近 {e.last_missed}" + ("（已掌握）" if e.mastered else "")
        )
    click.echo(f"{len(entries)} questions in {officer}'s wrong-answer book.")


@quiz.command("due")
@click.argument("officer")
@json_option
@home_option
@handle_errors
def due_cmd(officer: str, as_json: bool, home: str | None) -> None:
    """Today's review set for OFFICER (FSRS): missed questions and weak articles due."""
    from lawkb.quiz.render import question_dict

    items = _service().due(officer)
    if as_json:
        echo_json(
            [
                {
                    "card": d.card.kind,
                    "key": d.card.key,
                    "due": d.card.due.isoformat(),
                    "reps": d.card.reps,
                    "lapses": d.card.lapses,
                    "question": question_dict(d.question),
                }
                for d in items
            ]
        )
        return
    for n, d in enumerate(items, start=1):
        what = "错题" if d.card.kind == "question" else "薄弱条文"
        click.echo(f"{n}. [{what}] {d.question.source.citation}　{d.question.stem[:60]}")
    click.echo(f"{len(items)} due for review today.")


# -- exam -----------------------------------------------------------------------------------
@click.group("exam")
def exam() -> None:
    """Mock exams: printable papers and their answer keys, templates."""


@exam.command("paper")
@click.option("--template", default=None, help="Template name (quizzes/templates) or YAML file.")
@click.option("--seed", type=int, default=None, help="Same seed, same paper (default: random).")
@click.option("--markdown", is_flag=True, help="Markdown (the default).")
@click.option("--json", "as_json", is_flag=True, help="JSON: every question with its answer.")
@click.option(
    "--part",
    type=click.Choice(["both", "paper", "key"]),
    default="both",
    show_default=True,
    help="Markdown: the paper, its answer key, or both (the key after a page break).",
)
@click.option(
    "--key-out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the answer key to this file instead (the paper goes to stdout).",
)
@home_option
@handle_errors
@click.pass_context
def paper_cmd(
    ctx: click.Context,
    template: str | None,
    seed: int | None,
    markdown: bool,
    as_json: bool,
    part: str,
    key_out: Path | None,
    home: str | None,
) -> None:
    """Print a paper drawn from a template and, separately, its answer key."""
    from lawkb.quiz.render import key_markdown, paper_dict, paper_markdown

    exclusive(ctx, "markdown", "as_json")
    exclusive(ctx, "as_json", "part")
    exclusive(ctx, "as_json", "key_out")
    exclusive(ctx, "part", "key_out")
    paper = _service().paper(template, seed)
    if as_json:
        echo_json(paper_dict(paper))
        return
    if key_out is not None:
        key_out.write_text(key_markdown(paper), encoding="utf-8")
        click.echo(paper_markdown(paper), nl=False)
        return
    if part in ("both", "paper"):
        click.echo(paper_markdown(paper), nl=False)
    if part == "both":
        click.echo('\n<div style="page-break-after: always"></div>\n\n---\n')
    if part in ("both", "key"):
        click.echo(key_markdown(paper), nl=False)


@exam.command("templates")
@json_option
@home_option
@handle_errors
def templates_cmd(as_json: bool, home: str | None) -> None:
    """List the paper templates (quizzes/templates and <home>/quizzes/templates)."""
    from lawkb.quiz.models import QuestionType

    svc = _service()
    rows = []
    for name, path in svc.templates().items():
        t = svc.template(path)
        rows.append(
            {
                "name": name,
                "path": str(path),
                "title": t.title,
                "minutes": t.minutes,
                "pass_mark": t.pass_mark,
                "total_points": t.total_points,
                "sections": [s.model_dump(mode="json") for s in t.sections],
            }
        )
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        parts = "，".join(
            f"{QuestionType(s['type']).label} {s['count']}×{s['points']:g}" for s in r["sections"]
        )
        click.echo(
            f"{r['name']}: {r['title']}（{parts}；{r['minutes']} 分钟，{r['pass_mark']:g} 分及格）"
        )
