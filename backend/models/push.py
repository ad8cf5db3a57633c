"""Web push subscriptions of customers' browsers, one per push endpoint."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import ts_column, utcnow, uuid7


class PushSubscription(SQLModel, table=True):
    __tablename__ = "push_subscription"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    customer_id: uuid.UUID = Field(foreign_key="customer.id", index=True)
    device_id: str | None = Field(default=None, max_length=64)
    endpoint: str = Field(sa_type=sa.String(2000), unique=True)
    p256dh: str = Field(max_length=200)
    auth: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
