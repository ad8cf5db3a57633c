"""Messages in a ticket's thread: inbound, outbound, internal notes and activity lines."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import json_column, ts_column, utcnow, uuid7
from backend.models.enums import DeliveryStatus


class Message(SQLModel, table=True):
    __tablename__ = "message"
    __table_args__ = (
        sa.UniqueConstraint("channel", "provider_message_id"),
        sa.Index("ix_message_ticket_created", "ticket_id", "created_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    ticket_id: uuid.UUID = Field(foreign_key="ticket.id")
    direction: str = Field(sa_type=sa.String(10))
    author_type: str = Field(sa_type=sa.String(10))
    author_agent_id: uuid.UUID | None = Field(default=None, foreign_key="agent.id")
    body: str = Field(sa_type=sa.Text)
    attachments: list[dict[str, Any]] = Field(default_factory=list, sa_column=json_column(default=list))
    channel: str = Field(sa_type=sa.String(20))
    provider_message_id: str | None = Field(default=None, max_length=200)
    delivery_status: str = Field(default=DeliveryStatus.received, sa_type=sa.String(10))
    # Agents @mentioned in an internal note (their ids).
    mentions: list[str] = Field(default_factory=list, sa_column=json_column(default=list))
    # The id a client chose for the message (offline sync, retries): unique, so a retry is a no-op.
    client_id: str | None = Field(default=None, max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
