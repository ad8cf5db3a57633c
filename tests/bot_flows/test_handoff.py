"""Hand-off to people: the five triggers (asked for a person, not understood twice, strong negative
sentiment, VIP customer, beyond the bot), the agents' summary, routing, the outside-hours sentence,
an agent taking over, failures and the sweeps."""

from __future__ import annotations

import sys
import types
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from backend.bot import queries, sweeps, versions
from backend.db import Actor, read_session, transaction
from backend.models import AuditEvent, BotConversation, BotTurn, Customer, Ticket
from backend.models.base import utcnow
from backend.presence import heartbeat
from backend.services.tickets import assign_ticket
from tests.bot_flows.conftest import (
    Chat,
    FixedClassifier,
    SmsChat,
    WebChat,
    add_order,
    bot_notes,
    bot_replies,
    conversation,
    customer_of,
    ticket,
)
from tests.support.factories import make_agent
from tests.support.jobs import failed_job_count, run_queued_jobs


@pytest.fixture
def no_calendar(monkeypatch: pytest.MonkeyPatch) -> None:
    """The business calendar part absent: the generic sentence when nobody is online."""
    monkeypatch.setitem(sys.modules, "backend.calendar.expectation", None)


def _agent_online() -> Any:
    agent = make_agent(languages=["bn", "en"])
    heartbeat(agent.id)
    return agent


def test_asking_for_a_person_hands_off_with_a_summary_and_routes(
    chat: Chat, classifier: FixedClassifier
) -> None:
    agent = _agent_online()
    add_order_later = chat.say  # noqa: F841  (keeps the flow readable)
    classifier.on("ORD-240117 kothay", "track_order")
    chat.say("hello")
    add_order(customer_of(chat), "ORD-240117")
    chat.say("ORD-240117 kothay")
    assert ticket(chat.ticket_id).assignee_id is None  # type: ignore[arg-type]  # the bot holds it
    reply = chat.say("manusher sathe kotha bolbo")
    assert reply[0].startswith("Apnake amader team er ekjon er kache dicchi")
    if isinstance(chat, SmsChat):
        assert reply[0] in chat.sent_sms()
    routed = ticket(chat.ticket_id)  # type: ignore[arg-type]
    assert routed.assignee_id == agent.id and routed.status == "open"
    note = bot_notes(chat.ticket_id)[0]  # type: ignore[arg-type]
    assert "Reason: customer asked for a person" in note and "order: ORD-240117" in note
    assert "কারণ: গ্রাহক মানুষ চেয়েছেন" in note
    with read_session() as session:
        summary = queries.ticket_bot_summary(session, chat.ticket_id)  # type: ignore[arg-type]
    assert summary is not None
    assert (summary["status"], summary["reason"], summary["intent"]) == (
        "handed_off",
        "talk_to_agent",
        "track_order",
    )
    assert summary["slots"] == {"order": "ORD-240117"} and summary["sentiment"] == "neutral"
    assert chat.say("ar koto khon?") == []  # people answer from now on
    from backend.queries.tickets import ticket_detail

    with read_session() as session:
        detail = ticket_detail(session, chat.ticket_id, include_notes=True)  # type: ignore[arg-type]
    bot_bubbles = [m for m in detail.messages if m.author_type == "bot"]
    assert bot_bubbles and {m.author_name for m in bot_bubbles} == {"বট · Bot"}  # agents see who wrote


def test_not_understood_twice_hands_off(chat: Chat, classifier: FixedClassifier) -> None:
    first = chat.say("asdf qwerty")
    assert first[0].startswith("Sorry, bujhte parini")
    assert conversation(chat.ticket_id).status == "active"  # type: ignore[arg-type]
    chat.say("zxcv bnm")
    state = conversation(chat.ticket_id)  # type: ignore[arg-type]
    assert state.status == "handed_off" and state.handoff_reason == "low_confidence"
    with read_session() as session:
        pending = session.exec(select(BotTurn).where(BotTurn.review_status == "pending")).all()
    assert sorted(t.text for t in pending) == ["asdf qwerty", "zxcv bnm"]


def test_a_confident_message_in_between_resets_the_count(chat: Chat, classifier: FixedClassifier) -> None:
    classifier.on("hi", "greeting")
    chat.say("asdf")
    chat.say("hi")
    chat.say("qwer")
    assert conversation(chat.ticket_id).status == "active"  # type: ignore[arg-type]


def test_strong_negative_sentiment_hands_off_at_once(chat: Chat, classifier: FixedClassifier) -> None:
    text = "3 din dhore order kothay keu bole na, eta ki business?"
    classifier.on(text, "track_order", sentiment="negative", sentiment_score=0.91)
    chat.say(text)
    state = conversation(chat.ticket_id)  # type: ignore[arg-type]
    assert state.handoff_reason == "negative_sentiment" and state.sentiment == "negative"
    done = ticket(chat.ticket_id)  # type: ignore[arg-type]
    assert done.sentiment == "negative" and done.priority == "high" and done.intent == "track_order"


def test_mild_negative_sentiment_stays_with_the_bot(chat: Chat, classifier: FixedClassifier) -> None:
    classifier.on(
        "order ta ekhono ashe nai kothay", "track_order", sentiment="negative", sentiment_score=0.55
    )
    chat.say("order ta ekhono ashe nai kothay")
    assert conversation(chat.ticket_id).status == "active"  # type: ignore[arg-type]


def test_vip_customers_go_to_a_person_on_the_first_message(
    api: Any, bot_inboxes: None, classifier: FixedClassifier
) -> None:
    chat = WebChat(api)
    with transaction(Actor.system()) as tx:
        customer = tx.session.get(Customer, chat.customer_id)
        assert customer is not None
        customer.tier = "vip"
        tx.session.add(customer)
    classifier.on("amar order kothay?", "track_order")
    assert chat.say("amar order kothay?")[0].startswith("Apnake amader team")
    state = conversation(chat.ticket_id)  # type: ignore[arg-type]
    assert state.handoff_reason == "vip_customer" and state.intent == "track_order"
    assert ticket(chat.ticket_id).intent == "track_order"  # type: ignore[arg-type]  # for routing by skill


def test_outside_hours_without_the_calendar_the_customer_hears_a_person_answers_later(
    chat: Chat, classifier: FixedClassifier, no_calendar: None
) -> None:
    reply = chat.say("agent chai")
    assert "Amader team ekhon offline; khulle ekjon reply diben." in reply[0]


def test_while_agents_are_online_there_is_no_outside_hours_sentence(
    chat: Chat, classifier: FixedClassifier, no_calendar: None
) -> None:
    _agent_online()
    assert "offline" not in chat.say("agent chai")[0]


def test_the_business_calendar_says_when_a_person_will_answer(
    chat: Chat, classifier: FixedClassifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[Any, str]] = []
    expectation = types.ModuleType("backend.calendar.expectation")

    def reply_expectation(cal: Any, at: Any, locale: str) -> str:
        seen.append((cal, locale))
        return {
            "bn": "ঈদের ছুটি: রবিবার ১০:০০-এর মধ্যে উত্তর দেব।",
            "en": "Eid holidays: we will reply by Sunday 10:00.",
        }[locale]

    expectation.reply_expectation = reply_expectation  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "backend.calendar.expectation", expectation)
    from backend.calendar.loader import load_shipped_calendars
    from backend.services.organisation import organisation_id

    with transaction(Actor.system()) as tx:
        load_shipped_calendars(tx, organisation_id(tx.session))
    classifier.on("মানুষের সাথে কথা বলতে চাই", "talk_to_agent", language="bn")
    reply = chat.say("মানুষের সাথে কথা বলতে চাই")
    assert reply[0].endswith("ঈদের ছুটি: রবিবার ১০:০০-এর মধ্যে উত্তর দেব।")
    assert seen and seen[0][1] == "bn"  # the team's calendar (backend.calendar.store) was asked


def test_an_agent_who_takes_the_ticket_silences_the_bot(chat: Chat, classifier: FixedClassifier) -> None:
    classifier.on("amar order kothay?", "track_order")
    chat.say("amar order kothay?")
    agent = make_agent()
    with transaction(Actor.agent(agent.id)) as tx:
        assign_ticket(tx, ticket_id=chat.ticket_id, assignee_id=agent.id)  # type: ignore[arg-type]
    assert chat.say("240117") == []
    assert conversation(chat.ticket_id).handoff_reason == "agent_took_over"  # type: ignore[arg-type]


def test_routing_leaves_bot_tickets_alone_until_the_hand_off(chat: Chat, classifier: FixedClassifier) -> None:
    agent = _agent_online()
    chat.say("hello")
    with read_session() as session:
        reasons = [
            a.data.get("reason")
            for a in session.exec(select(AuditEvent).where(AuditEvent.action == "ticket.assigned"))
        ]
    assert ticket(chat.ticket_id).assignee_id is None and reasons == []  # type: ignore[arg-type]
    chat.say("agent please")
    assert ticket(chat.ticket_id).assignee_id == agent.id  # type: ignore[arg-type]


def test_a_failing_turn_hands_the_ticket_to_a_person(
    api: Any, bot_inboxes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken:
        def classify(self, text: str) -> Any:
            raise RuntimeError("model file damaged")

    monkeypatch.setattr(versions, "classifier_for", lambda version: Broken())
    chat = WebChat(api)
    chat.say("amar order kothay?")
    state = conversation(chat.ticket_id)  # type: ignore[arg-type]
    assert state.status == "handed_off" and state.handoff_reason == "bot_unavailable"
    assert failed_job_count() == 1  # and an admin sees the failure at /admin/jobs
    assert bot_replies(chat.ticket_id)[0].startswith("Apnake amader team er ekjon")  # type: ignore[arg-type]


def test_the_sweep_hands_off_stalled_tickets_and_resolves_idle_ones(
    api: Any, bot_inboxes: None, classifier: FixedClassifier
) -> None:
    classifier.on("amar order kothay?", "track_order")
    idle = WebChat(api)
    idle.say("amar order kothay?")  # asked for the order; the customer never came back
    stalled = WebChat(api)
    stalled.send("hello?")  # the bot's job was lost: never run
    from backend.redis_store import get_redis

    get_redis().flushdb()
    past = utcnow() - timedelta(hours=30)
    with transaction(Actor.system()) as tx:
        for row in tx.session.exec(select(BotConversation)):
            row.updated_at = past
            tx.session.add(row)
        waiting = tx.session.get(Ticket, stalled.ticket_id)
        assert waiting is not None
        waiting.waiting_since = past
        tx.session.add(waiting)
    assert sweeps.resolve_idle() == 1
    assert sweeps.hand_off_stalled() == 1
    run_queued_jobs()
    assert conversation(idle.ticket_id).status == "resolved"  # type: ignore[arg-type]
    assert ticket(idle.ticket_id).status == "resolved"  # type: ignore[arg-type]
    assert conversation(stalled.ticket_id).handoff_reason == "bot_unavailable"  # type: ignore[arg-type]
    # The customer hears a person will answer, in their script (never classified: a guess from it).
    assert bot_replies(stalled.ticket_id)[0].startswith("Apnake amader team er ekjon")  # type: ignore[arg-type]


def test_the_calendar_closed_hours_notice_leaves_bot_tickets_to_the_bot(api: Any, bot_inboxes: None) -> None:
    from datetime import UTC, datetime

    from backend.calendar.loader import load_shipped_calendars
    from backend.calendar.notice import post_closed_hours_notice
    from backend.services.organisation import organisation_id
    from tests.support.factories import make_customer, open_ticket

    night = datetime(2026, 12, 8, 21, 0, tzinfo=UTC)  # 03:00 in Dhaka: every desk is closed
    with transaction(Actor.system()) as tx:
        load_shipped_calendars(tx, organisation_id(tx.session))
    bot_ticket = open_ticket(make_customer()).ticket  # on the web inbox the bot answers
    with transaction(Actor.system()) as tx:
        row = tx.session.get(Ticket, bot_ticket.id)
        assert row is not None
        row.created_at = night
        tx.session.add(row)
    with transaction(Actor.system()) as tx:
        assert post_closed_hours_notice(tx, ticket_id=bot_ticket.id, now=night) is None
    with transaction(Actor.system()) as tx:
        from backend.bot.admin import set_inbox_connection

        set_inbox_connection(tx, "web", on=False)
    people_ticket = open_ticket(make_customer()).ticket
    with transaction(Actor.system()) as tx:
        row = tx.session.get(Ticket, people_ticket.id)
        assert row is not None
        row.created_at = night
        tx.session.add(row)
    with transaction(Actor.system()) as tx:
        assert post_closed_hours_notice(tx, ticket_id=people_ticket.id, now=night) is not None


def test_a_customer_who_asks_for_a_call_gets_a_call_back_request(
    chat: Chat, classifier: FixedClassifier
) -> None:
    classifier.on("amake ekta call dau please", "talk_to_agent")
    reply = chat.say("amake ekta call dau please")
    assert "ekjon agent call korben" in reply[0]
    done = ticket(chat.ticket_id)  # type: ignore[arg-type]
    assert "callback" in done.tags and done.category == "callback"
    assert "callback" in conversation(chat.ticket_id).summary["slots"]  # type: ignore[arg-type]
