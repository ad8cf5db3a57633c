"""Server-sent pokes: a customer's open app hears "pull now" through Redis pub/sub, with heartbeats."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import anyio
import redis
import redis.asyncio as aioredis
from starlette.requests import Request

from backend.config import get_settings
from backend.errors import TransientFailure
from backend.realtime import CUSTOMER_CHANNEL


async def subscribe(customer_id: uuid.UUID) -> tuple[aioredis.Redis, aioredis.client.PubSub]:
    """Subscribe before the answer starts, so that Redis being down is a 503, not a broken stream."""
    client = aioredis.Redis.from_url(get_settings().effective_redis_url, socket_connect_timeout=5)
    pubsub = client.pubsub()
    try:
        await pubsub.subscribe(CUSTOMER_CHANNEL.format(customer_id=customer_id))
    except (redis.RedisError, OSError) as exc:
        await pubsub.aclose()
        await client.aclose()
        raise TransientFailure("service_unavailable", seconds=5) from exc
    return client, pubsub


async def poke_events(
    request: Request, client: aioredis.Redis, pubsub: aioredis.client.PubSub
) -> AsyncIterator[str]:
    """`event: poke` with a counter for each poke; a comment line as heartbeat when idle."""
    heartbeat = get_settings().sync_heartbeat_seconds
    counter = 0
    try:
        yield "retry: 2000\n: connected\n\n"
        # No `request.is_disconnected()` here: it races the disconnect listener of Starlette's
        # StreamingResponse for the same receive channel and can report a disconnect that did
        # not happen, ending a healthy stream. The response cancels this generator on disconnect.
        while True:
            try:
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=heartbeat)
            except (redis.RedisError, OSError):
                return  # the client reconnects (EventSource does so by itself) and pulls
            if message is None:
                yield ": heartbeat\n\n"
                continue
            data = message.get("data", b"")
            if isinstance(data, bytes) and data.startswith(b"typing:"):
                # "The support team is typing" on a ticket: shown for a few seconds, never stored.
                yield f"event: typing\ndata: {data[7:].decode()}\n\n"
                continue
            counter += 1
            yield f"event: poke\ndata: {counter}\n\n"
    finally:
        with anyio.CancelScope(shield=True):
            await pubsub.aclose()
            await client.aclose()
