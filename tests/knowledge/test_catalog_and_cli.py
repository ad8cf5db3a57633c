"""The shipped help content, and the `seba search` command's contract."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner

from backend.cli.main import cli
from backend.knowledge.catalog import shipped_articles, shipped_categories


@pytest.mark.no_stores
def test_forty_articles_each_in_bengali_and_english_with_unique_slugs() -> None:
    articles = shipped_articles()
    groups = Counter(a.group for a in articles)
    assert len(groups) == 40 and set(groups.values()) == {2}
    for lang in ("bn", "en"):
        slugs = [a.slug for a in articles if a.lang == lang]
        assert len(slugs) == len(set(slugs)) == 40
    by_group: dict[str, set[str]] = {}
    for article in articles:
        by_group.setdefault(article.group, set()).add(article.slug)
    assert all(len(slugs) == 1 for slugs in by_group.values())  # both languages share the slug
    assert {a.category for a in articles} == {c.slug for c in shipped_categories()}
    bengali = [a for a in articles if a.lang == "bn"]
    assert all(any("\u0980" <= ch <= "\u09ff" for ch in a.title) for a in bengali)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["search", "kb", *args])
    return result.exit_code, result.stdout, result.stderr


def test_search_kb_json_contract(help_centre: int) -> None:
    code, out, _ = _run("refund kobe pabo", "--limit", "3", "--json")
    assert code == 0
    payload = json.loads(out)
    assert payload["query"] == "refund kobe pabo"
    assert payload["lang"] is None
    assert 1 <= len(payload["results"]) <= 3
    first = payload["results"][0]
    assert set(first) == {"id", "slug", "title", "lang", "score", "url", "excerpt"}
    assert first["slug"] == "refund-timelines" and first["lang"] == "bn"
    code, out, _ = _run("refund kobe pabo", "--lang", "en", "--json")
    assert {r["lang"] for r in json.loads(out)["results"]} == {"en"}


@pytest.mark.parametrize(
    "args",
    [
        ("", "--json"),
        ("refund", "--limit", "0"),
        ("refund", "--limit", "51"),
        ("refund", "--lang", "fr"),
        ("refund", "--limit", "many"),
    ],
)
def test_search_kb_bad_input_exits_2_with_a_clear_error(help_centre: int, args: tuple[str, ...]) -> None:
    code, out, err = _run(*args)
    assert code == 2
    assert out == ""
    assert "Error" in err


def test_search_kb_answers_from_the_shipped_files_while_the_database_has_no_articles() -> None:
    # The test database is migrated but empty here (no help_centre fixture).
    code, out, _ = _run("otp ashe na", "--json")
    assert code == 0
    assert json.loads(out)["results"][0]["slug"] == "otp-not-received"


def test_reindex_prints_progress(help_centre: int) -> None:
    result = CliRunner().invoke(cli, ["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "sql: 80/80 articles" in result.output
    assert "sql: 80 articles indexed" in result.output
