"""Jobs that send notifications (codes, reply alerts, agents' pushes) exactly once per key."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from sqlmodel import col, or_, select

from backend.channels.base import GoneRecipient, PermanentSendError, SendError, TransientSendError
from backend.channels.push.subscriptions import forget_endpoint
from backend.channels.registry import get_channel
from backend.config import get_settings
from backend.db import Actor, read_session, transaction
from backend.delivery import attempts
from backend.delivery.attempts import Claim
from backend.events import NotificationQueued
from backend.models import Message, Notification, Ticket
from backend.models.base import utcnow
from backend.models.enums import NotificationStatus
from backend.queue import QueueName, enqueue
from backend.realtime import poke_customer

log = logging.getLogger(__name__)


class DeliveryGaveUp(RuntimeError):
    """Transient errors outlasted every retry; the job lands in the failed registry for an admin."""


def retry_delay(attempt: int) -> timedelta:
    """Exponential backoff: base, 2 x base, 4 x base ... capped at 15 minutes."""
    base = get_settings().delivery_retry_base_seconds
    return timedelta(seconds=min(base * 2 ** max(attempt - 1, 0), 900))


def deliver_notification(notification_id: str) -> str:
    """Send one notification exactly once: the attempt is committed as `sending` before the provider
    call; a run finding an earlier attempt unresolved adopts find_sent()'s answer before re-sending.
    Transient errors re-enqueue this job with backoff; permanent ones mark it failed with the reason."""
    settings = get_settings()
    nid = uuid.UUID(notification_id)
    attempt = attempts.claim(nid, lease=timedelta(seconds=settings.delivery_lease_seconds))
    if attempt.outcome is Claim.missing:
        log.warning("notification vanished", extra={"notification_id": notification_id})
        return "missing"
    if attempt.outcome is Claim.busy:
        return "busy"
    if attempt.message is None:  # Claim.done: final already, or nothing to send
        return attempt.status
    message = attempt.message
    try:
        channel = get_channel(message.channel, settings)
    except PermanentSendError as exc:
        return attempts.record_final(nid, NotificationStatus.failed, exc.reason, count_attempt=False)
    if attempt.outcome is Claim.resumed:
        try:
            found = channel.find_sent(message)
        except SendError as exc:
            # The earlier attempt's fate is unknown: sending now could send twice (the SIGKILL test
            # caught exactly that when Twilio's Messages list answered 503). Stay `sending`, ask later.
            return _retry_later(nid, f"could not check the earlier attempt: {exc.reason}", exc, False)
        if found is not None:
            return attempts.record_sent(nid, found, adopted=True)
    try:
        result = channel.send(message)
    except GoneRecipient as exc:
        with transaction(Actor.system()) as tx:
            forget_endpoint(tx, message.to_address)
        return attempts.record_final(nid, NotificationStatus.failed, exc.reason, count_attempt=False)
    except TransientSendError as exc:
        return _retry_later(nid, exc.reason, exc, exc.status is not None)
    except PermanentSendError as exc:
        return attempts.record_final(nid, NotificationStatus.failed, exc.reason, count_attempt=False)
    return attempts.record_sent(nid, result)


def _retry_later(nid: uuid.UUID, reason: str, cause: SendError, surely_not_sent: bool) -> str:
    """Re-enqueue with backoff; after DELIVERY_MAX_ATTEMPTS the notification fails for an admin."""
    settings = get_settings()
    tries = attempts.record_transient(nid, reason, surely_not_sent=surely_not_sent)
    if tries >= settings.delivery_max_attempts:
        attempts.record_final(nid, NotificationStatus.failed, f"gave up: {reason}", count_attempt=False)
        raise DeliveryGaveUp(f"notification {nid}: {tries} attempts, last: {reason}") from cause
    enqueue(
        "workers.jobs.notifications.deliver_notification",
        str(nid),
        queue=QueueName.high,
        job_id=f"deliver-{nid}-retry{tries}",
        delay=retry_delay(tries),
    )
    return "retrying"


def notify_customer_of_reply(message_id: str) -> str:
    """Tell the customer an agent answered: an in-app notification and a poke to their devices, then
    the delivery ladder (web: push after T1, SMS after T2; sms/email tickets: their own channel now)."""
    from backend.delivery.ladder import plan_reply_delivery

    mid = uuid.UUID(message_id)
    with transaction(Actor.system()) as tx:
        message = tx.session.get(Message, mid)
        if message is None:
            return "missing"
        ticket = tx.session.get(Ticket, message.ticket_id)
        assert ticket is not None
        key = f"reply:{mid}:in_app"
        existing = tx.session.exec(select(Notification.id).where(Notification.idempotency_key == key)).first()
        if existing is None:
            notification = Notification(
                customer_id=ticket.customer_id,
                ticket_id=ticket.id,
                message_id=mid,
                channel="in_app",
                purpose="reply",
                idempotency_key=key,
                status=NotificationStatus.sent,
                sent_at=utcnow(),
            )
            tx.session.add(notification)
            tx.session.flush()
            tx.audit("notification.sent", "notification", notification.id, channel="in_app")
        customer_id = ticket.customer_id
    poke_customer(customer_id)
    plan_reply_delivery(mid)
    return "notified"


def requeue_stuck_notifications(older_than_seconds: int = 120) -> int:
    """Periodic sweep: a notification still queued after a while (Redis lost its job), or whose
    attempt outlived the lease without an outcome (the worker was killed), is enqueued again."""
    from backend.events import dispatch

    now = utcnow()
    cutoff = now - timedelta(seconds=older_than_seconds)
    lease_cutoff = now - timedelta(seconds=get_settings().delivery_lease_seconds)
    with read_session() as session:
        rows = session.exec(
            select(Notification.id, Notification.channel, Notification.purpose).where(
                or_(
                    (col(Notification.status) == NotificationStatus.queued)
                    & (col(Notification.created_at) < cutoff),
                    (col(Notification.status) == NotificationStatus.sending)
                    & (
                        col(Notification.attempt_started_at).is_(None)
                        | (col(Notification.attempt_started_at) < lease_cutoff)
                    )
                    & (col(Notification.created_at) < cutoff),
                )
            )
        ).all()
    dispatch([NotificationQueued(row[0], row[1], row[2]) for row in rows])
    return len(rows)
