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
        self.parts: dict[str, Reading] = {}
        self.seen: list[str] = []

    def on_part(self, part: str, intent: str, **kwargs: Any) -> None:
        """Any text containing `part` (emails arrive with signatures and quotes stripped)."""
        self.parts[part] = Reading(intent, **kwargs)

    def on(self, text: str, intent: str, **kwargs: Any) -> None:
        self.table[text] = Reading(intent, **kwargs)

    def classify(self, text: str) -> Reading:
        self.seen.append(text)
        if text in self.table:
            return self.table[text]
        for part, reading in self.parts.items():
            if part in text:
                return reading
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


# Driving a conversation on one channel -----------------------------------------------------------


class Chat:
    """A customer talking to Seba on one channel, the way that channel delivers messages: web chat
    through the sync push (`/api/sync/push`), SMS through Twilio's signed webhook."""

    channel = "web"

    def __init__(self) -> None:
        self.ticket_id: uuid.UUID | None = None
        self.customer_id: uuid.UUID | None = None

    def send(self, text: str, *, photos: int = 0) -> None:
        raise NotImplementedError

    def run(self) -> None:
        from tests.support.jobs import run_queued_jobs

        run_queued_jobs()

    def say(self, text: str, *, photos: int = 0) -> list[str]:
        """Send `text` (with photos), run the jobs, return the bot's new replies."""
        before = len(bot_replies(self.ticket_id)) if self.ticket_id else 0
        self.send(text, photos=photos)
        self.run()
        assert self.ticket_id is not None
        return bot_replies(self.ticket_id)[before:]


class WebChat(Chat):
    channel = "web"

    def __init__(self, client: TestClient) -> None:
        super().__init__()
        from tests.support.sync_client import new_sync_customer

        self.sync = new_sync_customer(client)
        self.customer_id = self.sync.customer_id

    def send(self, text: str, *, photos: int = 0) -> None:
        from tests.support.sync_client import message_send, ticket_create

        attachments = [{"url": f"https://cdn.example/p{i}.jpg", "type": "image/jpeg"} for i in range(photos)]
        if self.ticket_id is None:
            args = ticket_create(subject=text[:60], body=text)
            self.ticket_id = uuid.UUID(args["ticket_id"])
            entries = [self.sync.mutation("ticket.create", args)]
            if attachments:
                entries.append(
                    self.sync.mutation(
                        "message.send", message_send(args["ticket_id"], "📷", attachments=attachments)
                    )
                )
        else:
            entries = [
                self.sync.mutation(
                    "message.send", message_send(str(self.ticket_id), text, attachments=attachments)
                )
            ]
        response = self.sync.push(*entries)
        assert response.status_code == 200, response.text
        assert response.json()["rejections"] == [], response.text


class SmsChat(Chat):
    channel = "sms"

    def __init__(self, client: TestClient, peer: Any, phone: str) -> None:
        super().__init__()
        self.client, self.peer, self.phone = client, peer, phone

    def send(self, text: str, *, photos: int = 0) -> None:
        from tests.channels.sms.conftest import ACCOUNT_SID, FROM_NUMBER, post_signed
        from tests.peers.twilio.server import new_sid

        form = {
            "MessageSid": new_sid(),
            "AccountSid": ACCOUNT_SID,
            "From": self.phone,
            "To": FROM_NUMBER,
            "Body": text,
            "NumMedia": str(photos),
        }
        for i in range(photos):
            form[f"MediaUrl{i}"] = f"https://api.twilio.com/media/ME{i}"
            form[f"MediaContentType{i}"] = "image/jpeg"
        response = post_signed(self.client, "/api/webhooks/twilio/sms", form)
        assert response.status_code == 200, response.text
        if self.ticket_id is None:
            from backend.models import Customer

            with read_session() as session:
                customer = session.exec(select(Customer).where(Customer.phone == self.phone)).one()
                self.customer_id = customer.id
                self.ticket_id = session.exec(
                    select(Ticket.id)
                    .where(Ticket.customer_id == customer.id)
                    .order_by(col(Ticket.created_at).desc())
                ).first()

    def sent_sms(self) -> list[str]:
        return [m["Body"] for m in self.peer.received if m.get("To") == self.phone]


_phones = iter(range(10_000, 99_999))


@pytest.fixture
def sms_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, Any]]:
    """Seba's API at its public address with Twilio pointed at the LOCAL Twilio peer."""
    from app.api import make_api
    from backend.config import reset_settings_cache
    from tests.channels.sms.conftest import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, PUBLIC_BASE_URL
    from tests.peers.twilio.server import TwilioPeer

    peer = TwilioPeer(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, from_number=FROM_NUMBER).start()
    for name, value in (
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
        ("TWILIO_FROM_NUMBER", FROM_NUMBER),
        ("TWILIO_API_BASE_URL", peer.base_url),
        ("PUBLIC_BASE_URL", PUBLIC_BASE_URL),
    ):
        monkeypatch.setenv(name, value)
    reset_settings_cache()
    try:
        with TestClient(make_api(), base_url=PUBLIC_BASE_URL) as client:
            yield client, peer
    finally:
        peer.stop()
        monkeypatch.undo()
        reset_settings_cache()


@pytest.fixture(params=["web", "sms"])
def chat(request: pytest.FixtureRequest, bot_inboxes: None, classifier: FixedClassifier) -> Chat:
    """One customer's conversation, once on web chat and once on SMS."""
    if request.param == "web":
        return WebChat(request.getfixturevalue("api"))
    client, peer = request.getfixturevalue("sms_api")
    return SmsChat(client, peer, f"+88018{next(_phones):08d}"[:14])


def customer_of(chat: Chat) -> uuid.UUID:
    if chat.customer_id is None:
        raise AssertionError("the chat has not started")
    return chat.customer_id
