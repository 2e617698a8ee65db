"""Messages that screens and widgets post; the App routes them to screens."""

from __future__ import annotations

from textual.message import Message


class OpenArticle(Message):
    """Show this article in the reader (ref: "法名#59"), at 款 `paragraph` (1-based) if given."""

    def __init__(self, ref: str, paragraph: int | None = None) -> None:
        super().__init__()
        self.ref = ref
        self.paragraph = paragraph


class BrowseLaw(Message):
    """Open the law browser on a law, with the cursor on `ref` if given."""

    def __init__(self, law: str | None = None, ref: str | None = None) -> None:
        super().__init__()
        self.law = law
        self.ref = ref


class RecordsQueueChanged(Message):
    """The app synced the records: screens that show the waiting count update it."""

    def __init__(self, queue: object) -> None:  # lawkb.tui.records_queue.RecordsQueue
        super().__init__()
        self.queue = queue
