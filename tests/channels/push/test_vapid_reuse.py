"""One VAPID token per push service, reused until shortly before it expires (RFC 8292 allows it),
instead of an ES256 signature per push; the LOCAL push peer verifies every one."""

from __future__ import annotations

import json
import time
import uuid
from types import SimpleNamespace

import pytest

from backend.channels.base import OutboundMessage
from backend.channels.push import channel as push_channel
from backend.channels.push.vapid import VapidKeyPair
from backend.channels.registry import get_channel
from tests.peers.push.server import PushPeer


def _message(sub: dict) -> OutboundMessage:
    payload = {"title": "Seba", "body": "ticket #7 has a reply", "tag": "t7"}
    return OutboundMessage(
        notification_id=uuid.uuid4(),
        idempotency_key=f"test:{uuid.uuid4()}",
        channel="push",
        to_address=sub["endpoint"],
        body=payload["body"],
        extra={"p256dh": sub["keys"]["p256dh"], "auth": sub["keys"]["auth"], "payload": json.dumps(payload)},
    )


def test_pushes_to_one_push_service_share_one_token_and_each_service_gets_its_own(
    push_peer: PushPeer, vapid: VapidKeyPair
) -> None:
    other_service = PushPeer().start()
    try:
        sender = get_channel("push")
        for _ in range(3):
            sender.send(_message(push_peer.new_subscription()))
        sender.send(_message(other_service.new_subscription()))
        first, second, third = push_peer.received
        [elsewhere] = other_service.received
    finally:
        other_service.stop()
    assert first.claims == second.claims == third.claims  # verified by the peer each time
    assert first.claims["aud"] == push_peer.base_url
    assert elsewhere.claims["aud"] != first.claims["aud"]
    assert first.claims["k"] == vapid.public_key == elsewhere.claims["k"]
    assert first.claims["exp"] - time.time() > 11 * 3600


def test_a_token_about_to_expire_is_signed_again(
    push_peer: PushPeer, vapid: VapidKeyPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    sender = get_channel("push")
    sender.send(_message(push_peer.new_subscription()))
    later = time.time() + push_channel.VAPID_TOKEN_SECONDS - push_channel.VAPID_RENEW_BEFORE_SECONDS + 60
    monkeypatch.setattr(push_channel, "time", SimpleNamespace(time=lambda: later))
    sender.send(_message(push_peer.new_subscription()))
    first, renewed = push_peer.received
    assert renewed.claims["exp"] > first.claims["exp"]
    assert renewed.claims["aud"] == first.claims["aud"]
