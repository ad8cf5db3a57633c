"""Messages Seba itself writes to the customer (a rule's canned reply, a close notice, a survey).

They go out by the reply path agents' replies take: an outbound message in the ticket's thread on
the ticket's channel, `MessageCreated` after the commit, then (author `bot`) the notifications
listener's reply job and the delivery ladder (sms and email tickets: their own channel at once).
Unlike an agent's reply they neither count as the first response nor stop the customer's waiting
clock, and they assign nobody."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlmodel import select

from backend.db import Tx
from backend.errors import ValidationFailed
from backend.events import MessageCreated
from backend.models import Message, Ticket
from backend.models.base import utcnow
from backend.models.enums import AuthorType, DeliveryStatus, MessageDirection, TicketStatus


def automated_client_id(key: str) -> str:
    """A stable message client id for an idempotency key (client ids are unique, at most 64)."""
    return "auto-" + hashlib.sha256(key.encode()).hexdigest()[:40]


def post_automated_message(
    tx: Tx,
    ticket: Ticket,
    body: str,
    *,
    key: str,
    author_type: str = AuthorType.bot,
    attachments: list[dict[str, Any]] | None = None,
) -> Message:
    """Write `body` to the customer once per `key` (a retry finds the first message)."""
    client_id = automated_client_id(key)
    existing = tx.session.exec(select(Message).where(Message.client_id == client_id)).first()
    if existing is not None:
        return existing
    if ticket.status == TicketStatus.closed:
        raise ValidationFailed("ticket_closed")
    now = utcnow()
    message = Message(
        ticket_id=ticket.id,
        direction=MessageDirection.outbound,
        author_type=author_type,
        body=body,
        attachments=attachments or [],
        channel=ticket.channel,
        delivery_status=DeliveryStatus.queued,
        client_id=client_id,
        created_at=now,
    )
    tx.session.add(message)
    ticket.last_activity_at = now
    ticket.updated_at = now
    tx.session.add(ticket)
    tx.session.flush()
    tx.audit("message.automated", "ticket", ticket.id, message_id=message.id, author=author_type)
    tx.emit(MessageCreated(message.id, ticket.id, message.direction, message.author_type))
    return message
