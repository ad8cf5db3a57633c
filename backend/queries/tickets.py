"""Ticket reads: a customer's own tickets and one ticket with its thread (the inbox: inbox.py)."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from backend.errors import NotFound
from backend.models import Agent, Customer, Message, Team, Ticket
from backend.models.enums import MessageDirection
from backend.queries.views import CustomerView, MessageView, TicketDetail, TicketSummary

_LIST_COLUMNS: tuple[Any, ...] = (
    Ticket,
    col(Customer.name),
    col(Customer.phone),
    col(Agent.name).label("assignee_name"),
    col(Team.name).label("team_name"),
)

BOT_AUTHOR = "বট · Bot"  # the support bot's replies and hand-off notes (backend/bot/)


def _summary_query() -> Any:
    return (
        sa.select(*_LIST_COLUMNS)
        .join(Customer, col(Customer.id) == col(Ticket.customer_id))
        .outerjoin(Agent, col(Agent.id) == col(Ticket.assignee_id))
        .outerjoin(Team, col(Team.id) == col(Ticket.team_id))
    )


def _to_summary(row: Any) -> TicketSummary:
    ticket: Ticket = row[0]
    return TicketSummary(
        id=str(ticket.id),
        number=ticket.number,
        subject=ticket.subject,
        status=ticket.status,
        priority=ticket.priority,
        channel=ticket.channel,
        customer_name=row[1] or "",
        customer_phone=row[2],
        assignee_name=row[3],
        team_name=row[4],
        language=ticket.language,
        last_activity_at=ticket.last_activity_at,
        created_at=ticket.created_at,
        waiting_since=ticket.waiting_since,
    )


def customer_tickets(session: Session, customer_id: uuid.UUID, limit: int = 50) -> list[TicketSummary]:
    rows = session.execute(
        _summary_query()
        .where(Ticket.customer_id == customer_id)
        .order_by(col(Ticket.last_activity_at).desc())
        .limit(limit)
    ).all()
    return [_to_summary(r) for r in rows]


def ticket_detail(
    session: Session,
    ticket_id: uuid.UUID,
    *,
    customer_id: uuid.UUID | None = None,
    include_notes: bool = False,
) -> TicketDetail:
    """One ticket with its thread; customers see only their own tickets and never notes."""
    row = session.execute(_summary_query().where(Ticket.id == ticket_id)).first()
    if row is None or (customer_id is not None and row[0].customer_id != customer_id):
        raise NotFound("ticket_not_found")
    ticket: Ticket = row[0]
    customer = session.get(Customer, ticket.customer_id)
    assert customer is not None
    query = (
        select(Message, Agent.name)
        .outerjoin(Agent, col(Agent.id) == col(Message.author_agent_id))
        .where(Message.ticket_id == ticket.id)
        .order_by(col(Message.created_at), col(Message.id))
    )
    if not include_notes:
        query = query.where(Message.direction != MessageDirection.note)
    messages = [
        MessageView(
            id=str(m.id),
            direction=m.direction,
            author_type=m.author_type,
            author_name=(agent_name or "")
            if m.author_agent_id
            else (
                customer.name if m.author_type == "customer" else BOT_AUTHOR if m.author_type == "bot" else ""
            ),
            body=m.body,
            channel=m.channel,
            delivery_status=m.delivery_status,
            created_at=m.created_at,
            client_id=m.client_id,
        )
        for m, agent_name in session.exec(query).all()
    ]
    return TicketDetail(
        ticket=_to_summary(row),
        customer=CustomerView(
            id=str(customer.id),
            name=customer.name,
            phone=customer.phone,
            email=customer.email,
            locale=customer.locale,
            sms_script=customer.sms_script,
            tier=customer.tier,
        ),
        messages=messages,
        order_ref=ticket.order_ref,
        category=ticket.category,
        tags=list(ticket.tags or []),
    )


def find_ticket_by_number(session: Session, number: int) -> uuid.UUID | None:
    return session.exec(select(Ticket.id).where(Ticket.number == number)).first()
