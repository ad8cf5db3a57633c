"""A real worker process SIGKILLed 50 times mid-delivery, against LOCAL peers (tests/peers: a Twilio
REST peer and an RFC 8030 push service peer; neither is the real service) that hold their answers
after accepting a message, so many kills land between the provider call and the worker recording it.

Exactly once, as far as each provider allows:
* SMS: Twilio has the Messages list, so a resumed attempt asks find_sent() and adopts the message it
  finds: the peer must hold exactly one message per notification, whose SID the notification records.
* Web push: RFC 8030 has no lookup, so a resumed attempt sends again with the same Topic, and the push
  service replaces the copy it still holds (§5.4). The peer must hold exactly one DELIVERED (not
  replaced) message per notification; the replaced copies are counted. The window this cannot close:
  a crash after the push service answered 201 and before `sent` is committed (milliseconds), with a
  phone that was online. The push service hands such a message over at once, so the re-send (after
  the lease, 60 s) finds nothing to replace and the phone receives it twice. The service worker shows
  both under the same `tag`, so one notification stays on screen, but it sets `renotify` for tagged
  pushes (app/pwa/sw_template.js), so the phone sounds/vibrates a second time. An offline phone gets
  one copy.

SMS with the same text to the same number (two alerts for two replies on one ticket): find_sent
looks from the notification's creation on, so a later alert is never matched to an earlier one's
message. Left open: two such notifications both unresolved at once (both created before either went
out, a crash cut both short) of which only one reached Twilio: both adopt that one message, so the
customer gets one text instead of two identical ones (never a duplicate). When both reached
Twilio, both adopt the newer SID: two texts, as there should be, with one SID recorded twice."""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from backend.channels.push.vapid import VapidKeyPair
from backend.channels.registry import reset_channels
from backend.config import reset_settings_cache
from backend.db import read_session
from backend.delivery import ladder
from backend.models import AuditEvent, Notification
from backend.queue import QueueName, get_queue
from tests.delivery.crash import (
    HoldingPushPeer,
    HoldingTwilioPeer,
    kill_tree,
    start_worker,
    stop_worker,
)
from tests.delivery.support import customer_with_push, reply, wait_for
from workers.jobs.notifications import requeue_stuck_notifications

KILLS = 50
CUSTOMERS = 25  # each: one web reply -> one push + one SMS alert = 50 notifications
ACCOUNT_SID = "AC" + "5e" * 16
AUTH_TOKEN = "7f" * 16
FROM_NUMBER = "+8809610001234"
# Short lease and backoff so the run takes a minute or two, not hours; the mechanism is the product's.
WORKER_ENV = {
    "DELIVERY_LEASE_SECONDS": "2",
    "DELIVERY_RETRY_BASE_SECONDS": "0.5",
    "DELIVERY_MAX_ATTEMPTS": "60",
    "QUIET_HOURS": "",
}


@pytest.fixture
def holding_peers(monkeypatch: pytest.MonkeyPatch, vapid: VapidKeyPair):  # type: ignore[no-untyped-def]
    """Both local peers, Seba's settings pointing the twilio SDK and pywebpush at them."""
    twilio = HoldingTwilioPeer(
        account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, from_number=FROM_NUMBER, hold=(0.2, 0.6)
    ).start()
    push = HoldingPushPeer(hold=(0.2, 0.6)).start()
    for name, value in {
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": FROM_NUMBER,
        "TWILIO_API_BASE_URL": twilio.base_url,
        **WORKER_ENV,
    }.items():
        monkeypatch.setenv(name, value)
    reset_settings_cache()
    reset_channels()
    try:
        yield twilio, push
    finally:
        twilio.stop()
        push.stop()


def _delivery_notifications() -> list[Notification]:
    with read_session() as session:
        query = select(Notification).where(col(Notification.channel).in_(["push", "sms"]))
        return list(session.exec(query))


def _all_final() -> bool:
    return all(n.status in ("sent", "failed", "suppressed") for n in _delivery_notifications())


def _sweep_if_idle() -> int:
    """The stuck-notification sweep (every 60 s in `seba worker`), run here when the queue is empty:
    it re-enqueues notifications whose job died with a killed worker, once their lease has passed."""
    if len(get_queue(QueueName.high)) > 0:
        return 0
    return requeue_stuck_notifications(older_than_seconds=0)


def test_sigkill_50_times_mid_send_local_peers_get_each_sms_once_and_each_push_delivered_once(
    holding_peers: tuple[HoldingTwilioPeer, HoldingPushPeer], tmp_path: Path
) -> None:
    twilio, push = holding_peers
    twilio.list_failure_rate = 0.2  # Twilio's list API failing at times must not cause a blind re-send
    rng = random.Random(5)
    later = datetime.now(UTC) + timedelta(minutes=11)
    for _ in range(CUSTOMERS):  # real replies, real ladder steps: the product creates the notifications
        customer, _ = customer_with_push(push)
        _, message_id = reply(customer)
        assert ladder.run_step(message_id, ladder.Step.push, now=later) == "push:1"
        assert ladder.run_step(message_id, ladder.Step.sms, now=later) == "sms:1"
    notifications = _delivery_notifications()
    assert Counter(n.channel for n in notifications) == {"push": CUSTOMERS, "sms": CUSTOMERS}

    log = tmp_path / "worker.log"
    in_window = 0
    started = time.monotonic()
    for kill in range(KILLS):
        proc = start_worker(log, WORKER_ENV)
        try:
            if kill % 2 == 0:
                # Aim: wait until a peer has accepted a message and holds its answer, kill inside that.
                try:
                    wait_for(lambda: twilio.counter.holding or push.counter.holding, timeout=15, step=0.01)
                    time.sleep(rng.uniform(0, 0.15))
                except AssertionError:
                    pass  # nothing left to send in time (or a very slow start on a busy machine)
            else:
                time.sleep(rng.uniform(0.2, 2.0))  # anywhere: start-up, dequeue, claim, send, record
            in_window += bool(twilio.counter.holding or push.counter.holding)
        finally:
            kill_tree(proc)
        _sweep_if_idle()

    # The kills are over: no more holding, drain (a generous deadline for a busy machine).
    twilio.hold_range = push.hold_range = (0.0, 0.0)
    proc = start_worker(log, WORKER_ENV)
    try:
        deadline = time.monotonic() + 180
        while not _all_final() and time.monotonic() < deadline:
            _sweep_if_idle()
            time.sleep(0.5)
    finally:
        stop_worker(proc)
    elapsed = time.monotonic() - started

    notifications = _delivery_notifications()
    statuses = Counter(n.status for n in notifications)
    assert statuses == {"sent": 2 * CUSTOMERS}, (statuses, [n.error for n in notifications if n.error])

    # SMS: each notification exactly one message at the peer, the one whose SID it recorded.
    sms = [n for n in notifications if n.channel == "sms"]
    for n in sms:
        at_peer = twilio.messages_to(n.to_address, n.body)
        assert len(at_peer) == 1, (n.idempotency_key, [m["sid"] for m in at_peer])
        assert at_peer[0]["sid"] == n.provider_id
    assert len(twilio.messages) == len(sms)

    # Push: exactly one delivered (not replaced) message per notification; re-sends replaced copies.
    pushes = [n for n in notifications if n.channel == "push"]
    delivered = Counter(r.payload["id"] for r in push.delivered())
    assert delivered == {str(n.id): 1 for n in pushes}
    resent = len(push.received) - len(push.delivered())

    with read_session() as session:
        adopted = [
            a
            for a in session.exec(select(AuditEvent).where(AuditEvent.action == "notification.sent"))
            if a.data.get("adopted")
        ]
    attempts = Counter(n.attempts for n in notifications)
    # The run must have exercised the windows it claims to: SMS found after a kill, pushes re-sent.
    assert adopted, "no SMS was adopted through find_sent: the kills missed the send/record window"
    assert in_window >= KILLS // 5, f"only {in_window} kills landed while a peer held an accepted message"
    assert twilio.list_failures >= 1
    print(
        f"\n{KILLS} SIGKILLs ({in_window} while a peer held an accepted message), {elapsed:.0f} s; "
        f"SMS adopted via find_sent: {len(adopted)}, Messages list calls {twilio.list_calls} "
        f"({twilio.list_failures} answered 503); push re-sends replaced under their Topic: {resent}; "
        f"attempts per notification: {dict(sorted(attempts.items()))}"
    )


def test_a_resumed_sms_whose_lookup_fails_is_not_sent_again_but_asked_again_later_local_twilio_peer(
    holding_peers: tuple[HoldingTwilioPeer, HoldingPushPeer],
) -> None:
    """The bug the SIGKILL run found: find_sent() failing (Twilio's list API answering 503) was taken
    as "not sent", and the SMS went out twice. Now the job stays `sending` and asks again later."""
    from workers.jobs.notifications import deliver_notification

    twilio, push = holding_peers
    twilio.hold_range = (0.0, 0.0)
    customer, _ = customer_with_push(push)
    _, message_id = reply(customer)
    later = datetime.now(UTC) + timedelta(minutes=11)
    ladder.run_step(message_id, ladder.Step.sms, now=later)
    [n] = [x for x in _delivery_notifications() if x.channel == "sms"]
    twilio.drop_next = 1  # Twilio creates the message; the answer never arrives (as if killed there)
    assert deliver_notification(str(n.id)) == "retrying"
    assert len(twilio.messages) == 1
    twilio.list_failure_rate = 1.0
    assert deliver_notification(str(n.id)) == "retrying"
    assert len(twilio.messages) == 1 and twilio.list_failures == 1
    with read_session() as session:
        stored = session.get(Notification, n.id)
        assert stored is not None and stored.status == "sending" and "503" in (stored.error or "")
    twilio.list_failure_rate = 0.0
    assert deliver_notification(str(n.id)) == "sent"
    assert len(twilio.messages) == 1
    with read_session() as session:
        stored = session.get(Notification, n.id)
        assert stored is not None and stored.provider_id == twilio.messages[0]["sid"]


def test_a_second_identical_sms_alert_cut_short_is_sent_not_matched_to_the_first_local_twilio_peer(
    holding_peers: tuple[HoldingTwilioPeer, HoldingPushPeer],
) -> None:
    """Two replies on one ticket give two alerts with the same text to the same number. The second's
    first attempt died before reaching Twilio; its resume must not adopt the first alert's message
    (find_sent used to look back 24 hours; it now looks back to the notification's creation)."""
    from email.utils import format_datetime

    import sqlalchemy as sa

    from backend.db import Actor, get_engine, transaction
    from backend.delivery import attempts
    from backend.services import messages as message_service
    from tests.support.factories import make_agent
    from workers.jobs.notifications import deliver_notification

    twilio, push = holding_peers
    twilio.hold_range = (0.0, 0.0)
    customer, _ = customer_with_push(push)
    ticket_id, first_reply = reply(customer)
    later = datetime.now(UTC) + timedelta(minutes=30)
    ladder.run_step(first_reply, ladder.Step.sms, now=later)
    [first] = [x for x in _delivery_notifications() if x.channel == "sms"]
    assert deliver_notification(str(first.id)) == "sent"
    twilio.messages[0]["date_created"] = format_datetime(datetime.now(UTC) - timedelta(minutes=3))

    agent = make_agent()
    with transaction(Actor.agent(agent.id)) as tx:
        second_reply = message_service.post_agent_reply(
            tx, agent_id=agent.id, ticket_id=ticket_id, body="আরেকটি উত্তর"
        ).id
    ladder.run_step(second_reply, ladder.Step.sms, now=later)
    [second] = [x for x in _delivery_notifications() if x.channel == "sms" and x.id != first.id]
    assert second.body == first.body and second.to_address == first.to_address
    # Its first attempt: claimed, then the worker died before calling Twilio; the lease has passed.
    assert attempts.claim(second.id, lease=timedelta(seconds=2)).outcome is attempts.Claim.fresh
    with get_engine().begin() as conn:
        conn.execute(
            sa.update(Notification)
            .where(Notification.id == second.id)  # type: ignore[arg-type]
            .values(attempt_started_at=datetime.now(UTC) - timedelta(minutes=1))
        )
    assert deliver_notification(str(second.id)) == "sent"
    assert len(twilio.messages) == 2
    with read_session() as session:
        stored = session.get(Notification, second.id)
        assert stored is not None and stored.provider_id == twilio.messages[1]["sid"] != first.provider_id
