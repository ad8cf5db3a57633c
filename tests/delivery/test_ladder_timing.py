"""The delivery ladder's timing through a real worker process with the RQ scheduler, against the
LOCAL push service peer (tests/peers/push): T1 = 1 s, T2 = 2 s here instead of 2 and 10 minutes."""

from __future__ import annotations

import time
from pathlib import Path

from backend.channels.push.vapid import VapidKeyPair
from backend.db import Actor, transaction
from backend.services.delivery import record_deliveries
from tests.delivery.support import (
    customer_with_push,
    device_of,
    notifications,
    reply,
    wait_for,
    worker_process,
)
from tests.peers.push.server import PushPeer

LADDER = {
    "LADDER_PUSH_AFTER_SECONDS": "1",
    "LADDER_SMS_AFTER_SECONDS": "2",
    "LADDER_PRIORITY_OVERRIDES": '{"urgent": {"push_after_seconds": 0.5, "sms_after_seconds": 1}}',
}


def test_push_after_t1_then_sms_after_t2_when_no_device_received_the_reply(
    push_peer: PushPeer, vapid: VapidKeyPair, tmp_path: Path
) -> None:
    customer, _ = customer_with_push(push_peer, locale="en")
    with worker_process(tmp_path / "worker.log", QUIET_HOURS="", **LADDER):
        started = time.monotonic()
        ticket_id, message_id = reply(customer)
        pushed_at = wait_for(lambda: push_peer.delivered(), timeout=15)
        sms_at = wait_for(
            lambda: [n for n in notifications(message_id) if n.channel == "sms" and n.status == "sent"],
            timeout=15,
        )
    assert 1.0 <= pushed_at - started < 6, pushed_at - started
    assert 2.0 <= sms_at - started < 8 and sms_at > pushed_at
    [push] = push_peer.delivered()
    assert push.payload["title"] == "New reply" and push.payload["url"] == f"/t/{ticket_id}"
    assert "পৌঁছাবে" not in str(push.payload)  # the reply's text never travels in the push
    keys = sorted(n.idempotency_key for n in notifications(message_id))
    assert keys[0] == f"reply:{message_id}:in_app" and keys[1].startswith(f"reply:{message_id}:push:")
    assert keys[2:] == [f"reply:{message_id}:sms_alert"]
    assert len(push_peer.received) == 1  # nothing sent twice


def test_no_push_and_no_sms_when_a_device_received_the_reply_before_t1(
    push_peer: PushPeer, vapid: VapidKeyPair, tmp_path: Path
) -> None:
    customer, _ = customer_with_push(push_peer)
    with worker_process(tmp_path / "worker.log", QUIET_HOURS="", **LADDER):
        _, message_id = reply(customer)
        with transaction(Actor.customer(customer.id)) as tx:  # the app pulled it (sync cursor passed it)
            record_deliveries(
                tx, customer_id=customer.id, device_id=device_of(customer), message_ids=[message_id]
            )
        time.sleep(3.5)
    assert push_peer.received == []
    assert [n.channel for n in notifications(message_id)] == ["in_app"]


def test_received_between_push_and_sms_stops_the_sms(
    push_peer: PushPeer, vapid: VapidKeyPair, tmp_path: Path
) -> None:
    customer, _ = customer_with_push(push_peer)
    slower_sms = {**LADDER, "LADDER_SMS_AFTER_SECONDS": "5"}
    with worker_process(tmp_path / "worker.log", QUIET_HOURS="", **slower_sms):
        _, message_id = reply(customer)
        wait_for(lambda: push_peer.delivered(), timeout=15)
        with transaction(Actor.customer(customer.id)) as tx:  # the push woke the app; it pulled
            record_deliveries(
                tx, customer_id=customer.id, device_id=device_of(customer), message_ids=[message_id]
            )
        time.sleep(4.5)
    assert sorted(n.channel for n in notifications(message_id)) == ["in_app", "push"]


def test_quiet_hours_hold_the_steps_but_not_for_urgent_tickets(
    push_peer: PushPeer, vapid: VapidKeyPair, tmp_path: Path
) -> None:
    """Quiet hours around the clock (00:00-23:59:59 Dhaka) hold a normal ticket's steps; urgent ones go."""
    normal_customer, _ = customer_with_push(push_peer)
    urgent_customer, _ = customer_with_push(push_peer)
    with worker_process(tmp_path / "worker.log", QUIET_HOURS="00:00-23:59:59", **LADDER):
        _, normal_id = reply(normal_customer)
        _, urgent_id = reply(urgent_customer, priority="urgent")
        wait_for(
            lambda: [n for n in notifications(urgent_id) if n.channel == "sms" and n.status == "sent"], 15
        )
        time.sleep(1.5)
    assert len(push_peer.delivered()) == 1 and push_peer.delivered()[0].urgency == "high"
    assert [n.channel for n in notifications(normal_id)] == ["in_app"]
