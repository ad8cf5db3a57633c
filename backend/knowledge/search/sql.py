"""SqlSearch: BM25 over the analysed-term postings tables, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import math
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.knowledge.search.base import (
    ArticleHit,
    IndexedArticle,
    Suggestion,
    article_url,
    validate_search,
)
from backend.knowledge.search.ranking import ScoredArticle, make_excerpt, rank_groups
from backend.knowledge.text.analyzer import analyze_document, normalize_words, plan_query
from backend.knowledge.text.vocabulary import Vocabulary
from backend.models.knowledge import KbArticle, KbSearchDocument, KbSearchPosting

# BM25 with the title counted TITLE_BOOST times (a simple BM25F).
K1 = 1.2
B = 0.75
TITLE_BOOST = 3
CANDIDATES = 40
# The length (title counted TITLE_BOOST times) articles are normalised against: about a help article's.
PIVOT_LENGTH = 160
# Postings read per query term, best impact first; candidates are then scored exactly.
PER_TERM = 100
GENERATION_TTL = 2.0
MAX_QUERY_TERMS = 16
_local_generation = [0]


@dataclass
class _IndexStats:
    checked_at: float
    local_generation: int
    generation: tuple[Any, ...]
    vocabulary: Vocabulary
    documents: int


class SqlSearch:
    """The default store: postings in SQL tables, scored in one SQL statement."""

    name = "sql"

    def __init__(self, engine_factory: Callable[[], Engine], label: str = "database") -> None:
        self._engine_factory = engine_factory
        self.label = label  # "database", or "shipped-files" for the in-memory copy of the shipped articles
        self._stats: _IndexStats | None = None
        self._lock = threading.Lock()

    # --- writing ------------------------------------------------------------------------------

    def index(self, articles: list[IndexedArticle], session: Session | None = None) -> None:
        if session is not None:
            self._write(session, articles)
            return
        with Session(self._engine_factory()) as own:
            self._write(own, articles)
            own.commit()

    def remove(self, article_ids: list[str], session: Session | None = None) -> None:
        ids = [uuid.UUID(a) for a in article_ids]
        if session is not None:
            self._delete(session, ids)
            return
        with Session(self._engine_factory()) as own:
            self._delete(own, ids)
            own.commit()

    def rebuild(self, articles: list[IndexedArticle], progress: Any = None) -> int:
        with Session(self._engine_factory()) as session:
            session.execute(sa.delete(KbSearchPosting))
            session.execute(sa.delete(KbSearchDocument))
            batch = 200
            for start in range(0, len(articles), batch):
                self._write(session, articles[start : start + batch], fresh=True)
                if progress:
                    progress(min(start + batch, len(articles)), len(articles))
            session.commit()
        self._stats = None
        return len(articles)

    def _delete(self, session: Session, ids: list[uuid.UUID]) -> None:
        delete_index(session, ids)
        self._stats = None

    def _write(self, session: Session, articles: list[IndexedArticle], fresh: bool = False) -> None:
        write_index(session, articles, fresh=fresh)
        self._stats = None

    # --- reading ------------------------------------------------------------------------------

    def _generation(self, session: Session) -> tuple[Any, ...]:
        row = session.execute(
            sa.select(sa.func.count(), sa.func.max(KbArticle.updated_at), sa.func.sum(KbArticle.version))
        ).one()
        docs = session.execute(sa.select(sa.func.count()).select_from(KbSearchDocument)).scalar_one()
        return (*tuple(row), docs)

    def _index_stats(self, session: Session) -> _IndexStats:
        stats = self._stats
        now = time.monotonic()
        # Writes in this process are seen at once (local_generation); other processes' within
        # GENERATION_TTL seconds, without two aggregate queries on every search.
        if (
            stats is not None
            and stats.local_generation == _local_generation[0]
            and now - stats.checked_at < GENERATION_TTL
        ):
            return stats
        generation = self._generation(session)
        if stats is not None and stats.generation == generation:
            stats.checked_at = now
            stats.local_generation = _local_generation[0]
            return stats
        with self._lock:
            rows = session.execute(
                sa.select(col(KbSearchPosting.term), sa.func.count()).group_by(col(KbSearchPosting.term))
            ).all()
            count = session.execute(
                sa.select(sa.func.count()).where(col(KbSearchDocument.published).is_(True))
            ).scalar_one()
            stats = _IndexStats(
                checked_at=now,
                local_generation=_local_generation[0],
                generation=generation,
                vocabulary=Vocabulary({str(t): int(n) for t, n in rows}),
                documents=int(count),
            )
            self._stats = stats
            return stats

    def search(self, query: str, *, lang: str | None = None, limit: int = 5) -> list[ArticleHit]:
        text = validate_search(query, lang, limit)
        with Session(self._engine_factory()) as session:
            stats = self._index_stats(session)
            plan = plan_query(text, stats.vocabulary)
            weights = {
                term: weight * _idf(stats.vocabulary.df[term], stats.documents)
                for term, weight in plan.terms.items()
                if term in stats.vocabulary.df
            }
            if not weights:
                return []
            scored = self._score(session, weights, stats)
            preferred = lang or plan.preferred_lang
            picks = rank_groups(scored, preferred, strict_lang=lang is not None)
            return self._hits(session, picks, preferred, lang, limit, list(plan.terms))

    def _score(self, session: Session, weights: dict[str, float], stats: _IndexStats) -> list[ScoredArticle]:
        """Each term's best postings (by impact) find candidates; candidates are then scored exactly."""
        terms = sorted(weights, key=lambda t: -weights[t])[:MAX_QUERY_TERMS]
        params: dict[str, Any] = {"candidates": CANDIDATES, "per_term": PER_TERM}
        parts = []
        for i, term in enumerate(terms):
            params[f"t{i}"], params[f"w{i}"] = term, weights[term]
            parts.append(
                f"SELECT * FROM (SELECT article_id, impact * :w{i} AS part FROM kb_search_posting "
                f"WHERE term = :t{i} ORDER BY impact DESC LIMIT :per_term) AS p{i}"
            )
        sql = (
            "SELECT article_id, SUM(part) AS score FROM ("
            + " UNION ALL ".join(parts)
            + ") AS parts GROUP BY article_id ORDER BY score DESC LIMIT :candidates"
        )
        candidates = [row[0] for row in session.execute(sa.text(sql), params).all()]
        if not candidates:
            return []
        ids = [c if isinstance(c, uuid.UUID) else uuid.UUID(str(c)) for c in candidates]
        weight = sa.case(*[(col(KbSearchPosting.term) == t, weights[t]) for t in terms], else_=0.0)
        rows = session.execute(
            sa.select(
                col(KbSearchDocument.article_id),
                col(KbSearchDocument.group_id),
                col(KbSearchDocument.lang),
                sa.func.sum(weight * col(KbSearchPosting.impact)),
            )
            .join(KbSearchPosting, col(KbSearchPosting.article_id) == KbSearchDocument.article_id)
            .where(
                col(KbSearchPosting.term).in_(terms),
                col(KbSearchPosting.article_id).in_(ids),
                col(KbSearchDocument.published).is_(True),
            )
            .group_by(
                col(KbSearchDocument.article_id), col(KbSearchDocument.group_id), col(KbSearchDocument.lang)
            )
        ).all()
        return [ScoredArticle(str(a), str(g), lng, float(score)) for a, g, lng, score in rows]

    def _hits(
        self,
        session: Session,
        picks: list[Any],
        preferred: str,
        strict_lang: str | None,
        limit: int,
        query_terms: list[str],
    ) -> list[ArticleHit]:
        window = picks[: limit * 2]
        group_ids = [uuid.UUID(p.group_id) for p in window]
        if not group_ids:
            return []
        rows = session.execute(
            sa.select(
                col(KbArticle.id),
                col(KbArticle.group_id),
                col(KbArticle.lang),
                col(KbArticle.slug),
                col(KbArticle.title),
                col(KbArticle.summary),
                col(KbArticle.body_md),
                col(KbArticle.status),
            ).where(
                col(KbArticle.group_id).in_(group_ids)
            )  # by group only: SQLite would pick the status index
        ).all()
        by_group: dict[str, dict[str, Any]] = {}
        for row in rows:
            if row.status == "published":
                by_group.setdefault(str(row.group_id), {})[row.lang] = row
        hits: list[ArticleHit] = []
        for pick in window:
            versions = by_group.get(pick.group_id, {})
            article = versions.get(preferred)
            if article is None:
                if strict_lang:
                    continue
                article = next(iter(versions.values()), None)
            if article is None:
                continue
            hits.append(
                ArticleHit(
                    id=str(article.id),
                    slug=article.slug,
                    title=article.title,
                    excerpt=make_excerpt(article.body_md, query_terms, article.summary),
                    url=article_url(article.slug, article.lang),
                    lang=article.lang,
                    score=round(pick.score, 4),
                )
            )
            if len(hits) == limit:
                break
        return hits

    def suggest(self, prefix: str, *, lang: str | None = None, limit: int = 8) -> list[Suggestion]:
        text = validate_search(prefix, lang, limit)
        words = normalize_words(text)
        if not words:
            return []
        conditions: list[Any] = [col(KbSearchDocument.published).is_(True)]
        for word in words[:-1]:
            conditions.append(col(KbSearchDocument.title_words).contains(f" {word} "))
        conditions.append(col(KbSearchDocument.title_words).contains(f" {words[-1]}"))
        if lang:
            conditions.append(KbSearchDocument.lang == lang)
        with Session(self._engine_factory()) as session:
            rows = session.exec(
                select(KbArticle)
                .join(KbSearchDocument, col(KbSearchDocument.article_id) == KbArticle.id)
                .where(*conditions)
                .order_by(col(KbArticle.view_count).desc(), col(KbArticle.title))
                .limit(limit)
            ).all()
        return [Suggestion(str(a.id), a.slug, a.title, a.lang, article_url(a.slug, a.lang)) for a in rows]


def delete_index(session: Session, ids: list[uuid.UUID]) -> None:
    """Forget these articles' rows in the SQL index (inside the caller's transaction)."""
    _local_generation[0] += 1
    session.execute(sa.delete(KbSearchPosting).where(col(KbSearchPosting.article_id).in_(ids)))
    session.execute(sa.delete(KbSearchDocument).where(col(KbSearchDocument.article_id).in_(ids)))


def write_index(session: Session, articles: list[IndexedArticle], fresh: bool = False) -> None:
    """Replace these articles' rows in the SQL index (inside the caller's transaction)."""
    _local_generation[0] += 1
    if not fresh:
        delete_index(session, [uuid.UUID(a.id) for a in articles])
    documents, postings = [], []
    for article in articles:
        terms = analyze_document(article.title, article.body, article.keywords)
        article_id = uuid.UUID(article.id)
        documents.append(
            {
                "article_id": article_id,
                "group_id": uuid.UUID(article.group_id),
                "lang": article.lang,
                "published": article.published,
                "title_len": terms.title_len,
                "body_len": terms.body_len,
                "title_words": terms.title_words,
            }
        )
        if not article.published:
            continue  # a draft keeps its document row but no postings: searches never see it
        length = terms.title_len * TITLE_BOOST + terms.body_len
        for term in set(terms.title_tf) | set(terms.body_tf):
            title_tf, body_tf = terms.title_tf.get(term, 0), terms.body_tf.get(term, 0)
            postings.append(
                {
                    "term": term,
                    "article_id": article_id,
                    "title_tf": title_tf,
                    "body_tf": body_tf,
                    "impact": bm25_impact(title_tf * TITLE_BOOST + body_tf, length),
                }
            )
    if documents:
        session.execute(sa.insert(KbSearchDocument), documents)
    if postings:
        session.execute(sa.insert(KbSearchPosting), postings)


def bm25_impact(tf: int, length: int) -> float:
    """BM25's term-frequency part with a fixed pivot length (pivoted normalisation, stable per article)."""
    return round(tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / PIVOT_LENGTH)), 6)


def _idf(df: int, documents: int) -> float:
    return math.log(1 + (documents - df + 0.5) / (df + 0.5))
