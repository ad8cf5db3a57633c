"""Keyset pages visit every ticket exactly once, in order, even when tickets arrive between pages."""

from __future__ import annotations

import random
import uuid

import pytest
from sqlmodel import Session

from backend.queries.inbox import inbox_page
from tests.inbox.conftest import NOW, minutes, new_ticket
from tests.support.factories import make_agent, make_customer


@pytest.mark.parametrize("sort", ["sla_due", "last_activity"])
def test_pages_visit_every_ticket_once_while_new_tickets_arrive(session: Session, sort: str) -> None:
    me = make_agent().id
    rng = random.Random(4)
    customer = make_customer()
    deadlines = [None, None, None, minutes(5), minutes(5), minutes(5), minutes(-30), minutes(60)]
    activities = [minutes(-10), minutes(-10), minutes(-10), minutes(-20), minutes(-40)]
    original: set[uuid.UUID] = set()
    for _ in range(17):
        original.add(
            new_ticket(customer, sla_due_at=rng.choice(deadlines), last_activity_at=rng.choice(activities))
        )

    seen: list[str] = []
    keys: list[tuple[object, ...]] = []
    cursor = None
    for _page in range(30):
        page = inbox_page(session, agent_id=me, sort=sort, cursor=cursor, limit=4, now=NOW)
        for ticket in page.tickets:
            seen.append(ticket.id)
            if sort == "sla_due":
                keys.append((ticket.sla_due_at is None, ticket.sla_due_at or NOW, uuid.UUID(ticket.id)))
            else:
                keys.append((-ticket.last_activity_at.timestamp(), -uuid.UUID(ticket.id).int))
        # Newcomers land before, between and after the pages already read.
        new_ticket(customer, sla_due_at=rng.choice(deadlines), last_activity_at=rng.choice(activities))
        cursor = page.next_cursor
        if cursor is None:
            break
    assert cursor is None, "the pages never ended"
    assert len(seen) == len(set(seen)), "a ticket was shown twice"
    assert original <= {uuid.UUID(i) for i in seen}, "a ticket present from the start was skipped"
    assert keys == sorted(keys), "pages are not in sort order"
