"""Messages we send to a customer outside the thread itself (codes, reply alerts) and their fate."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import ts_column, utcnow, uuid7
from backend.models.enums import NotificationStatus


class Notification(SQLModel, table=True):
    __tablename__ = "notification"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    customer_id: uuid.UUID | None = Field(default=None, foreign_key="customer.id", index=True)
    # Set instead of customer_id for an agent's web push (assignment, mention, SLA warning).
    agent_id: uuid.UUID | None = Field(default=None, foreign_key="agent.id", index=True)
    ticket_id: uuid.UUID | None = Field(default=None, foreign_key="ticket.id", index=True)
    message_id: uuid.UUID | None = Field(default=None, foreign_key="message.id")
    channel: str = Field(sa_type=sa.String(10))  # sms | email | push | in_app
    purpose: str = Field(max_length=30)  # otp | reply | ...
    to_address: str = Field(default="", max_length=320)
    # Cleared once sent when it holds a secret (one-time codes).
    body: str = Field(default="", sa_type=sa.Text)
    status: str = Field(default=NotificationStatus.queued, sa_type=sa.String(10), index=True)
    # One external send per key, whatever retries happen.
    idempotency_key: str = Field(max_length=120, unique=True)
    provider_id: str | None = Field(default=None, max_length=200, index=True)
    error: str | None = Field(default=None, sa_type=sa.Text)
    attempts: int = Field(default=0)
    # Set (and committed) just before a provider call; a retry finding status "sending" asks the
    # channel's find_sent() before sending again.
    attempt_started_at: datetime | None = Field(default=None, sa_column=ts_column())
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=ts_column())
