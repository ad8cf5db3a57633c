"""Create realistic records through the real service functions."""

from __future__ import annotations

import itertools
import uuid

from backend.db import Actor, transaction
from backend.models import Agent, Customer, Team
from backend.services import agents as agent_service
from backend.services import customers as customer_service
from backend.services import tickets as ticket_service
from backend.services.tickets import OpenedTicket

_phones = itertools.count(1)
PASSWORD = "correct-horse-battery"


def next_phone() -> str:
    return f"+88017{next(_phones):08d}"


def make_customer(*, phone: str | None = None, name: str = "আয়েশা", locale: str = "bn") -> Customer:
    with transaction(Actor.system()) as tx:
        customer, _ = customer_service.find_or_create_by_phone(
            tx, phone=phone or next_phone(), name=name, locale=locale
        )
    return customer


def make_team(
    *, slug: str = "general", name: str = "Customer care", handles: list[str] | None = None
) -> Team:
    with transaction(Actor.system()) as tx:
        return agent_service.create_team(tx, slug=slug, name=name, handles=handles or [])


def make_agent(
    *,
    email: str | None = None,
    role: str = "agent",
    name: str = "Nusrat Jahan",
    password: str = PASSWORD,
    team_ids: list[uuid.UUID] | None = None,
    **extra: object,
) -> Agent:
    with transaction(Actor.system()) as tx:
        return agent_service.create_agent(
            tx,
            email=email or f"agent-{uuid.uuid4().hex[:8]}@seba.test",
            name=name,
            password=password,
            role=role,
            team_ids=team_ids or [],
            **extra,  # type: ignore[arg-type]
        )


def open_ticket(
    customer: Customer,
    *,
    subject: str = "অর্ডার কোথায়?",
    body: str = "আমার অর্ডার এখনো আসেনি",
    **extra: object,
) -> OpenedTicket:
    with transaction(Actor.customer(customer.id)) as tx:
        return ticket_service.open_ticket(
            tx,
            customer_id=customer.id,
            subject=subject,
            body=body,
            **extra,  # type: ignore[arg-type]
        )
