"""What the app's screens hold and show, beside the library's views (lawkb/views.py):
the search filters, the start-up report, a search's outcome and the reader's page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lawkb.i18n import _

if TYPE_CHECKING:
    from lawkb.models import Article, Hit
    from lawkb.views import Link, Related

#: what the search shows by default: every law but 已废止 and 尚未生效 (Status.in_default_view)
DEFAULT_VIEW_LABEL = _("现行与已修改")
ALL_VERSIONS_LABEL = _("全部版本")


@dataclass(frozen=True)
class Filters:
    """Search filters the officer toggles from the keyboard."""

    include_all: bool = False  # False: the default view; True: repealed and pending too
    category: str | None = None
    law: str | None = None  # full title

    @property
    def versions(self) -> str:
        return ALL_VERSIONS_LABEL if self.include_all else DEFAULT_VIEW_LABEL

    def describe(self) -> str:
        return " · ".join(
            [self.versions, self.category or _("全部类别"), self.law or _("全部法规")]
        )


@dataclass(frozen=True)
class Startup:
    """What the start-up worker found."""

    empty: bool
    rebuilt: bool = False
    law_count: int = 0
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchOutcome:
    """One search's results, with what the screen needs to decide whether they still apply."""

    query: str
    filters: Filters
    hits: list[Hit]
    elapsed: float  # seconds
    missing: str | None = None  # what the collection says of a reference it lacks


@dataclass(frozen=True)
class Page:
    """Everything the reader shows for one article, fetched in one go (from
    `lawkb.views.article_page`, plus the neighbours and the star)."""

    article: Article
    status: str
    prev: Article | None
    next: Article | None
    links: list[Link]
    successors: list[Related]
    predecessors: list[Related]
    cited_by: list[Related]
    starred: bool
    problems: list[str] = field(default_factory=list)  # parts that could not be read
