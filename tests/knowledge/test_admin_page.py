"""The /admin/kb page: registered for supervisors and admins; its state edits through the services."""

from __future__ import annotations

import uuid

from sqlmodel import select

from app import routes
from backend.db import Actor, read_session, transaction
from backend.knowledge.feedback import log_search
from backend.models import AuditEvent
from backend.models.knowledge import KbArticle
from state.admin_kb import AdminKbState
from tests.support.page_state import page_state, session_token


def kb_page_state(token: str) -> AdminKbState:
    return page_state(AdminKbState, token)


token = session_token


def test_the_page_is_registered_and_its_texts_exist_in_both_languages() -> None:
    import app.pages  # noqa: F401  (registers every page)
    from app.shell import PAGES
    from components.i18n import UI

    [spec] = [p for p in PAGES if p.route == routes.ADMIN_KB == "/admin/kb"]
    rendered = str(spec.render())
    assert "kb-articles" in rendered and "kb-missed" in rendered
    for key, (bn, en) in UI.items():
        if key.startswith("kb_"):
            assert bn.strip() and en.strip() and bn != en


def test_strangers_and_agents_are_sent_away(help_centre: int) -> None:
    assert "/agent/login" in str(AdminKbState.load.fn(kb_page_state("")))
    assert "/forbidden" in str(AdminKbState.load.fn(kb_page_state(token("agent"))))


def test_a_supervisor_sees_analytics_edits_publishes_and_restores(help_centre: int) -> None:
    with transaction(Actor.system()) as tx:
        log_search(tx, query="gift wrap kora jay?", query_lang="banglish", result_count=0)
        log_search(tx, query="Gift wrap kora jay?", query_lang="banglish", result_count=0)
    state = kb_page_state(token("supervisor"))
    AdminKbState.load.fn(state)
    assert len(state.articles) == 80
    assert state.missed[0]["query"] == "gift wrap kora jay?" and state.missed[0]["times"] == "2"
    with read_session() as session:
        article = session.exec(
            select(KbArticle).where(KbArticle.slug == "emi-instalments", KbArticle.lang == "en")
        ).one()
    AdminKbState.select.fn(state, str(article.id))
    assert state.title == "EMI (instalments) on credit cards" and state.translation_id
    state.body = article.body_md + "\n\nBKash EMI is not available."
    AdminKbState.save.fn(state, {"title": "EMI on credit cards", "summary": article.summary, "keywords": ""})
    assert state.error == "" and state.title == "EMI on credit cards"
    assert [v["version"] for v in state.versions] == ["2", "1"]
    AdminKbState.toggle_published.fn(state)
    assert state.status == "draft"
    AdminKbState.restore.fn(state, "1")
    assert state.title == "EMI (instalments) on credit cards" and state.versions[0]["version"] == "4"
    with read_session() as session:
        actions = session.exec(
            select(AuditEvent.action).where(AuditEvent.subject_id == str(article.id))
        ).all()
    assert {"kb.article_updated", "kb.article_unpublished", "kb.article_restored"} <= set(actions)


def test_a_bad_edit_shows_a_bilingual_error_and_changes_nothing(help_centre: int) -> None:
    state = kb_page_state(token("admin"))
    AdminKbState.load.fn(state)
    first = state.articles[0]["id"]
    AdminKbState.select.fn(state, first)
    before = state.title
    state.body = ""
    AdminKbState.save.fn(state, {"title": "x", "summary": "", "keywords": ""})
    assert state.error  # kb_body_required, in the page's language
    with read_session() as session:
        assert session.get(KbArticle, uuid.UUID(first)).title == before  # type: ignore[union-attr]
