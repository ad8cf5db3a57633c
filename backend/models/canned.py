"""Canned responses: reusable replies in Bengali and English with {variables}."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import ts_column, utcnow, uuid7


class CannedResponse(SQLModel, table=True):
    __tablename__ = "canned_response"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    organisation_id: uuid.UUID = Field(foreign_key="organisation.id", index=True)
    shortcut: str = Field(max_length=40, unique=True)  # typed as /shortcut in the composer
    title: str = Field(max_length=120)
    body_bn: str = Field(sa_type=sa.Text)
    body_en: str = Field(sa_type=sa.Text)
    team_id: uuid.UUID | None = Field(default=None, foreign_key="team.id")
    created_by_agent_id: uuid.UUID | None = Field(default=None, foreign_key="agent.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
