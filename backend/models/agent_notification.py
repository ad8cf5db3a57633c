"""What an agent should look at: mentions, new assignments, service-level warnings."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import json_column, ts_column, utcnow, uuid7


class AgentNotification(SQLModel, table=True):
    __tablename__ = "agent_notification"
    __table_args__ = (sa.Index("ix_agent_notification_agent_unread", "agent_id", "read_at", "created_at"),)

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    agent_id: uuid.UUID = Field(foreign_key="agent.id")
    kind: str = Field(max_length=20)  # mention | assignment | sla_warning | sla_breach
    ticket_id: uuid.UUID | None = Field(default=None, foreign_key="ticket.id")
    message_id: uuid.UUID | None = Field(default=None, foreign_key="message.id")
    data: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(default=dict))
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    read_at: datetime | None = Field(default=None, sa_column=ts_column())
