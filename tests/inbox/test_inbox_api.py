"""GET /api/agent/inbox and /api/agent/search through the composed API."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

from app.api import make_api
from tests.inbox.conftest import minutes, new_ticket
from tests.support.factories import PASSWORD, make_agent

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)
    from fastapi.testclient import TestClient


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(make_api()) as test_client:
        yield test_client


@pytest.fixture
def agent_headers(client: TestClient) -> dict[str, str]:
    agent = make_agent()
    response = client.post("/api/auth/login", json={"email": agent.email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_inbox_pages_with_filters_and_counts(client: TestClient, agent_headers: dict[str, str]) -> None:
    made = [new_ticket(sla_due_at=minutes(i), channel="sms", tags=["vip"]) for i in range(3)]
    new_ticket(channel="web")
    params = {"view": "all", "channel": "sms", "tag": "vip", "sort": "sla_due", "limit": "2"}
    first = client.get("/api/agent/inbox", params=params, headers=agent_headers)
    assert first.status_code == 200, first.text
    body = first.json()
    assert set(body) == {"tickets", "next_cursor", "counts"}
    assert [t["id"] for t in body["tickets"]] == [str(made[0]), str(made[1])]
    assert body["counts"] == {"all": 4, "mine": 0, "unassigned": 4, "my_teams": 0}
    assert {"preview", "tags", "sla_due_at", "customer_phone", "assignee_name"} <= set(body["tickets"][0])
    second = client.get(
        "/api/agent/inbox", params=params | {"cursor": body["next_cursor"]}, headers=agent_headers
    ).json()
    assert [t["id"] for t in second["tickets"]] == [str(made[2])]
    assert second["next_cursor"] is None
    repeated = client.get(
        "/api/agent/inbox?status=open&status=new&channel=sms,web&counts=false", headers=agent_headers
    ).json()
    assert len(repeated["tickets"]) == 4 and repeated["counts"] is None


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("view=everyone", "inbox_view_invalid"),
        ("sort=oldest", "inbox_sort_invalid"),
        ("limit=500", "inbox_limit_invalid"),
        ("cursor=abc", "inbox_cursor_invalid"),
        ("status=archived", "inbox_filter_invalid"),
        ("sla=later", "inbox_filter_invalid"),
    ],
)
def test_bad_parameters_answer_422_in_bengali_and_english(
    client: TestClient, agent_headers: dict[str, str], query: str, code: str
) -> None:
    response = client.get(f"/api/agent/inbox?{query}", headers=agent_headers)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message_bn"] and error["message_en"] and error["message_bn"] != error["message_en"]


def test_search_by_number(client: TestClient, agent_headers: dict[str, str]) -> None:
    new_ticket()
    listed = client.get("/api/agent/inbox", headers=agent_headers).json()["tickets"][0]
    found = client.get("/api/agent/search", params={"q": f"#{listed['number']}"}, headers=agent_headers)
    assert found.status_code == 200
    assert [t["id"] for t in found.json()] == [listed["id"]]
    assert client.get("/api/agent/search?q=", headers=agent_headers).status_code == 422


def test_customers_and_strangers_are_refused(client: TestClient) -> None:
    assert client.get("/api/agent/inbox").status_code == 401
    assert client.get("/api/agent/search?q=1").status_code == 401
