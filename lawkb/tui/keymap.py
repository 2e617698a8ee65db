"""User keymap: override any binding by its id, from a TOML file in the user's config folder.

The file is `keymap.toml` in `platformdirs.user_config_dir("lawkb")` (or the path in the
environment variable `LAWKB_KEYMAP`). Each line maps a binding id to one or more keys,
comma-separated, in Textual's key names::

    # ~/.config/lawkb/keymap.toml
    "reader.next" = "j,right"
    "reader.prev" = "k,left"
    "app.bookmarks" = "f5"

A `[keymap]` table holding the same lines works too. The help screen (F1) lists every
binding with its id and current keys.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from lawkb.i18n import _


@dataclass
class KeymapResult:
    path: Path
    keymap: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # each names the file and the entry


def default_keymap_path() -> Path:
    env = os.environ.get("LAWKB_KEYMAP")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir("lawkb", appauthor=False)) / "keymap.toml"


def load_keymap(path: Path | None, known_ids: Iterable[str]) -> KeymapResult:
    """Read the user's keymap. Never raises: problems are reported, good entries kept.

    An id with one of our prefixes ("reader.") that names no binding is reported (a typo);
    other ids are kept, as they may belong to a feature screen that is not loaded yet.
    """
    path = path or default_keymap_path()
    result = KeymapResult(path=path)
    if not path.is_file():
        return result
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        result.problems.append(_("{path}：无法读取按键设置（{exc}）").format(path=path, exc=exc))
        return result
    except tomllib.TOMLDecodeError as exc:
        # the message carries "(at line N, column M)"
        result.problems.append(_("{path}：不是有效的 TOML：{exc}").format(path=path, exc=exc))
        return result
    table = data.get("keymap", data) if isinstance(data.get("keymap"), dict) else data
    known = set(known_ids)
    ours = {k.partition(".")[0] for k in known}
    for binding_id, keys in table.items():
        if binding_id == "keymap":
            continue
        if not isinstance(keys, str) or not keys.strip():
            result.problems.append(
                _('{path}："{binding_id}" 应为文本形式的按键，例如 "ctrl+k" 或 "j,down"').format(
                    path=path, binding_id=binding_id
                )
            )
            continue
        if binding_id not in known and binding_id.partition(".")[0] in ours:
            result.problems.append(
                _('{path}：未知的按键编号 "{binding_id}"（按 F1 查看编号）').format(
                    path=path, binding_id=binding_id
                )
            )
            continue
        result.keymap[binding_id] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return result


@dataclass(frozen=True)
class BindingRow:
    """One line of the help screen."""

    binding_id: str
    keys: str  # comma-separated, after the user's keymap
    description: str


def binding_rows(classes: Iterable[type], keymap: dict[str, str]) -> list[BindingRow]:
    """The id'd bindings declared by these classes, with the user's keys applied."""
    # why: `lawkb tui --json` reads this module without starting textual (0.47 s measured)
    from textual.binding import Binding

    rows: list[BindingRow] = []
    seen: set[str] = set()
    for cls in classes:
        for b in getattr(cls, "BINDINGS", []):
            if not isinstance(b, Binding) or not b.id or b.id in seen:
                continue
            seen.add(b.id)
            rows.append(BindingRow(b.id, keymap.get(b.id, b.key), b.description or b.action))
    return rows


def binding_ids(classes: Iterable[type]) -> set[str]:
    return {row.binding_id for row in binding_rows(classes, {})}
