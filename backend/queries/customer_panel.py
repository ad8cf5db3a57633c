"""The customer panel beside a ticket: who the customer is, their other tickets, orders and refunds.

Four queries whatever the history: the ticket with its customer, the last ten other tickets, the
recent orders (commerce adapter), the refunds of those orders (one batched adapter call). A fifth
runs only when the ticket names an order that is not among the recent ones.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel
from sqlmodel import Session, col, select

from backend.commerce import OrderInfo, RefundInfo, get_commerce_adapter
from backend.errors import NotFound
from backend.models import Customer, Ticket

PAST_TICKETS = 10
RECENT_ORDERS = 5


class PanelProfile(BaseModel):
    id: str
    name: str
    phone: str | None
    email: str | None
    locale: str  # the language Seba writes to them in: bn | en
    sms_script: str
    tier: str  # standard | vip
    preferred_agent_gender: str | None
    customer_since: datetime


class PanelTicket(BaseModel):
    id: str
    number: int
    subject: str
    status: str
    channel: str
    intent: str | None
    created_at: datetime
    last_activity_at: datetime
    merged_into_id: str | None


class PanelRefund(BaseModel):
    order_ref: str
    amount_paisa: int
    method: str
    status: str
    requested_at: datetime
    refunded_at: datetime | None
    reference: str


class PanelOrder(BaseModel):
    order_ref: str
    status: str
    total_paisa: int
    payment_method: str
    payment_status: str
    placed_at: datetime
    expected_delivery_at: datetime | None
    delivered_at: datetime | None
    courier: str
    tracking_code: str
    delivery_area: str
    item_count: int
    items: list[str]  # item names, for a one-line summary
    refunds: list[PanelRefund]
    is_ticket_order: bool  # the order this ticket is about


class CustomerPanel(BaseModel):
    ticket_id: str
    profile: PanelProfile
    past_tickets: list[PanelTicket]
    orders: list[PanelOrder]
    # All refunds of the listed orders, newest first (also inside each order).
    refunds: list[PanelRefund]


def customer_panel(session: Session, ticket_id: uuid.UUID) -> CustomerPanel:
    row = session.exec(
        select(Ticket.order_ref, Customer)
        .join(Customer, col(Customer.id) == col(Ticket.customer_id))
        .where(Ticket.id == ticket_id)
    ).first()
    if row is None:
        raise NotFound("ticket_not_found")
    order_ref, customer = row
    past = session.exec(
        select(Ticket)
        .where(Ticket.customer_id == customer.id, Ticket.id != ticket_id)
        .order_by(col(Ticket.created_at).desc())
        .limit(PAST_TICKETS)
    ).all()
    commerce = get_commerce_adapter(session)
    orders = commerce.orders_for_customer(customer.id, limit=RECENT_ORDERS)
    if order_ref and all(o.order_ref != order_ref for o in orders):
        ticket_order = commerce.order(order_ref)
        # Another customer's order number typed into the ticket is not shown to this one's agent.
        if ticket_order is not None and ticket_order.customer_id == customer.id:
            orders = [ticket_order, *orders]
    refunds = commerce.refunds_for_orders([o.order_ref for o in orders]) if orders else {}
    panel_orders = [_order(o, refunds.get(o.order_ref, []), o.order_ref == order_ref) for o in orders]
    all_refunds = sorted(
        (r for o in panel_orders for r in o.refunds), key=lambda r: r.requested_at, reverse=True
    )
    return CustomerPanel(
        ticket_id=str(ticket_id),
        profile=PanelProfile(
            id=str(customer.id),
            name=customer.name,
            phone=customer.phone,
            email=customer.email,
            locale=customer.locale,
            sms_script=customer.sms_script,
            tier=customer.tier,
            preferred_agent_gender=customer.preferred_agent_gender,
            customer_since=customer.created_at,
        ),
        past_tickets=[
            PanelTicket(
                id=str(t.id),
                number=t.number,
                subject=t.subject,
                status=t.status,
                channel=t.channel,
                intent=t.intent,
                created_at=t.created_at,
                last_activity_at=t.last_activity_at,
                merged_into_id=str(t.merged_into_id) if t.merged_into_id else None,
            )
            for t in past
        ],
        orders=panel_orders,
        refunds=all_refunds,
    )


def _refund(r: RefundInfo) -> PanelRefund:
    return PanelRefund(
        order_ref=r.order_ref,
        amount_paisa=r.amount_paisa,
        method=r.method,
        status=r.status,
        requested_at=r.requested_at,
        refunded_at=r.refunded_at,
        reference=r.reference,
    )


def _order(o: OrderInfo, refunds: list[RefundInfo], is_ticket_order: bool) -> PanelOrder:
    return PanelOrder(
        order_ref=o.order_ref,
        status=o.status,
        total_paisa=o.total_paisa,
        payment_method=o.payment_method,
        payment_status=o.payment_status,
        placed_at=o.placed_at,
        expected_delivery_at=o.expected_delivery_at,
        delivered_at=o.delivered_at,
        courier=o.courier,
        tracking_code=o.tracking_code,
        delivery_area=o.delivery_area,
        item_count=sum(int(i.get("qty", 1) or 1) for i in o.items),
        items=[str(i.get("name", "")) for i in o.items if i.get("name")],
        refunds=[_refund(r) for r in refunds],
        is_ticket_order=is_ticket_order,
    )
