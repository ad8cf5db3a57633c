"""The delivery job's claim (one locked read that builds the message and marks it `sending`) and its
outcome (one guarded UPDATE): STOP refused before any send, a claim within another's lease is
`busy` even when it raced the first one's lock, push keys read with the row, final never overwritten,
and the job's SQL stays at two transactions."""

from __future__ import annotations

import base64
import json
import os
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import event
from sqlmodel import select

from backend.channels.base import OutboundMessage, SendResult
from backend.channels.push.subscriptions import (
    SubscriptionInfo,
    parse_subscription,
    subscribe_agent,
    subscribe_customer_device,
)
from backend.channels.registry import override_channel
from backend.db import Actor, get_engine, read_session, transaction
from backend.delivery import attempts
from backend.delivery.attempts import Claim
from backend.models import AuditEvent, Customer, Notification, SyncDevice
from backend.models.base import utcnow
from backend.models.enums import NotificationStatus
from tests.support.factories import make_agent, make_customer
from workers.jobs.notifications import deliver_notification

LEASE = timedelta(seconds=60)


@dataclass
class RecordingChannel:
    """A channel that records what reached it (no provider behind it)."""

    name: str
    found: SendResult | None = None
    sent: list[OutboundMessage] = field(default_factory=list)
    asked: list[OutboundMessage] = field(default_factory=list)

    def send(self, message: OutboundMessage) -> SendResult:
        self.sent.append(message)
        return SendResult(provider="recording", provider_id=f"rec-{len(self.sent)}")

    def find_sent(self, message: OutboundMessage) -> SendResult | None:
        self.asked.append(message)
        return self.found


@pytest.fixture
def sms() -> Iterator[RecordingChannel]:
    channel = RecordingChannel("sms")
    override_channel("sms", channel)
    yield channel
    override_channel("sms", None)


@pytest.fixture
def push() -> Iterator[RecordingChannel]:
    channel = RecordingChannel("push")
    override_channel("push", channel)
    yield channel
    override_channel("push", None)


def _notification(customer: Customer, channel: str, to_address: str, **extra: Any) -> Notification:
    fields: dict[str, Any] = {"body": "Seba: Ticket #1001 e notun uttor esechhe.", **extra}
    with transaction(Actor.system()) as tx:
        note = Notification(
            customer_id=customer.id,
            channel=channel,
            purpose="reply_alert",
            to_address=to_address,
            idempotency_key=f"test:{uuid.uuid4()}",
            **fields,
        )
        tx.session.add(note)
    return note


def _reload(notification_id: uuid.UUID) -> Notification:
    with read_session() as session:
        note = session.get(Notification, notification_id)
        assert note is not None
        return note


def _texted_stop(customer: Customer) -> None:
    with transaction(Actor.system()) as tx:
        stored = tx.session.get(Customer, customer.id)
        assert stored is not None
        stored.sms_opted_out_at = utcnow()
        tx.session.add(stored)


def _audit_actions(notification_id: uuid.UUID) -> list[str]:
    with read_session() as session:
        rows = session.exec(
            select(AuditEvent.action).where(AuditEvent.subject_id == str(notification_id))
        ).all()
    return list(rows)


def test_a_number_that_texted_stop_is_refused_by_the_claim_before_any_send(sms: RecordingChannel) -> None:
    customer = make_customer()
    _texted_stop(customer)
    note = _notification(customer, "sms", customer.phone or "")
    attempt = attempts.claim(note.id, lease=LEASE)
    assert attempt.outcome is Claim.done and attempt.status == "failed" and attempt.message is None
    stored = _reload(note.id)
    assert stored.status == "failed" and stored.attempts == 1 and stored.attempt_started_at is None
    assert stored.error is not None and stored.error.startswith("sms_opted_out")
    assert _audit_actions(note.id) == ["notification.failed"]
    assert deliver_notification(str(note.id)) == "failed"  # final: the job sends nothing either
    assert sms.sent == [] and sms.asked == []


def test_the_claim_hands_the_channel_the_stop_it_read_so_the_channel_does_not_ask_again(
    sms: RecordingChannel,
) -> None:
    customer = make_customer()
    note = _notification(customer, "sms", customer.phone or "")
    assert deliver_notification(str(note.id)) == "sent"
    [message] = sms.sent
    assert message.extra["sms_opted_out"] is False
    assert message.extra["attempt_started_at"] == _reload(note.id).created_at
    stored = _reload(note.id)
    assert stored.status == "sent" and stored.provider_id == "rec-1" and stored.attempts == 1


def _cut_short_sms_to_a_number_that_texted_stop_since() -> Notification:
    """An SMS whose attempt started 5 minutes ago (outcome unknown); its number texted STOP since."""
    customer = make_customer()
    note = _notification(
        customer,
        "sms",
        customer.phone or "",
        status=NotificationStatus.sending,
        attempts=1,
        attempt_started_at=utcnow() - timedelta(minutes=5),
    )
    _texted_stop(customer)
    return note


def test_a_resumed_attempt_to_a_number_that_texted_stop_since_adopts_what_went_out(
    sms: RecordingChannel,
) -> None:
    """The earlier try may have reached Twilio before the STOP: find_sent() is asked first."""
    note = _cut_short_sms_to_a_number_that_texted_stop_since()
    sms.found = SendResult(provider="recording", provider_id="SM-earlier")
    assert deliver_notification(str(note.id)) == "sent"
    assert len(sms.asked) == 1 and sms.sent == []
    stored = _reload(note.id)
    assert stored.provider_id == "SM-earlier" and stored.attempts == 2


def test_a_resumed_attempt_to_a_number_that_texted_stop_is_not_sent_again_when_nothing_went_out() -> None:
    """The real (development) SMS channel: find_sent() finds nothing, send() refuses on the claim's
    reading of the STOP."""
    note = _cut_short_sms_to_a_number_that_texted_stop_since()
    assert deliver_notification(str(note.id)) == "failed"
    stored = _reload(note.id)
    assert stored.status == "failed" and stored.error is not None
    assert stored.error.startswith("sms_opted_out") and stored.sent_at is None


def test_a_second_claim_within_the_lease_is_busy(sms: RecordingChannel) -> None:
    customer = make_customer()
    note = _notification(customer, "sms", customer.phone or "")
    first = attempts.claim(note.id, lease=LEASE)
    assert first.outcome is Claim.fresh and first.message is not None
    second = attempts.claim(note.id, lease=LEASE)
    assert second.outcome is Claim.busy and second.message is None
    assert deliver_notification(str(note.id)) == "busy"
    assert sms.sent == []
    assert _reload(note.id).attempts == 1
    # Past the lease the attempt's outcome is unknown: resumed, find_sent() first.
    assert attempts.claim(note.id, lease=timedelta(0)).outcome is Claim.resumed
    assert _reload(note.id).attempts == 2


def test_a_claim_racing_another_workers_claim_waits_for_its_lock_then_is_busy() -> None:
    """Worker A holds the row (locked, not yet committed) while B claims: B waits for A's commit,
    then reads A's `sending` and backs off. Without the lock both would see `queued` and send."""
    customer = make_customer()
    note = _notification(customer, "sms", customer.phone or "")
    outcome: list[attempts.Attempt] = []
    racer = threading.Thread(target=lambda: outcome.append(attempts.claim(note.id, lease=LEASE)))
    with transaction(Actor.system()) as tx:
        held = tx.session.get(Notification, note.id, with_for_update=True)
        assert held is not None and held.status == NotificationStatus.queued
        held.status = NotificationStatus.sending
        held.attempt_started_at = utcnow()
        held.attempts = 1
        tx.session.add(held)
        tx.session.flush()  # SQLite: this transaction now holds the write lock
        racer.start()
        racer.join(timeout=0.5)
        assert racer.is_alive(), "the second claim did not wait for the first one's lock"
    racer.join(timeout=15)
    assert not racer.is_alive()
    [second] = outcome
    assert second.outcome is Claim.busy
    assert _reload(note.id).attempts == 1


def _subscription(endpoint: str) -> SubscriptionInfo:
    """A subscription with real keys: a P-256 point and a 16-byte auth secret."""
    point = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return parse_subscription(
        {"endpoint": endpoint, "keys": {"p256dh": b64(point), "auth": b64(os.urandom(16))}}
    )


def test_the_claim_reads_the_push_keys_of_the_customers_or_the_agents_subscription(
    push: RecordingChannel,
) -> None:
    customer = make_customer()
    agent = make_agent()
    customer_sub = _subscription("https://push.test/c1")
    agent_sub = _subscription("https://push.test/a1")
    with transaction(Actor.customer(customer.id)) as tx:
        tx.session.add(SyncDevice(device_id="phone-1", customer_id=customer.id))
        tx.session.flush()
        subscribe_customer_device(tx, customer_id=customer.id, device_id="phone-1", subscription=customer_sub)
        subscribe_agent(tx, agent_id=agent.id, subscription=agent_sub)
    body = json.dumps(
        {"title": "Seba", "body": "ticket #1001 has a reply", "ttl": 600, "urgency": "high", "topic": "t1"}
    )
    for_customer = _notification(customer, "push", customer_sub.endpoint, body=body)
    for_agent = _notification(customer, "push", agent_sub.endpoint, body=body, agent_id=agent.id)
    customer_message = attempts.claim(for_customer.id, lease=LEASE).message
    agent_message = attempts.claim(for_agent.id, lease=LEASE).message
    assert customer_message is not None and agent_message is not None
    assert (customer_message.extra["p256dh"], customer_message.extra["auth"]) == (
        customer_sub.p256dh,
        customer_sub.auth,
    )
    assert (agent_message.extra["p256dh"], agent_message.extra["auth"]) == (agent_sub.p256dh, agent_sub.auth)
    assert customer_message.extra["payload"] == body and customer_message.body == "ticket #1001 has a reply"
    assert (customer_message.extra["ttl"], customer_message.extra["urgency"]) == (600, "high")
    assert customer_message.extra["topic"] == "t1"
    # The agent's endpoint is not a customer's: a customer notification to it has no keys.
    stray = _notification(customer, "push", agent_sub.endpoint, body=body)
    assert attempts.claim(stray.id, lease=LEASE).status == "suppressed"


def test_a_push_whose_subscription_is_gone_is_suppressed_by_the_claim(push: RecordingChannel) -> None:
    customer = make_customer()
    note = _notification(customer, "push", "https://push.test/unsubscribed")
    assert deliver_notification(str(note.id)) == "suppressed"
    stored = _reload(note.id)
    assert stored.status == "suppressed" and stored.error == "push subscription gone"
    assert stored.attempts == 1 and push.sent == []


def test_recording_sent_never_overwrites_a_final_outcome(sms: RecordingChannel) -> None:
    customer = make_customer()
    note = _notification(customer, "sms", customer.phone or "")
    assert attempts.claim(note.id, lease=LEASE).outcome is Claim.fresh
    attempts.record_final(note.id, NotificationStatus.failed, "refused", count_attempt=False)
    result = SendResult(provider="recording", provider_id="SM-late")
    assert attempts.record_sent(note.id, result) == "failed"
    stored = _reload(note.id)
    assert stored.status == "failed" and stored.provider_id is None and stored.sent_at is None
    assert attempts.record_sent(uuid.uuid4(), result) == "missing"
    assert _audit_actions(note.id) == ["notification.failed"]


def _statements_of(run: object) -> list[str]:
    statements: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            statements.append(statement.split(None, 1)[0].upper())

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", note)
    try:
        run()  # type: ignore[operator]
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return statements


def test_a_delivery_costs_one_locked_read_and_three_writes(sms: RecordingChannel) -> None:
    """The claim: SELECT ... FOR UPDATE (message, STOP), UPDATE to sending; the outcome: UPDATE ...
    WHERE not final, the audit INSERT, and for SMS the early status callbacks' SELECT."""
    customer = make_customer()
    note = _notification(customer, "sms", customer.phone or "")
    statements = _statements_of(lambda: deliver_notification(str(note.id)))
    assert statements == ["SELECT", "UPDATE", "UPDATE", "INSERT", "SELECT"]
    assert _reload(note.id).status == "sent"
    with get_engine().connect() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(AuditEvent)).scalar()
    assert count is not None and count >= 1
