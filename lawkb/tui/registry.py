"""Feature screens that other parts of lawkb add to the app, as command-palette entries.

To add a screen, write it as one file under `lawkb/tui/screens/` (with its own `.tcss`) and add
ONE line at the bottom of this file::

    register("学时：登记", "Log study hours", "lawkb.tui.screens.hours:HoursScreen")

- `title` is what the officer types in the command palette (Ctrl+P); start it with the
  feature's name so that related entries sort together.
- `help` is the grey line under it.
- `target` is "module:Class". The module is imported only when the entry is chosen, so
  registering costs nothing at start-up (keep heavy imports inside the screen module).
- The class is called as `Class(services)`, where `services` is `lawkb.tui.services.Services`
  (`services.run(fn)` calls `fn(kb)` with the `lawkb.kb.KnowledgeBase`). With
  `needs_article=True` it is called as `Class(services, ref)` with the ref ("法名#59") of
  the article the officer is reading, and the entry is only offered while an article is on screen.
- A target whose module does not exist (yet) is left out of the palette, not an error.

The screen is pushed on top of the current one; dismiss it (or `app.pop_screen()`) to come
back. Bind keys with ids (`Binding(..., id="quiz.next")`) so users can remap them.

Threads: the knowledge base's SQLite connections belong to one thread that `Services` owns.
Reach the library only through `services.run(lambda kb: ...)` (it calls the function on that
thread), from a job (`lawkb.tui.jobs.Jobs.run_job`, which hands the typed result to a callback
on the UI thread), never from a handler on the UI thread (it waits for the queue, which may
hold an index rebuild). `Services` methods already do this themselves. The app never imports
the store, the index or the searcher.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

from lawkb.i18n import _


@dataclass(frozen=True)
class Feature:
    title: str
    help: str
    target: str  # "package.module:ClassName"
    needs_article: bool = False

    @property
    def module(self) -> str:
        return self.target.partition(":")[0]

    def is_installed(self) -> bool:
        try:
            return importlib.util.find_spec(self.module) is not None
        except (ImportError, ValueError):
            return False

    def load(self) -> type:
        module_name, _ignored, class_name = self.target.partition(":")
        return getattr(importlib.import_module(module_name), class_name)


FEATURES: list[Feature] = []


def register(title: str, help: str, target: str, *, needs_article: bool = False) -> None:
    """Add a command-palette entry that opens `target` (see the module docstring)."""
    if ":" not in target:
        raise ValueError(f"registry target {target!r}: expected 'module:ClassName'")
    FEATURES.append(Feature(title, help, target, needs_article))


def available(*, article_open: bool) -> list[Feature]:
    """Features to offer now: installed, and with an article on screen if they need one."""
    return [f for f in FEATURES if (article_open or not f.needs_article) and f.is_installed()]


# -- feature screens: one line each ----------------------------------------------------
register(
    _("学时：全员进度"),
    _("每位执法人员的学时与年度目标，按单位和落后筛选，导出 XLSX"),
    "lawkb.tui.screens.hours:HoursScreen",
)
register(
    _("学时：我的学时"),
    _("输入执法证号，查看本人学时进度和每条记录"),
    "lawkb.tui.screens.officer_hours:OfficerHoursScreen",
)
register(
    _("练习与模拟考试：刷题、模考、错题本、到期复习"),
    _("行政执法人员资格考试：练习即时反馈、限时模拟考试、错题本、FSRS 复习"),
    "lawkb.tui.screens.quiz:QuizScreen",
)
register(
    _("裁量：违法行为罚款幅度计算"),
    _("按裁量基准或法定幅度计算阶次、罚款幅度、法律依据，生成裁量说明"),
    "lawkb.tui.screens.discretion:DiscretionScreen",
)
register(
    _("对照：旧法与法典条文对比"),
    _("并排显示旧法条文和法典对应条文，标出数额、期限、应当／可以和增删的项"),
    "lawkb.tui.screens.compare:CompareScreen",
    needs_article=True,
)
register(
    _("对照：旧法与法典对照表"),
    _("法典废止的十部旧法，逐条列出法典中的对应条文、关系和对应可信度，回车并排对比"),
    "lawkb.tui.screens.crosswalk:CrosswalkScreen",
)
