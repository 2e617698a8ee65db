"""`lawkb quiz …`: generated questions, banks, practice in the terminal, the wrong-answer book
and today's review. (`lawkb exam …` is in lawkb/cli/exam.py.)"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from lawkb.cli.common import common_options, echo_json, open_kb
from lawkb.i18n import _
from lawkb.quiz.generate import ALL_TYPES
from lawkb.quiz.models import LETTERS, Question, QuestionType
from lawkb.quiz.render import question_dict, search_command
from lawkb.quiz.service import PracticeScope, QuizService

TYPE_CHOICES = ["single", "multi", "judge", "cloze", "单选", "多选", "判断", "填空"]


def service() -> QuizService:
    """The quiz service over the command's knowledge base (closed when the command ends)."""
    return open_kb().quiz_service()


def _types(values: tuple[str, ...]) -> list[QuestionType]:
    return [QuestionType.parse(v) for v in values] if values else list(ALL_TYPES)


def print_question(q: Question, number: int, show_answer: bool = True) -> None:
    click.echo(f"{number}. [{q.type.label}] {q.stem}")
    for i, o in enumerate(q.options):
        click.echo(f"   {LETTERS[i]}. {o}")
    if show_answer:
        click.echo(
            _("   答案：{answer_text}\u3000依据：{citation}\u3000难度：{difficulty}").format(
                answer_text=q.answer_text, citation=q.source.citation, difficulty=q.difficulty
            )
        )


type_option = click.option(
    "--type",
    "types",
    multiple=True,
    type=click.Choice(TYPE_CHOICES),
    help=_("题型（可重复）：single/单选、multi/多选、judge/判断、cloze/填空。"),
)


@click.group("quiz", help=_("练习题：由条文生成的题目、题库、错题本、复习。"))
def quiz() -> None:
    pass


@quiz.command("generate", help=_("由一部法规的条文生成题目（每道题都与其条文核对）。"))
@click.option("--law", required=True, help=_("法规全称、简称或别名。"))
@click.option("--count", type=click.IntRange(min=1), default=None, help=_("最多 N 道题。"))
@type_option
@click.option("--seed", type=int, default=None, help=_("以该随机种子抽样。"))
@common_options()
def generate_cmd(
    law: str, count: int | None, types: tuple[str, ...], seed: int | None, as_json: bool
) -> None:
    qs = service().generate(law, count=count, types=_types(types), seed=seed)
    if as_json:
        echo_json([question_dict(q) for q in qs])
        return
    for n, q in enumerate(qs, start=1):
        print_question(q, n)
        click.echo()
    click.echo(_("共 {n_qs} 道题。").format(n_qs=len(qs)))


@quiz.command(
    "import",
    help=_(
        "从 CSV 或 XLSX 文件导入题库（列：题型、题干、选项A–E、答案、解析、"
        "依据）。\n\n有误的行报告行号；正确的行仍导入 <home>/quizzes/<文件名>.yaml。"
        "有行被拒绝时退出码 1。"
    ),
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@common_options()
def import_cmd(file: Path, as_json: bool) -> None:
    report = service().import_bank(file)
    if as_json:
        echo_json(report)
    else:
        where = _("，写入 {target}").format(target=report.target) if report.target else ""
        click.echo(
            _(
                "{rows} 行：导入 {imported} 道，更新 {updated} 道，拒绝 {n_errors} 行{where}。"
            ).format(
                rows=report.rows,
                imported=report.imported,
                updated=report.updated,
                n_errors=len(report.errors),
                where=where,
            )
        )
        for e in report.errors:
            click.echo(f"  {file}: {e}", err=True)
    if report.errors:
        sys.exit(1)


@quiz.command("banks", help=_("列出题库（quizzes/ 与 <home>/quizzes/）以及其中被拒绝的条目。"))
@common_options()
def banks_cmd(as_json: bool) -> None:
    banks = service().catalog.banks()
    if as_json:
        echo_json(
            [
                {"path": b.path, "name": b.name, "questions": len(b.questions)}
                | {"errors": [{"entry": str(e.row), "message": e.message} for e in b.errors]}
                for b in banks
            ]
        )
        return
    for b in banks:
        click.echo(
            _("{name}：{n_questions} 道题（{path}）").format(
                name=b.name, n_questions=len(b.questions), path=b.path
            )
        )
        for e in b.errors:
            click.echo(f"  {b.path}: {e}", err=True)
    if not banks:
        click.echo(_("没有题库。"))


@quiz.command(
    "practice",
    help=_(
        "在终端中练习：每答一题立即反馈并给出解析。\n\n输入字母（如 AC），判断题输入 "
        "对/错，填空题输入词语；直接回车跳过。本轮结果记入\nOFFICER 的记录（错题本、"
        "复习、学习时间）。加 --json 时输出练习题而不提问。"
    ),
)
@click.argument("officer")
@click.option("--law", default=None, help=_("练习一部法规。"))
@click.option("--chapter", default=None, help=_("……及其中的一编/章/节（如 第六章）。"))
@click.option("--topic", default=None, help=_("练习检索到的条文（可以是几个词）。"))
@click.option("--weak", is_flag=True, help=_("练习薄弱环节（错题、到期条文）。"))
@click.option(
    "--count", type=click.IntRange(1, 200), default=10, show_default=True, help=_("题数。")
)
@type_option
@click.option("--seed", type=int, default=None, help=_("同一种子，同一组题。"))
@common_options()
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
) -> None:
    svc = service()
    scope = PracticeScope(law=law, chapter=chapter, topic=topic, weak=weak)
    kw: dict[str, Any] = {"count": count, "seed": seed}
    if types:
        kw["types"] = _types(types)
    if as_json:
        svc.history.check_officer(officer)
        qs = svc.practice_questions(scope, officer_id=officer, **kw)
        echo_json([question_dict(q) for q in qs])
        return
    session = svc.start_practice(officer, scope, **kw)
    _run_loop(session)
    result = svc.submit(session)
    click.echo(
        _(
            "\n已答 {answered_count} / {n_session} 题，答对 {correct_count} 题；"
            "计入学习时间 {study_minutes} 分钟。"
        ).format(
            answered_count=result.answered_count,
            n_session=len(session),
            correct_count=result.correct_count,
            study_minutes=result.study_minutes,
        )
    )


_JUDGE_WORDS = {"对": "A", "正确": "A", "√": "A", "错": "B", "错误": "B", "×": "B"}


def _ask_answer(q: Question) -> str:
    """The answer typed for `q`, asked again until it is one the question can take (z for a
    单选 is a typing slip, not a wrong answer); empty skips the question."""
    valid = LETTERS[: len(q.options)]
    while True:
        raw = click.prompt(_("答案"), default="", show_default=False).strip()
        if not raw or q.type is QuestionType.CLOZE:
            return raw
        if q.type is QuestionType.JUDGE:
            raw = _JUDGE_WORDS.get(raw, raw)
        letters = raw.upper().replace(" ", "").replace(",", "").replace("，", "")
        one = q.type in (QuestionType.SINGLE, QuestionType.JUDGE)
        if letters and set(letters) <= set(valid) and (len(letters) == 1 or not one):
            return letters
        if q.type is QuestionType.JUDGE:
            hint = _("对 或 错（A/B）")
        else:
            hint = _("{valid_first}–{valid_last} 中的{value}").format(
                valid_first=valid[0],
                valid_last=valid[-1],
                value=_("一个字母") if one else _("字母（可多选）"),
            )
        click.echo(
            _("无效的答案 {raw!r}：请输入{hint}，直接回车跳过。").format(raw=raw, hint=hint),
            err=True,
        )


def _run_loop(session: Any) -> None:
    for i in range(len(session)):
        q = session.show(i)
        click.echo()
        print_question(q, i + 1, show_answer=False)
        raw = _ask_answer(q)
        if not raw:
            continue
        g = session.answer(i, raw)
        click.secho(
            _("✓ 正确")
            if g.correct
            else _("✗ 错误，答案：{answer_text}").format(answer_text=q.answer_text),
            fg="green" if g.correct else "red",
        )
        click.echo(f"  {q.explanation}")
        click.echo(_("  搜索本题：{search_command}").format(search_command=search_command(q)))


@quiz.command("wrong-book", help=_("OFFICER 的错题本：每道答错的题及其条文。"))
@click.argument("officer")
@click.option("--all", "include_mastered", is_flag=True, help=_("包括已掌握的题目。"))
@common_options()
def wrong_book_cmd(officer: str, include_mastered: bool, as_json: bool) -> None:
    entries = service().wrong_book(officer, include_mastered)
    if as_json:
        echo_json(
            [
                e.model_dump(mode="json", exclude={"ref", "last_answered"})
                | {"question": question_dict(e.question), "mastered": e.mastered}
                for e in entries
            ]
        )
        return
    for n, e in enumerate(entries, start=1):
        print_question(e.question, n)
        click.echo(
            _("   错 {misses} 次，最近 {last_missed}").format(
                misses=e.misses, last_missed=e.last_missed
            )
            + (_("（已掌握）") if e.mastered else "")
        )
    click.echo(
        _("{officer} 的错题本中有 {n_entries} 道题。").format(
            officer=officer, n_entries=len(entries)
        )
    )


@quiz.command("due", help=_("OFFICER 今天的复习（FSRS）：到期的错题和薄弱条文。"))
@click.argument("officer")
@common_options()
def due_cmd(officer: str, as_json: bool) -> None:
    items = service().due(officer)
    if as_json:
        echo_json(
            [
                {"card": d.card.kind}
                | fields_of(d.card, "key", "due", "reps", "lapses")
                | {"question": question_dict(d.question)}
                for d in items
            ]
        )
        return
    for n, d in enumerate(items, start=1):
        what = _("错题") if d.card.kind == "question" else _("薄弱条文")
        click.echo(f"{n}. [{what}] {d.question.source.citation}　{d.question.stem[:60]}")
    click.echo(_("今天有 {n_items} 项待复习。").format(n_items=len(items)))


def fields_of(obj: object, *names: str) -> dict[str, Any]:
    """Some attributes of `obj` by name (their JSON form comes from echo_json)."""
    return {n: getattr(obj, n) for n in names}
