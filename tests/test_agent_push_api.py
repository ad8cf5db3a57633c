"""Agents' web push opt-in over HTTP: GET /api/agent/push-key, POST and DELETE
/api/agent/push-subscriptions; a console subscribed this way receives an assignment push at the
LOCAL push service peer (tests/peers/push), which verifies VAPID and decrypts the payload."""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import select

from app.api import make_api
from backend.auth.sessions import create_session
from backend.channels.push.vapid import VapidKeyPair
from backend.db import Actor, read_session, transaction
from backend.delivery.agents import push_to_agent
from backend.i18n.formatting import bengali_digits
from backend.models import AgentPushSubscription, AuditEvent
from tests.peers.push.fixture import push_peer, vapid
from tests.peers.push.server import PushPeer
from tests.support.factories import PASSWORD, make_agent, make_customer, open_ticket
from tests.support.jobs import run_queued_jobs
from tests.sync.test_push_subscriptions import browser_subscription

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)
    from fastapi.testclient import TestClient

__all__ = ["push_peer", "vapid"]
PATH = "/api/agent/push-subscriptions"


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(make_api()) as test_client:
        yield test_client


def _sign_in(client: TestClient, **agent: Any) -> tuple[uuid.UUID, dict[str, str]]:
    row = make_agent(**agent)
    response = client.post("/api/auth/login", json={"email": row.email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return row.id, {"Authorization": f"Bearer {response.json()['token']}"}


def _subscriptions() -> list[AgentPushSubscription]:
    with read_session() as session:
        return list(session.exec(select(AgentPushSubscription)))


def test_an_agent_subscribes_renews_and_unsubscribes_their_console(client: TestClient) -> None:
    agent_id, headers = _sign_in(client)
    sub = browser_subscription()
    created = client.post(PATH, json=sub, headers=headers)
    assert created.status_code == 201, created.text
    assert created.json() == {"endpoint": sub["endpoint"], "subscribed": True}
    renewed = sub | {"keys": browser_subscription()["keys"]}
    assert client.post(PATH, json=renewed, headers=headers).status_code == 201
    [row] = _subscriptions()
    assert (row.agent_id, row.endpoint, row.p256dh, row.auth) == (
        agent_id,
        sub["endpoint"],
        renewed["keys"]["p256dh"],
        renewed["keys"]["auth"],
    )
    gone = client.request("DELETE", PATH, json={"endpoint": sub["endpoint"]}, headers=headers)
    assert (gone.status_code, gone.json()) == (200, {"removed": 1})
    again = client.request("DELETE", PATH, json={"endpoint": sub["endpoint"]}, headers=headers)
    assert (again.status_code, again.json()) == (200, {"removed": 0})  # idempotent
    assert _subscriptions() == []
    with read_session() as session:
        actions = [
            a.action
            for a in session.exec(
                select(AuditEvent).where(AuditEvent.actor_id == str(agent_id)).order_by(AuditEvent.created_at)
            )
        ]
    assert [a for a in actions if a.startswith("push.")] == [
        "push.agent_subscribed",
        "push.agent_subscribed",
        "push.agent_unsubscribed",
        "push.agent_unsubscribed",
    ]


def test_an_agent_cannot_remove_a_colleagues_subscription(client: TestClient) -> None:
    _, nusrat = _sign_in(client)
    _, rahim = _sign_in(client)
    sub = browser_subscription()
    assert client.post(PATH, json=sub, headers=nusrat).status_code == 201
    answer = client.request("DELETE", PATH, json={"endpoint": sub["endpoint"]}, headers=rahim)
    assert answer.json() == {"removed": 0}
    assert [r.endpoint for r in _subscriptions()] == [sub["endpoint"]]


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"endpoint": "http://push.example.com/x", "keys": "VALID"}, "endpoint"),
        ({"endpoint": "ENDPOINT"}, "keys"),
        ({"endpoint": "ENDPOINT", "keys": {"p256dh": "BPk1", "auth": "AUTH"}}, "keys.p256dh"),
        ({"endpoint": "ENDPOINT", "keys": {"p256dh": "P256DH", "auth": "c2hvcnQ"}}, "keys.auth"),
        (["not", "an", "object"], "object expected"),
    ],
)
def test_malformed_subscriptions_get_a_bilingual_422_and_store_nothing(
    client: TestClient, body: Any, detail: str
) -> None:
    _, headers = _sign_in(client)
    valid = browser_subscription()
    if isinstance(body, dict):
        body = dict(body)
        if body["endpoint"] == "ENDPOINT":
            body["endpoint"] = valid["endpoint"]
        if body.get("keys") == "VALID":
            body["keys"] = valid["keys"]
        elif isinstance(body.get("keys"), dict):
            keys = body["keys"]
            body["keys"] = {
                "p256dh": valid["keys"]["p256dh"] if keys["p256dh"] == "P256DH" else keys["p256dh"],
                "auth": valid["keys"]["auth"] if keys["auth"] == "AUTH" else keys["auth"],
            }
    answer = client.post(PATH, json=body, headers=headers | {"Accept-Language": "bn"})
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["code"] == "push_subscription_invalid"
    assert error["message_en"] == f"The push notification subscription is not valid ({detail})."
    assert error["message_bn"] == f"পুশ নোটিফিকেশনের সাবস্ক্রিপশনটি সঠিক নয় ({detail})।"
    assert _subscriptions() == []


def test_delete_without_an_endpoint_is_refused(client: TestClient) -> None:
    _, headers = _sign_in(client)
    for body in ({}, {"endpoint": ""}, {"endpoint": 5}, {"endpoint": "https://x/" + "a" * 2000}):
        answer = client.request("DELETE", PATH, json=body, headers=headers)
        assert answer.status_code == 422 and answer.json()["error"]["code"] == "push_subscription_invalid"


def test_customers_and_strangers_are_refused(client: TestClient) -> None:
    sub = browser_subscription()
    assert client.post(PATH, json=sub).status_code == 401
    assert client.get("/api/agent/push-key").status_code == 401
    assert client.request("DELETE", PATH, json={"endpoint": sub["endpoint"]}).status_code == 401
    customer = make_customer()
    with transaction(Actor.system()) as tx:
        token = create_session(tx, customer_id=customer.id, device_id="phone-1")
    answer = client.post(PATH, json=sub, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 403, answer.text
    assert _subscriptions() == []


def test_push_key_for_the_console(client: TestClient, vapid: VapidKeyPair) -> None:
    _, headers = _sign_in(client)
    assert client.get("/api/agent/push-key", headers=headers).json() == {
        "enabled": True,
        "public_key": vapid.public_key,
    }


def test_a_console_subscribed_over_http_gets_an_assignment_push_at_the_local_peer(
    client: TestClient, push_peer: PushPeer, vapid: VapidKeyPair
) -> None:
    agent_id, headers = _sign_in(client)  # locale bn by default
    sub = push_peer.new_subscription()
    assert client.post(PATH, json=sub, headers=headers).status_code == 201
    ticket = open_ticket(make_customer()).ticket
    assert len(push_to_agent("assignment", agent_id, ticket.id, "assign-1", reason="manual")) == 1
    run_queued_jobs()
    [got] = push_peer.delivered()
    assert got.claims["k"] == vapid.public_key
    assert got.payload["url"] == f"/agent/t/{ticket.id}"
    assert got.payload["tag"] == f"assignment-{ticket.id}"
    assert got.payload["title"] == "নতুন টিকিট আপনার কাছে"
    assert got.payload["body"] == f"টিকিট #{bengali_digits(str(ticket.number))} (হাতে বণ্টন)"
