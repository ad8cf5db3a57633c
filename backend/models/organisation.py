"""The organisation running Seba; it owns the per-organisation ticket number counter."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from backend.models.base import ts_column, utcnow, uuid7


class Organisation(SQLModel, table=True):
    __tablename__ = "organisation"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    name: str = Field(max_length=200)
    ticket_counter: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
