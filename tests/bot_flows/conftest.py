"""Fixtures for the bot's flow tests: the bot connected to the web, sms and email inboxes, a fixed
classifier injected where the bot loads its model (flows must not depend on a model's mood), demo
orders, and helpers to read what the bot wrote."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from backend.bot import versions
from backend.db import Actor, read_session, transaction
from backend.models import BotConversation, BotInbox, CommerceOrder, CommerceRefund, Message, Ticket
from backend.models.base import utcnow
from backend.services.organisation import ensure_organisation, inbox_for_channel


@dataclass(frozen=True)
class Reading:
    intent: str
    confidence: float = 0.95
    language: str = "banglish"
    sentiment: str = "neutral"
    sentiment_score: float = 0.8
    alternatives: list[tuple[str, float]] = field(default_factory=list)


class FixedClassifier:
    """Answers from a table of exact texts (else a rule on words), and remembers what it read."""

    def __init__(self) -> None:
        self.table: dict[str, Reading] = {}
        self.seen: list[str] = []

    def on(self, text: str, intent: str, **kwargs: Any) -> None:
        self.table[text] = Reading(intent, **kwargs)

    def classify(self, text: str) -> Reading:
        self.seen.append(text)
        if text in self.table:
            return self.table[text]
        lowered = text.lower()
        language = "bn" if any("\u0980" <= c <= "\u09ff" for c in text) else "banglish"
        for words, intent in (
            (("agent", "manush"), "talk_to_agent"),
            (("kothay", "where", "কোথায়"), "track_order"),
            (("thanks", "dhonnobad", "ধন্যবাদ"), "thanks_goodbye"),
        ):
            if any(w in lowered for w in words):
                return Reading(intent, language=language)
        return Reading("out_of_scope", confidence=0.3, language=language)


@pytest.fixture
def classifier(monkeypatch: pytest.MonkeyPatch) -> FixedClassifier:
    fixed = FixedClassifier()
    monkeypatch.setattr(versions, "classifier_for", lambda version: fixed)
    return fixed


@pytest.fixture
def bot_inboxes() -> None:
    """The organisation with its inboxes, and the bot answering web, sms and email."""
    with transaction(Actor.system()) as tx:
        ensure_organisation(tx)
        tx.session.flush()
        for channel in ("web", "sms", "email"):
            inbox = inbox_for_channel(tx.session, channel)
            tx.session.add(BotInbox(inbox_id=inbox.id, enabled_at=utcnow() - timedelta(seconds=5)))


@pytest.fixture
def api() -> Iterator[TestClient]:
    from app.api import make_api

    with TestClient(make_api()) as client:
        yield client


def add_order(customer_id: uuid.UUID, ref: str = "ORD-240117", status: str = "shipped", **extra: Any) -> None:
    now = utcnow()
    values: dict[str, Any] = {
        "order_ref": ref,
        "customer_id": customer_id,
        "status": status,
        "total_paisa": 249900,
        "payment_method": "bkash",
        "payment_status": "paid",
        "placed_at": now - timedelta(days=3),
        "expected_delivery_at": now + timedelta(days=2),
        "courier": "Pathao",
        "tracking_code": "PTH123456",
    }
    values.update(extra)
    with transaction(Actor.system()) as tx:
        tx.session.add(CommerceOrder(**values))


def add_refund(
    customer_id: uuid.UUID, ref: str, amount_paisa: int = 120000, status: str = "processing"
) -> None:
    with transaction(Actor.system()) as tx:
        tx.session.add(
            CommerceRefund(
                order_ref=ref,
                customer_id=customer_id,
                amount_paisa=amount_paisa,
                method="bkash",
                status=status,
            )
        )


def thread(ticket_id: uuid.UUID) -> list[Message]:
    with read_session() as session:
        return list(
            session.exec(
                select(Message).where(Message.ticket_id == ticket_id).order_by(col(Message.created_at))
            )
        )


def bot_replies(ticket_id: uuid.UUID) -> list[str]:
    return [m.body for m in thread(ticket_id) if m.author_type == "bot" and m.direction == "outbound"]


def bot_notes(ticket_id: uuid.UUID) -> list[str]:
    return [m.body for m in thread(ticket_id) if m.author_type == "bot" and m.direction == "note"]


def conversation(ticket_id: uuid.UUID) -> BotConversation:
    with read_session() as session:
        row = session.get(BotConversation, ticket_id)
        assert row is not None
        return row


def ticket(ticket_id: uuid.UUID) -> Ticket:
    with read_session() as session:
        row = session.get(Ticket, ticket_id)
        assert row is not None
        return row
