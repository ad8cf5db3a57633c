"""What customers tell us about the service: one satisfaction (CSAT) answer per ticket."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import ts_column, utcnow, uuid7


class CsatResponse(SQLModel, table=True):
    __tablename__ = "csat_response"
    __table_args__ = (sa.CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),)

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    ticket_id: uuid.UUID = Field(foreign_key="ticket.id", unique=True)
    customer_id: uuid.UUID = Field(foreign_key="customer.id", index=True)
    score: int
    comment: str = Field(default="", sa_type=sa.Text)
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
