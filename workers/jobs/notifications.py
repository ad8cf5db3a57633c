"""Jobs that send notifications to customers: codes by SMS, alerts about agents' replies."""

from __future__ import annotations

import logging
import uuid

from sqlmodel import select

from backend.channels.sms.gateway import SmsNotConfigured, get_sms_gateway
from backend.db import Actor, read_session, transaction
from backend.events import NotificationQueued
from backend.models import Message, Notification, Ticket
from backend.models.base import utcnow
from backend.models.enums import NotificationStatus
from backend.realtime import poke_customer

log = logging.getLogger(__name__)


def deliver_notification(notification_id: str) -> str:
    """Send one queued notification exactly once; a second run finds it sent and does nothing."""
    nid = uuid.UUID(notification_id)
    with read_session() as session:
        notification = session.get(Notification, nid)
        if notification is None:
            log.warning("notification vanished", extra={"notification_id": notification_id})
            return "missing"
        if notification.status != NotificationStatus.queued:
            return str(notification.status)
        channel, to, body, key = (
            notification.channel,
            notification.to_address,
            notification.body,
            notification.idempotency_key,
        )
    if channel != "sms":
        return _mark(nid, NotificationStatus.suppressed, error=f"channel {channel} not sendable yet")
    try:
        sent = get_sms_gateway().send(to=to, body=body, idempotency_key=key)
    except SmsNotConfigured as exc:
        return _mark(nid, NotificationStatus.failed, error=str(exc))
    return _mark(nid, NotificationStatus.sent, provider_id=sent.provider_id)


def _mark(
    nid: uuid.UUID,
    status: NotificationStatus,
    *,
    provider_id: str | None = None,
    error: str | None = None,
) -> str:
    with transaction(Actor.system()) as tx:
        notification = tx.session.get(Notification, nid, with_for_update=True)
        if notification is None:
            return "missing"
        notification.status = status
        notification.attempts += 1
        notification.provider_id = provider_id
        notification.error = error
        if status is NotificationStatus.sent:
            notification.sent_at = utcnow()
        if notification.purpose == "otp":
            notification.body = ""  # the code is never kept once it left
        tx.session.add(notification)
        tx.audit(f"notification.{status}", "notification", nid, channel=notification.channel)
    return str(status)


def notify_customer_of_reply(message_id: str) -> str:
    """Tell the customer an agent answered: an in-app notification and a poke to their devices."""
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
    return "notified"


def requeue_stuck_notifications(older_than_seconds: int = 120) -> int:
    """Periodic sweep: a notification still queued after a while (Redis was down) is enqueued again."""
    from datetime import timedelta

    from backend.events import dispatch

    cutoff = utcnow() - timedelta(seconds=older_than_seconds)
    with read_session() as session:
        rows = session.exec(
            select(Notification.id, Notification.channel, Notification.purpose).where(
                Notification.status == NotificationStatus.queued,
                Notification.created_at < cutoff,
            )
        ).all()
    dispatch([NotificationQueued(row[0], row[1], row[2]) for row in rows])
    return len(rows)
