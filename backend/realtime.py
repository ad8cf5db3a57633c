"""Real-time fan-out through Redis pub/sub: data-less pokes to customers, events to consoles."""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

import redis

from backend.redis_store import get_redis

log = logging.getLogger(__name__)

CUSTOMER_CHANNEL = "seba:poke:customer:{customer_id}"
CONSOLE_CHANNEL = "seba:console"


def poke_customer(customer_id: uuid.UUID) -> None:
    """Tell the customer's online devices to pull now; the poke carries no data."""
    try:
        get_redis().publish(CUSTOMER_CHANNEL.format(customer_id=customer_id), "pull")
    except redis.RedisError:
        log.warning("poke failed; the client will pull on its own timer")


def publish_console_event(kind: str, **data: Any) -> None:
    try:
        get_redis().publish(CONSOLE_CHANNEL, json.dumps({"kind": kind, **data}, default=str))
    except redis.RedisError:
        log.warning("console event not published", extra={"kind": kind})
