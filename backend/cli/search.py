"""`seba search`: help-article search from the shell (`kb`) and rebuilding the search index (`reindex`)."""

from __future__ import annotations

import json
import sys

import click


def _fail(exc: Exception) -> None:
    from backend.errors import SebaError

    if isinstance(exc, SebaError):
        click.echo(f"Error: {exc.message('en')} / {exc.message('bn')}", err=True)
    else:
        click.echo(f"Error: {exc}", err=True)
    sys.exit(2)


@click.group()
def search() -> None:
    """Search the help centre and maintain its index."""


@search.command("kb")
@click.argument("query")
@click.option("--lang", default=None, help="Only articles in this language: bn or en.")
@click.option("--limit", default=5, show_default=True, type=int, help="How many results (1-50).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: {query, lang, results: [...]}.")
def search_kb(query: str, lang: str | None, limit: int, as_json: bool) -> None:
    """Help articles for QUERY (Bengali, Banglish or English), best first.

    Works without a server: while the database is empty or not migrated, the shipped article
    files are searched through the same SQL search (an in-memory SQLite copy).
    """
    from backend.errors import ValidationFailed
    from backend.knowledge.search import search_articles
    from backend.knowledge.search.base import validate_search
    from backend.knowledge.text.analyzer import detect_script
    from backend.knowledge.text.tokens import tokenize

    try:
        validate_search(query, lang, limit)
        hits = search_articles(query, lang=lang, limit=limit)
    except ValidationFailed as exc:
        _fail(exc)
        return
    if as_json:
        payload = {
            "query": query,
            "lang": lang,
            "script": detect_script(tokenize(query)),
            "results": [
                {
                    "id": h.id,
                    "slug": h.slug,
                    "title": h.title,
                    "lang": h.lang,
                    "score": h.score,
                    "url": h.url,
                    "excerpt": h.excerpt,
                }
                for h in hits
            ],
        }
        click.echo(json.dumps(payload, ensure_ascii=False))
        return
    if not hits:
        click.echo("No articles found. / কোনো লেখা পাওয়া যায়নি।")
    for rank, hit in enumerate(hits, 1):
        click.echo(f"{rank}. [{hit.lang}] {hit.title}  ({hit.url}, score {hit.score})")
        click.echo(f"   {hit.excerpt}")


@search.command("reindex")
def search_reindex() -> None:
    """Rebuild the search index from the articles in the database, with progress.

    The SQL index is always rebuilt; with ELASTICSEARCH_URL set, a new Elasticsearch index is
    filled and the alias moved to it when complete (searches keep answering meanwhile).
    """
    from backend.knowledge.reindex import reindex_all

    def progress(store: str, done: int, total: int) -> None:
        click.echo(f"\r{store}: {done}/{total} articles", nl=done >= total)

    try:
        counts = reindex_all(progress=progress)
    except Exception as exc:  # a store that cannot be reached: say so, exit non-zero
        _fail(exc)
        return
    for store, count in counts.items():
        click.echo(f"{store}: {count} articles indexed")
