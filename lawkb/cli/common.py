"""What every command shares: one decorator for --home, --json and error reporting, the
knowledge base opened through the click context (and closed when the command ends), JSON
output, mutually exclusive options."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import inspect
import json
import re
import sqlite3
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.core import ParameterSource
from pydantic import BaseModel

from lawkb.atomic import atomic_write
from lawkb.dbcheck import forget_check, is_corruption
from lawkb.errors import LawkbError
from lawkb.i18n import _

if TYPE_CHECKING:
    from lawkb.kb import KnowledgeBase

F = TypeVar("F", bound=Callable[..., Any])

_KB = "lawkb.kb"  # key of the opened KnowledgeBase in the root context's meta


def home_option(f: F) -> F:
    """--home on the root group and on every command (either place works). The value is kept
    in the context (`chosen_home`), never passed to the command."""
    return click.option(
        "--home",
        type=click.Path(file_okay=False),
        envvar="LAWKB_HOME",
        default=None,
        expose_value=False,
        is_eager=True,
        callback=_remember_home,
        help=_("数据文件夹（默认：系统的用户数据文件夹；环境变量 LAWKB_HOME）。"),
    )(f)


def _remember_home(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """An explicit --home wins over LAWKB_HOME wherever either is given: `LAWKB_HOME=A lawkb
    --home B cmd` must not let the subcommand's own --home (filled from the env) bring A back."""
    meta = ctx.find_root().meta
    if value:
        explicit = ctx.get_parameter_source(param.name or "home") == ParameterSource.COMMANDLINE
        meta["lawkb.home.given" if explicit else "lawkb.home.env"] = value


def chosen_home(ctx: click.Context | None = None) -> str | None:
    """The data folder: --home from the command line, else LAWKB_HOME, else None (default)."""
    meta = (ctx or click.get_current_context()).find_root().meta
    return meta.get("lawkb.home.given") or meta.get("lawkb.home.env")


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help=_("输出 JSON，而不是表格或文字。"))(
        f
    )


def common_options(*, json: bool = True) -> Callable[[F], F]:
    """The options and error handling every command shares, in one decorator:

        @group.command("name")
        @click.argument(...)
        @common_options()            # --json (json=False: none), --home, library errors
        def name_cmd(..., as_json: bool) -> None: ...

    --home is not passed to the command (`open_kb()` reads it from the context)."""

    def decorate(f: F) -> F:
        f = handle_errors(f)
        f.__doc__ = help_text(f.__doc__)
        if json:
            f = json_option(f)
        return home_option(f)

    return decorate


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def help_text(doc: str | None) -> str | None:
    """A docstring as click should show it: the lines of a paragraph joined without the space
    click would put between two Chinese characters, and the first sentence (to the first 。)
    a paragraph of its own, which is what `lawkb GROUP --help` lists."""
    if not doc:
        return doc
    paragraphs = []
    for para in inspect.cleandoc(doc).split("\n\n"):
        text = ""
        for line in para.splitlines():
            line = line.strip()
            cjk = text and _CJK.match(text[-1]) and _CJK.match(line[:1])
            text += line if not text or cjk else " " + line
        paragraphs.append(text)
    first, sep, rest = paragraphs[0].partition("。")
    if sep and rest.strip():
        paragraphs[0:1] = [first + sep, rest.strip()]
    return "\n\n".join(paragraphs)


def open_kb(ctx: click.Context | None = None) -> KnowledgeBase:
    """The command's KnowledgeBase on the chosen home: opened once per run, through the click
    context, and closed when the command ends (`ctx.with_resource`)."""
    from lawkb.kb import KnowledgeBase  # why: `lawkb hours log` must not load the search code

    root = (ctx or click.get_current_context()).find_root()
    kb = root.meta.get(_KB)
    if kb is None:
        home = chosen_home(root)
        kb = root.with_resource(closing(KnowledgeBase(Path(home) if home else None)))
        root.meta[_KB] = kb  # handle_errors says what was repaired on opening
    return kb


def exclusive(ctx: click.Context, *names: str) -> None:
    """Refuse more than one of these parameters given on the command line (a usage error)."""
    given = [n for n in names if ctx.get_parameter_source(n) == ParameterSource.COMMANDLINE]
    if len(given) > 1:
        params = {p.name: p for p in ctx.command.params}
        shown = [_shown(params[n]) for n in given]
        raise click.UsageError(
            _("{shown} 不能同时使用").format(shown=_(" 与 ").join(shown)), ctx=ctx
        )


def _shown(param: click.Parameter) -> str:
    """--minutes/--duration for an option (its long names), DEST for an argument."""
    if isinstance(param, click.Option):
        return "/".join(o for o in param.opts if o.startswith("--")) or param.opts[0]
    return param.human_readable_name


def to_jsonable(value: Any) -> Any:
    """Pydantic models, dataclasses, paths and dates as JSON values (keys unchanged)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def echo_json(value: Any) -> None:
    click.echo(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2))


def write_or_echo(text: str, output: Path | None) -> None:
    """`text` to standard output, or written whole (atomically) to -o FILE, saying so on
    stderr (so that a pipe still gets only the text)."""
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    atomic_write(output, text)
    click.echo(_("已写入 {output}").format(output=output), err=True)


def fail(message: str, code: int = 1) -> None:
    click.echo(_("错误：{message}").format(message=message), err=True)
    sys.exit(code)


def handle_errors(f: F) -> F:
    """Turn library errors into a clear message and exit code 1 (usage errors stay 2)."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except LawkbError as exc:
            fail(str(exc))
        except sqlite3.DatabaseError as exc:  # damage found after the check on opening
            if not is_corruption(exc):
                raise
            kb = _opened_kb()
            if kb is not None:
                forget_check(kb.home / "collection.db")
            fail(_("数据库已损坏（{exc}）；请再运行一次该命令以检查法规库").format(exc=exc))
        finally:
            _say_recovered()

    return wrapper  # type: ignore[return-value]


def _opened_kb() -> KnowledgeBase | None:
    ctx = click.get_current_context(silent=True)
    return ctx.find_root().meta.get(_KB) if ctx else None


def _say_recovered() -> None:
    """A damaged collection.db was rebuilt when the command opened it: say what happened."""
    kb = _opened_kb()
    if kb is not None and kb.recovery is not None:
        click.echo(kb.recovery.message(), err=True)
        kb.recovery = None


def one_of(ctx: click.Context, *names: str) -> None:
    """Exactly one of these parameters: two are refused, none is asked for (usage errors)."""
    exclusive(ctx, *names)
    if all(ctx.params.get(n) in (None, False, ()) for n in names):
        shown = [_shown(p) for p in ctx.command.params if p.name in names]
        raise click.UsageError(_("请给出 {shown}").format(shown=_(" 或 ").join(shown)), ctx=ctx)
