"""Real-time fan-out through Redis pub/sub: pokes and typing to customers, events to consoles.

Pub/sub is not tied to a Redis database number, so every web process of a deployment hears the
same channels; nothing here is stored except two short-lived facts: who is replying to a ticket
(the collision warning) and a throttle on typing signals."""

from __future__ import annotations

import json
import logging
import time
import uuid
from typing import Any

import redis

from backend.redis_store import get_redis

log = logging.getLogger(__name__)

CUSTOMER_CHANNEL = "seba:poke:customer:{customer_id}"
CONSOLE_CHANNEL = "seba:console"
REPLYING_KEY = "seba:replying:{ticket_id}"
REPLYING_TTL_SECONDS = 12
TYPING_SHOWN_SECONDS = 6


def poke_customer(customer_id: uuid.UUID) -> None:
    """Tell the customer's online devices to pull now; the poke carries no data."""
    try:
        get_redis().publish(CUSTOMER_CHANNEL.format(customer_id=customer_id), "pull")
    except redis.RedisError:
        log.warning("poke failed; the client will pull on its own timer")


def agent_typing_to_customer(customer_id: uuid.UUID, ticket_id: uuid.UUID) -> None:
    """ "The support team is typing" on the customer's open app (web chat); never stored."""
    try:
        get_redis().publish(CUSTOMER_CHANNEL.format(customer_id=customer_id), f"typing:{ticket_id}")
    except redis.RedisError:
        log.warning("typing signal to the customer not published")


def publish_console_event(kind: str, **data: Any) -> None:
    """Tell every open agent console (in every web process) that something happened."""
    try:
        get_redis().publish(CONSOLE_CHANNEL, json.dumps({"kind": kind, **data}, default=str))
    except redis.RedisError:
        log.warning("console event not published", extra={"kind": kind})


def first_signal_within(key: str, seconds: int) -> bool:
    """True once per `seconds` for `key` (typing signals are throttled, not every keystroke)."""
    try:
        return bool(get_redis().set(f"seba:throttle:signal:{key}", "1", nx=True, ex=seconds))
    except redis.RedisError:
        return False


def mark_replying(ticket_id: uuid.UUID, agent_id: uuid.UUID, agent_name: str) -> None:
    """Record that an agent is writing a reply on this ticket (refreshed while they type)."""
    key = REPLYING_KEY.format(ticket_id=ticket_id)
    try:
        r = get_redis()
        pipe = r.pipeline()
        pipe.hset(key, str(agent_id), json.dumps({"name": agent_name, "at": time.time()}))
        pipe.expire(key, REPLYING_TTL_SECONDS)
        pipe.execute()
    except redis.RedisError:
        log.warning("replying mark not stored")


def clear_replying(ticket_id: uuid.UUID, agent_id: uuid.UUID) -> None:
    try:
        get_redis().hdel(REPLYING_KEY.format(ticket_id=ticket_id), str(agent_id))
    except redis.RedisError:
        log.warning("replying mark not cleared")


def replying_agents(ticket_id: uuid.UUID) -> dict[str, str]:
    """{agent_id: name} of agents writing a reply on this ticket in the last few seconds."""
    try:
        raw: dict[bytes, bytes] = get_redis().hgetall(REPLYING_KEY.format(ticket_id=ticket_id))  # type: ignore[assignment]
    except redis.RedisError:
        return {}
    now = time.time()
    agents = {}
    for agent_id, value in raw.items():
        entry = json.loads(value)
        if now - float(entry["at"]) <= REPLYING_TTL_SECONDS:
            agents[agent_id.decode()] = str(entry["name"])
    return agents
