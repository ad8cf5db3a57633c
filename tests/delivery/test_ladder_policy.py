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


def test_a_priority_can_leave_out_the_sms_step(push_peer: PushPeer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LADDER_STEPS_BY_PRIORITY", '{"low": ["push"]}')
    settings = Settings(quiet_hours="")  # type: ignore[call-arg]
    assert policy_for("low", settings).steps == ("push",)
    assert policy_for("normal", settings).steps == ("push", "sms")
    customer, _ = customer_with_push(push_peer)
    _, message_id = reply(customer, priority="low")
    later = datetime.now(UTC) + timedelta(minutes=11)
    planned = ladder.plan_reply_delivery(message_id, settings)
    assert [p.split("@")[0] for p in planned] == ["push"]
    assert [s for m, s in ladder.due_replies(settings, now=later) if m == message_id] == ["push"]
    assert ladder.run_step(message_id, ladder.Step.sms, settings, now=later) == "not_taken"
    assert [n.channel for n in notifications(message_id)] == []
    # Without a push step the SMS is due T2 after the reply, not held behind a push.
    sms_only = Settings(quiet_hours="", ladder_steps_by_priority={"low": ["sms"]})  # type: ignore[call-arg]
    replied = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    assert policy_for("low", sms_only).sms_due(replied) == replied + timedelta(minutes=10)


def test_the_alert_goes_to_the_first_alert_channel_that_reaches_the_customer(push_peer: PushPeer) -> None:
    import sqlalchemy as sa

    from backend.db import get_engine
    from backend.models import Customer

    customer, _ = customer_with_push(push_peer)
    with get_engine().begin() as conn:
        conn.execute(sa.update(Customer).where(Customer.id == customer.id).values(email="mitu@example.com"))  # type: ignore[arg-type]
    later = datetime.now(UTC) + timedelta(minutes=11)
    _, first = reply(customer)
    assert ladder.run_step(first, ladder.Step.sms, _settings(quiet_hours=""), now=later) == "sms:1"
    assert [(n.channel, n.to_address) for n in notifications(first)] == [("sms", customer.phone)]
    _, second = reply(customer)
    email_first = _settings(quiet_hours="", ladder_alert_channels="email,sms")
    assert ladder.run_step(second, ladder.Step.sms, email_first, now=later) == "sms:1"
    [alert] = notifications(second)
    assert (alert.channel, alert.to_address, alert.idempotency_key) == (
        "email",
        "mitu@example.com",
        f"reply:{second}:email_alert",
    )
    _, third = reply(customer)
    email_only = _settings(quiet_hours="", ladder_alert_channels="email")
    with get_engine().begin() as conn:
        conn.execute(sa.update(Customer).where(Customer.id == customer.id).values(email=None))  # type: ignore[arg-type]
    assert ladder.run_step(third, ladder.Step.sms, email_only, now=later) == "sms:1"
    [marker] = notifications(third)
    assert (marker.status, marker.error) == ("suppressed", "no email")


def test_bad_ladder_choices_are_refused_with_the_setting_named() -> None:
    with pytest.raises(ValueError, match="LADDER_STEPS_BY_PRIORITY"):
        _settings(ladder_steps_by_priority={"low": ["fax"]})
    with pytest.raises(ValueError, match="LADDER_ALERT_CHANNELS"):
        _settings(ladder_alert_channels="pigeon")
    with pytest.raises(ValueError, match="LADDER_PRAYER_CITY"):
        _settings(ladder_prayer_aware=True, ladder_prayer_city="kolkata")


def test_prayer_awareness_holds_a_step_until_the_window_after_the_adhan_ends() -> None:
    # Dhaka, 20 March 2026: Maghrib 18:09 (BANGLADESH.md), i.e. 12:09 UTC.
    settings = _settings(quiet_hours="", ladder_prayer_aware=True, ladder_prayer_minutes=20)
    policy = policy_for("normal", settings)
    replied = datetime(2026, 3, 20, 11, 59, tzinfo=UTC)  # 17:59 in Dhaka
    # The push (18:01) is before the adhan; the SMS (18:09) falls in 18:09-18:29 and waits.
    assert policy.push_due(replied) == replied + timedelta(minutes=2)
    maghrib_end = policy.sms_due(replied)
    assert abs(maghrib_end - datetime(2026, 3, 20, 12, 29, tzinfo=UTC)) < timedelta(minutes=1)
    # Dhuhr 12:07 in Dhaka: a push due at 12:10 waits until about 12:27.
    noon = datetime(2026, 3, 20, 6, 8, tzinfo=UTC)  # 12:08 in Dhaka, push due 12:10
    assert abs(policy.push_due(noon) - datetime(2026, 3, 20, 6, 27, tzinfo=UTC)) < timedelta(minutes=1)
    # Off by default, and urgent replies never wait.
    assert policy_for("normal", _settings(quiet_hours="")).sms_due(replied) == replied + timedelta(minutes=10)
    assert policy_for("urgent", settings).sms_due(replied) == replied + timedelta(minutes=3)
    # Between prayers nothing moves.
    afternoon = datetime(2026, 3, 20, 8, 0, tzinfo=UTC)  # 14:00 in Dhaka
    assert policy.sms_due(afternoon) == afternoon + timedelta(minutes=10)
