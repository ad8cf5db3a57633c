"""Presence heartbeats over HTTP, the supervisors' agent board and the audited assignment override."""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event

from app.api import make_api
from backend import presence
from backend.db import Actor, get_engine, read_session, transaction
from backend.presence import Presence
from backend.routing import agent_board, supervisor_assign
from tests.routing import support
from tests.support.factories import PASSWORD, make_agent

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)
    from fastapi.testclient import TestClient


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(make_api()) as test_client:
        yield test_client


def _sign_in(client: TestClient, role: str = "agent", **extra: Any) -> tuple[uuid.UUID, dict[str, str]]:
    agent = make_agent(role=role, **extra)
    response = client.post("/api/auth/login", json={"email": agent.email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return agent.id, {"Authorization": f"Bearer {response.json()['token']}"}


def test_presence_heartbeat_and_offline_over_http(client: TestClient) -> None:
    assert client.post("/api/agent/presence", json={"status": "online"}).status_code == 401
    agent_id, auth = _sign_in(client)
    beat = client.post("/api/agent/presence", json={"status": "online"}, headers=auth)
    assert beat.status_code == 200, beat.text
    assert beat.json() == {
        "agent_id": str(agent_id),
        "status": "online",
        "changed": True,
        "heartbeat_seconds": 20,
    }
    assert client.post("/api/agent/presence", json={}, headers=auth).json()["changed"] is False
    away = client.post("/api/agent/presence", json={"status": "away"}, headers=auth)
    assert away.json()["status"] == "away" and presence.presence_of([agent_id])[agent_id] is Presence.away
    refused = client.post("/api/agent/presence", json={"status": "offline"}, headers=auth)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "presence_status_unknown"
    gone = client.post("/api/agent/presence/offline", headers=auth)
    assert gone.status_code == 200 and gone.json()["status"] == "offline"
    assert presence.presence_of([agent_id])[agent_id] is Presence.offline


def test_the_agent_board_is_for_supervisors(client: TestClient) -> None:
    _, agent_auth = _sign_in(client)
    assert client.get("/api/supervisor/agents", headers=agent_auth).status_code == 403
    payments = support.team("payments", ["payment_issue"])
    tania = support.agent(
        name="Tania", capacity=2, languages=["bn"], skills=["payment_issue"], team_ids=[payments]
    )
    support.held_tickets(tania, 3)  # above capacity after a supervisor's override
    support.held_tickets(tania, 2, status="resolved")  # finished work is no load
    presence.heartbeat(tania)
    _, auth = _sign_in(client, role="supervisor", name="Kamrul")
    response = client.get("/api/supervisor/agents", headers=auth)
    assert response.status_code == 200, response.text
    rows = {row["name"]: row for row in response.json()}
    assert rows["Tania"]["presence"] == "online" and rows["Tania"]["load"] == 3
    assert rows["Tania"]["capacity"] == 2 and rows["Tania"]["free"] == 0 and rows["Tania"]["over_capacity"]
    assert [t["slug"] for t in rows["Tania"]["teams"]] == ["payments"]
    assert rows["Tania"]["languages"] == ["bn"] and rows["Tania"]["skills"] == ["payment_issue"]
    assert rows["Kamrul"]["presence"] == "offline" and rows["Kamrul"]["load"] == 0
    assert response.json()[0]["name"] == "Tania"  # online agents first


def test_the_board_costs_three_queries_however_many_agents() -> None:
    team_ids = [support.team(f"team{i}") for i in range(3)]
    for i in range(30):
        agent_id = support.agent(team_ids=team_ids[: i % 3 + 1])
        support.held_tickets(agent_id, i % 3)
        if i % 2:
            presence.heartbeat(agent_id)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", count)
    try:
        with read_session() as session:
            rows = agent_board(session)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(rows) == 30 and len(selects) == 3, selects
    assert sum(r.load for r in rows) == sum(i % 3 for i in range(30))


def test_supervisor_override_is_audited_and_allowed_above_capacity(client: TestClient) -> None:
    full = support.agent(name="Rahim", capacity=1)
    support.held_tickets(full, 1)
    ticket_id = support.ticket()
    _, agent_auth = _sign_in(client)
    url = f"/api/supervisor/tickets/{ticket_id}/assign"
    assert client.post(url, json={"agent_id": str(full)}, headers=agent_auth).status_code == 403
    supervisor_id, auth = _sign_in(client, role="supervisor")
    response = client.post(url, json={"agent_id": str(full)}, headers={**auth, "Accept-Language": "en"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["assignee_id"] == str(full) and body["over_capacity"] is True
    assert body["load"] == 2 and body["capacity"] == 1 and body["presence"] == "offline"
    assert body["warning"]["code"] == "agent_over_capacity"
    assert body["warning"]["message"] == "Rahim now holds 2 tickets, above their capacity of 1."
    [audit] = support.assignments(ticket_id)
    assert audit["reason"]["rule"] == "supervisor_override"
    assert audit["reason"]["supervisor_id"] == str(supervisor_id) and audit["reason"]["over_capacity"] is True
    # Within capacity: no warning.
    roomy = support.agent(capacity=5)
    again = client.post(url, json={"agent_id": str(roomy)}, headers=auth).json()
    assert again["over_capacity"] is False and again["warning"] is None and again["load"] == 1
    empty = client.post(url, json={}, headers=auth)
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "assignment_target_required"
    missing = client.post(url, json={"agent_id": str(uuid.uuid4())}, headers=auth)
    assert missing.status_code == 404


def test_override_to_a_team_leaves_the_choice_to_routing() -> None:
    payments = support.team("payments")
    tania = support.agent(team_ids=[payments])
    outsider = support.agent()
    for agent_id in (tania, outsider):
        presence.heartbeat(agent_id)
    ticket_id = support.ticket(assignee_id=outsider)
    supervisor = support.agent(role="supervisor")
    with transaction(Actor.agent(supervisor)) as tx:
        result = supervisor_assign(tx, ticket_id=ticket_id, agent_id=None, team_id=payments)
    assert result.agent_id is None and result.team_id == payments
    from tests.support.jobs import run_queued_jobs

    run_queued_jobs()  # the unassigned ticket in a team is routed within that team
    assert support.assignee_of(ticket_id) == tania
