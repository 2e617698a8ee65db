"""A practice round, a review round or a mock exam in progress.

The session times each question from when it is shown until it is answered, so that the
study time logged is the time spent answering, not an idle clock. A mock exam has a
deadline; answers after it are refused and `finish()` grades what was answered in time.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence

from lawkb.errors import InvalidInput
from lawkb.i18n import _
from lawkb.quiz.models import AttemptResult, Graded, PaperItem, PaperTemplate, Question
from lawkb.quiz.scoring import grade, total

MODES = ("exam", "practice", "review")


def _utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class QuizSession:
    def __init__(
        self,
        officer_id: str,
        mode: str,
        items: Sequence[PaperItem],
        *,
        template: PaperTemplate | None = None,
        seed: int | None = None,
        scope: str = "",
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        if mode not in MODES:
            raise InvalidInput(
                "mode", _("{mode!r}：应为 {modes} 之一").format(mode=mode, modes=", ".join(MODES))
            )
        if not items:
            raise InvalidInput("questions", _("该范围内没有可练习的内容"))
        self.officer_id = officer_id
        self.mode = mode
        self.items = list(items)
        self.template = template
        self.seed = seed
        self.scope = scope
        self.clock = clock
        self.wall = wall
        self.started_at = wall()
        self._t0 = clock()
        self._responses: dict[int, list[str] | str] = {}
        self._seconds: dict[int, float] = {}
        self._shown_at: dict[int, float] = {}
        self._graded: dict[int, Graded] = {}
        self.finished: AttemptResult | None = None

    # -- questions ------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.items)

    def question(self, index: int) -> Question:
        return self.items[index].question

    def show(self, index: int) -> Question:
        """Mark question `index` as on screen (its time runs from now)."""
        self._shown_at[index] = self.clock()
        return self.items[index].question

    def answered(self, index: int) -> bool:
        return index in self._responses

    @property
    def answered_count(self) -> int:
        return len(self._responses)

    # -- time ------------------------------------------------------------------------------
    @property
    def time_limit(self) -> float | None:
        if self.mode != "exam" or self.template is None:
            return None
        return self.template.minutes * 60.0

    def elapsed(self) -> float:
        return self.clock() - self._t0

    def remaining(self) -> float | None:
        limit = self.time_limit
        return None if limit is None else max(0.0, limit - self.elapsed())

    def expired(self) -> bool:
        r = self.remaining()
        return r is not None and r <= 0

    # -- answering -------------------------------------------------------------------------
    def answer(self, index: int, response: Sequence[str] | str) -> Graded:
        """Record an answer; returns it graded (practice shows this at once).

        In practice and review the first answer counts (its feedback has been seen); in an
        exam the last answer before the deadline counts."""
        if self.finished is not None:
            raise InvalidInput("answer", _("这次作答已经结束"))
        if self.expired():
            raise InvalidInput("answer", _("时间到：考试已结束"))
        if self.mode != "exam" and index in self._graded:
            return self._graded[index]
        now = self.clock()
        shown = self._shown_at.get(index, now)
        self._seconds[index] = self._seconds.get(index, 0.0) + max(0.0, now - shown)
        self._shown_at[index] = now
        self._responses[index] = response
        item = self.items[index]
        graded = grade(item.question, response, item.points, item.partial, self._seconds[index])
        self._graded[index] = graded
        return graded

    def finish(self) -> AttemptResult:
        """Grade and close the attempt. In an exam every question counts (an unanswered one
        scores nothing and is a miss); in practice and review only the answered ones do."""
        if self.finished is not None:
            return self.finished
        graded = []
        for i, item in enumerate(self.items):
            if i in self._graded:
                graded.append(self._graded[i])
            elif self.mode == "exam":
                graded.append(grade(item.question, None, item.points, item.partial, 0.0))
        score, max_score = total(graded)
        pass_mark = self.template.pass_mark if self.mode == "exam" and self.template else None
        self.finished = AttemptResult(
            officer_id=self.officer_id,
            mode=self.mode,
            template=self.template.name if self.template else "",
            seed=self.seed,
            started_at=_utc_text(self.started_at),
            finished_at=_utc_text(self.wall()),
            score=score,
            max_score=max_score,
            pass_mark=pass_mark,
            passed=None if pass_mark is None else score >= pass_mark,
            graded=graded,
            questions=len(self.items),
        )
        return self.finished
