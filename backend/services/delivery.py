"""Writes about reply delivery to customers' devices: recorded once per (message, device)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select

from backend.db import Tx, is_postgres
from backend.events import MessageDelivered
from backend.models import Message, MessageDelivery, Ticket
from backend.models.base import utcnow
from backend.models.enums import DeliveryStatus

_NOT_YET_DELIVERED = (DeliveryStatus.queued, DeliveryStatus.sent)


def record_deliveries(
    tx: Tx, *, customer_id: uuid.UUID, device_id: str, message_ids: Iterable[uuid.UUID]
) -> list[uuid.UUID]:
    """Record that these replies reached `device_id`; returns the ones recorded for the first time.

    The first delivery to any of the customer's devices marks the message delivered (a change the
    customer's feed carries). `MessageDelivered` is emitted once per new (message, device) pair.
    """
    wanted = sorted(set(message_ids))
    if not wanted:
        return []
    messages = {
        m.id: m
        for m in tx.session.exec(
            select(Message)
            .join(Ticket, col(Ticket.id) == col(Message.ticket_id))
            .where(col(Message.id).in_(wanted), Ticket.customer_id == customer_id)
        )
    }
    if not messages:
        return []
    now = utcnow()
    dialect = postgresql if is_postgres(tx.session) else sqlite
    inserted = tx.session.execute(
        dialect.insert(MessageDelivery)
        .values([{"message_id": mid, "device_id": device_id, "delivered_at": now} for mid in messages])
        .on_conflict_do_nothing(index_elements=["message_id", "device_id"])
        .returning(col(MessageDelivery.message_id))
    )
    new_ids = sorted(row[0] for row in inserted)
    for message_id in new_ids:
        message = messages[message_id]
        earlier = tx.session.execute(
            sa.select(sa.func.count())
            .select_from(MessageDelivery)
            .where(col(MessageDelivery.message_id) == message_id, col(MessageDelivery.device_id) != device_id)
        ).scalar_one()
        first_for_customer = earlier == 0
        if message.delivery_status in _NOT_YET_DELIVERED:
            message.delivery_status = DeliveryStatus.delivered
            tx.session.add(message)
        tx.audit("message.delivered", "message", message_id, device_id=device_id)
        tx.emit(MessageDelivered(message_id, message.ticket_id, customer_id, device_id, first_for_customer))
    return new_ids
