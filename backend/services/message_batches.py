"""Many customer messages written at once (an offline device's outbox): same rules, few round trips.

`post_customer_messages` gives each item exactly the outcome `post_customer_message` would give it
when called one after the other in the same order, but reads the existing ids and locks the tickets
with one statement each and inserts the messages and their audit rows in bulk.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from backend.db import Tx
from backend.errors import NotFound, SebaError, ValidationFailed
from backend.events import MessageCreated
from backend.models import AuditEvent, Message, Ticket
from backend.models.base import utcnow, uuid7
from backend.models.enums import ActorType, AuthorType, DeliveryStatus, MessageDirection, TicketStatus
from backend.services.snooze import wake_for_customer_message
from backend.services.tickets import apply_status
from backend.sla import timers as sla_timers
from backend.validation import require_body

_REOPENED_BY_A_MESSAGE = (TicketStatus.pending, TicketStatus.on_hold, TicketStatus.resolved)


@dataclass(frozen=True)
class NewCustomerMessage:
    message_id: uuid.UUID
    ticket_id: uuid.UUID
    body: str
    attachments: list[dict[str, Any]] = field(default_factory=list)


def post_customer_messages(
    tx: Tx, *, customer_id: uuid.UUID, items: list[NewCustomerMessage]
) -> list[SebaError | None]:
    """Write the items in order; for each, None (stored, or already there) or the refusal."""
    if not items:
        return []
    ids = [item.message_id for item in items]
    existing = dict(
        tx.session.execute(
            sa.select(col(Message.id), col(Ticket.customer_id))
            .join(Ticket, col(Ticket.id) == col(Message.ticket_id))
            .where(col(Message.id).in_(ids))
        ).all()
    )
    ticket_ids = sorted({item.ticket_id for item in items})
    tickets = {
        t.id: t
        for t in tx.session.exec(
            select(Ticket).where(col(Ticket.id).in_(ticket_ids)).order_by(col(Ticket.id)).with_for_update()
        )
    }
    outcomes: list[SebaError | None] = []
    rows: list[dict[str, Any]] = []
    audits: list[dict[str, Any]] = []
    touched: dict[uuid.UUID, Ticket] = {}
    now = utcnow()
    for item in items:
        try:
            if item.message_id in existing:
                if existing[item.message_id] != customer_id:
                    raise ValidationFailed(
                        "invalid_args",
                        detail="message_id must be a new id (it is already used by another message)",
                    )
                outcomes.append(None)  # a retry of a message already stored
                continue
            body = require_body(item.body)
            ticket = tickets.get(item.ticket_id)
            if ticket is None or ticket.customer_id != customer_id:
                raise NotFound("ticket_not_found")
            if ticket.status == TicketStatus.closed:
                raise ValidationFailed("ticket_closed")
        except SebaError as refusal:
            outcomes.append(refusal)
            continue
        rows.append(
            {
                "id": item.message_id,
                "ticket_id": ticket.id,
                "direction": MessageDirection.inbound,
                "author_type": AuthorType.customer,
                "body": body,
                "attachments": item.attachments,
                "channel": ticket.channel,
                "delivery_status": DeliveryStatus.received,
                "client_id": str(item.message_id),
                "created_at": now,
            }
        )
        existing[item.message_id] = customer_id  # the same id again later in the batch is a retry
        if ticket.status in _REOPENED_BY_A_MESSAGE:
            apply_status(tx, ticket, TicketStatus.open, ActorType.customer)
        wake_for_customer_message(tx, ticket)
        sla_timers.customer_wrote(tx, ticket, now=now)
        ticket.waiting_since = ticket.waiting_since or now
        ticket.last_activity_at = now
        ticket.updated_at = now
        touched[ticket.id] = ticket
        audits.append(
            {
                "id": uuid7(),
                "actor_type": tx.actor.type,
                "actor_id": tx.actor.id,
                "action": "message.received",
                "subject_type": "ticket",
                "subject_id": str(ticket.id),
                "data": {"message_id": str(item.message_id)},
                "created_at": now,
            }
        )
        outcomes.append(None)
    if rows:
        # executemany: psycopg pipelines the rows, and the statement is compiled once and cached.
        tx.session.execute(sa.insert(Message), rows)
        tx.session.execute(sa.insert(AuditEvent), audits)
        for row in rows:
            tx.feed.note(Message, row["id"], created=True, values=row)
            tx.emit(MessageCreated(row["id"], row["ticket_id"], row["direction"], row["author_type"]))
        tx.session.add_all(list(touched.values()))
        tx.session.flush()
    return outcomes
