"""Officers' machines in the app: the quiz attempts waiting for the records server.

Plain Python over `lawkb.kb.KnowledgeBase` and `lawkb.records.outbox` (no textual), called
by `Services` on its knowledge-base thread; the screens only show `RecordsQueue.line` and
`RecordsQueue.message`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lawkb.errors import LawkbError
from lawkb.i18n import _

if TYPE_CHECKING:
    from lawkb.kb import KnowledgeBase

NO_SERVER = _(
    "未配置记录服务器（LAWKB_RECORDS_URL 或 config.toml 的 [records] "
    "url），练习记录就记在本机账本中，无需同步。"
)


@dataclass(frozen=True)
class RecordsQueue:
    """Quiz attempts waiting in this machine's records.db for the records server."""

    server: bool  # a records server is configured (else records.db is the ledger itself)
    pending: int = 0
    message: str = ""  # what a sync did, or why the setting or the server failed
    ok: bool = True  # False: the setting is wrong or the server could not take everything

    @property
    def line(self) -> str:
        """The status line: empty when nothing waits or there is no server."""
        if self.server and self.pending:
            return _("待上传 {pending} 条练习记录（Ctrl+P → 同步练习记录）").format(
                pending=self.pending
            )
        return ""


def records_queue(kb: KnowledgeBase) -> RecordsQueue:
    """How many attempts wait (the count `lawkb records status` shows)."""
    # why: the outbox pulls sqlite-migrate (0.8 s measured): only when the quiz screen asks
    from lawkb.records.backend import records_url
    from lawkb.records.outbox import pending_count

    try:
        if records_url(kb.home) is None:
            return RecordsQueue(server=False)
        return RecordsQueue(True, pending_count(kb.local_records))
    except LawkbError as exc:  # a bad setting in config.toml or the environment
        return RecordsQueue(False, message=str(exc), ok=False)


def sync_records(kb: KnowledgeBase, timeout: int = 5) -> RecordsQueue:
    """Send what waits now, as `lawkb records sync` does; a server down is reported."""
    try:
        result = kb.sync_records(timeout=timeout, roster=True)
    except LawkbError as exc:
        return RecordsQueue(False, message=str(exc), ok=False)
    if result is None:
        return RecordsQueue(False, message=NO_SERVER)
    parts = []
    if result.officers_added:
        parts.append(
            _("已从服务器取得人员名单：新增 {n_officers_added} 人").format(
                n_officers_added=len(result.officers_added)
            )
        )
    parts.append(
        _("已发送 {sent} 条练习记录，仍待上传 {pending} 条").format(
            sent=result.sent, pending=result.pending
        )
    )
    if result.refused:
        parts.append(
            _("其中 {n_refused} 条的学时服务器未计入").format(n_refused=len(result.refused))
        )
    if result.error:
        parts.append(_("未能全部发送：{error}").format(error=result.error))
    return RecordsQueue(True, result.pending, "；".join(parts) + "。", ok=not result.error)
