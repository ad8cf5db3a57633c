"""Helpers for the automation tests: rules through the real service, audit rows, executions."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import col, select

from backend.automation.rules import create_rule
from backend.db import Actor, read_session, transaction
from backend.models import AuditEvent, AutomationExecution, AutomationRule, Ticket


def make_rule(**fields: Any) -> AutomationRule:
    raw: dict[str, Any] = {
        "name": f"rule {uuid.uuid4().hex[:6]}",
        "trigger": "ticket_created",
        "conditions": [],
        "actions": [{"type": "add_tag", "tag": "auto"}],
    }
    raw.update(fields)
    with transaction(Actor.system()) as tx:
        return create_rule(tx, raw=raw)


def ticket(ticket_id: uuid.UUID) -> Ticket:
    with read_session() as session:
        found = session.get(Ticket, ticket_id)
        assert found is not None
        return found


def audits(action: str, subject_id: uuid.UUID | None = None) -> list[AuditEvent]:
    with read_session() as session:
        query = select(AuditEvent).where(AuditEvent.action == action)
        if subject_id is not None:
            query = query.where(AuditEvent.subject_id == str(subject_id))
        return list(session.exec(query.order_by(col(AuditEvent.created_at))).all())


def executions(ticket_id: uuid.UUID | None = None) -> list[AutomationExecution]:
    with read_session() as session:
        query = select(AutomationExecution)
        if ticket_id is not None:
            query = query.where(AutomationExecution.ticket_id == ticket_id)
        return list(session.exec(query.order_by(col(AutomationExecution.created_at))).all())
