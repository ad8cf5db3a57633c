"""Inbox test data: tickets opened through the real service, then placed exactly (status, owner, SLA)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from backend.db import get_engine, read_session
from backend.models import Customer, Message, Ticket, TicketTag
from backend.models.base import utcnow
from tests.support.factories import make_customer, open_ticket

NOW = utcnow().replace(microsecond=0)


def place(ticket_id: uuid.UUID, *, tags: list[str] | None = None, **fields: Any) -> None:
    """Set ticket columns directly (routing and SLA jobs do not run here); tags as rows and list."""
    with Session(get_engine()) as session:
        if fields:
            session.execute(sa.update(Ticket).where(Ticket.id == ticket_id).values(**fields))  # type: ignore[arg-type]
        if tags is not None:
            session.execute(sa.delete(TicketTag).where(TicketTag.ticket_id == ticket_id))  # type: ignore[arg-type]
            session.add_all(TicketTag(ticket_id=ticket_id, tag=tag) for tag in tags)
            session.execute(sa.update(Ticket).where(Ticket.id == ticket_id).values(tags=tags))  # type: ignore[arg-type]
        session.commit()


def new_ticket(customer: Customer | None = None, *, subject: str = "অর্ডার কোথায়?", **fields: Any) -> uuid.UUID:
    customer = customer or make_customer()
    opened = open_ticket(customer, subject=subject)
    defaults: dict[str, Any] = {"assignee_id": None, "team_id": None, "status": "open", "sla_due_at": None}
    place(opened.ticket.id, **(defaults | fields))
    return opened.ticket.id


def add_message(ticket_id: uuid.UUID, body: str, *, direction: str, at: datetime) -> None:
    with Session(get_engine()) as session:
        session.add(
            Message(
                ticket_id=ticket_id,
                direction=direction,
                author_type="customer" if direction == "inbound" else "agent",
                body=body,
                channel="web",
                created_at=at,
            )
        )
        session.commit()


def minutes(n: float) -> datetime:
    return NOW + timedelta(minutes=n)


@pytest.fixture
def session() -> Iterator[Session]:
    with read_session() as s:
        yield s


class StatementCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.strip().upper() != "BEGIN":  # SQLite's explicit BEGIN is not a query
            self.statements.append(statement)


@pytest.fixture
def statements() -> Iterator[StatementCounter]:
    counter = StatementCounter()
    engine = get_engine()
    sa.event.listen(engine, "before_cursor_execute", counter)
    yield counter
    sa.event.remove(engine, "before_cursor_execute", counter)
