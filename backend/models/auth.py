"""Sign-in sessions (agents and customers) and customers' one-time codes."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import ts_column, utcnow, uuid7


class AuthSession(SQLModel, table=True):
    """A signed-in session; only the SHA-256 of its bearer token is stored."""

    __tablename__ = "auth_session"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    principal_type: str = Field(sa_type=sa.String(10))  # agent | customer
    agent_id: uuid.UUID | None = Field(default=None, foreign_key="agent.id", index=True)
    customer_id: uuid.UUID | None = Field(default=None, foreign_key="customer.id", index=True)
    device_id: str | None = Field(default=None, max_length=64)
    user_agent: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    last_seen_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    expires_at: datetime = Field(sa_column=ts_column(nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=ts_column())


class OtpChallenge(SQLModel, table=True):
    """A one-time code sent by SMS; only its keyed hash (HMAC-SHA256) is stored."""

    __tablename__ = "otp_challenge"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    phone: str = Field(max_length=20, index=True)
    code_hash: str = Field(max_length=200)
    device_id: str | None = Field(default=None, max_length=64)
    attempts: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    expires_at: datetime = Field(sa_column=ts_column(nullable=False))
    consumed_at: datetime | None = Field(default=None, sa_column=ts_column())
