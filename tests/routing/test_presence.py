"""Presence: heartbeats with expiry, away, explicit offline, one-round-trip reads, console events."""

from __future__ import annotations

import json
import time
import uuid

import pytest

from backend import presence
from backend.errors import ValidationFailed
from backend.presence import Presence
from backend.realtime import CONSOLE_CHANNEL
from backend.redis_store import get_redis


def _console_events(pubsub) -> list[dict]:  # type: ignore[no-untyped-def]
    events = []
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        message = pubsub.get_message(timeout=0.05)
        if message is None:
            if events:
                break
            continue
        if message["type"] == "message":
            events.append(json.loads(message["data"]))
    return events


def test_heartbeat_online_away_and_offline() -> None:
    a, b, never = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    assert presence.heartbeat(a).changed
    assert not presence.heartbeat(a, "online").changed  # a repeated beat is no change
    presence.heartbeat(b, "away")
    assert presence.presence_of([a, b, never]) == {
        a: Presence.online,
        b: Presence.away,
        never: Presence.offline,
    }
    assert presence.online_agents() == [a]
    assert sorted(presence.present_agent_ids()) == sorted([a, b])
    change = presence.set_offline(a)
    assert (change.old, change.new) == (Presence.online, Presence.offline)
    assert presence.presence_of([a])[a] is Presence.offline
    assert presence.online_agents() == []


def test_status_must_be_online_or_away() -> None:
    with pytest.raises(ValidationFailed) as refused:
        presence.heartbeat(uuid.uuid4(), "busy")
    assert refused.value.code == "presence_status_unknown" and refused.value.status == 422


def test_the_key_expires_after_the_ttl_and_the_sweep_announces_it() -> None:
    agent = uuid.uuid4()
    presence.heartbeat(agent)
    key = presence.STATUS_KEY + str(agent)
    assert 40 <= get_redis().ttl(key) <= 45
    get_redis().pexpire(key, 1)
    time.sleep(0.02)
    assert presence.presence_of([agent])[agent] is Presence.offline
    [change] = presence.announce_expired()
    assert (change.agent_id, change.old, change.new) == (agent, Presence.online, Presence.offline)
    assert presence.announce_expired() == []  # announced once
    # Coming back after the expiry is a change (offline -> online) even though nobody said offline.
    assert presence.heartbeat(agent).old is Presence.offline


def test_offline_moments_for_the_grace_period() -> None:
    t0 = 1_800_000_000.0
    beat_then_silent, signed_out, online = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    presence.heartbeat(beat_then_silent, now=t0)  # offline at t0 + 45 unless it beats again
    presence.heartbeat(signed_out, now=t0)
    presence.set_offline(signed_out, now=t0 + 10)
    presence.heartbeat(online)
    get_redis().delete(presence.STATUS_KEY + str(beat_then_silent))  # the key expired
    assert presence.offline_longer_than(60, now=t0 + 69) == {}
    assert presence.offline_longer_than(60, now=t0 + 71) == {signed_out: t0 + 10}
    assert presence.offline_longer_than(60, now=t0 + 106) == {signed_out: t0 + 10, beat_then_silent: t0 + 45}
    # Signing out again later does not move the moment the agent went offline.
    presence.set_offline(signed_out, now=t0 + 500)
    assert presence.offline_longer_than(60, now=t0 + 106)[signed_out] == t0 + 10


def test_presence_details_in_one_round_trip() -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    presence.heartbeat(a, "away", now=1_800_000_000.0)
    details = presence.presence_details([a, b])
    assert details[a].status is Presence.away and details[a].offline_at == 1_800_000_045.0
    assert details[b].status is Presence.offline and details[b].offline_at is None


def test_status_changes_are_published_to_consoles() -> None:
    agent = uuid.uuid4()
    pubsub = get_redis().pubsub()
    pubsub.subscribe(CONSOLE_CHANNEL)
    pubsub.get_message(timeout=1.0)  # the subscribe confirmation
    presence.heartbeat(agent)
    presence.heartbeat(agent)  # no change: nothing published
    presence.heartbeat(agent, "away")
    presence.set_offline(agent)
    events = _console_events(pubsub)
    pubsub.close()
    assert [(e["kind"], e["agent_id"], e["status"]) for e in events] == [
        ("presence", str(agent), "online"),
        ("presence", str(agent), "away"),
        ("presence", str(agent), "offline"),
    ]
