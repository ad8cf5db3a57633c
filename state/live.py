"""The console's live connection: one background task per open console hears Redis pub/sub.

Every web process subscribes to the same channel, so an event committed anywhere (another web
process, a worker, the sync endpoint) reaches every open console. A console runs one listener at a
time: opening another page starts that page's listener and the previous one ends."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from typing import Any

import redis
import redis.asyncio as aioredis
import reflex as rx

from backend.config import get_settings
from backend.errors import SebaError
from backend.presence import heartbeat
from backend.realtime import CONSOLE_CHANNEL
from state.session import SessionState

log = logging.getLogger(__name__)

# client token -> generation of its current listener (process-local: the socket lives here).
_listeners: dict[str, int] = {}
_TICK_SECONDS = 1.0
# An open console says "I am here" this often; presence expires after PRESENCE_TTL_SECONDS without.
HEARTBEAT_SECONDS = 20.0


def _connected(token: str) -> bool:
    """Is this browser tab still connected to this web process?"""
    from reflex.utils.prerequisites import get_app

    try:
        namespace = get_app().app.event_namespace
    except Exception:
        return True
    return namespace is None or token in namespace.token_to_sid


class LiveState(SessionState):
    """Base for console pages that update themselves. Each page state declares its own
    background event `listen` that awaits `self._listen()` (an event handler inherited from a
    base state would run on the base state, not the page's), and overrides the hooks below.

    While a console page is open its listener also keeps the agent's presence alive: a heartbeat
    every 20 s with the status the agent chose (online or away, remembered by the browser). When
    every console tab is closed the heartbeats stop and the agent turns offline on expiry."""

    presence: str = rx.LocalStorage("online", name="seba_presence", sync=True)
    _last_heartbeat: float = 0.0

    def _on_console_event(self, event: dict[str, Any]) -> None:
        """Called under the state lock for each event; page states override it."""

    def _on_tick(self, now: float) -> None:
        """Called under the state lock about once a second (expire typing and warnings)."""
        if now - self._last_heartbeat >= HEARTBEAT_SECONDS:
            self._heartbeat(now)

    def _on_listener_start(self) -> None:
        """Called under the state lock when the listener has subscribed."""
        self._heartbeat(time.time())

    def _heartbeat(self, now: float) -> None:
        agent = self._agent()
        if agent is None:
            return
        self._last_heartbeat = now
        try:
            heartbeat(agent.id, self.presence if self.presence in ("online", "away") else "online")
        except (redis.RedisError, SebaError):
            log.warning("presence heartbeat failed; the next tick retries")

    @rx.event
    def set_presence(self, status: str) -> None:
        """The agent takes a break (away: no new tickets) or comes back (online)."""
        self.presence = "away" if status == "away" else "online"
        self._heartbeat(time.time())

    async def _listen(self) -> None:
        token = self.router.session.client_token
        generation = _listeners.get(token, 0) + 1
        _listeners[token] = generation
        client = aioredis.Redis.from_url(get_settings().effective_redis_url, socket_connect_timeout=5)
        pubsub = client.pubsub()
        try:
            await pubsub.subscribe(CONSOLE_CHANNEL)
            async with self:
                self._on_listener_start()
            log.info("console listener started", extra={"generation": generation})
            next_tick = time.monotonic() + _TICK_SECONDS
            while _listeners.get(token) == generation and _connected(token):
                try:
                    message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=_TICK_SECONDS)
                except (redis.RedisError, OSError):
                    log.warning("console listener lost Redis; retrying")
                    await asyncio.sleep(2)
                    continue
                if message is not None:
                    try:
                        event = json.loads(message["data"])
                    except (ValueError, TypeError):
                        continue
                    async with self:
                        self._on_console_event(event)
                if time.monotonic() >= next_tick:
                    next_tick = time.monotonic() + _TICK_SECONDS
                    async with self:
                        self._on_tick(time.time())
        finally:
            log.info(
                "console listener stopped",
                extra={"superseded": _listeners.get(token) != generation, "connected": _connected(token)},
            )
            if _listeners.get(token) == generation:
                _listeners.pop(token, None)
            with contextlib.suppress(Exception):
                await pubsub.aclose()
                await client.aclose()
