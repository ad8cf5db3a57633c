"""Ladder policy: per-priority delays, quiet hours in Asia/Dhaka, steps held until the night ends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backend.config import Settings
from backend.delivery import ladder
from backend.delivery.policy import QuietHours, policy_for
from backend.queue import QueueName, get_queue
from tests.delivery.support import customer_with_push, notifications, reply
from tests.peers.push.server import PushPeer


def _settings(**kw: object) -> Settings:
    return Settings(**kw)  # type: ignore[arg-type]


def test_defaults_are_two_and_ten_minutes_and_urgent_is_faster() -> None:
    normal, urgent = policy_for("normal", _settings()), policy_for("urgent", _settings())
    assert (normal.push_after, normal.sms_after) == (timedelta(minutes=2), timedelta(minutes=10))
    assert (urgent.push_after, urgent.sms_after) == (timedelta(seconds=30), timedelta(minutes=3))
    assert normal.quiet_hours is not None and urgent.quiet_hours is None


def test_quiet_hours_wrap_midnight_in_dhaka() -> None:
    quiet = QuietHours.parse("22:00-08:00", "Asia/Dhaka")
    assert quiet is not None
    # Dhaka is UTC+6: 16:30 UTC = 22:30 local (quiet), 02:00 UTC = 08:00 local (not quiet).
    assert quiet.contains(datetime(2026, 11, 25, 16, 30, tzinfo=UTC))
    assert not quiet.contains(datetime(2026, 11, 26, 2, 0, tzinfo=UTC))
    assert not quiet.contains(datetime(2026, 11, 25, 15, 59, tzinfo=UTC))
    assert quiet.end_after(datetime(2026, 11, 25, 16, 30, tzinfo=UTC)) == datetime(
        2026, 11, 26, 2, 0, tzinfo=UTC
    )
    assert quiet.end_after(datetime(2026, 11, 25, 21, 0, tzinfo=UTC)) == datetime(
        2026, 11, 26, 2, 0, tzinfo=UTC
    )
    with pytest.raises(ValueError, match="22:00-08:00"):
        QuietHours.parse("late", "Asia/Dhaka")


def test_a_reply_at_2159_dhaka_gets_its_push_at_0800_and_the_sms_eight_minutes_later() -> None:
    policy = policy_for("normal", _settings())
    replied = datetime(2026, 11, 25, 15, 59, tzinfo=UTC)  # 21:59 in Dhaka
    assert policy.push_due(replied) == datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
    assert policy.sms_due(replied) == datetime(2026, 11, 26, 2, 8, tzinfo=UTC)
    urgent = policy_for("urgent", _settings())
    assert urgent.push_due(replied) == replied + timedelta(seconds=30)


def test_per_priority_overrides_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LADDER_PRIORITY_OVERRIDES", '{"high": {"push_after_seconds": 60}}')
    settings = Settings()
    assert policy_for("high", settings).push_after == timedelta(seconds=60)
    assert policy_for("high", settings).sms_after == timedelta(minutes=10)
    assert policy_for("urgent", settings).push_after == timedelta(minutes=2)  # the default override replaced


def test_a_step_run_early_reschedules_itself_and_sends_nothing(push_peer: PushPeer) -> None:
    customer, _ = customer_with_push(push_peer)
    _, message_id = reply(customer)
    settings = _settings(quiet_hours="")
    assert ladder.run_step(message_id, ladder.Step.push, settings) == "not_due"
    scheduled = get_queue(QueueName.high).scheduled_job_registry.get_job_ids()
    assert any(job_id.startswith(f"ladder-{message_id}-push-") for job_id in scheduled)
    assert [n.channel for n in notifications(message_id)] == []


def test_steps_are_idempotent_and_the_sweep_finds_lost_ones(push_peer: PushPeer) -> None:
    customer, _ = customer_with_push(push_peer)
    _, message_id = reply(customer)
    settings = _settings(quiet_hours="")
    later = datetime.now(UTC) + timedelta(minutes=11)
    # Redis lost the scheduled jobs: the sweep sees both steps due.
    assert sorted(s for m, s in ladder.due_replies(settings, now=later) if m == message_id) == ["push", "sms"]
    assert ladder.run_step(message_id, ladder.Step.push, settings, now=later) == "push:1"
    assert ladder.run_step(message_id, ladder.Step.push, settings, now=later) == "done"
    assert ladder.run_step(message_id, ladder.Step.sms, settings, now=later) == "sms:1"
    assert ladder.run_step(message_id, ladder.Step.sms, settings, now=later) == "done"
    assert ladder.due_replies(settings, now=later) == []
    keys = sorted(n.idempotency_key for n in notifications(message_id))
    assert keys[0].startswith(f"reply:{message_id}:push:") and keys[1] == f"reply:{message_id}:sms_alert"


def test_an_sms_opted_out_customer_without_email_gets_no_sms(push_peer: PushPeer) -> None:
    import sqlalchemy as sa

    from backend.db import get_engine
    from backend.models import Customer

    customer, _ = customer_with_push(push_peer)
    with get_engine().begin() as conn:
        conn.execute(
            sa.update(Customer).where(Customer.id == customer.id).values(sms_opted_out_at=datetime.now(UTC))
        )  # type: ignore[arg-type]
    _, message_id = reply(customer)
    later = datetime.now(UTC) + timedelta(minutes=11)
    assert (
        ladder.run_step(message_id, ladder.Step.sms, _settings(quiet_hours=""), now=later) == "sms:1"
    )  # a suppressed marker, nothing sent
    [marker] = notifications(message_id)
    assert marker.status == "suppressed" and marker.error == "sms opted out and no email"
