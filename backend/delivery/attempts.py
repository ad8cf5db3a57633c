"""The life of one notification send: claim (committed before the provider call), then the outcome.

States: queued -> sending -> sent | failed; `sending` with `attempt_started_at` means a provider call
may have happened. A retry finding `sending` asks the channel's find_sent() first. Another worker's
attempt younger than the lease is left alone (no two workers call the provider at once)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlmodel import Session, select

from backend.channels.base import OutboundMessage, PermanentSendError, SendResult
from backend.db import Actor, read_session, transaction
from backend.models import AgentPushSubscription, Notification, PushSubscription
from backend.models.base import utcnow
from backend.models.enums import NotificationStatus

FINAL = (
    NotificationStatus.sent,
    NotificationStatus.delivered,
    NotificationStatus.failed,
    NotificationStatus.suppressed,
)


class Claim(StrEnum):
    fresh = "fresh"  # nobody tried yet: send
    resumed = "resumed"  # an earlier attempt's outcome is unknown: find_sent() first
    busy = "busy"  # another worker's attempt is within its lease
    done = "done"  # already final


@dataclass(frozen=True)
class Pending:
    notification_id: uuid.UUID
    status: str
    channel: str
    message: OutboundMessage | None  # None: the push subscription is gone


def load(notification_id: uuid.UUID) -> Pending | None:
    """The notification as an OutboundMessage (push keys looked up by endpoint)."""
    with read_session() as session:
        n = session.get(Notification, notification_id)
        if n is None:
            return None
        extra: dict[str, object] = {}
        body = n.body
        if n.channel == "push":
            sub: AgentPushSubscription | PushSubscription | None
            if n.agent_id:
                query = select(AgentPushSubscription).where(AgentPushSubscription.endpoint == n.to_address)
                sub = session.exec(query).first()
            else:
                sub = session.exec(
                    select(PushSubscription).where(PushSubscription.endpoint == n.to_address)
                ).first()
            if sub is None:
                return Pending(n.id, n.status, n.channel, None)
            data = json.loads(n.body or "{}")
            extra = {
                "p256dh": sub.p256dh,
                "auth": sub.auth,
                "payload": n.body,
                "ttl": data.get("ttl", 3600),
                "urgency": data.get("urgency", "normal"),
                "topic": data.get("topic", ""),
            }
            body = str(data.get("body", ""))
        if n.channel == "sms":
            # find_sent() looks for our text from this point on. The notification's creation, not
            # the latest attempt (a resume cut short would move that past the message it must
            # find), and not its 24-hour default (an earlier alert with the same text to the same
            # number, e.g. for an earlier reply on the ticket, would be taken for this one).
            extra["attempt_started_at"] = n.created_at
        if n.channel == "email":
            built = _email_message(session, n)
            if built is not None:
                return Pending(n.id, n.status, n.channel, built)
        message = OutboundMessage(
            notification_id=n.id,
            idempotency_key=n.idempotency_key,
            channel=n.channel,
            to_address=n.to_address,
            body=body,
            purpose=n.purpose,
            ticket_id=n.ticket_id,
            message_id=n.message_id,
            customer_id=n.customer_id,
            extra=extra,
        )
        return Pending(n.id, n.status, n.channel, message)


def _email_message(session: Session, notification: Notification) -> OutboundMessage | None:
    """Email bodies, subjects and threading headers come from the email channel's renderer."""
    try:
        from backend.channels.email.outbound import notification_message
    except ImportError:
        return None
    try:
        return notification_message(session, notification)
    except PermanentSendError as exc:
        # Rendering failed for good (no address): send() of the plain message reports it.
        return OutboundMessage(
            notification_id=notification.id,
            idempotency_key=notification.idempotency_key,
            channel="email",
            to_address="",
            body=exc.reason,
            purpose=notification.purpose,
        )


def claim(notification_id: uuid.UUID, *, lease: timedelta) -> Claim:
    """Mark the attempt as started, committed before any provider call (row locked meanwhile)."""
    with transaction(Actor.system()) as tx:
        n = tx.session.get(Notification, notification_id, with_for_update=True)
        if n is None or n.status in FINAL:
            return Claim.done
        now = utcnow()
        if (
            n.status == NotificationStatus.sending
            and n.attempt_started_at
            and now - n.attempt_started_at < lease
        ):
            return Claim.busy
        outcome = Claim.resumed if n.status == NotificationStatus.sending else Claim.fresh
        n.status = NotificationStatus.sending
        n.attempt_started_at = now
        n.attempts += 1
        tx.session.add(n)
    return outcome


BILLING_DETAILS = ("encoding", "segments", "characters", "cost_paisa")


def record_sent(notification_id: uuid.UUID, result: SendResult, *, adopted: bool = False) -> str:
    with transaction(Actor.system()) as tx:
        n = tx.session.get(Notification, notification_id, with_for_update=True)
        if n is None:
            return "missing"
        if n.status in FINAL:
            return str(n.status)
        n.status = NotificationStatus.sent
        n.provider_id = result.provider_id[:200]
        n.error = None
        n.sent_at = utcnow()
        if n.purpose == "otp":
            n.body = ""  # the code is never kept once it left
        tx.session.add(n)
        # Billing facts (SMS: encoding, segments, estimated cost) are kept on the audit row.
        tx.audit(
            "notification.sent",
            "notification",
            n.id,
            channel=n.channel,
            adopted=adopted or None,
            **{k: v for k, v in result.details.items() if k in BILLING_DETAILS},
        )
        if n.channel == "sms" and n.provider_id:
            # Twilio's status callback may have arrived before this row knew its MessageSid.
            from backend.services.sms_inbound import apply_early_status_callbacks

            apply_early_status_callbacks(tx, n.provider_id)
    return str(NotificationStatus.sent)


def record_final(
    notification_id: uuid.UUID, status: NotificationStatus, reason: str, *, count_attempt: bool
) -> str:
    """failed or suppressed, with the reason; `count_attempt` when no claim counted it already."""
    with transaction(Actor.system()) as tx:
        n = tx.session.get(Notification, notification_id, with_for_update=True)
        if n is None:
            return "missing"
        if n.status in FINAL:
            return str(n.status)
        n.status = status
        n.error = reason
        if count_attempt:
            n.attempts += 1
        if n.purpose == "otp":
            n.body = ""
        tx.session.add(n)
        tx.audit(f"notification.{status}", "notification", n.id, channel=n.channel, reason=reason)
    return str(status)


def record_transient(notification_id: uuid.UUID, reason: str, *, surely_not_sent: bool) -> int:
    """A transient failure; returns the attempts so far. When the provider answered (429/5xx) the
    message surely did not go out: back to queued. After a timeout it may have: stay `sending`
    without a lease, so the retry asks find_sent() first."""
    with transaction(Actor.system()) as tx:
        n = tx.session.get(Notification, notification_id, with_for_update=True)
        if n is None or n.status in FINAL:
            return 0
        n.error = reason
        n.attempt_started_at = None
        if surely_not_sent:
            n.status = NotificationStatus.queued
        tx.session.add(n)
        tx.audit("notification.retrying", "notification", n.id, channel=n.channel, reason=reason)
        return n.attempts


def reopen_failed(notification_id: uuid.UUID, actor: Actor) -> bool:
    """An admin retries a failed delivery job: the notification is queued again (audited)."""
    with transaction(actor) as tx:
        n = tx.session.get(Notification, notification_id, with_for_update=True)
        if n is None or n.status != NotificationStatus.failed:
            return False
        n.status = NotificationStatus.queued
        n.error = None
        tx.session.add(n)
        tx.audit("notification.reopened", "notification", n.id, channel=n.channel)
    return True
