"""The bot's pages as Reflex state: /admin/bot for supervisors and admins (monitoring, review,
versions, evaluation) and the summary card at the top of a ticket in the agent console."""

from __future__ import annotations

from typing import Any

import pytest

from app import routes
from state.admin_bot import AdminBotState
from state.bot_summary import BotSummaryState
from tests.bot_flows.conftest import FixedClassifier, WebChat
from tests.support.page_state import page_state, session_token

_state = page_state
_token = session_token


def test_the_page_is_registered_for_agents_and_checks_the_role_itself() -> None:
    import app.pages  # noqa: F401
    from app.shell import PAGES
    from state.session import SessionState

    [spec] = [p for p in PAGES if p.route == routes.ADMIN_BOT == "/admin/bot"]
    assert spec.on_load[0] == SessionState.guard_agent and spec.on_load[1] == AdminBotState.load
    rendered = str(spec.render())
    assert "bot-review" in rendered and "bot-versions" in rendered and "bot-monitoring" in rendered


def test_strangers_and_agents_are_sent_away() -> None:
    stranger = _state(AdminBotState, "")
    assert "/agent/login" in str(AdminBotState.load.fn(stranger))
    agent = _state(AdminBotState, _token("agent"))
    assert "/forbidden" in str(AdminBotState.load.fn(agent))
    assert "/forbidden" in str(AdminBotState.retrain.fn(agent)) and agent.versions == []


def test_a_supervisor_sees_monitoring_reviews_versions_and_the_evaluation(
    api: Any, bot_inboxes: None, classifier: FixedClassifier
) -> None:
    classifier.on("thanks", "thanks_goodbye")
    contained = WebChat(api)
    contained.say("xyz")
    contained.say("thanks")
    handed = WebChat(api)
    handed.say("agent")
    page = _state(AdminBotState, _token("supervisor"))
    page.locale = "en"
    assert AdminBotState.load.fn(page) is None, page.error
    assert page.summary == {"containment": "50.0%", "handoff": "50.0%", "conversations": "2", "active": "0"}
    assert page.reasons == [{"reason": "customer asked for a person", "count": "1"}]
    assert [r["text"] for r in page.review] == ["xyz"]
    assert [c["on"] for c in page.channels] == ["1", "1", "1"]
    assert page.versions[0]["label"] == "shipped" and page.versions[0]["active"] == "1"
    assert page.report_label == "shipped" and page.report_overall.endswith("%")
    assert {lang["language"] for lang in page.report_languages} == {"bn", "banglish", "en"}
    assert len(page.report_intents) == 17 and page.confusion_src.startswith("data:image/png;base64,")
    AdminBotState.label.fn(page, page.review[0]["turn_id"], "greeting")
    assert page.review == [] and page.notice == "bot_saved"
    AdminBotState.toggle_channel.fn(page, "sms", False)
    assert [c["on"] for c in page.channels] == ["1", "", "1"]
    AdminBotState.rollback.fn(page)
    assert "no earlier version" in page.error
    assert AdminBotState.retrain.fn(page) == AdminBotState.watch_training
    assert page.training and page.versions[0]["status"] == "training"


def test_the_summary_card_on_a_ticket(
    api: Any, bot_inboxes: None, classifier: FixedClassifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    classifier.on("ORD-240117 kothay", "track_order", sentiment="negative", sentiment_score=0.62)
    chat = WebChat(api)
    chat.say("ORD-240117 kothay")
    chat.say("agent")
    card = _state(BotSummaryState, _token("agent"))
    card.locale = "en"
    monkeypatch.setattr(BotSummaryState, "_route_ticket_id", lambda self: chat.ticket_id)
    BotSummaryState.load.fn(card)
    assert card.shown and card.status == "handed_off" and card.reason == "customer asked for a person"
    assert card.intent == "Track order" and card.language == "banglish"
    assert card.sentiment.startswith("neutral") or card.sentiment.startswith("negative")
    stranger = _state(BotSummaryState, "")
    BotSummaryState.load.fn(stranger)
    assert not stranger.shown
