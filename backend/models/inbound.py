"""Webhook deliveries from providers, recorded once: (provider, external id) is unique."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import json_column, ts_column, utcnow, uuid7


class InboundEvent(SQLModel, table=True):
    __tablename__ = "inbound_event"
    __table_args__ = (
        sa.UniqueConstraint("provider", "external_id"),
        # Twilio status callbacks that outran the delivery job wait here until the send is recorded
        # (backend/services/sms_inbound.py, apply_early_status_callbacks). A prefix LIKE on
        # external_id cannot use the unique index under a non-C collation, so the few waiting rows
        # get an index of their own and the LIKE filters only those.
        sa.Index(
            "ix_inbound_event_unknown_sid",
            "provider",
            "received_at",
            postgresql_where=sa.text("error = 'unknown MessageSid'"),
            sqlite_where=sa.text("error = 'unknown MessageSid'"),
        ),
    )

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    provider: str = Field(max_length=30)
    external_id: str = Field(max_length=200)
    received_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(default=dict))
    processed_at: datetime | None = Field(default=None, sa_column=ts_column())
    error: str | None = Field(default=None, sa_type=sa.Text)
