"""Quick builders for routing tests: agents without password hashing, tickets with routing fields."""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import Any

from sqlmodel import select

from backend.auth.passwords import hash_password
from backend.db import Actor, read_session, transaction
from backend.models import Agent, AuditEvent, Team, TeamMembership, Ticket
from backend.routing import route_ticket
from backend.routing.engine import RoutingDecision
from backend.services.organisation import organisation_id
from tests.support.factories import make_customer, open_ticket


@lru_cache(maxsize=1)
def _password_hash() -> str:
    return hash_password("correct-horse-battery")


def agent(
    *,
    name: str | None = None,
    capacity: int = 5,
    languages: list[str] | None = None,
    skills: list[str] | None = None,
    gender: str = "unspecified",
    team_ids: list[uuid.UUID] | None = None,
    is_active: bool = True,
    role: str = "agent",
) -> uuid.UUID:
    """An agent row written directly (the service hashes a password each time: too slow for
    hundreds of property-test agents)."""
    agent_id = uuid.uuid4()
    with transaction(Actor.system()) as tx:
        tx.session.add(
            Agent(
                id=agent_id,
                organisation_id=organisation_id(tx.session),
                email=f"a-{agent_id.hex[:12]}@seba.test",
                name=name or f"Agent {agent_id.hex[:6]}",
                password_hash=_password_hash(),
                role=role,
                capacity=capacity,
                languages=languages if languages is not None else ["bn", "en"],
                skills=skills or [],
                gender=gender,
                is_active=is_active,
            )
        )
        tx.session.flush()
        for team_id in team_ids or []:
            tx.session.add(TeamMembership(team_id=team_id, agent_id=agent_id))
    return agent_id


def team(slug: str, handles: list[str] | None = None) -> uuid.UUID:
    with transaction(Actor.system()) as tx:
        row = Team(
            organisation_id=organisation_id(tx.session), slug=slug, name=slug.title(), handles=handles or []
        )
        tx.session.add(row)
        tx.session.flush()
        return row.id


def ticket(customer_id: uuid.UUID | None = None, **fields: Any) -> uuid.UUID:
    """A ticket opened through the real service, then given routing fields (intent, language,
    priority, agent_gender_requested, status, assignee_id, team_id) directly."""
    customer = make_customer() if customer_id is None else None
    from backend.models import Customer

    if customer is None:
        with read_session() as session:
            customer = session.get(Customer, customer_id)
    assert customer is not None
    opened = open_ticket(
        customer, language=fields.pop("language", None), category=fields.pop("category", None)
    )
    if fields:
        with transaction(Actor.system()) as tx:
            row = tx.session.get(Ticket, opened.ticket.id)
            assert row is not None
            for key, value in fields.items():
                setattr(row, key, value)
            tx.session.add(row)
    return opened.ticket.id


def route(ticket_id: uuid.UUID, **kwargs: Any) -> RoutingDecision:
    with transaction(Actor.system()) as tx:
        return route_ticket(tx, ticket_id, **kwargs)


def assignee_of(ticket_id: uuid.UUID) -> uuid.UUID | None:
    with read_session() as session:
        row = session.get(Ticket, ticket_id)
        assert row is not None
        return row.assignee_id


def assignments(ticket_id: uuid.UUID) -> list[dict[str, Any]]:
    with read_session() as session:
        rows = session.exec(
            select(AuditEvent)
            .where(AuditEvent.subject_id == str(ticket_id), AuditEvent.action == "ticket.assigned")
            .order_by(AuditEvent.created_at)  # type: ignore[arg-type]
        ).all()
        return [dict(r.data) for r in rows]


def held_tickets(agent_id: uuid.UUID, count: int, *, status: str = "open") -> list[uuid.UUID]:
    """`count` tickets already assigned to the agent, written directly in one transaction."""
    if count == 0:
        return []
    from backend.models.base import utcnow
    from backend.services.organisation import inbox_for_channel, next_ticket_number

    customer = make_customer()
    ids = []
    with transaction(Actor.system()) as tx:
        inbox = inbox_for_channel(tx.session, "web")
        for _ in range(count):
            row = Ticket(
                organisation_id=customer.organisation_id,
                number=next_ticket_number(tx.session, customer.organisation_id),
                subject="held",
                status=status,
                customer_id=customer.id,
                inbox_id=inbox.id,
                channel="web",
                assignee_id=agent_id,
                created_at=utcnow(),
            )
            tx.session.add(row)
            ids.append(row.id)
    return ids
