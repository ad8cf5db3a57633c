"""Delivery reads: which replies a device has been given, whether a reply reached any device."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlmodel import Session, col, select

from backend.models import ChangeLog, MessageDelivery, SyncDevice


def is_delivered_to_customer(session: Session, message_id: uuid.UUID) -> bool:
    """True when message M reached at least one device of its customer (the notification ladder
    uses it: no web push or SMS for a reply the customer already has)."""
    found = session.execute(
        sa.select(col(MessageDelivery.id))
        .join(SyncDevice, col(SyncDevice.device_id) == col(MessageDelivery.device_id))
        .where(col(MessageDelivery.message_id) == message_id)
        .limit(1)
    ).first()
    return found is not None


def delivered_devices(session: Session, message_id: uuid.UUID) -> list[str]:
    return list(
        session.exec(
            select(MessageDelivery.device_id)
            .where(MessageDelivery.message_id == message_id)
            .order_by(col(MessageDelivery.delivered_at))
        )
    )


def replies_in_feed(session: Session, *, customer_id: uuid.UUID, after: int, upto: int) -> list[uuid.UUID]:
    """Agent or bot replies whose creation has server_seq in (after, upto] of the customer's feed."""
    rows = session.exec(
        select(ChangeLog.entity_id, ChangeLog.payload)
        .where(
            ChangeLog.customer_id == customer_id,
            ChangeLog.kind == "message.created",
            col(ChangeLog.server_seq) > after,
            col(ChangeLog.server_seq) <= upto,
        )
        .order_by(col(ChangeLog.server_seq))
    )
    return [uuid.UUID(entity_id) for entity_id, payload in rows if payload.get("direction") == "outbound"]
