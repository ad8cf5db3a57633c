"""Customers and the identities (phone, email, channel account ids) they reach us from."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import ts_column, utcnow, uuid7
from backend.models.enums import CustomerTier, Locale, SmsScript


class Customer(SQLModel, table=True):
    __tablename__ = "customer"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    organisation_id: uuid.UUID = Field(foreign_key="organisation.id", index=True)
    name: str = Field(default="", max_length=200)
    phone: str | None = Field(default=None, max_length=20, unique=True)  # E.164
    email: str | None = Field(default=None, max_length=320, unique=True)
    locale: str = Field(default=Locale.bn, sa_type=sa.String(5))
    sms_script: str = Field(default=SmsScript.bengali, sa_type=sa.String(10))
    tier: str = Field(default=CustomerTier.standard, sa_type=sa.String(10))
    # A standing wish to be served by a female agent (many women customers ask for it).
    preferred_agent_gender: str | None = Field(default=None, max_length=12)
    # Set when the customer texted STOP / বন্ধ; no SMS goes to them while it is set.
    sms_opted_out_at: datetime | None = Field(default=None, sa_column=ts_column())
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))


class CustomerIdentity(SQLModel, table=True):
    """How a customer is known on one channel: (channel, source id) is unique."""

    __tablename__ = "customer_identity"
    __table_args__ = (sa.UniqueConstraint("channel", "source_id"),)

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    customer_id: uuid.UUID = Field(foreign_key="customer.id", index=True)
    channel: str = Field(sa_type=sa.String(20))
    source_id: str = Field(max_length=320)
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
