"""What the discretion modules read from the collection: laws, articles, and the references
inside an article's text. `CollectionArticles` serves it from a `Collection`; any object with
the same methods will do.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from lawkb.links import ensure_links, references

if TYPE_CHECKING:
    from lawkb.links import Reference
    from lawkb.models import Article
    from lawkb.store import Collection


class ArticleSource(Protocol):
    def resolve_law(self, name: str) -> str: ...

    def article(self, law: str, article: str | int) -> Article: ...

    def article_by_ref(self, ref: str) -> Article: ...

    def articles_by_refs(self, refs: list[str]) -> dict[str, Article]: ...

    def references(self, ref: str) -> list[Reference]: ...

    def is_empty(self) -> bool: ...


class CollectionArticles:
    """An `ArticleSource` over a collection; the link tables are brought up to date once."""

    def __init__(self, collection: Collection, corpus: Path | None = None) -> None:
        self.collection = collection
        self.corpus = Path(corpus) if corpus else None
        self._links_checked = False

    def resolve_law(self, name: str) -> str:
        return self.collection.resolve_law(name)

    def article(self, law: str, article: str | int) -> Article:
        """`law`: a title, short title or alias."""
        return self.collection.article(self.collection.resolve_law(law), article)

    def article_by_ref(self, ref: str) -> Article:
        return self.collection.article_by_ref(ref)

    def articles_by_refs(self, refs: list[str]) -> dict[str, Article]:
        return self.collection.articles_by_refs(refs)

    def references(self, ref: str) -> list[Reference]:
        if not self._links_checked:
            ensure_links(self.collection, self.corpus)
            self._links_checked = True
        return references(self.collection, ref)

    def is_empty(self) -> bool:
        return self.collection.count_laws() == 0


def as_articles(source: Any) -> ArticleSource:
    """An `ArticleSource` as is; a `Collection`, or an object holding `.collection` and
    `.corpus` (the knowledge base, for callers not yet moved to explicit parts), wrapped."""
    if isinstance(source, CollectionArticles):
        return source
    collection = getattr(source, "collection", source)
    return CollectionArticles(collection, getattr(source, "corpus", None))
