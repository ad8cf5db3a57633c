"""Commerce adapter, customer panel, replies per channel, and the HTTP endpoints (auth, 404, 422)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import select

from app.api import make_api
from backend.commerce import get_commerce_adapter
from backend.config import Settings
from backend.db import Actor, get_engine, read_session, transaction
from backend.models import CommerceOrder, CommerceRefund, Message
from backend.models.base import utcnow
from backend.queries.customer_panel import customer_panel
from backend.services import messages as message_service
from tests.support.factories import PASSWORD, make_agent, make_customer, make_team, open_ticket

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)
    from fastapi.testclient import TestClient


def _orders(customer_id, count: int = 3) -> list[str]:  # type: ignore[no-untyped-def]
    refs = []
    with transaction(Actor.system()) as tx:
        for i in range(count):
            ref = f"ORD-9{i:05d}-{str(customer_id)[-4:]}".upper()
            tx.session.add(
                CommerceOrder(
                    order_ref=ref,
                    customer_id=customer_id,
                    status="shipped",
                    total_paisa=125000 + i,
                    payment_method="bkash",
                    payment_status="paid",
                    placed_at=utcnow() - timedelta(days=10 - i),
                    expected_delivery_at=utcnow() + timedelta(days=2),
                    items=[{"name": "শাড়ি", "qty": 2}],
                )
            )
            tx.session.add(
                CommerceRefund(
                    order_ref=ref,
                    customer_id=customer_id,
                    amount_paisa=5000,
                    method="bkash",
                    status="processing",
                )
            )
            refs.append(ref)
    return refs


def test_the_demo_adapter_reads_the_local_tables() -> None:
    customer = make_customer()
    refs = _orders(customer.id)
    with read_session() as session:
        commerce = get_commerce_adapter(session)
        orders = commerce.orders_for_customer(customer.id, limit=2)
        assert [o.order_ref for o in orders] == [refs[2], refs[1]]
        assert commerce.order(refs[0].lower()) is not None
        assert commerce.order("ORD-NOPE") is None
        assert [r.status for r in commerce.refunds_for_order(refs[0])] == ["processing"]


def test_an_unknown_adapter_is_refused_at_startup() -> None:
    with pytest.raises(ValueError, match="COMMERCE_ADAPTER must be one of demo"):
        Settings(commerce_adapter="shopify")


def test_the_customer_panel_takes_four_queries() -> None:
    customer = make_customer(name="Nadia Chowdhury", locale="en")
    refs = _orders(customer.id)
    tickets = [open_ticket(customer, order_ref=refs[0]).ticket for _ in range(12)]
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    engine = get_engine()
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        with read_session() as session:
            panel = customer_panel(session, tickets[-1].id)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 4, statements
    assert panel.profile.name == "Nadia Chowdhury" and panel.profile.locale == "en"
    assert len(panel.past_tickets) == 10 and str(tickets[-1].id) not in [t.id for t in panel.past_tickets]
    assert [o.order_ref for o in panel.orders] == [refs[2], refs[1], refs[0]]
    assert panel.orders[2].is_ticket_order and panel.orders[0].item_count == 2
    assert len(panel.refunds) == 3 and panel.orders[0].refunds[0].method == "bkash"


@pytest.mark.parametrize("channel", ["sms", "email", "web"])
def test_a_reply_goes_out_through_the_tickets_own_channel(channel: str, redis_client) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    t = open_ticket(make_customer(), channel=channel).ticket
    with transaction(Actor.agent(agent.id)) as tx:
        reply = message_service.post_agent_reply(tx, agent_id=agent.id, ticket_id=t.id, body="উত্তর")
    assert (reply.channel, reply.delivery_status) == (channel, "queued")
    from rq import Queue

    assert f"reply-{reply.id}" in Queue("high", connection=redis_client).job_ids


# HTTP ---------------------------------------------------------------------------------------------


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(make_api()) as test_client:
        yield test_client


def _login(client: TestClient, **agent_fields: Any) -> tuple[dict[str, str], Any]:
    agent = make_agent(**agent_fields)
    response = client.post("/api/auth/login", json={"email": agent.email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}, agent


def _error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["message_bn"] and error["message_en"]
    assert error["message_bn"] != error["message_en"]


def test_ticket_operations_over_http(client: TestClient) -> None:
    headers, _agent = _login(client)
    team = make_team(slug="payments", name="Payments")
    customer = make_customer()
    a = open_ticket(customer, order_ref="ORD-240117").ticket
    b = open_ticket(customer).ticket
    base = f"/api/agent/tickets/{a.id}"

    r = client.post(f"{base}/tags", json={"add": ["Delivery Delay", "ফেরত"]}, headers=headers)
    assert r.status_code == 200 and r.json()["tags"] == ["delivery-delay", "ফেরত"]
    assert client.post(f"{base}/intent", json={"intent": "track_order"}, headers=headers).json()[
        "intent"
    ] == ("track_order")
    assert (
        client.post(f"{base}/priority", json={"priority": "high"}, headers=headers).json()["priority"]
        == "high"
    )
    until = (utcnow() + timedelta(hours=4)).isoformat()
    assert client.post(f"{base}/snooze", json={"until": until}, headers=headers).json()["snoozed_until"]
    assert client.post(f"{base}/unsnooze", headers=headers).json()["snoozed_until"] is None
    r = client.post(f"{base}/transfer", json={"team_id": str(team.id), "note": "দেখুন"}, headers=headers)
    assert r.status_code == 200 and r.json()["team_id"] == str(team.id)
    panel = client.get(f"{base}/customer-panel", headers=headers)
    assert panel.status_code == 200 and panel.json()["profile"]["id"] == str(customer.id)
    assert client.get("/api/agent/mentions?prefix=nus", headers=headers).status_code == 200

    r = client.post(f"{base}/merge", json={"target_id": str(b.id)}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["source"]["merged_into_id"] == str(b.id) and r.json()["source"]["status"] == "closed"
    assert r.json()["target"]["tags"] == ["delivery-delay", "ফেরত"]


def test_bilingual_404_and_422(client: TestClient) -> None:
    headers, _ = _login(client)
    t = open_ticket(make_customer()).ticket
    import uuid

    _error(
        client.post(f"/api/agent/tickets/{uuid.uuid4()}/intent", json={"intent": None}, headers=headers),
        404,
        "ticket_not_found",
    )
    _error(
        client.post(f"/api/agent/tickets/{t.id}/intent", json={"intent": "nope"}, headers=headers),
        422,
        "intent_unknown",
    )
    _error(
        client.post(f"/api/agent/tickets/{t.id}/merge", json={"target_id": str(t.id)}, headers=headers),
        422,
        "merge_into_itself",
    )
    _error(
        client.post(f"/api/agent/tickets/{t.id}/tags", json={"add": ["a/b"]}, headers=headers),
        422,
        "tag_invalid",
    )
    past = (utcnow() - timedelta(hours=1)).isoformat()
    _error(
        client.post(f"/api/agent/tickets/{t.id}/snooze", json={"until": past}, headers=headers),
        422,
        "snooze_not_future",
    )
    _error(
        client.post(f"/api/agent/canned/{uuid.uuid4()}/render?ticket_id={t.id}", headers=headers),
        404,
        "canned_not_found",
    )


def test_canned_crud_is_for_supervisors_and_agents_render(client: TestClient) -> None:
    agent_headers, _ = _login(client)
    boss_headers, _ = _login(client, role="supervisor")
    body = {
        "shortcut": "cod",
        "title": "Cash on delivery",
        "body_bn": "{customer_name}, ডেলিভারির সময় টাকা দিন।",
        "body_en": "{customer_name}, please pay on delivery.",
    }
    _error(client.post("/api/supervisor/canned", json=body, headers=agent_headers), 403, "forbidden_role")
    _error(client.get("/api/supervisor/canned"), 401, "auth_required")
    created = client.post("/api/supervisor/canned", json=body, headers=boss_headers)
    assert created.status_code == 201, created.text
    canned_id = created.json()["id"]
    _error(
        client.post(
            "/api/supervisor/canned",
            json={**body, "shortcut": "x2", "body_en": "{order}"},
            headers=boss_headers,
        ),
        422,
        "canned_unknown_variable",
    )
    patched = client.patch(f"/api/supervisor/canned/{canned_id}", json={"title": "COD"}, headers=boss_headers)
    assert patched.json()["title"] == "COD"
    assert [c["shortcut"] for c in client.get("/api/agent/canned", headers=agent_headers).json()] == ["cod"]
    t = open_ticket(make_customer(name="Rafiq Islam", locale="bn")).ticket
    rendered = client.post(f"/api/agent/canned/{canned_id}/render?ticket_id={t.id}", headers=agent_headers)
    assert rendered.json()["body"] == "Rafiq Islam, ডেলিভারির সময় টাকা দিন।"
    english = client.post(
        f"/api/agent/canned/{canned_id}/render?ticket_id={t.id}&locale=en", headers=agent_headers
    )
    assert english.json()["body"] == "Rafiq Islam, please pay on delivery."
    assert client.delete(f"/api/supervisor/canned/{canned_id}", headers=boss_headers).status_code == 204
    with read_session() as session:
        assert session.exec(select(Message).where(Message.body.contains("ডেলিভারির"))).first() is None  # type: ignore[attr-defined]
