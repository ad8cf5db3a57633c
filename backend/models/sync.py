"""Offline sync tables: the per-customer change feed and its counter, devices, rejections, deliveries."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import json_column, ts_column, utcnow


class SyncScope(SQLModel, table=True):
    """One row per customer: the last server_seq handed out. Its row lock orders the feed by commit."""

    __tablename__ = "sync_scope"

    customer_id: uuid.UUID = Field(foreign_key="customer.id", primary_key=True)
    last_server_seq: int = Field(default=0, sa_type=sa.BigInteger)


class ChangeLog(SQLModel, table=True):
    """A customer-visible change with its snapshot; (customer_id, server_seq) is gapless per customer."""

    __tablename__ = "change_log"
    __table_args__ = (sa.UniqueConstraint("customer_id", "server_seq"),)

    id: int | None = Field(
        default=None,
        sa_column=sa.Column(
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True
        ),
    )
    customer_id: uuid.UUID = Field(foreign_key="customer.id")
    server_seq: int = Field(sa_type=sa.BigInteger)
    kind: str = Field(max_length=40)
    entity_id: str = Field(max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(default=dict))
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))


class SyncDevice(SQLModel, table=True):
    """A customer's app install: the last mutation seq applied and the last cursor it acknowledged."""

    __tablename__ = "sync_device"

    device_id: str = Field(primary_key=True, max_length=64)
    customer_id: uuid.UUID = Field(foreign_key="customer.id", index=True)
    last_seq: int = Field(default=0, sa_type=sa.BigInteger)
    acked_cursor: int = Field(default=0, sa_type=sa.BigInteger)
    schema_v: int | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    last_seen_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))


class SyncRejection(SQLModel, table=True):
    """A mutation refused for good: acknowledged (last_seq passed it) and shown to the customer."""

    __tablename__ = "sync_rejection"

    device_id: str = Field(foreign_key="sync_device.device_id", primary_key=True, max_length=64)
    seq: int = Field(primary_key=True, sa_type=sa.BigInteger, sa_column_kwargs={"autoincrement": False})
    kind: str = Field(default="", max_length=60)
    code: str = Field(max_length=60)
    detail: str = Field(default="", sa_type=sa.Text)
    params: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(default=dict))
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))


class MessageDelivery(SQLModel, table=True):
    """A reply reached a device (its pull cursor passed the reply's server_seq); recorded once."""

    __tablename__ = "message_delivery"
    __table_args__ = (sa.UniqueConstraint("message_id", "device_id"),)

    id: int | None = Field(
        default=None,
        sa_column=sa.Column(
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True
        ),
    )
    message_id: uuid.UUID = Field(foreign_key="message.id")
    device_id: str = Field(foreign_key="sync_device.device_id", max_length=64, index=True)
    delivered_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
