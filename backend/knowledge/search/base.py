"""The search contract every store implements, its result type and the checks on a caller's input."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Protocol

from backend.errors import ValidationFailed

LANGS = ("bn", "en")
LIMIT_MAX = 50
QUERY_MAX = 1000  # a pasted customer message is a fair question; longer is not one


@dataclass(frozen=True)
class ArticleHit:
    """One published article answering a question, best first in a result list."""

    id: str
    slug: str
    title: str
    excerpt: str
    url: str
    lang: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Suggestion:
    """An autocomplete entry: an article title that starts like what the customer is typing."""

    id: str
    slug: str
    title: str
    lang: str
    url: str


@dataclass(frozen=True)
class IndexedArticle:
    """What a store needs to index one article (stores never read the article tables themselves)."""

    id: str
    group_id: str
    slug: str
    lang: str
    title: str
    body: str
    keywords: str
    published: bool


class KnowledgeSearch(Protocol):
    """A search store for help articles: SQL (default) or Elasticsearch (ELASTICSEARCH_URL)."""

    name: str

    def index(self, articles: list[IndexedArticle]) -> None:
        """Add or replace these articles in the index (a draft is kept but never found)."""

    def remove(self, article_ids: list[str]) -> None:
        """Forget these articles."""

    def rebuild(self, articles: list[IndexedArticle], progress: Any = None) -> int:
        """Replace the whole index with `articles`; `progress(done, total)` is called along the way."""

    def search(self, query: str, *, lang: str | None = None, limit: int = 5) -> list[ArticleHit]:
        """Published articles for a question, best first; `lang` restricts to that language."""

    def suggest(self, prefix: str, *, lang: str | None = None, limit: int = 8) -> list[Suggestion]:
        """Published article titles for what is typed so far (autocomplete)."""


def validate_search(query: str, lang: str | None, limit: int) -> str:
    """The query trimmed, or a bilingual refusal for an empty/long query, an unknown lang or limit."""
    text = " ".join((query or "").split())
    if not text:
        raise ValidationFailed("kb_query_empty")
    if len(text) > QUERY_MAX:
        raise ValidationFailed("kb_query_too_long", limit=QUERY_MAX)
    if lang is not None and lang not in LANGS:
        raise ValidationFailed("kb_lang_unknown", lang=lang)
    if not 1 <= limit <= LIMIT_MAX:
        raise ValidationFailed("kb_limit_range", limit=limit, max=LIMIT_MAX)
    return text


def article_url(slug: str, lang: str) -> str:
    """Where the customer app shows an article."""
    return f"/help/{lang}/{slug}"
