"""Writes about messages: a customer writes, an agent replies, an agent leaves an internal note."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import select

from backend.db import Tx
from backend.errors import NotFound, ValidationFailed
from backend.events import MessageCreated
from backend.models import Message, Ticket
from backend.models.base import utcnow
from backend.models.enums import (
    ActorType,
    AuthorType,
    DeliveryStatus,
    MessageDirection,
    TicketStatus,
)
from backend.services.mentions import record_mentions
from backend.services.snooze import wake_for_customer_message
from backend.services.tickets import apply_status, get_ticket_for_update
from backend.sla import timers as sla_timers
from backend.validation import require_body


def _existing_by_client_id(tx: Tx, client_id: str | None) -> Message | None:
    if client_id is None:
        return None
    return tx.session.exec(select(Message).where(Message.client_id == client_id)).first()


def post_customer_message(
    tx: Tx,
    *,
    customer_id: uuid.UUID,
    ticket_id: uuid.UUID,
    body: str,
    attachments: list[dict[str, Any]] | None = None,
    message_id: uuid.UUID | None = None,
    provider_message_id: str | None = None,
) -> Message:
    """The customer writes in their ticket; a resolved or waiting ticket comes back to us."""
    body = require_body(body)
    client_id = str(message_id) if message_id else None
    existing = _existing_by_client_id(tx, client_id)
    if existing is not None:
        return existing
    ticket = get_ticket_for_update(tx, ticket_id)
    if ticket.customer_id != customer_id:
        raise NotFound("ticket_not_found")
    if ticket.status == TicketStatus.closed:
        raise ValidationFailed("ticket_closed")
    now = utcnow()
    message = Message(
        ticket_id=ticket.id,
        direction=MessageDirection.inbound,
        author_type=AuthorType.customer,
        body=body,
        attachments=attachments or [],
        channel=ticket.channel,
        provider_message_id=provider_message_id,
        delivery_status=DeliveryStatus.received,
        client_id=client_id,
        created_at=now,
    )
    if message_id is not None:
        message.id = message_id
    tx.session.add(message)
    if ticket.status in (TicketStatus.pending, TicketStatus.on_hold, TicketStatus.resolved):
        apply_status(tx, ticket, TicketStatus.open, ActorType.customer)
    wake_for_customer_message(tx, ticket)
    sla_timers.customer_wrote(tx, ticket, now=now)
    ticket.waiting_since = ticket.waiting_since or now
    ticket.last_activity_at = now
    ticket.updated_at = now
    tx.session.add(ticket)
    tx.session.flush()
    tx.audit("message.received", "ticket", ticket.id, message_id=message.id)
    tx.emit(MessageCreated(message.id, ticket.id, message.direction, message.author_type))
    return message


def post_agent_reply(
    tx: Tx,
    *,
    agent_id: uuid.UUID,
    ticket_id: uuid.UUID,
    body: str,
    then_status: str | None = None,
    client_id: str | None = None,
) -> Message:
    """An agent answers the customer through the ticket's own channel.

    The reply is stored with `channel = ticket.channel` and `delivery_status = queued`; after the
    commit `MessageCreated` makes the notifications listener enqueue `notify_customer_of_reply`
    (queue high, job id `reply-{message_id}`). Per channel today: web (the app) — the reply reaches
    the phone through the change feed and becomes `delivered` when a device pulls it, the job adds an
    in-app notification and pokes the devices; sms and email — the same job runs and the message
    stays `queued` for the channel's sender (Twilio / SendGrid, a later issue), which will pick up
    queued outbound messages of its channel and set sent / delivered / failed."""
    body = require_body(body)
    existing = _existing_by_client_id(tx, client_id)
    if existing is not None:
        return existing
    ticket = get_ticket_for_update(tx, ticket_id)
    if ticket.status == TicketStatus.closed:
        raise ValidationFailed("ticket_closed")
    now = utcnow()
    message = Message(
        ticket_id=ticket.id,
        direction=MessageDirection.outbound,
        author_type=AuthorType.agent,
        author_agent_id=agent_id,
        body=body,
        channel=ticket.channel,
        delivery_status=DeliveryStatus.queued,
        client_id=client_id,
        created_at=now,
    )
    tx.session.add(message)
    if ticket.first_response_at is None:
        ticket.first_response_at = now
    sla_timers.agent_replied(tx, ticket, now=now)
    if ticket.status == TicketStatus.new:
        apply_status(tx, ticket, TicketStatus.open, ActorType.agent)
    if ticket.assignee_id is None:
        ticket.assignee_id = agent_id
        tx.audit("ticket.assigned", "ticket", ticket.id, new_assignee=agent_id, reason="replied")
    if then_status:
        apply_status(tx, ticket, then_status, ActorType.agent)
    ticket.waiting_since = None
    ticket.last_activity_at = now
    ticket.updated_at = now
    tx.session.add(ticket)
    tx.session.flush()
    tx.audit("message.replied", "ticket", ticket.id, message_id=message.id)
    tx.emit(MessageCreated(message.id, ticket.id, message.direction, message.author_type))
    return message


def add_internal_note(
    tx: Tx, *, agent_id: uuid.UUID, ticket_id: uuid.UUID, body: str, client_id: str | None = None
) -> Message:
    """A note only agents see; it does not change who is waiting for whom. @mentions in it notify
    the agents mentioned (`backend.services.mentions`)."""
    body = require_body(body)
    existing = _existing_by_client_id(tx, client_id)
    if existing is not None:
        return existing
    ticket = tx.session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound("ticket_not_found")
    message = Message(
        ticket_id=ticket.id,
        direction=MessageDirection.note,
        author_type=AuthorType.agent,
        author_agent_id=agent_id,
        body=body,
        channel=ticket.channel,
        delivery_status=DeliveryStatus.received,
        client_id=client_id,
    )
    tx.session.add(message)
    tx.session.flush()
    record_mentions(tx, message)
    tx.audit("message.noted", "ticket", ticket.id, message_id=message.id)
    tx.emit(MessageCreated(message.id, ticket.id, message.direction, message.author_type))
    return message
