"""Knowledge-base search: answer quality (MRR@5) on the shipped articles and latency over 10,000 articles.

Usage:

    .venv/bin/python -m bench.kb_search                      # a temporary SQLite database
    .venv/bin/python -m bench.kb_search --database-url postgresql://postgres@127.0.0.1:5432/bench_kb

1. Migrates an empty database and adds the 80 shipped articles through the services (as
   `seba db upgrade` does), then runs every question of bench/kb_queries.tsv (Bengali,
   Banglish, English, written as customers ask; each with the article that answers it) and reports
   MRR@5 and top-1 accuracy, overall and per kind.
2. Adds --articles synthetic articles (half Bengali, half English, in translation groups; their
   sentences are drawn from the shipped articles' so terms are distributed like real help text),
   then times every question --rounds times through SqlSearch and reports p50/p95/p99.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
QUERIES = ROOT / "bench" / "kb_queries.tsv"


def load_queries(path: Path = QUERIES) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, query, slug = line.split("\t")
            rows.append((kind, query, slug))
    return rows


def evaluate(search, queries: list[tuple[str, str, str]]) -> dict[str, object]:  # type: ignore[no-untyped-def]
    reciprocal: dict[str, list[float]] = {}
    misses = []
    for kind, query, slug in queries:
        slugs = [h.slug for h in search(query, limit=5)]
        rank = slugs.index(slug) + 1 if slug in slugs else 0
        reciprocal.setdefault(kind, []).append(1 / rank if rank else 0.0)
        if rank != 1:
            misses.append((kind, query, slug, slugs[:3]))
    every = [r for values in reciprocal.values() for r in values]
    return {
        "mrr": statistics.fmean(every),
        "top1": sum(1 for r in every if r == 1.0) / len(every),
        "by_kind": {k: (statistics.fmean(v), len(v)) for k, v in sorted(reciprocal.items())},
        "misses": misses,
    }


def synthetic_articles(count: int, seed: int = 8) -> list[dict[str, object]]:
    """Article rows built from the shipped articles' sentences (both languages, translation pairs)."""
    from backend.knowledge.catalog import shipped_articles
    from backend.knowledge.search.ranking import plain_text

    rng = random.Random(seed)
    sentences: dict[str, list[str]] = {"bn": [], "en": []}
    words: dict[str, list[str]] = {"bn": [], "en": []}
    for article in shipped_articles():
        for sentence in re.split(r"(?<=[।.!?])\s+|\n+", plain_text(article.body)):
            if len(sentence.split()) >= 4:
                sentences[article.lang].append(sentence.strip())
                words[article.lang].extend(sentence.split())
    rows = []
    for i in range(count // 2):
        group = uuid.uuid4()
        for lang in ("bn", "en"):
            title = " ".join(rng.sample(words[lang], rng.randint(3, 7)))
            body = "\n\n".join(rng.sample(sentences[lang], rng.randint(6, 14)))
            rows.append(
                {
                    "group_id": group,
                    "lang": lang,
                    "slug": f"synthetic-{i:05d}",
                    "title": title,
                    "body_md": body,
                }
            )
    return rows


def add_synthetic(rows: list[dict[str, object]]) -> None:
    import sqlalchemy as sa
    from sqlmodel import Session, select

    from backend.db import get_engine
    from backend.knowledge.search.base import IndexedArticle
    from backend.knowledge.search.sql import write_index
    from backend.models.base import utcnow
    from backend.models.knowledge import KbArticle, KbCategory

    engine = get_engine()
    now = utcnow()
    with Session(engine) as session:
        category_id = session.exec(select(KbCategory.id)).first()
        for start in range(0, len(rows), 500):
            batch = []
            for row in rows[start : start + 500]:
                batch.append(
                    {
                        **row,
                        "id": uuid.uuid4(),
                        "category_id": category_id,
                        "status": "published",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            session.execute(sa.insert(KbArticle), batch)
            write_index(
                session,
                [
                    IndexedArticle(
                        str(r["id"]),
                        str(r["group_id"]),
                        str(r["slug"]),
                        str(r["lang"]),
                        str(r["title"]),
                        str(r["body_md"]),
                        "",
                        True,
                    )
                    for r in batch
                ],
                fresh=True,
            )
            session.commit()
            print(f"\r  synthetic articles: {start + len(batch)}/{len(rows)}", end="", flush=True)
    print()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="an empty database (default: a temporary SQLite file)")
    parser.add_argument("--articles", type=int, default=10_000, help="synthetic articles for the latency run")
    parser.add_argument("--rounds", type=int, default=3, help="times each question is timed")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="seba-kb-bench-")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir}/kb.sqlite3"
    os.environ.setdefault("DATA_DIR", workdir)

    from alembic import command

    from backend.db import Actor, get_engine, transaction
    from backend.knowledge.search.sql import SqlSearch
    from backend.knowledge.seed import ensure_help_centre
    from backend.migrations import alembic_config

    command.upgrade(alembic_config(), "head")
    with transaction(Actor.system()) as tx:
        ensure_help_centre(tx)
    store = SqlSearch(get_engine)
    queries = load_queries()
    dialect = get_engine().dialect.name
    print(f"database: {dialect}; {len(queries)} questions; load average {os.getloadavg()}")

    quality = evaluate(store.search, queries)
    print(f"MRR@5 over the 80 shipped articles: {quality['mrr']:.3f} (top-1 {quality['top1']:.1%})")
    for kind, (mrr, n) in quality["by_kind"].items():  # type: ignore[attr-defined]
        print(f"  {kind:<9} {mrr:.3f} ({n} questions)")
    if args.show_misses:
        for miss in quality["misses"]:  # type: ignore[attr-defined]
            print("  miss:", *miss)

    if args.articles:
        add_synthetic(synthetic_articles(args.articles))
        store.search("warm up the vocabulary", limit=5)
        timings = []
        for _ in range(args.rounds):
            for _kind, query, _slug in queries:
                started = time.perf_counter()
                store.search(query, limit=5)
                timings.append((time.perf_counter() - started) * 1000)
        total = 80 + args.articles
        print(
            f"latency over {total} articles ({len(timings)} searches): "
            f"p50 {percentile(timings, 0.5):.1f} ms, "
            f"p95 {percentile(timings, 0.95):.1f} ms, p99 {percentile(timings, 0.99):.1f} ms, "
            f"max {max(timings):.1f} ms; load average {os.getloadavg()}"
        )
        crowded = evaluate(store.search, queries)
        print(f"MRR@5 with the {args.articles} synthetic articles mixed in: {crowded['mrr']:.3f}")


if __name__ == "__main__":
    main()
