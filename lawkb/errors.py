"""Exception types. Each carries where the problem is, so that the CLI and TUI can say it."""

from __future__ import annotations

from pathlib import Path

from lawkb.i18n import _


class LawkbError(Exception):
    """Base class: message says what was expected."""


class ParseError(LawkbError):
    """A law file that cannot be read as a law text."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class NotFound(LawkbError):
    """A law, article, officer or entry that is not in the store."""


def field_labels() -> dict[str, str]:
    """The fields of InvalidInput as an officer reads them (`field` keeps the code's name)."""
    return {
        "activity": _("活动类型"),
        "again": _("重复记录"),
        "answer": _("答案"),
        "attempt": _("答题记录"),
        "backup": _("备份"),
        "checkpoint": _("校验点"),
        "date": _("日期"),
        "dest": _("目标位置"),
        "difficulty": _("难度"),
        "duration": _("时长"),
        "entry": _("记录"),
        "FILE": _("文件"),
        "format": _("格式"),
        "id": _("编号"),
        "joined": _("入职日期"),
        "key": _("设置项"),
        "login": _("登录名"),
        "minutes": _("分钟数"),
        "mode": _("模式"),
        "name": _("名称"),
        "officer": _("执法人员"),
        "officers": _("参加者"),
        "output": _("输出文件"),
        "query": _("查询"),
        "questions": _("题目"),
        "reason": _("原因"),
        "ref": _("关联记录"),
        "role": _("角色"),
        "rows": _("数据行"),
        "scope": _("范围"),
        "setting": _("设置"),
        "source": _("来源"),
        "topic": _("主题"),
        "year": _("年份"),
    }


class InvalidInput(LawkbError):
    """A value that breaks a rule; `field` names the field or row."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(
            _("{field}：{message}").format(field=field_labels().get(field, field), message=message)
        )


class IndexCorrupt(LawkbError):
    """The search index folder cannot be opened; it will be rebuilt."""
