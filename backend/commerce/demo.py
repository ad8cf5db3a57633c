"""The demo commerce adapter: orders and refunds from Seba's own tables (seeded by the demo)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlmodel import Session, col, select

from backend.commerce.base import OrderInfo, RefundInfo
from backend.models import CommerceOrder, CommerceRefund


class DemoCommerceAdapter:
    """Reads `commerce_order` and `commerce_refund` through the caller's session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def orders_for_customer(self, customer_id: uuid.UUID, limit: int = 5) -> list[OrderInfo]:
        rows = self.session.exec(
            select(CommerceOrder)
            .where(CommerceOrder.customer_id == customer_id)
            .order_by(col(CommerceOrder.placed_at).desc())
            .limit(limit)
        ).all()
        return [_order(o) for o in rows]

    def order(self, order_ref: str) -> OrderInfo | None:
        row = self.session.exec(
            select(CommerceOrder).where(CommerceOrder.order_ref == order_ref.strip().upper())
        ).first()
        return _order(row) if row else None

    def refunds_for_order(self, order_ref: str) -> list[RefundInfo]:
        return self.refunds_for_orders([order_ref]).get(order_ref.strip().upper(), [])

    def refunds_for_orders(self, order_refs: Sequence[str]) -> dict[str, list[RefundInfo]]:
        refs = sorted({r.strip().upper() for r in order_refs if r})
        if not refs:
            return {}
        rows = self.session.exec(
            select(CommerceRefund)
            .where(col(CommerceRefund.order_ref).in_(refs))
            .order_by(col(CommerceRefund.requested_at).desc())
        ).all()
        out: dict[str, list[RefundInfo]] = {}
        for r in rows:
            out.setdefault(r.order_ref, []).append(
                RefundInfo(
                    order_ref=r.order_ref,
                    amount_paisa=r.amount_paisa,
                    method=r.method,
                    status=r.status,
                    requested_at=r.requested_at,
                    refunded_at=r.refunded_at,
                    reference=r.reference,
                )
            )
        return out


def _order(o: CommerceOrder) -> OrderInfo:
    return OrderInfo(
        order_ref=o.order_ref,
        customer_id=o.customer_id,
        status=o.status,
        total_paisa=o.total_paisa,
        payment_method=o.payment_method,
        payment_status=o.payment_status,
        placed_at=o.placed_at,
        expected_delivery_at=o.expected_delivery_at,
        delivered_at=o.delivered_at,
        shipped_at=o.shipped_at,
        delivery_area=o.delivery_area,
        courier=o.courier,
        tracking_code=o.tracking_code,
        items=list(o.items or []),
    )
