"""The help centre HTTP API: categories, article pages with ETags, logged search, most read, autocomplete."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.api import make_api
from backend.db import read_session
from backend.models.knowledge import KbArticle, KbSearchLog


@pytest.fixture
def client(help_centre: int) -> Iterator[TestClient]:
    with TestClient(make_api()) as test_client:
        yield test_client


def test_categories_with_counts_in_the_asked_language(client: TestClient) -> None:
    categories = client.get("/api/kb/categories", params={"lang": "bn"}).json()
    assert [c["slug"] for c in categories][:2] == ["orders", "delivery"]
    assert categories[0]["name"] == "অর্ডার ও ট্র্যাকিং"
    assert sum(c["article_count"] for c in categories) == 40
    listed = client.get("/api/kb/articles", params={"lang": "en", "category": "payments"}).json()
    assert {a["slug"] for a in listed} >= {"pay-with-bkash", "cash-on-delivery"}
    assert all(a["lang"] == "en" for a in listed)


def test_article_page_has_translation_related_articles_and_an_etag(client: TestClient) -> None:
    response = client.get("/api/kb/articles/bn/refund-timelines")
    assert response.status_code == 200
    page = response.json()
    assert page["title"] == "রিফান্ড কতদিনে পাবেন"
    assert page["translations"] == {"en": "/help/en/refund-timelines"}
    assert "<table>" in page["body_html"]
    assert 1 <= len(page["related"]) <= 3 and all(r["lang"] == "bn" for r in page["related"])
    assert response.headers["etag"] == page["etag"]
    again = client.get("/api/kb/articles/bn/refund-timelines", headers={"If-None-Match": page["etag"]})
    assert again.status_code == 304
    assert client.get("/api/kb/articles/bn/no-such-article").status_code == 404
    assert client.get("/api/kb/articles/fr/refund-timelines").status_code == 422


def test_search_is_logged_so_admins_see_what_found_nothing(client: TestClient) -> None:
    found = client.get("/api/kb/search", params={"q": "refund kobe pabo"}).json()
    assert found["results"][0]["slug"] == "refund-timelines"
    assert client.get("/api/kb/search", params={"q": "qzxv wplk"}).json()["results"] == []
    with read_session() as session:
        logged = {(r.query, r.result_count) for r in session.exec(select(KbSearchLog)).all()}
    assert ("qzxv wplk", 0) in logged
    assert ("refund kobe pabo", 5) in logged
    assert client.get("/api/kb/search", params={"q": " "}).status_code == 422


def test_views_make_an_article_most_read(client: TestClient) -> None:
    with read_session() as session:
        article = session.exec(
            select(KbArticle).where(KbArticle.slug == "emi-instalments", KbArticle.lang == "en")
        ).one()
    for _ in range(3):
        assert client.post(f"/api/kb/articles/{article.id}/view").status_code == 204
    popular = client.get("/api/kb/popular", params={"lang": "en", "limit": 3}).json()
    assert popular[0]["slug"] == "emi-instalments"


def test_autocomplete(client: TestClient) -> None:
    titles = [s["title"] for s in client.get("/api/kb/suggest", params={"q": "refu", "lang": "en"}).json()]
    assert titles and all("refund" in t.lower() for t in titles)
