"""An inbox wraps one channel (web, SMS, email, ...) and keeps only that channel's settings."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import json_column, ts_column, utcnow, uuid7


class Inbox(SQLModel, table=True):
    __tablename__ = "inbox"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    organisation_id: uuid.UUID = Field(foreign_key="organisation.id", index=True)
    name: str = Field(max_length=200)
    channel: str = Field(sa_type=sa.String(20), index=True)
    default_team_id: uuid.UUID | None = Field(default=None, foreign_key="team.id")
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(default=dict))
    is_enabled: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
