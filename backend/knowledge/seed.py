"""Loading the shipped help content into the database, once: missing articles are added, edits kept."""

from __future__ import annotations

from sqlmodel import select

from backend.db import Tx
from backend.knowledge.catalog import shipped_articles, shipped_categories
from backend.knowledge.services import create_article, ensure_category
from backend.models.knowledge import KbArticle


def ensure_help_centre(tx: Tx) -> int:
    """Add the shipped categories and any shipped article not yet in the database (published).

    Idempotent: an article already there (same language and slug, or the same shipped id) is left
    exactly as editors made it. Returns how many articles were added.
    """
    for category in shipped_categories():
        ensure_category(
            tx,
            slug=category.slug,
            name_bn=category.name_bn,
            name_en=category.name_en,
            position=category.position,
        )
    existing = {(lang, slug) for lang, slug in tx.session.exec(select(KbArticle.lang, KbArticle.slug)).all()}
    existing_ids = set(tx.session.exec(select(KbArticle.id)).all())
    added = 0
    for shipped in shipped_articles():
        if (shipped.lang, shipped.slug) in existing or shipped.id in existing_ids:
            continue
        create_article(
            tx,
            lang=shipped.lang,
            slug=shipped.slug,
            category=shipped.category,
            title=shipped.title,
            body_md=shipped.body,
            summary=shipped.summary,
            keywords=shipped.keywords,
            group_id=shipped.group_id,
            publish=True,
            position=shipped.position,
            article_id=shipped.id,
        )
        added += 1
    return added
