"""Background work for screens: each job carries its own typed callbacks.

`run_job(group, work, done, failed)` runs `work` in a thread worker (exclusive within
`group`: a newer job of the group cancels the older one) and, on the UI thread, calls
`done(result)` with the job's typed result or `failed(error)`. A cancelled job calls
neither. Screens no longer switch on worker group names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

R = TypeVar("R")

_FINISHED = (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED)


@dataclass(frozen=True)
class _Callbacks(Generic[R]):
    done: Callable[[R], None]
    failed: Callable[[BaseException], None] | None


class Jobs:
    """Mixin for a Screen or the App (put it before the Textual base class)."""

    def run_job(
        self,
        group: str,
        work: Callable[[], R],
        done: Callable[[R], None],
        failed: Callable[[BaseException], None] | None = None,
        *,
        exclusive: bool = True,
    ) -> Worker[R]:
        node: Any = self
        assert isinstance(node, DOMNode)
        worker: Worker[R] = node.run_worker(
            work, name=group, group=group, thread=True, exclusive=exclusive, exit_on_error=False
        )
        self._job_callbacks()[worker] = _Callbacks(done, failed)
        return worker

    def job_running(self, group: str) -> bool:
        """A job of `group` is queued or running."""
        return any(w.group == group and not w.is_finished for w in self._job_callbacks())

    def job_failed(self, error: BaseException) -> None:
        """What a job without its own `failed` does with an error."""
        node: Any = self
        node.notify(str(error), severity="error", timeout=8)

    def _job_callbacks(self) -> dict[Worker[Any], _Callbacks[Any]]:
        jobs = self.__dict__.get("_lawkb_jobs")
        if jobs is None:
            jobs = self.__dict__["_lawkb_jobs"] = {}
        return jobs

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state not in _FINISHED:
            return
        callbacks = self._job_callbacks().pop(event.worker, None)
        if callbacks is None:
            return
        if event.state == WorkerState.SUCCESS:
            callbacks.done(event.worker.result)
        elif event.state == WorkerState.ERROR and event.worker.error is not None:
            (callbacks.failed or self.job_failed)(event.worker.error)
