"""Knowledge base services: a version on every save, publish, restore, translations, audit, seeding."""

from __future__ import annotations

import pytest
from sqlmodel import select

from backend.db import Actor, read_session, transaction
from backend.errors import Conflict, NotFound, ValidationFailed
from backend.knowledge.search import search_articles
from backend.knowledge.seed import ensure_help_centre
from backend.knowledge.services import (
    add_translation,
    create_article,
    list_versions,
    restore_version,
    set_published,
    update_article,
)
from backend.models import AuditEvent
from backend.models.knowledge import KbArticle


def _actions(subject_id: object) -> list[str]:
    with read_session() as session:
        rows = session.exec(
            select(AuditEvent.action)
            .where(AuditEvent.subject_id == str(subject_id))
            .order_by(AuditEvent.created_at)
        ).all()
    return list(rows)


def _new(help_centre: int, **fields: object) -> KbArticle:
    values = {
        "lang": "en",
        "slug": "eid-delivery-schedule",
        "category": "delivery",
        "title": "Delivery during the Eid holidays",
        "body_md": "Couriers pause for three days around Eid-ul-Fitr; orders ship after the break.",
    }
    values.update(fields)
    with transaction(Actor.agent("00000000-0000-0000-0000-000000000001")) as tx:
        return create_article(tx, **values)  # type: ignore[arg-type]


def test_every_save_is_a_version_and_audited(help_centre: int) -> None:
    article = _new(help_centre)
    with transaction(Actor.system()) as tx:
        update_article(
            tx, article.id, body_md="Couriers pause for five days around Eid-ul-Adha.", note="adha"
        )
    with transaction(Actor.system()) as tx:
        set_published(tx, article.id, True)
    with read_session() as session:
        versions = list_versions(session, article.id)
    assert [v.version for v in versions] == [3, 2, 1]
    assert [v.status for v in versions] == ["published", "draft", "draft"]
    assert versions[1].note == "adha"
    assert versions[2].actor == "agent:00000000-0000-0000-0000-000000000001"
    assert _actions(article.id) == ["kb.article_created", "kb.article_updated", "kb.article_published"]


def test_restore_brings_back_an_earlier_text_as_a_new_version(help_centre: int) -> None:
    article = _new(help_centre, publish=True)
    with transaction(Actor.system()) as tx:
        update_article(tx, article.id, title="Eid deliveries (changed)")
    with transaction(Actor.system()) as tx:
        restored = restore_version(tx, article.id, 1)
    assert restored.title == "Delivery during the Eid holidays"
    assert restored.version == 3
    assert (
        search_articles("eid holidays delivery", lang="en", limit=1)[0].title
        == "Delivery during the Eid holidays"
    )
    with pytest.raises(NotFound), transaction(Actor.system()) as tx:
        restore_version(tx, article.id, 99)
    assert "kb.article_restored" in _actions(article.id)


def test_publishing_and_unpublishing_change_what_customers_find(help_centre: int) -> None:
    article = _new(help_centre)
    assert "eid-delivery-schedule" not in [h.slug for h in search_articles("eid delivery", limit=5)]
    with transaction(Actor.system()) as tx:
        set_published(tx, article.id, True)
    assert search_articles("eid delivery", limit=5)[0].slug == "eid-delivery-schedule"
    with transaction(Actor.system()) as tx:
        set_published(tx, article.id, False)
    assert "eid-delivery-schedule" not in [h.slug for h in search_articles("eid delivery", limit=5)]


def test_a_translation_joins_the_group_and_answers_in_its_language(help_centre: int) -> None:
    article = _new(help_centre, publish=True)
    with transaction(Actor.system()) as tx:
        bengali = add_translation(
            tx,
            article.id,
            lang="bn",
            title="ঈদের ছুটিতে ডেলিভারি",
            body_md="ঈদের আগে-পরে তিন দিন কুরিয়ার বন্ধ থাকে।",
            publish=True,
        )
    assert bengali.group_id == article.group_id
    hits = search_articles("eid holidays delivery", lang="bn", limit=1)
    assert hits[0].title == "ঈদের ছুটিতে ডেলিভারি"
    with pytest.raises(Conflict) as taken, transaction(Actor.system()) as tx:
        add_translation(tx, article.id, lang="bn", slug="eid-2", title="আবার", body_md="আবার")
    assert taken.value.code == "kb_translation_exists"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"slug": "Bad Slug!"}, "kb_slug_invalid"),
        ({"slug": "refund-timelines"}, "kb_slug_taken"),
        ({"title": "  "}, "kb_title_required"),
        ({"body_md": ""}, "kb_body_required"),
        ({"category": "nope"}, "kb_category_not_found"),
        ({"lang": "hi"}, "kb_lang_unknown"),
        ({"title": "x" * 201}, "kb_field_too_long"),
    ],
)
def test_bad_articles_are_refused_and_nothing_is_stored(help_centre: int, fields: dict, code: str) -> None:
    with read_session() as session:
        before = len(session.exec(select(KbArticle.id)).all())
    with pytest.raises((ValidationFailed, Conflict)) as refused:
        _new(help_centre, **fields)
    assert refused.value.code == code
    with read_session() as session:
        assert len(session.exec(select(KbArticle.id)).all()) == before


def test_the_shipped_seed_is_idempotent_and_keeps_editors_changes(help_centre: int) -> None:
    assert help_centre == 80
    with read_session() as session:
        article = session.exec(
            select(KbArticle).where(KbArticle.slug == "refund-timelines", KbArticle.lang == "en")
        ).one()
    with transaction(Actor.system()) as tx:
        update_article(tx, article.id, title="Refund times (edited by support)")
    with transaction(Actor.system()) as tx:
        assert ensure_help_centre(tx) == 0
    with read_session() as session:
        assert session.get(KbArticle, article.id).title == "Refund times (edited by support)"  # type: ignore[union-attr]
        groups = {a.group_id for a in session.exec(select(KbArticle)).all()}
    assert len(groups) == 40
