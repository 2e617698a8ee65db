"""The knowledge base's one thread: every call into the library runs on it, in order.

SQLite objects may only be used by the thread that made them, and the app calls from many
workers, so `Services` owns one `KbThread` and hops onto it for each call.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from lawkb.errors import LawkbError
from lawkb.i18n import _

R = TypeVar("R")


class KbThread:
    """One daemon thread that runs every knowledge-base call, in order."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[Future, Callable[[], Any]]] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="lawkb-kb", daemon=True)
        self._thread.start()

    @property
    def is_current(self) -> bool:
        """True on the knowledge-base thread itself."""
        return threading.current_thread() is self._thread

    def _run(self) -> None:
        while True:
            future, job = self._jobs.get()
            if job is _STOP:
                future.set_result(None)
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(job())
            except BaseException as exc:  # handed to the caller, raised there
                future.set_exception(exc)

    def call(self, job: Callable[[], R]) -> R:
        if self.is_current:
            return job()
        if not self._thread.is_alive():
            raise LawkbError(_("知识库已关闭"))
        return self.submit(job).result()

    def submit(self, job: Callable[[], R]) -> Future[R]:
        future: Future[R] = Future()
        self._jobs.put((future, job))
        return future

    def stop(self, timeout: float | None = None) -> None:
        """End the thread once the queued jobs are done (wait at most `timeout` seconds)."""
        if self._thread.is_alive() and not self.is_current:
            with contextlib.suppress(TimeoutError):
                self.submit(_STOP).result(timeout)


def _STOP() -> None:  # marker job: ends KbThread._run
    return None


def silence_jieba() -> None:
    """jieba logs "Building prefix dict …" to the stderr it saw at import time.

    If it was imported before the app took the terminal, that stream is the real
    terminal and the lines would tear the screen: send them nowhere instead.
    """
    jieba = sys.modules.get("jieba")
    if jieba is None:
        return
    logger = logging.getLogger("jieba")
    logger.setLevel(logging.ERROR)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(logging.NullHandler())
    logger.propagate = False
