"""The help centre over HTTP (public, no sign-in): categories, articles with ETags, search, autocomplete."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from backend.db import Actor, read_session, transaction
from backend.knowledge import queries
from backend.knowledge.search.base import LIMIT_MAX

router = APIRouter(prefix="/api/kb", tags=["help centre"])

# Browsers and the service worker revalidate with If-None-Match; a 304 costs a few bytes on 2G.
_CACHE = "public, max-age=0, must-revalidate"


class SearchHitOut(BaseModel):
    id: str
    slug: str
    title: str
    lang: str
    score: float
    url: str
    excerpt: str


class SearchOut(BaseModel):
    query: str
    lang: str | None
    results: list[SearchHitOut]


class SuggestionOut(BaseModel):
    id: str
    slug: str
    title: str
    lang: str
    url: str


@router.get("/categories", response_model=list[queries.CategoryView])
async def categories(lang: str = "bn") -> list[queries.CategoryView]:
    def read() -> list[queries.CategoryView]:
        with read_session() as session:
            return queries.categories(session, lang)

    return await run_in_threadpool(read)


@router.get("/articles", response_model=list[queries.ArticleSummary])
async def articles(lang: str = "bn", category: str | None = None) -> list[queries.ArticleSummary]:
    def read() -> list[queries.ArticleSummary]:
        with read_session() as session:
            return queries.articles(session, lang, category)

    return await run_in_threadpool(read)


@router.get("/popular", response_model=list[queries.ArticleSummary])
async def popular(lang: str = "bn", limit: int = Query(10, ge=1, le=50)) -> list[queries.ArticleSummary]:
    def read() -> list[queries.ArticleSummary]:
        with read_session() as session:
            return queries.most_read(session, lang, limit)

    return await run_in_threadpool(read)


@router.get("/articles/{lang}/{slug}", response_model=queries.ArticlePage)
async def article(
    lang: str, slug: str, request: Request, response: Response
) -> queries.ArticlePage | Response:
    def read() -> queries.ArticlePage:
        with read_session() as session:
            return queries.article_page(session, lang, slug)

    page = await run_in_threadpool(read)
    headers = {"ETag": page.etag, "Cache-Control": _CACHE}
    if request.headers.get("if-none-match") == page.etag:
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return page


@router.post("/articles/{article_id}/view", status_code=204)
async def viewed(article_id: uuid.UUID) -> Response:
    """Count a reading (the app calls it when an article is opened online)."""
    from backend.knowledge.feedback import record_view

    def write() -> None:
        with transaction(Actor.system()) as tx:
            record_view(tx, article_id)

    await run_in_threadpool(write)
    return Response(status_code=204)


@router.get("/search", response_model=SearchOut)
async def search(
    q: str, lang: str | None = None, limit: int = Query(5, ge=1, le=LIMIT_MAX), source: str = "help"
) -> SearchOut:
    """Articles for a question; the search is logged (searches without a result guide new articles)."""
    from backend.knowledge.feedback import log_search
    from backend.knowledge.search import search_articles
    from backend.knowledge.text.analyzer import detect_script
    from backend.knowledge.text.tokens import tokenize

    def run() -> SearchOut:
        hits = search_articles(q, lang=lang, limit=limit)
        with transaction(Actor.system()) as tx:
            log_search(
                tx,
                query=q,
                query_lang=detect_script(tokenize(q)),
                result_count=len(hits),
                top_article_id=hits[0].id if hits else None,
                source="agent" if source == "agent" else "help",
            )
        return SearchOut(query=q, lang=lang, results=[SearchHitOut(**h.to_dict()) for h in hits])

    return await run_in_threadpool(run)


@router.get("/suggest", response_model=list[SuggestionOut])
async def suggest(
    q: str, lang: str | None = None, limit: int = Query(8, ge=1, le=LIMIT_MAX)
) -> list[SuggestionOut]:
    from backend.knowledge.search import suggest_articles

    def run() -> list[SuggestionOut]:
        return [SuggestionOut(**s.__dict__) for s in suggest_articles(q, lang=lang, limit=limit)]

    return await run_in_threadpool(run)
