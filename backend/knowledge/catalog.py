"""The help content shipped with Seba: Markdown files with front matter under backend/knowledge/articles/."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ARTICLES_DIR = Path(__file__).parent / "articles"
# Stable ids: the same shipped article has the same id in every database (and in the file fallback).
_NAMESPACE = uuid.UUID("6d1f3a52-2b8e-4c1e-9f0a-5e7b8c9d0a11")


@dataclass(frozen=True)
class ShippedCategory:
    slug: str
    name_bn: str
    name_en: str
    position: int

    @property
    def id(self) -> uuid.UUID:
        return uuid.uuid5(_NAMESPACE, f"category:{self.slug}")


@dataclass(frozen=True)
class ShippedArticle:
    group: str  # the file name before .bn.md / .en.md: both languages share it
    lang: str
    slug: str
    category: str
    title: str
    summary: str
    keywords: str
    position: int
    body: str

    @property
    def id(self) -> uuid.UUID:
        return uuid.uuid5(_NAMESPACE, f"article:{self.group}:{self.lang}")

    @property
    def group_id(self) -> uuid.UUID:
        return uuid.uuid5(_NAMESPACE, f"group:{self.group}")


class CatalogError(ValueError):
    """A shipped article file is malformed (caught by the tests, never at a customer's request)."""


def parse_article(path: Path) -> ShippedArticle:
    """One `<group>.<lang>.md` file: `---` front matter of `key: value` lines, then Markdown."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise CatalogError(f"{path.name}: no front matter")
    header, _, body = text[4:].partition("\n---\n")
    meta: dict[str, str] = {}
    for line in header.splitlines():
        if line.strip():
            key, sep, value = line.partition(":")
            if not sep:
                raise CatalogError(f"{path.name}: front matter line without a colon: {line!r}")
            meta[key.strip()] = value.strip()
    group, lang = path.name.removesuffix(".md").rsplit(".", 1)
    missing = {"slug", "category", "title"} - set(meta)
    if missing:
        raise CatalogError(f"{path.name}: front matter lacks {sorted(missing)}")
    if lang not in ("bn", "en"):
        raise CatalogError(f"{path.name}: language must be bn or en, got {lang!r}")
    return ShippedArticle(
        group=group,
        lang=lang,
        slug=meta["slug"],
        category=meta["category"],
        title=meta["title"],
        summary=meta.get("summary", ""),
        keywords=meta.get("keywords", ""),
        position=int(meta.get("position", "0")),
        body=body.strip() + "\n",
    )


@lru_cache(maxsize=1)
def shipped_categories() -> tuple[ShippedCategory, ...]:
    raw = json.loads((ARTICLES_DIR / "categories.json").read_text(encoding="utf-8"))
    return tuple(ShippedCategory(position=i, **entry) for i, entry in enumerate(raw))


@lru_cache(maxsize=1)
def shipped_articles() -> tuple[ShippedArticle, ...]:
    """Every shipped article, Bengali and English, sorted by group then language."""
    categories = {c.slug for c in shipped_categories()}
    articles = tuple(parse_article(p) for p in sorted(ARTICLES_DIR.glob("*.md")))
    for article in articles:
        if article.category not in categories:
            raise CatalogError(f"{article.group}.{article.lang}: unknown category {article.category!r}")
    return articles
