"""Sync devices: registered to one customer on first use, locked while a batch is applied."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select

from backend.db import Tx, is_postgres
from backend.errors import Forbidden
from backend.models import SyncDevice
from backend.models.base import utcnow


def lock_device(tx: Tx, *, device_id: str, customer_id: uuid.UUID) -> SyncDevice:
    """The device row, registered to `customer_id` when new, locked until the transaction ends.

    PostgreSQL: SELECT ... FOR UPDATE. SQLite: the writer already holds the database lock
    (BEGIN IMMEDIATE). A device registered to another customer is refused (403 device_not_yours).
    """
    dialect = postgresql if is_postgres(tx.session) else sqlite
    now = utcnow()
    inserted = tx.session.execute(
        dialect.insert(SyncDevice)
        .values(
            device_id=device_id,
            customer_id=customer_id,
            last_seq=0,
            acked_cursor=0,
            created_at=now,
            last_seen_at=now,
        )
        .on_conflict_do_nothing(index_elements=["device_id"])
        .returning(col(SyncDevice.device_id))
    ).first()
    device = tx.session.exec(
        select(SyncDevice)
        .where(SyncDevice.device_id == device_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if device.customer_id != customer_id:
        raise Forbidden("device_not_yours")
    if inserted is not None:
        tx.audit("sync.device_registered", "customer", customer_id, device_id=device_id)
    return device


def set_last_seq(tx: Tx, device_id: str, last_seq: int, schema_v: int | None) -> None:
    values: dict[str, object] = {"last_seq": last_seq, "last_seen_at": utcnow()}
    if schema_v is not None:
        values["schema_v"] = schema_v
    tx.session.execute(sa.update(SyncDevice).where(col(SyncDevice.device_id) == device_id).values(**values))
