"""Round-robin turns: which agent of a pool was given a ticket least recently (Redis).

Each automatic assignment takes the next number of one global counter and stores it for the agent
in the pool's hash; among agents with the same load the one with the smallest number (or none)
goes first. The numbers are only a tie-break: losing them (a Redis flush) costs fairness for one
round, never correctness."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import cast

from backend.redis_store import get_redis

TURNS_KEY = "seba:{routing}:turns:"
COUNTER_KEY = "seba:{routing}:turn_counter"

_RECORD = """
local turn = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], ARGV[1], turn)
return turn
"""


def last_turns(pool_key: str, agent_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    """{agent id: number of their last turn in this pool}, 0 for agents never given a ticket here."""
    if not agent_ids:
        return {}
    values = cast(list[bytes | None], get_redis().hmget(TURNS_KEY + pool_key, [str(a) for a in agent_ids]))
    return {a: int(v) if v is not None else 0 for a, v in zip(agent_ids, values, strict=True)}


def record_turn(pool_key: str, agent_id: uuid.UUID) -> int:
    return int(get_redis().eval(_RECORD, 2, TURNS_KEY + pool_key, COUNTER_KEY, str(agent_id)))  # type: ignore[arg-type]
