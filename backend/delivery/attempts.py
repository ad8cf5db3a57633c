"""The life of one notification send: claim (committed before the provider call), then the outcome.

States: queued -> sending -> sent | failed; `sending` with `attempt_started_at` means a provider call
may have happened. A retry finding `sending` asks the channel's find_sent() first. Another worker's
attempt younger than the lease is left alone (no two workers call the provider at once).

A send costs two short transactions. `claim` reads the row under SELECT ... FOR UPDATE together with
what the message needs (the push subscription's keys, whether the SMS number texted STOP), builds
the OutboundMessage, marks the attempt `sending` and commits. `record_sent` is one UPDATE that only
matches a notification not yet final (the row lock it takes makes a concurrent outcome wait, then
see the final status and match nothing) plus the audit row."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from backend.channels.base import OutboundMessage, PermanentSendError, SendResult
from backend.channels.email.outbound import notification_message
from backend.channels.sms.channel import OPTED_OUT_REASON
from backend.db import Actor, Tx, transaction
from backend.models import AgentPushSubscription, Customer, Notification, PushSubscription
from backend.models.base import utcnow
from backend.models.enums import NotificationStatus
from backend.services.sms_inbound import apply_early_status_callbacks

FINAL = (
    NotificationStatus.sent,
    NotificationStatus.delivered,
    NotificationStatus.failed,
    NotificationStatus.suppressed,
)
_NOTIFICATION = Notification.__table__  # type: ignore[attr-defined]


class Claim(StrEnum):
    fresh = "fresh"  # nobody tried yet: send
    resumed = "resumed"  # an earlier attempt's outcome is unknown: find_sent() first
    busy = "busy"  # another worker's attempt is within its lease
    done = "done"  # final (already, or made so by this claim: nothing to send)
    missing = "missing"  # no such notification


@dataclass(frozen=True)
class Attempt:
    """What `claim` decided. `message` is set for fresh and resumed attempts; `status` is the
    notification's status afterwards."""

    outcome: Claim
    status: str = ""
    message: OutboundMessage | None = None


# One statement reads the row (locked) and what its message needs: outer joins that match only for
# their channel, so every notification gets exactly one row.
_CLAIM_READ = (
    sa.select(
        Notification,
        col(Customer.sms_opted_out_at),
        col(PushSubscription.p256dh),
        col(PushSubscription.auth),
        col(AgentPushSubscription.p256dh),
        col(AgentPushSubscription.auth),
    )
    .outerjoin(
        Customer,
        (col(Notification.channel) == "sms") & (col(Customer.phone) == col(Notification.to_address)),
    )
    .outerjoin(
        PushSubscription,
        (col(Notification.channel) == "push")
        & col(Notification.agent_id).is_(None)
        & (col(PushSubscription.endpoint) == col(Notification.to_address)),
    )
    .outerjoin(
        AgentPushSubscription,
        (col(Notification.channel) == "push")
        & col(Notification.agent_id).is_not(None)
        & (col(AgentPushSubscription.endpoint) == col(Notification.to_address)),
    )
    .where(col(Notification.id) == sa.bindparam("notification_id"))
    .with_for_update(of=Notification)
)
_MARK_SENDING = (
    sa.update(_NOTIFICATION)
    .where(_NOTIFICATION.c.id == sa.bindparam("notification_id"))
    .values(
        status=NotificationStatus.sending.value,
        attempt_started_at=sa.bindparam("now"),
        attempts=_NOTIFICATION.c.attempts + 1,
    )
)


def claim(notification_id: uuid.UUID, *, lease: timedelta) -> Attempt:
    """Lock the notification, build its message and mark the attempt `sending`, committed before
    any provider call. Nothing to send (in-app, the push subscription gone, the SMS number texted
    STOP) makes it final here instead, audited, and answers `done`."""
    with transaction(Actor.system()) as tx:
        row = tx.session.execute(_CLAIM_READ, {"notification_id": notification_id}).first()
        if row is None:
            return Attempt(Claim.missing, "missing")
        n, opted_out_at, p256dh, auth, agent_p256dh, agent_auth = row
        if n.status in FINAL:
            return Attempt(Claim.done, str(n.status))
        if n.channel == "in_app":
            return _finish(tx, n, NotificationStatus.suppressed, "in-app needs no send", count_attempt=False)
        now = utcnow()
        sending = n.status == NotificationStatus.sending
        if sending and n.attempt_started_at and now - n.attempt_started_at < lease:
            return Attempt(Claim.busy, str(n.status))
        outcome = Claim.resumed if sending else Claim.fresh
        keys = (p256dh, auth) if n.agent_id is None else (agent_p256dh, agent_auth)
        if n.channel == "push" and keys[0] is None:
            return _finish(tx, n, NotificationStatus.suppressed, "push subscription gone", count_attempt=True)
        if n.channel == "sms" and opted_out_at is not None and outcome is Claim.fresh:
            # Refused before any send. A resumed attempt asks find_sent() first: its earlier try may
            # have gone out before the STOP, and the channel refuses the re-send itself.
            return _finish(tx, n, NotificationStatus.failed, OPTED_OUT_REASON, count_attempt=True)
        message = _outbound(tx.session, n, keys, sms_opted_out=opted_out_at is not None)
        tx.session.exec(_MARK_SENDING, params={"notification_id": n.id, "now": now})
    return Attempt(outcome, str(NotificationStatus.sending), message)


def _outbound(
    session: Session, n: Notification, keys: tuple[str | None, str | None], *, sms_opted_out: bool
) -> OutboundMessage:
    """The notification as an OutboundMessage for its channel."""
    extra: dict[str, Any] = {}
    body = n.body
    if n.channel == "push":
        data = json.loads(n.body or "{}")
        extra = {
            "p256dh": keys[0],
            "auth": keys[1],
            "payload": n.body,
            "ttl": data.get("ttl", 3600),
            "urgency": data.get("urgency", "normal"),
            "topic": data.get("topic", ""),
        }
        body = str(data.get("body", ""))
    elif n.channel == "sms":
        # find_sent() looks for our text from this point on. The notification's creation, not the
        # latest attempt (a resume cut short would move that past the message it must find), and
        # not its 24-hour default (an earlier alert with the same text to the same number, e.g. for
        # an earlier reply on the ticket, would be taken for this one).
        extra = {"attempt_started_at": n.created_at, "sms_opted_out": sms_opted_out}
    elif n.channel == "email":
        return _email_message(session, n)
    return OutboundMessage(
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


def _email_message(session: Session, notification: Notification) -> OutboundMessage:
    """Email bodies, subjects and threading headers come from the email channel's renderer."""
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


def _finish(
    tx: Tx, n: Notification, status: NotificationStatus, reason: str, *, count_attempt: bool
) -> Attempt:
    n.status = status
    n.error = reason
    if count_attempt:
        n.attempts += 1
    if n.purpose == "otp":
        n.body = ""  # the code is never kept once its fate is known
    tx.session.add(n)
    tx.audit(f"notification.{status}", "notification", n.id, channel=n.channel, reason=reason)
    return Attempt(Claim.done, str(status))


BILLING_DETAILS = ("encoding", "segments", "characters", "cost_paisa")
_OPEN = (NotificationStatus.queued.value, NotificationStatus.sending.value)
_MARK_SENT = (
    sa.update(_NOTIFICATION)
    .where(_NOTIFICATION.c.id == sa.bindparam("notification_id"), _NOTIFICATION.c.status.in_(_OPEN))
    .values(
        status=NotificationStatus.sent.value,
        provider_id=sa.bindparam("provider_id"),
        error=None,
        sent_at=sa.bindparam("sent_at"),
        # the code is never kept once it left
        body=sa.case((_NOTIFICATION.c.purpose == "otp", ""), else_=_NOTIFICATION.c.body),
    )
    .returning(_NOTIFICATION.c.channel)
)


def record_sent(notification_id: uuid.UUID, result: SendResult, *, adopted: bool = False) -> str:
    """The provider accepted it (or find_sent() found the earlier attempt's message): `sent`."""
    provider_id = result.provider_id[:200]
    with transaction(Actor.system()) as tx:
        params = {"notification_id": notification_id, "provider_id": provider_id, "sent_at": utcnow()}
        channel = tx.session.exec(_MARK_SENT, params=params).scalar()
        if channel is None:  # final already (another run recorded it), or gone
            return _status_of(tx.session, notification_id)
        # Billing facts (SMS: encoding, segments, estimated cost) are kept on the audit row.
        tx.audit(
            "notification.sent",
            "notification",
            notification_id,
            channel=channel,
            adopted=adopted or None,
            **{k: v for k, v in result.details.items() if k in BILLING_DETAILS},
        )
        if channel == "sms" and provider_id:
            # Twilio's status callback may have arrived before this row knew its MessageSid.
            apply_early_status_callbacks(tx, provider_id)
    return str(NotificationStatus.sent)


def _status_of(session: Session, notification_id: uuid.UUID) -> str:
    status = session.exec(select(Notification.status).where(Notification.id == notification_id)).first()
    return "missing" if status is None else str(status)


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
        return _finish(tx, n, status, reason, count_attempt=count_attempt).status


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
