"""Reads of the help centre: categories, article lists and pages, related and most-read, analytics."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from pydantic import BaseModel
from sqlmodel import Session, col, select

from backend.errors import NotFound, ValidationFailed
from backend.knowledge.search.base import LANGS, article_url
from backend.models.base import utcnow
from backend.models.knowledge import KbArticle, KbCategory, KbSearchLog


class CategoryView(BaseModel):
    slug: str
    name: str
    name_bn: str
    name_en: str
    article_count: int


class ArticleSummary(BaseModel):
    id: str
    slug: str
    lang: str
    title: str
    summary: str
    category: str
    url: str


class ArticlePage(ArticleSummary):
    body_md: str
    body_html: str
    version: int
    updated_at: datetime
    translations: dict[str, str]  # lang -> url of the same article in that language
    related: list[ArticleSummary]
    etag: str


def _lang(lang: str | None) -> str:
    if lang not in LANGS:
        raise ValidationFailed("kb_lang_unknown", lang=lang or "")
    return str(lang)


def categories(session: Session, lang: str) -> list[CategoryView]:
    lang = _lang(lang)
    counts: dict[uuid.UUID, int] = {
        category_id: int(n)
        for category_id, n in session.execute(
            sa.select(col(KbArticle.category_id), sa.func.count())
            .where(col(KbArticle.status) == "published", col(KbArticle.lang) == lang)
            .group_by(col(KbArticle.category_id))
        ).all()
    }
    rows = session.exec(select(KbCategory).order_by(col(KbCategory.position), col(KbCategory.slug))).all()
    return [
        CategoryView(
            slug=c.slug,
            name=c.name_bn if lang == "bn" else c.name_en,
            name_bn=c.name_bn,
            name_en=c.name_en,
            article_count=int(counts.get(c.id, 0)),
        )
        for c in rows
    ]


def _summary(article: KbArticle, category_slug: str) -> ArticleSummary:
    return ArticleSummary(
        id=str(article.id),
        slug=article.slug,
        lang=article.lang,
        title=article.title,
        summary=article.summary,
        category=category_slug,
        url=article_url(article.slug, article.lang),
    )


def _category_slugs(session: Session) -> dict[uuid.UUID, str]:
    return {c.id: c.slug for c in session.exec(select(KbCategory)).all()}


def articles(session: Session, lang: str, category: str | None = None) -> list[ArticleSummary]:
    lang = _lang(lang)
    slugs = _category_slugs(session)
    query = select(KbArticle).where(KbArticle.status == "published", KbArticle.lang == lang)
    if category:
        ids = [cid for cid, slug in slugs.items() if slug == category]
        if not ids:
            raise NotFound("kb_category_not_found", category=category)
        query = query.where(KbArticle.category_id == ids[0])
    rows = session.exec(query.order_by(col(KbArticle.position), col(KbArticle.title))).all()
    return [_summary(a, slugs.get(a.category_id, "")) for a in rows]


def most_read(session: Session, lang: str, limit: int = 10) -> list[ArticleSummary]:
    """The most read published articles (the app keeps these for offline reading)."""
    lang = _lang(lang)
    slugs = _category_slugs(session)
    rows = session.exec(
        select(KbArticle)
        .where(KbArticle.status == "published", KbArticle.lang == lang)
        .order_by(col(KbArticle.view_count).desc(), col(KbArticle.position), col(KbArticle.slug))
        .limit(max(1, min(limit, 50)))
    ).all()
    return [_summary(a, slugs.get(a.category_id, "")) for a in rows]


def render_markdown(text: str) -> str:
    """Article Markdown as HTML (raw HTML in the source is escaped, links kept)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


def etag_of(article: KbArticle) -> str:
    digest = hashlib.sha256(f"{article.id}:{article.version}:{article.status}".encode()).hexdigest()[:20]
    return f'W/"kb-{digest}"'


def article_page(session: Session, lang: str, slug: str) -> ArticlePage:
    """A published article with its other-language version and related articles."""
    from backend.knowledge.search import search_articles

    lang = _lang(lang)
    article = session.exec(
        select(KbArticle).where(
            KbArticle.lang == lang, KbArticle.slug == slug, KbArticle.status == "published"
        )
    ).first()
    if article is None:
        raise NotFound("kb_article_not_found")
    slugs = _category_slugs(session)
    translations = {
        other.lang: article_url(other.slug, other.lang)
        for other in session.exec(
            select(KbArticle).where(
                KbArticle.group_id == article.group_id,
                KbArticle.status == "published",
                KbArticle.id != article.id,
            )
        ).all()
    }
    related: list[ArticleSummary] = []
    for hit in search_articles(f"{article.title} {article.summary}"[:200], lang=lang, limit=4):
        if hit.slug != article.slug and len(related) < 3:
            other = session.get(KbArticle, uuid.UUID(hit.id))
            if other is not None:
                related.append(_summary(other, slugs.get(other.category_id, "")))
    return ArticlePage(
        **_summary(article, slugs.get(article.category_id, "")).model_dump(),
        body_md=article.body_md,
        body_html=render_markdown(article.body_md),
        version=article.version,
        updated_at=article.updated_at,
        translations=translations,
        related=related,
        etag=etag_of(article),
    )


# --- analytics for admins ------------------------------------------------------------------------


class ArticleStats(BaseModel):
    id: str
    slug: str
    lang: str
    title: str
    status: str
    views: int
    helpful_yes: int
    helpful_no: int
    helpful_ratio: float | None  # None until someone answered


class MissedSearch(BaseModel):
    query: str
    times: int
    last_at: datetime


def article_stats(session: Session) -> list[ArticleStats]:
    rows = session.exec(
        select(KbArticle).order_by(col(KbArticle.view_count).desc(), col(KbArticle.slug))
    ).all()
    return [
        ArticleStats(
            id=str(a.id),
            slug=a.slug,
            lang=a.lang,
            title=a.title,
            status=a.status,
            views=a.view_count,
            helpful_yes=a.helpful_yes,
            helpful_no=a.helpful_no,
            helpful_ratio=round(a.helpful_yes / (a.helpful_yes + a.helpful_no), 3)
            if a.helpful_yes + a.helpful_no
            else None,
        )
        for a in rows
    ]


def searches_without_results(session: Session, days: int = 30, limit: int = 50) -> list[MissedSearch]:
    """What customers looked for and found nothing, most asked first (what to write next)."""
    since = utcnow() - timedelta(days=days)
    query_text = sa.func.lower(KbSearchLog.query)
    rows = session.execute(
        sa.select(query_text, sa.func.count(), sa.func.max(KbSearchLog.created_at))
        .where(col(KbSearchLog.result_count) == 0, col(KbSearchLog.created_at) >= since)
        .group_by(query_text)
        .order_by(sa.func.count().desc(), sa.func.max(KbSearchLog.created_at).desc())
        .limit(limit)
    ).all()
    return [MissedSearch(query=q, times=int(n), last_at=last) for q, n, last in rows]
