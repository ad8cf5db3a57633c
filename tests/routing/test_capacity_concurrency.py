"""Concurrent routing never pushes an agent above capacity (threads; PostgreSQL row locks, SQLite's
serialised writers)."""

from __future__ import annotations

import threading
import uuid
from collections import Counter

from sqlmodel import col, select

from backend import presence
from backend.db import read_session
from backend.models import Ticket
from backend.routing.engine import ASSIGNED, RoutingDecision
from tests.routing import support


def _route_all_at_once(ticket_ids: list[uuid.UUID]) -> list[RoutingDecision]:
    barrier = threading.Barrier(len(ticket_ids))
    decisions: list[RoutingDecision] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(ticket_id: uuid.UUID) -> None:
        try:
            barrier.wait(timeout=10)
            decision = support.route(ticket_id)
            with lock:
                decisions.append(decision)
        except BaseException as error:  # reported below, in the test thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(t,)) for t in ticket_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return decisions


def test_concurrent_routing_fills_agents_exactly_to_capacity() -> None:
    capacities = {support.agent(capacity=2): 2, support.agent(capacity=1): 1, support.agent(capacity=3): 3}
    for agent_id in capacities:
        presence.heartbeat(agent_id)
    support.held_tickets(next(iter(capacities)), 1)  # the first already holds one: room for one more
    customer = support.make_customer()
    ticket_ids = [support.ticket(customer.id) for _ in range(10)]

    decisions = _route_all_at_once(ticket_ids)

    assigned = Counter(d.agent_id for d in decisions if d.outcome == ASSIGNED)
    assert sum(assigned.values()) == 1 + 1 + 3  # every free seat taken, no more
    with read_session() as session:
        rows = session.exec(select(Ticket.assignee_id).where(col(Ticket.assignee_id).is_not(None))).all()
    held = Counter(rows)
    for agent_id, capacity in capacities.items():
        assert held[agent_id] <= capacity
        assert held[agent_id] == capacity  # and every seat filled
    assert sum(1 for d in decisions if d.outcome == "waiting") == 5


def test_the_same_ticket_routed_twice_at_once_is_assigned_once() -> None:
    agents = [support.agent(capacity=5) for _ in range(3)]
    for agent_id in agents:
        presence.heartbeat(agent_id)
    ticket_id = support.ticket()
    decisions = _route_all_at_once([ticket_id] * 4)
    assert sorted(d.outcome for d in decisions) == ["assigned", "skipped", "skipped", "skipped"]
    assert len(support.assignments(ticket_id)) == 1
