"""Web push through pywebpush to the LOCAL push service peer (tests/peers/push), which verifies the
VAPID JWT and decrypts each payload with the subscriber's keys, as a real push service and browser do."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import pytest
from click.testing import CliRunner
from sqlmodel import select

from backend.channels.base import GoneRecipient, OutboundMessage, PermanentSendError, TransientSendError
from backend.channels.push import payloads
from backend.channels.push.subscriptions import parse_subscription, subscribe_customer_device
from backend.channels.push.vapid import VapidKeyPair, b64url_decode, public_key_of
from backend.channels.registry import get_channel
from backend.cli.main import cli
from backend.config import PROJECT_ROOT
from backend.db import Actor, read_session, transaction
from backend.errors import ValidationFailed
from backend.models import Notification, PushSubscription
from tests.peers.push.server import PushPeer, decrypt_aes128gcm
from tests.support.factories import make_customer, open_ticket
from workers.jobs.notifications import deliver_notification


def _message(sub: dict, payload: dict, **extra: object) -> OutboundMessage:
    return OutboundMessage(
        notification_id=uuid.uuid4(),
        idempotency_key=f"test:{uuid.uuid4()}",
        channel="push",
        to_address=sub["endpoint"],
        body=payload["body"],
        extra={
            "p256dh": sub["keys"]["p256dh"],
            "auth": sub["keys"]["auth"],
            "payload": json.dumps(payload, ensure_ascii=False),
            **extra,
        },
    )


def test_seba_vapid_keys_prints_a_p256_pair_the_browser_and_pywebpush_accept() -> None:
    result = CliRunner().invoke(cli, ["vapid-keys"])
    assert result.exit_code == 0, result.output
    lines = dict(line.split("=", 1) for line in result.output.strip().splitlines())
    assert set(lines) == {"VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY"}
    public = b64url_decode(lines["VAPID_PUBLIC_KEY"])
    assert len(public) == 65 and public[0] == 4  # applicationServerKey: uncompressed P-256 point
    assert len(b64url_decode(lines["VAPID_PRIVATE_KEY"])) == 32
    assert public_key_of(lines["VAPID_PRIVATE_KEY"]) == lines["VAPID_PUBLIC_KEY"]
    # And through the installed console script, as an operator runs it.
    out = subprocess.run(
        [str(PROJECT_ROOT / ".venv/bin/seba"), "vapid-keys"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert out.startswith("VAPID_PUBLIC_KEY=B") and "VAPID_PRIVATE_KEY=" in out and out != result.output


def test_a_push_reaches_the_local_peer_signed_and_encrypted_for_the_subscriber(
    push_peer: PushPeer, vapid: VapidKeyPair
) -> None:
    sub = push_peer.new_subscription()
    payload = {"title": "নতুন উত্তর", "body": "টিকিট #১২৩৪-এ উত্তর এসেছে", "url": "/t/x", "tag": "ticket-x"}
    result = get_channel("push").send(_message(sub, payload, ttl=600, urgency="high", topic="ticket-x"))
    assert push_peer.rejected == []
    [got] = push_peer.received
    assert got.payload == payload  # decrypted at the peer with the subscriber's private key
    assert (got.ttl, got.urgency, got.topic) == (600, "high", "ticket-x")
    assert got.claims["sub"] == "mailto:support@seba.test"
    assert got.claims["aud"] == push_peer.base_url
    assert got.claims["k"] == vapid.public_key  # signed with our VAPID key, verified at the peer
    assert result.provider == "webpush" and result.provider_id == got.location


def test_the_peer_rejects_a_payload_encrypted_for_someone_else(
    push_peer: PushPeer, vapid: VapidKeyPair
) -> None:
    mine, other = push_peer.new_subscription(), push_peer.new_subscription()
    forged = dict(mine, keys=other["keys"])  # right endpoint, wrong subscriber keys
    with pytest.raises(PermanentSendError) as refused:
        get_channel("push").send(_message(forged, {"body": "x"}))
    assert refused.value.status == 400 and push_peer.received == []
    assert "authentication failed" in push_peer.rejected[0][2]


def test_the_peer_rejects_a_vapid_token_from_another_key(push_peer: PushPeer, vapid: VapidKeyPair) -> None:
    """A token signed by one key but presented with another `k` does not verify (403)."""
    from py_vapid import Vapid

    from backend.channels.push.vapid import generate_vapid_keys

    sub = push_peer.new_subscription()
    headers = Vapid.from_string(vapid.private_key).sign({"sub": "mailto:a@b.test", "aud": push_peer.base_url})
    token = headers["Authorization"].split("t=")[1].split(",")[0]
    forged = f"vapid t={token}, k={generate_vapid_keys().public_key}"
    import requests

    answer = requests.post(
        sub["endpoint"],
        data=b"x" * 100,
        timeout=5,
        headers={"TTL": "60", "Content-Encoding": "aes128gcm", "Authorization": forged},
    )
    assert answer.status_code == 403 and push_peer.received == []


def test_rfc8291_decryption_at_the_peer_matches_pywebpush_encryption(push_peer: PushPeer) -> None:
    from pywebpush import WebPusher

    sub = push_peer.new_subscription()
    encoded = WebPusher(sub).encode(b"\xe0\xa6\xb8" * 3000, content_encoding="aes128gcm")  # several records
    subscriber = push_peer.subscribers[sub["endpoint"].rsplit("/", 1)[1]]
    assert decrypt_aes128gcm(encoded["body"], subscriber) == b"\xe0\xa6\xb8" * 3000


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_subscription_is_removed(push_peer: PushPeer, vapid: VapidKeyPair, status: int) -> None:
    customer = make_customer()
    ticket = open_ticket(customer).ticket
    sub = push_peer.new_subscription()
    with transaction(Actor.customer(customer.id)) as tx:
        subscribe_customer_device(
            tx, customer_id=customer.id, device_id="d1", subscription=parse_subscription(sub)
        )
    push_peer.answer(sub["endpoint"], status)
    with pytest.raises(GoneRecipient):
        get_channel("push").send(_message(sub, {"body": "x"}))
    # And through the delivery job: the notification fails with the reason, the subscription goes.
    push_peer.answer(sub["endpoint"], status)
    payload = payloads.reply_payload(notification_id=uuid.uuid4(), ticket_id=ticket.id, number=7, locale="bn")
    with transaction(Actor.system()) as tx:
        note = Notification(
            customer_id=customer.id,
            ticket_id=ticket.id,
            channel="push",
            purpose="reply_alert",
            to_address=sub["endpoint"],
            body=payloads.encode(payload),
            idempotency_key="gone-1",
        )
        tx.session.add(note)
    assert deliver_notification(str(note.id)) == "failed"
    with read_session() as session:
        assert session.exec(select(PushSubscription)).all() == []
        stored = session.get(Notification, note.id)
    assert stored is not None and f"({status})" in (stored.error or "")
    assert push_peer.received == []


@pytest.mark.parametrize("status", [429, 500, 503])
def test_throttling_and_server_errors_are_transient(
    push_peer: PushPeer, vapid: VapidKeyPair, status: int
) -> None:
    sub = push_peer.new_subscription()
    push_peer.answer(sub["endpoint"], status)
    with pytest.raises(TransientSendError) as failed:
        get_channel("push").send(_message(sub, {"body": "x"}))
    assert failed.value.status == status
    get_channel("push").send(_message(sub, {"body": "y"}))  # the next try goes through
    assert [r.payload["body"] for r in push_peer.received] == ["y"]


def test_an_unreachable_push_service_is_transient(vapid: VapidKeyPair, push_peer: PushPeer) -> None:
    sub = push_peer.new_subscription()
    push_peer.stop()
    with pytest.raises(TransientSendError):
        get_channel("push").send(_message(sub, {"body": "x"}))


def test_without_vapid_keys_push_is_not_configured() -> None:
    with pytest.raises(PermanentSendError, match="seba vapid-keys"):
        get_channel("push")


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        ("nope", "object expected"),
        ({"endpoint": "ftp://x/y", "keys": {}}, "endpoint"),
        ({"endpoint": "http://push.example.com/x", "keys": {}}, "endpoint"),  # http only on loopback
        ({"endpoint": "https://push.example.com/x"}, "keys"),
        (
            {
                "endpoint": "https://push.example.com/x",
                "keys": {"p256dh": "AAAA", "auth": "AAAAAAAAAAAAAAAAAAAAAA"},
            },
            "keys.p256dh",
        ),
    ],
)
def test_malformed_subscriptions_are_refused_in_both_languages(data: object, detail: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_subscription(data)
    assert refused.value.code == "push_subscription_invalid"
    assert refused.value.params["detail"] == detail
    assert refused.value.message("bn") != refused.value.message("en")


def test_reply_payload_carries_no_message_text_and_speaks_the_customers_language() -> None:
    tid, nid = uuid.uuid4(), uuid.uuid4()
    bn = payloads.reply_payload(notification_id=nid, ticket_id=tid, number=1234, locale="bn")
    en = payloads.reply_payload(notification_id=nid, ticket_id=tid, number=1234, locale="en")
    assert bn == {
        "title": "নতুন উত্তর",
        "body": "টিকিট #১২৩৪-এ উত্তর এসেছে",
        "url": f"/t/{tid}",
        "tag": f"ticket-{tid}",
        "id": str(nid),
        "lang": "bn",
    }
    assert en["title"] == "New reply" and en["body"] == "Ticket #1234 has a reply"
    assert sys.getsizeof(payloads.encode(bn)) < 4096  # far below the 4 KB push payload limit
