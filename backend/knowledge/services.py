"""Writes to the knowledge base: articles and translations, versions, publishing, restore (all audited).

Every save adds a `kb_article_version` row and updates the SQL search index in the same
transaction; when Elasticsearch is configured, `KbArticlesChanged` (after commit) re-indexes there.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from backend.db import Tx
from backend.errors import Conflict, NotFound, ValidationFailed
from backend.knowledge.search.base import IndexedArticle
from backend.knowledge.search.sql import write_index
from backend.models.base import utcnow
from backend.models.knowledge import KbArticle, KbArticleVersion, KbCategory
from backend.validation import clean_text

TITLE_MAX = 200
SUMMARY_MAX = 400
KEYWORDS_MAX = 500
BODY_MAX = 50_000
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class KbArticlesChanged:
    """Articles were saved, published or unpublished (stores other than SQL re-index them)."""

    article_ids: tuple[str, ...]


def _actor_label(tx: Tx) -> str:
    return f"{tx.actor.type}:{tx.actor.id}" if tx.actor.id else str(tx.actor.type)


def _text(value: str | None, field: str, limit: int, *, required: str | None = None) -> str:
    text = clean_text(value)
    if field in ("title", "summary", "keywords"):
        text = " ".join(text.split())
    if required and not text:
        raise ValidationFailed(required)
    if len(text) > limit:
        raise ValidationFailed("kb_field_too_long", field=field, limit=limit)
    return text


def _category(session: Session, slug: str) -> KbCategory:
    category = session.exec(select(KbCategory).where(KbCategory.slug == slug)).first()
    if category is None:
        raise ValidationFailed("kb_category_not_found", category=slug)
    return category


def get_article(session: Session, article_id: Any) -> KbArticle:
    try:
        key = article_id if isinstance(article_id, uuid.UUID) else uuid.UUID(str(article_id))
    except ValueError as exc:
        raise NotFound("kb_article_not_found") from exc
    article = session.get(KbArticle, key)
    if article is None:
        raise NotFound("kb_article_not_found")
    return article


def indexed(article: KbArticle) -> IndexedArticle:
    return IndexedArticle(
        id=str(article.id),
        group_id=str(article.group_id),
        slug=article.slug,
        lang=article.lang,
        title=article.title,
        body=article.body_md,
        keywords=article.keywords,
        published=article.status == "published",
    )


def _save_version(tx: Tx, article: KbArticle, note: str) -> None:
    tx.session.add(
        KbArticleVersion(
            article_id=article.id,
            version=article.version,
            title=article.title,
            summary=article.summary,
            body_md=article.body_md,
            keywords=article.keywords,
            status=article.status,
            actor=_actor_label(tx),
            note=note[:200],
        )
    )
    tx.session.flush()
    write_index(tx.session, [indexed(article)])
    tx.emit(KbArticlesChanged((str(article.id),)))


def create_article(
    tx: Tx,
    *,
    lang: str,
    slug: str,
    category: str,
    title: str,
    body_md: str,
    summary: str = "",
    keywords: str = "",
    group_id: uuid.UUID | None = None,
    publish: bool = False,
    position: int = 0,
    article_id: uuid.UUID | None = None,
) -> KbArticle:
    """A new article (a draft unless `publish`); `group_id` makes it a translation of that group."""
    if lang not in ("bn", "en"):
        raise ValidationFailed("kb_lang_unknown", lang=lang)
    slug = (slug or "").strip().lower()
    if not _SLUG.match(slug) or len(slug) > 120:
        raise ValidationFailed("kb_slug_invalid")
    session = tx.session
    if session.exec(select(KbArticle.id).where(KbArticle.lang == lang, KbArticle.slug == slug)).first():
        raise Conflict("kb_slug_taken", slug=slug)
    if (
        group_id is not None
        and session.exec(
            select(KbArticle.id).where(KbArticle.group_id == group_id, KbArticle.lang == lang)
        ).first()
    ):
        raise Conflict("kb_translation_exists", lang=lang)
    now = utcnow()
    article = KbArticle(
        id=article_id or uuid.uuid4(),
        group_id=group_id or uuid.uuid4(),
        lang=lang,
        slug=slug,
        category_id=_category(session, category).id,
        title=_text(title, "title", TITLE_MAX, required="kb_title_required"),
        summary=_text(summary, "summary", SUMMARY_MAX),
        body_md=_text(body_md, "body", BODY_MAX, required="kb_body_required"),
        keywords=_text(keywords, "keywords", KEYWORDS_MAX),
        status="published" if publish else "draft",
        position=position,
        published_at=now if publish else None,
        created_at=now,
        updated_at=now,
    )
    session.add(article)
    session.flush()
    _save_version(tx, article, "created")
    tx.audit("kb.article_created", "kb_article", article.id, lang=lang, slug=slug, published=publish)
    return article


def add_translation(
    tx: Tx, source_id: Any, *, lang: str, title: str, body_md: str, **fields: Any
) -> KbArticle:
    """The other-language version of an article, in the same translation group (a draft by default)."""
    source = get_article(tx.session, source_id)
    category = tx.session.get(KbCategory, source.category_id)
    assert category is not None
    return create_article(
        tx,
        lang=lang,
        slug=fields.pop("slug", source.slug),
        category=fields.pop("category", category.slug),
        title=title,
        body_md=body_md,
        group_id=source.group_id,
        **fields,
    )


def update_article(
    tx: Tx,
    article_id: Any,
    *,
    title: str | None = None,
    body_md: str | None = None,
    summary: str | None = None,
    keywords: str | None = None,
    category: str | None = None,
    note: str = "",
) -> KbArticle:
    """Save an edit: a new version row, the index updated; unchanged fields stay as they were."""
    article = get_article(tx.session, article_id)
    before = {"title": article.title, "body_md": article.body_md}
    if title is not None:
        article.title = _text(title, "title", TITLE_MAX, required="kb_title_required")
    if body_md is not None:
        article.body_md = _text(body_md, "body", BODY_MAX, required="kb_body_required")
    if summary is not None:
        article.summary = _text(summary, "summary", SUMMARY_MAX)
    if keywords is not None:
        article.keywords = _text(keywords, "keywords", KEYWORDS_MAX)
    if category is not None:
        article.category_id = _category(tx.session, category).id
    article.version += 1
    article.updated_at = utcnow()
    tx.session.add(article)
    _save_version(tx, article, note or "edited")
    tx.audit(
        "kb.article_updated",
        "kb_article",
        article.id,
        version=article.version,
        title_changed=before["title"] != article.title,
        body_changed=before["body_md"] != article.body_md,
    )
    return article


def set_published(tx: Tx, article_id: Any, published: bool) -> KbArticle:
    """Publish (customers can find and read it) or unpublish (back to draft); a version row either way."""
    article = get_article(tx.session, article_id)
    status = "published" if published else "draft"
    if article.status == status:
        return article
    article.status = status
    article.version += 1
    article.updated_at = utcnow()
    if published:
        article.published_at = article.updated_at
    tx.session.add(article)
    _save_version(tx, article, status)
    tx.audit("kb.article_published" if published else "kb.article_unpublished", "kb_article", article.id)
    return article


def restore_version(tx: Tx, article_id: Any, version: int) -> KbArticle:
    """Make an earlier version's text current again (as a new version; history is never rewritten)."""
    article = get_article(tx.session, article_id)
    old = tx.session.exec(
        select(KbArticleVersion).where(
            KbArticleVersion.article_id == article.id, KbArticleVersion.version == version
        )
    ).first()
    if old is None:
        raise NotFound("kb_version_not_found", version=version)
    article.title, article.summary = old.title, old.summary
    article.body_md, article.keywords = old.body_md, old.keywords
    article.version += 1
    article.updated_at = utcnow()
    tx.session.add(article)
    _save_version(tx, article, f"restored version {version}")
    tx.audit(
        "kb.article_restored", "kb_article", article.id, restored_version=version, version=article.version
    )
    return article


def list_versions(session: Session, article_id: Any) -> list[KbArticleVersion]:
    article = get_article(session, article_id)
    return list(
        session.exec(
            select(KbArticleVersion)
            .where(KbArticleVersion.article_id == article.id)
            .order_by(col(KbArticleVersion.version).desc())
        ).all()
    )


def ensure_category(tx: Tx, *, slug: str, name_bn: str, name_en: str, position: int = 0) -> KbCategory:
    existing = tx.session.exec(select(KbCategory).where(KbCategory.slug == slug)).first()
    if existing is not None:
        return existing
    category = KbCategory(slug=slug, name_bn=name_bn, name_en=name_en, position=position)
    tx.session.add(category)
    tx.session.flush()
    tx.audit("kb.category_created", "kb_category", category.id, slug=slug)
    return category


def count_articles(session: Session) -> int:
    return int(session.execute(sa.select(sa.func.count()).select_from(KbArticle)).scalar_one())
