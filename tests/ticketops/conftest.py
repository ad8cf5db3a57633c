"""Helpers for the ticket-operations tests: run a service in a transaction, read a ticket back."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from sqlmodel import col, select

from backend.db import Actor, read_session, transaction
from backend.models import AuditEvent, Message, Ticket

T = TypeVar("T")


def as_agent(actor_id: uuid.UUID, fn: Callable[..., T], /, **kwargs: Any) -> T:
    with transaction(Actor.agent(actor_id)) as tx:
        return fn(tx, **kwargs)


def ticket(ticket_id: uuid.UUID) -> Ticket:
    with read_session() as session:
        found = session.get(Ticket, ticket_id)
        assert found is not None
        return found


def thread(ticket_id: uuid.UUID) -> list[Message]:
    with read_session() as session:
        return list(
            session.exec(
                select(Message)
                .where(Message.ticket_id == ticket_id)
                .order_by(col(Message.created_at), col(Message.id))
            ).all()
        )


def audit_actions(subject_id: uuid.UUID) -> list[tuple[str, dict[str, Any]]]:
    with read_session() as session:
        rows = session.exec(
            select(AuditEvent)
            .where(AuditEvent.subject_id == str(subject_id))
            .order_by(col(AuditEvent.created_at), col(AuditEvent.id))
        ).all()
        return [(r.action, r.data) for r in rows]
