"""push.subscribe / push.unsubscribe through POST /api/sync/push (device-scoped, idempotent, bilingual
rejections), GET /api/sync/push-key, and a subscription made this way receiving the ladder's push at
the LOCAL push service peer (tests/peers/push)."""

from __future__ import annotations

import base64
import os
import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlmodel import select

from backend.channels.push.vapid import VapidKeyPair
from backend.config import Settings
from backend.db import Actor, read_session, transaction
from backend.delivery import ladder
from backend.models import AuditEvent, PushSubscription, SyncRejection
from backend.services import messages as message_service
from tests.peers.push.fixture import push_peer, vapid
from tests.peers.push.server import PushPeer
from tests.support.factories import make_agent
from tests.support.jobs import run_queued_jobs
from tests.support.sync_client import SyncCustomer, new_sync_customer, ticket_create

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

__all__ = ["push_peer", "vapid"]


def _b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def browser_subscription(host: str = "fcm.googleapis.com") -> dict[str, Any]:
    """What PushSubscription.toJSON() gives: an https endpoint, a P-256 point and a 16-byte secret."""
    point = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return {
        "endpoint": f"https://{host}/fcm/send/{uuid.uuid4().hex}",
        "expirationTime": None,
        "keys": {"p256dh": _b64u(point), "auth": _b64u(os.urandom(16))},
    }


def _rows(customer_id: uuid.UUID | None = None) -> list[PushSubscription]:
    with read_session() as session:
        query = select(PushSubscription)
        if customer_id is not None:
            query = query.where(PushSubscription.customer_id == customer_id)
        return list(session.exec(query))


def _rejections(response: Any) -> dict[int, str]:
    assert response.status_code == 200, response.text
    return {r["seq"]: r["code"] for r in response.json()["rejections"]}


def test_subscribe_stores_the_devices_subscription_and_repeating_it_changes_nothing(
    customer: SyncCustomer,
) -> None:
    sub = browser_subscription()
    response = customer.push(customer.mutation("push.subscribe", sub))
    assert _rejections(response) == {} and response.json()["last_seq"] == 1
    [row] = _rows()
    assert (row.customer_id, row.device_id, row.endpoint) == (
        customer.customer_id,
        customer.device_id,
        sub["endpoint"],
    )
    assert (row.p256dh, row.auth) == (sub["keys"]["p256dh"], sub["keys"]["auth"])
    # The app queues the same subscription again (each page load checks it): still one row.
    again = customer.push(
        customer.mutation("push.subscribe", sub),
        customer.mutation("push.subscribe", {k: v for k, v in sub.items() if k != "expirationTime"}),
    )
    assert _rejections(again) == {}
    [same] = _rows()
    assert same.id == row.id and (same.p256dh, same.auth) == (row.p256dh, row.auth)
    # A replayed batch (the answer was lost) is skipped by seq: nothing applied twice.
    replay = customer.push(*customer.sent)
    assert replay.json()["last_seq"] == 3 and len(_rows()) == 1


def test_renewed_keys_update_and_a_new_endpoint_replaces_the_devices_older_one(
    client: TestClient, customer: SyncCustomer
) -> None:
    first = browser_subscription()
    renewed_keys = browser_subscription()["keys"]
    second = browser_subscription(host="updates.push.services.mozilla.com")
    other_phone = new_sync_customer(client)  # another customer's device keeps its subscription
    other_sub = browser_subscription()
    assert _rejections(other_phone.push(other_phone.mutation("push.subscribe", other_sub))) == {}

    assert _rejections(customer.push(customer.mutation("push.subscribe", first))) == {}
    renewed = first | {"keys": renewed_keys, "expiration_time": 1_900_000_000_000}
    assert _rejections(customer.push(customer.mutation("push.subscribe", renewed))) == {}
    [row] = _rows(customer.customer_id)
    assert (row.endpoint, row.p256dh, row.auth) == (
        first["endpoint"],
        renewed_keys["p256dh"],
        renewed_keys["auth"],
    )
    # The browser's subscription changed (pushsubscriptionchange, or the person re-enabled it).
    assert _rejections(customer.push(customer.mutation("push.subscribe", second))) == {}
    assert [r.endpoint for r in _rows(customer.customer_id)] == [second["endpoint"]]
    assert [r.endpoint for r in _rows(other_phone.customer_id)] == [other_sub["endpoint"]]


@pytest.mark.parametrize(
    ("args", "code", "detail"),
    [
        ({"endpoint": "http://push.example.com/x", "keys": "VALID"}, "push_subscription_invalid", "endpoint"),
        ({"endpoint": "ftp://push.example.com/x", "keys": "VALID"}, "push_subscription_invalid", "endpoint"),
        ({"endpoint": "https://" + "a" * 2000, "keys": "VALID"}, "push_subscription_invalid", "endpoint"),
        ({"endpoint": 42, "keys": "VALID"}, "push_subscription_invalid", "endpoint"),
        ({"endpoint": "ENDPOINT"}, "push_subscription_invalid", "keys"),
        (
            {"endpoint": "ENDPOINT", "keys": {"p256dh": "BPk1", "auth": "AUTH"}},
            "push_subscription_invalid",
            "keys.p256dh",
        ),
        (
            {"endpoint": "ENDPOINT", "keys": {"p256dh": "BAAA" + "A" * 83, "auth": "AUTH"}},
            "push_subscription_invalid",
            "keys.p256dh",  # 65 bytes but not a point on P-256
        ),
        (
            {"endpoint": "ENDPOINT", "keys": {"p256dh": "P256DH", "auth": "c2hvcnQ"}},
            "push_subscription_invalid",
            "keys.auth",
        ),
        (
            {"endpoint": "ENDPOINT", "keys": "VALID", "expiration_time": "soon"},
            "invalid_args",
            "expiration_time",
        ),
        (
            {"endpoint": "ENDPOINT", "keys": "VALID", "expiration_time": True},
            "invalid_args",
            "expiration_time",
        ),
        ({"endpoint": "ENDPOINT", "keys": "VALID", "device_id": "someone-else"}, "invalid_args", "device_id"),
    ],
)
def test_invalid_subscriptions_are_rejected_in_both_languages_and_stored_nowhere(
    customer: SyncCustomer, args: dict[str, Any], code: str, detail: str
) -> None:
    valid = browser_subscription()
    filled = dict(args)
    if filled.get("endpoint") == "ENDPOINT":
        filled["endpoint"] = valid["endpoint"]
    if filled.get("keys") == "VALID":
        filled["keys"] = valid["keys"]
    elif isinstance(filled.get("keys"), dict):
        keys = dict(filled["keys"])
        keys["p256dh"] = valid["keys"]["p256dh"] if keys["p256dh"] == "P256DH" else keys["p256dh"]
        keys["auth"] = valid["keys"]["auth"] if keys["auth"] == "AUTH" else keys["auth"]
        filled["keys"] = keys
    response = customer.push(customer.mutation("push.subscribe", filled))
    assert response.status_code == 200
    body = response.json()
    assert body["last_seq"] == 1  # acknowledged: a poison mutation never blocks the outbox
    [rejection] = body["rejections"]
    assert (rejection["seq"], rejection["code"]) == (1, code)
    assert detail in rejection["detail"]
    if code == "push_subscription_invalid":
        assert rejection["message_bn"].startswith("পুশ নোটিফিকেশনের সাবস্ক্রিপশনটি সঠিক নয়")
        assert rejection["message_en"].startswith("The push notification subscription is not valid")
    else:
        assert rejection["message_bn"].startswith("পরিবর্তনটির তথ্য সঠিক নয়")
        assert rejection["message_en"].startswith("The change carries invalid data")
    assert _rows() == []
    with read_session() as session:
        stored = session.exec(select(SyncRejection)).one()
    assert (stored.seq, stored.code) == (1, code)


def test_unsubscribe_forgets_only_this_devices_subscription_and_is_idempotent(
    client: TestClient, customer: SyncCustomer
) -> None:
    mine = browser_subscription()
    # The same customer's second phone, and another customer: neither is touched.
    second_phone = SyncCustomer(
        client, customer.customer_id, customer.token, f"second-{uuid.uuid4().hex[:12]}"
    )
    theirs = new_sync_customer(client)
    second_sub, their_sub = browser_subscription(), browser_subscription()
    assert _rejections(second_phone.push(second_phone.mutation("push.subscribe", second_sub))) == {}
    assert _rejections(theirs.push(theirs.mutation("push.subscribe", their_sub))) == {}
    assert _rejections(customer.push(customer.mutation("push.subscribe", mine))) == {}
    assert len(_rows()) == 3

    # This device cannot remove what another device (or customer) subscribed, even by its endpoint.
    response = customer.push(
        customer.mutation("push.unsubscribe", {"endpoint": their_sub["endpoint"]}),
        customer.mutation("push.unsubscribe", {"endpoint": second_sub["endpoint"]}),
    )
    assert _rejections(response) == {}
    assert len(_rows()) == 3

    response = customer.push(
        customer.mutation("push.unsubscribe", {"endpoint": mine["endpoint"]}),
        customer.mutation("push.unsubscribe", {"endpoint": mine["endpoint"]}),  # again: a no-op
        customer.mutation("push.unsubscribe", {}),
        customer.mutation("push.unsubscribe", {"endpoint": ""}),
        customer.mutation("push.unsubscribe", {"endpoint": mine["endpoint"], "keys": mine["keys"]}),
    )
    assert _rejections(response) == {6: "invalid_args", 7: "invalid_args", 8: "invalid_args"}
    assert response.json()["last_seq"] == 8
    assert sorted(r.endpoint for r in _rows()) == sorted([second_sub["endpoint"], their_sub["endpoint"]])
    with read_session() as session:
        audits = session.exec(select(AuditEvent).where(AuditEvent.action == "push.unsubscribed")).all()
    removed = sorted(int((a.data or {}).get("removed", -1)) for a in audits)
    assert removed == [0, 0, 0, 1]  # two refused endpoints, the removal, the repeat


def test_push_key_is_disabled_without_vapid_and_serves_the_public_key_with_it(
    client: TestClient, vapid: VapidKeyPair
) -> None:
    answer = client.get("/api/sync/push-key")
    assert answer.status_code == 200
    assert answer.json() == {"enabled": True, "public_key": vapid.public_key}
    assert "private" not in answer.text.lower() and vapid.private_key not in answer.text


def test_push_key_without_vapid_keys_says_disabled(client: TestClient) -> None:
    assert client.get("/api/sync/push-key").json() == {"enabled": False, "public_key": None}


def test_a_subscription_made_through_sync_gets_the_ladders_push_at_the_local_peer(
    customer: SyncCustomer, push_peer: PushPeer, vapid: VapidKeyPair
) -> None:
    sub = push_peer.new_subscription()  # http://127.0.0.1:…/push/<id>: loopback is allowed
    created = ticket_create()
    response = customer.push(
        customer.mutation("ticket.create", created), customer.mutation("push.subscribe", sub)
    )
    assert _rejections(response) == {}
    agent = make_agent()
    with transaction(Actor.agent(agent.id)) as tx:
        reply = message_service.post_agent_reply(
            tx, agent_id=agent.id, ticket_id=uuid.UUID(created["ticket_id"]), body="পৌঁছে যাবে"
        )
    run_queued_jobs()  # the in-app notification and the poke; the push step is scheduled for later
    later = datetime.now(UTC) + timedelta(minutes=3)
    assert ladder.run_step(reply.id, ladder.Step.push, Settings(quiet_hours=""), now=later) == "push:1"  # type: ignore[call-arg]
    run_queued_jobs()
    [got] = push_peer.delivered()
    assert got.subscription == sub["endpoint"].rsplit("/", 1)[-1]
    assert got.payload["url"] == f"/t/{created['ticket_id']}"
    assert "পৌঁছে যাবে" not in str(got.payload)  # never the message text on a lock screen
    assert set(got.payload) >= {"title", "body", "url", "tag"}
