"""Web push subscriptions of agents' consoles, one per push endpoint."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import ts_column, utcnow, uuid7


class AgentPushSubscription(SQLModel, table=True):
    __tablename__ = "agent_push_subscription"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    agent_id: uuid.UUID = Field(foreign_key="agent.id", index=True)
    endpoint: str = Field(sa_type=sa.String(2000), unique=True)
    p256dh: str = Field(max_length=200)
    auth: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
