"""Agent presence: online / away from console heartbeats on Redis keys that expire, offline otherwise.

Three Redis structures, all under one hash tag so the scripts below also run on Redis Cluster:

- ``seba:{presence}:status:<agent id>``: "online" or "away", expiring `presence_ttl_seconds` after
  the last heartbeat (the console beats every `presence_heartbeat_seconds`, well inside the TTL);
- ``seba:{presence}:offline_at``: a sorted set, agent id -> the moment (epoch seconds) the agent is
  (or will be, if no further heartbeat comes) offline; the offline sweep reads it to apply the
  grace period (`backend.routing.offline`);
- ``seba:{presence}:announced``: a hash, agent id -> the last status published to the consoles, so
  that an expiry nobody saw happen is announced by the sweep (`announce_expired`).

A status change publishes the console event "presence" and dispatches `AgentPresenceChanged`
(routing drains its waiting queue when an agent comes online).
"""

from __future__ import annotations

import enum
import logging
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from backend.config import get_settings
from backend.errors import ValidationFailed
from backend.redis_store import get_redis

log = logging.getLogger(__name__)


class Presence(enum.StrEnum):
    online = "online"
    away = "away"
    offline = "offline"


STATUS_KEY = "seba:{presence}:status:"
OFFLINE_AT_KEY = "seba:{presence}:offline_at"
ANNOUNCED_KEY = "seba:{presence}:announced"

# KEYS: status key, offline_at, announced. ARGV: agent id, status, ttl, offline_at score.
# Returns the status before the heartbeat ("offline" when the key had expired).
_HEARTBEAT = """
local old = redis.call('GET', KEYS[1])
if not old then old = 'offline' end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
return old
"""

# KEYS: status key, offline_at, announced. ARGV: agent id, now.
# LT keeps an earlier offline moment (an agent whose key had already expired stays offline since then).
_SET_OFFLINE = """
local old = redis.call('GET', KEYS[1])
if not old then old = 'offline' end
redis.call('DEL', KEYS[1])
redis.call('ZADD', KEYS[2], 'LT', ARGV[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return old
"""

# KEYS: announced. ARGV: the status key prefix. Returns [agent id, last announced status, ...] of
# agents announced present whose key has expired, and forgets them (atomically: a heartbeat racing
# with the sweep is never lost).
_EXPIRED = """
local found = {}
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  if redis.call('EXISTS', ARGV[1] .. entries[i]) == 0 then
    redis.call('HDEL', KEYS[1], entries[i])
    table.insert(found, entries[i])
    table.insert(found, entries[i + 1])
  end
end
return found
"""


@dataclass(frozen=True)
class PresenceChange:
    agent_id: uuid.UUID
    old: Presence
    new: Presence

    @property
    def changed(self) -> bool:
        return self.old != self.new


def _now(now: float | None) -> float:
    return time.time() if now is None else now


def _decode(value: bytes | str | None) -> str | None:
    if value is None:
        return None
    return value.decode() if isinstance(value, bytes) else value


def parse_presence(status: str) -> Presence:
    """A status an agent may set by heartbeat: online or away (offline is `set_offline`)."""
    if status not in (Presence.online, Presence.away):
        raise ValidationFailed("presence_status_unknown", value=str(status)[:20])
    return Presence(status)


def heartbeat(
    agent_id: uuid.UUID, status: str = Presence.online, *, now: float | None = None
) -> PresenceChange:
    """The console says the agent is here (online) or at their desk but not taking work (away)."""
    presence = parse_presence(status)
    ttl = get_settings().presence_ttl_seconds
    old = get_redis().eval(
        _HEARTBEAT,
        3,
        STATUS_KEY + str(agent_id),
        OFFLINE_AT_KEY,
        ANNOUNCED_KEY,
        str(agent_id),
        str(presence),
        str(ttl),
        repr(_now(now) + ttl),
    )
    change = PresenceChange(agent_id, Presence(_decode(old)), presence)  # type: ignore[arg-type]
    _announce([change])
    return change


def set_offline(agent_id: uuid.UUID, *, now: float | None = None) -> PresenceChange:
    """The agent signed out or closed the console on purpose: offline now (the grace period starts)."""
    old = get_redis().eval(
        _SET_OFFLINE,
        3,
        STATUS_KEY + str(agent_id),
        OFFLINE_AT_KEY,
        ANNOUNCED_KEY,
        str(agent_id),
        repr(_now(now)),
    )
    change = PresenceChange(agent_id, Presence(_decode(old)), Presence.offline)  # type: ignore[arg-type]
    _announce([change])
    return change


def presence_of(agent_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Presence]:
    """Each agent's presence, in one Redis round trip (MGET)."""
    ids = list(dict.fromkeys(agent_ids))
    if not ids:
        return {}
    values = cast(list[bytes | None], get_redis().mget([STATUS_KEY + str(agent_id) for agent_id in ids]))
    return {
        agent_id: Presence(_decode(value)) if value is not None else Presence.offline  # type: ignore[arg-type]
        for agent_id, value in zip(ids, values, strict=True)
    }


@dataclass(frozen=True)
class PresenceDetail:
    status: Presence
    # When the agent went (or, still present, will go without another heartbeat) offline; None if
    # this agent never sent a heartbeat.
    offline_at: float | None


def presence_details(agent_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, PresenceDetail]:
    """Status and offline moment of each agent, in one round trip (a pipeline of MGET and ZMSCORE)."""
    ids = list(dict.fromkeys(agent_ids))
    if not ids:
        return {}
    pipe = get_redis().pipeline(transaction=False)
    pipe.mget([STATUS_KEY + str(agent_id) for agent_id in ids])
    pipe.zmscore(OFFLINE_AT_KEY, [str(agent_id) for agent_id in ids])
    statuses, scores = cast(tuple[list[bytes | None], list[float | None]], pipe.execute())
    return {
        agent_id: PresenceDetail(
            Presence(_decode(value)) if value is not None else Presence.offline,  # type: ignore[arg-type]
            float(score) if score is not None else None,
        )
        for agent_id, value, score in zip(ids, statuses, scores, strict=True)
    }


def present_agent_ids(*, now: float | None = None) -> list[uuid.UUID]:
    """Agents whose last heartbeat has not expired yet (online or away), from the sorted set alone.

    One cheap call; the status keys stay authoritative (`presence_of`)."""
    members = cast(list[bytes], get_redis().zrangebyscore(OFFLINE_AT_KEY, f"({_now(now)!r}", "+inf"))
    return [uuid.UUID(m.decode()) for m in members]


def anyone_present(*, now: float | None = None) -> bool:
    return bool(get_redis().zcount(OFFLINE_AT_KEY, f"({_now(now)!r}", "+inf"))


def online_agents(*, now: float | None = None) -> list[uuid.UUID]:
    """Agents online right now (not away, not offline)."""
    statuses = presence_of(present_agent_ids(now=now))
    return [agent_id for agent_id, status in statuses.items() if status is Presence.online]


def offline_longer_than(grace_seconds: float, *, now: float | None = None) -> dict[uuid.UUID, float]:
    """{agent id: offline since} of agents offline for more than `grace_seconds` (checked on the keys)."""
    cutoff = _now(now) - grace_seconds
    rows = cast(
        list[tuple[bytes, float]],
        get_redis().zrangebyscore(OFFLINE_AT_KEY, "-inf", f"({cutoff!r}", withscores=True),
    )
    since = {uuid.UUID(member.decode()): float(score) for member, score in rows}
    statuses = presence_of(since)
    return {agent_id: at for agent_id, at in since.items() if statuses[agent_id] is Presence.offline}


def announce_expired() -> list[PresenceChange]:
    """Publish "offline" for agents whose heartbeat key expired since they were last announced."""
    raw = cast(list[bytes], get_redis().eval(_EXPIRED, 1, ANNOUNCED_KEY, STATUS_KEY))
    changes = [
        PresenceChange(uuid.UUID(raw[i].decode()), Presence(raw[i + 1].decode()), Presence.offline)
        for i in range(0, len(raw), 2)
    ]
    _announce(changes)
    return changes


def _announce(changes: Sequence[PresenceChange]) -> None:
    from backend.events import AgentPresenceChanged, dispatch
    from backend.realtime import publish_console_event

    changed = [c for c in changes if c.changed]
    for change in changed:
        publish_console_event(
            "presence", agent_id=change.agent_id, status=str(change.new), old_status=str(change.old)
        )
    dispatch([AgentPresenceChanged(c.agent_id, str(c.old), str(c.new)) for c in changed])
