"""The marketplace's orders and refunds as Seba sees them (the demo commerce adapter's tables)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import json_column, ts_column, utcnow, uuid7


class CommerceOrder(SQLModel, table=True):
    __tablename__ = "commerce_order"
    __table_args__ = (sa.Index("ix_commerce_order_customer_placed", "customer_id", "placed_at"),)

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    order_ref: str = Field(max_length=40, unique=True)
    customer_id: uuid.UUID = Field(foreign_key="customer.id")
    # placed | confirmed | packed | shipped | out_for_delivery | delivered | cancelled | returned
    status: str = Field(max_length=20)
    items: list[dict[str, Any]] = Field(default_factory=list, sa_column=json_column(default=list))
    total_paisa: int = Field(default=0, ge=0)
    payment_method: str = Field(max_length=12)  # cod | bkash | nagad | rocket | card
    payment_status: str = Field(max_length=20)  # unpaid | paid | refunded | partially_refunded
    shipping_address: str = Field(default="", max_length=300)
    delivery_area: str = Field(default="", max_length=60)  # e.g. Dhaka city, Chattogram, outside
    courier: str = Field(default="", max_length=60)
    tracking_code: str = Field(default="", max_length=60)
    placed_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    shipped_at: datetime | None = Field(default=None, sa_column=ts_column())
    expected_delivery_at: datetime | None = Field(default=None, sa_column=ts_column())
    delivered_at: datetime | None = Field(default=None, sa_column=ts_column())


class CommerceRefund(SQLModel, table=True):
    __tablename__ = "commerce_refund"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    order_ref: str = Field(max_length=40, index=True)
    customer_id: uuid.UUID = Field(foreign_key="customer.id", index=True)
    amount_paisa: int = Field(ge=0)
    method: str = Field(max_length=12)  # where the money goes back: bkash | nagad | rocket | card | bank
    status: str = Field(max_length=20)  # requested | approved | processing | refunded | rejected
    reference: str = Field(default="", max_length=60)
    requested_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    refunded_at: datetime | None = Field(default=None, sa_column=ts_column())
