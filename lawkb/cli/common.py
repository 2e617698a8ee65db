"""Helpers shared by the command modules: --home, --json output, error reporting."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from pydantic import BaseModel

from lawkb.dbcheck import forget_check, is_corruption
from lawkb.errors import LawkbError

F = TypeVar("F", bound=Callable[..., Any])


def home_option(f: F) -> F:
    """--home on the root group and on every command (either place works)."""
    return click.option(
        "--home",
        type=click.Path(file_okay=False),
        envvar="LAWKB_HOME",
        default=None,
        expose_value=True,
        is_eager=True,
        callback=_remember_home,
        help="Data folder (default: the platform's user data folder; env LAWKB_HOME).",
    )(f)


def _remember_home(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An explicit --home wins over LAWKB_HOME wherever either is given: `LAWKB_HOME=A lawkb
    --home B cmd` must not let the subcommand's own --home (filled from the env) bring A back."""
    from click.core import ParameterSource

    meta = ctx.find_root().meta
    if value:
        explicit = ctx.get_parameter_source(param.name or "home") == ParameterSource.COMMANDLINE
        meta["lawkb.home.given" if explicit else "lawkb.home.env"] = value
    return value


def chosen_home(ctx: click.Context | None = None) -> str | None:
    """The data folder: --home from the command line, else LAWKB_HOME, else None (default)."""
    meta = (ctx or click.get_current_context()).find_root().meta
    return meta.get("lawkb.home.given") or meta.get("lawkb.home.env")


def exclusive(ctx: click.Context, *names: str) -> None:
    """Refuse more than one of these parameters given on the command line (a usage error)."""
    from click.core import ParameterSource

    given = [n for n in names if ctx.get_parameter_source(n) == ParameterSource.COMMANDLINE]
    if len(given) > 1:
        params = {p.name: p for p in ctx.command.params}
        shown = [
            max(params[n].opts, key=len)
            if isinstance(params[n], click.Option)
            else params[n].human_readable_name
            for n in given
        ]
        raise click.UsageError(f"{' 与 '.join(shown)} 不能同时使用", ctx=ctx)


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(f)


def open_kb(ctx: click.Context | None = None):  # -> KnowledgeBase (imported lazily: start-up speed)
    from lawkb.kb import KnowledgeBase

    ctx = ctx or click.get_current_context()
    home = chosen_home(ctx)
    kb = KnowledgeBase(Path(home) if home else None)
    ctx.find_root().meta["lawkb.kb"] = kb  # handle_errors says what was repaired on opening
    return kb


def to_jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


def echo_json(value: Any) -> None:
    click.echo(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2))


def fail(message: str, code: int = 1) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def handle_errors(f: F) -> F:
    """Turn library errors into a clear message and exit code 1 (usage errors stay 2)."""
    import functools

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
            fail(f"a database is damaged ({exc}); run the command again to check the collection")
        finally:
            _say_recovered()

    return wrapper  # type: ignore[return-value]


def _opened_kb():  # -> KnowledgeBase | None
    ctx = click.get_current_context(silent=True)
    return ctx.find_root().meta.get("lawkb.kb") if ctx else None


def _say_recovered() -> None:
    """A damaged collection.db was rebuilt when the command opened it: say what happened."""
    kb = _opened_kb()
    if kb is not None and kb.recovery is not None:
        click.echo(kb.recovery.message(), err=True)
        kb.recovery = None
