"""What Seba asks of the marketplace's order system: the adapter protocol and its plain records."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class OrderInfo:
    order_ref: str
    customer_id: uuid.UUID
    # placed | confirmed | packed | shipped | out_for_delivery | delivered | cancelled | returned
    status: str
    total_paisa: int
    payment_method: str  # cod | bkash | nagad | rocket | card
    payment_status: str  # unpaid | paid | refunded | partially_refunded
    placed_at: datetime
    expected_delivery_at: datetime | None = None
    delivered_at: datetime | None = None
    shipped_at: datetime | None = None
    delivery_area: str = ""
    courier: str = ""
    tracking_code: str = ""
    items: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class RefundInfo:
    order_ref: str
    amount_paisa: int
    method: str  # bkash | nagad | rocket | card | bank
    status: str  # requested | approved | processing | refunded | rejected
    requested_at: datetime
    refunded_at: datetime | None = None
    reference: str = ""


class CommerceAdapter(Protocol):
    """Read-only access to orders and refunds; every call is one round trip to the order system."""

    def orders_for_customer(self, customer_id: uuid.UUID, limit: int = 5) -> list[OrderInfo]:
        """The customer's most recent orders, newest first."""
        ...

    def order(self, order_ref: str) -> OrderInfo | None:
        """One order by its reference (case-insensitive), None when unknown."""
        ...

    def refunds_for_order(self, order_ref: str) -> list[RefundInfo]:
        """The refunds of one order, newest first."""
        ...

    def refunds_for_orders(self, order_refs: Sequence[str]) -> dict[str, list[RefundInfo]]:
        """The refunds of several orders at once (one round trip), by order reference."""
        ...
