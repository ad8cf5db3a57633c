"""The search contract every store passes: languages, Banglish, translations, typos, drafts, autocomplete."""

from __future__ import annotations

import pytest

from backend.errors import ValidationFailed
from backend.knowledge.search.base import KnowledgeSearch


def _slugs(hits: list) -> list[str]:
    return [h.slug for h in hits]


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("রিফান্ড কতদিনে পাবো", "refund-timelines"),
        ("বিকাশ থেকে টাকা কেটে নিয়েছে কিন্তু অর্ডার হয়নি", "payment-deducted-order-not-confirmed"),
        ("ওটিপি আসছে না", "otp-not-received"),
        ("ঢাকার বাইরে ডেলিভারি চার্জ কত", "delivery-charges"),
    ],
)
def test_a_bengali_question_finds_the_bengali_article_first(
    store: KnowledgeSearch, query: str, slug: str
) -> None:
    hits = store.search(query, limit=5)
    assert hits[0].slug == slug
    assert hits[0].lang == "bn"
    assert hits[0].url == f"/help/bn/{slug}"


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("how long does a refund take", "refund-timelines"),
        ("money deducted from bkash but order not confirmed", "payment-deducted-order-not-confirmed"),
        ("cash on delivery", "cash-on-delivery"),
        ("forgot password", "reset-password"),
    ],
)
def test_an_english_question_finds_the_english_article_first(
    store: KnowledgeSearch, query: str, slug: str
) -> None:
    hits = store.search(query, limit=5)
    assert hits[0].slug == slug
    assert hits[0].lang == "en"


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("refund kobe pabo", "refund-timelines"),
        ("bkash theke taka kete nise", "payment-deducted-order-not-confirmed"),
        ("otp ashe na", "otp-not-received"),
        ("delivery charge koto", "delivery-charges"),
        ("order cancel korte chai", "cancel-an-order"),
    ],
)
def test_a_banglish_question_finds_the_bengali_article_first(
    store: KnowledgeSearch, query: str, slug: str
) -> None:
    hits = store.search(query, limit=5)
    assert hits[0].slug == slug
    assert hits[0].lang == "bn"


def test_lang_restricts_to_that_language_and_matches_through_the_translation(store: KnowledgeSearch) -> None:
    # A Bengali question asked for English articles: found through its Bengali translation.
    hits = store.search("রিফান্ড কতদিনে পাবো", lang="en", limit=5)
    assert hits and {h.lang for h in hits} == {"en"}
    assert hits[0].slug == "refund-timelines"
    assert hits[0].title == "How long does a refund take?"
    bengali = store.search("how long does a refund take", lang="bn", limit=3)
    assert {h.lang for h in bengali} == {"bn"}
    assert bengali[0].slug == "refund-timelines"


def test_one_hit_per_article_best_first_within_the_limit(store: KnowledgeSearch) -> None:
    hits = store.search("refund", limit=7)
    assert 1 < len(hits) <= 7
    assert len({h.slug for h in hits}) == len(hits)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(h.excerpt and len(h.excerpt) <= 220 for h in hits)
    assert len(store.search("refund", limit=1)) == 1


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("deliverry charge", "delivery-charges"),
        ("pasword reset", "reset-password"),
        ("cashbak", "cashback-offers"),
    ],
)
def test_typos_still_find_the_article(store: KnowledgeSearch, query: str, slug: str) -> None:
    assert store.search(query, limit=3)[0].slug == slug


def test_a_question_about_nothing_we_wrote_returns_nothing(store: KnowledgeSearch) -> None:
    assert store.search("qzxv wplk", limit=5) == []


def test_a_draft_is_never_found_and_publishing_makes_it_findable(store: KnowledgeSearch) -> None:
    from backend.db import Actor, read_session, transaction
    from backend.knowledge.services import create_article, indexed, set_published
    from backend.models.knowledge import KbArticle

    if getattr(store, "label", "") == "shipped-files":
        pytest.skip("the in-memory copy holds only the shipped files")
    with transaction(Actor.system()) as tx:
        article = create_article(
            tx,
            lang="en",
            slug="hajj-luggage",
            category="delivery",
            title="Shipping zamzam water and Hajj luggage",
            body_md="Zamzam water bottles cannot be shipped by courier.",
        )
    if store.name != "sql":
        with read_session() as session:
            store.index([indexed(session.get(KbArticle, article.id))])  # type: ignore[arg-type]
    assert "hajj-luggage" not in _slugs(store.search("zamzam water", limit=5))
    with transaction(Actor.system()) as tx:
        set_published(tx, article.id, True)
    if store.name != "sql":
        with read_session() as session:
            store.index([indexed(session.get(KbArticle, article.id))])  # type: ignore[arg-type]
    assert store.search("zamzam water", limit=5)[0].slug == "hajj-luggage"
    store.remove([str(article.id)])
    assert "hajj-luggage" not in _slugs(store.search("zamzam water", limit=5))


def test_autocomplete_offers_titles_that_start_like_the_typing(store: KnowledgeSearch) -> None:
    english = store.suggest("refu", lang="en", limit=5)
    assert english and all(s.lang == "en" for s in english)
    assert all("refund" in s.title.lower() for s in english)
    bengali = store.suggest("রিফা", limit=5)
    assert bengali and all("রিফান্ড" in s.title for s in bengali)
    assert store.suggest("zzzq", limit=5) == []


@pytest.mark.parametrize(
    ("query", "lang", "limit", "code"),
    [
        ("", None, 5, "kb_query_empty"),
        ("   ", None, 5, "kb_query_empty"),
        ("refund", "fr", 5, "kb_lang_unknown"),
        ("refund", None, 0, "kb_limit_range"),
        ("refund", None, 51, "kb_limit_range"),
        ("x" * 1001, None, 5, "kb_query_too_long"),
    ],
)
def test_bad_input_is_refused_with_a_bilingual_code(
    store: KnowledgeSearch, query: str, lang: str | None, limit: int, code: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        store.search(query, lang=lang, limit=limit)
    assert refused.value.code == code
    assert refused.value.message("bn") != refused.value.message("en")


def test_rebuild_reports_progress_and_keeps_answering(store: KnowledgeSearch) -> None:
    from backend.knowledge.reindex import all_articles

    if getattr(store, "label", "") == "shipped-files":
        pytest.skip("the in-memory copy is rebuilt from the files, not the database")
    articles = all_articles()
    seen: list[tuple[int, int]] = []
    assert store.rebuild(articles, progress=lambda done, total: seen.append((done, total))) == len(articles)
    assert seen[-1] == (len(articles), len(articles))
    assert store.search("refund kobe pabo", limit=1)[0].slug == "refund-timelines"
