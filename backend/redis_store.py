"""The Redis connection (queues, pub/sub, presence, rate limits) for this process."""

from __future__ import annotations

import threading

import redis

from backend.config import get_settings

_clients: dict[str, redis.Redis] = {}
_lock = threading.Lock()


def get_redis(url: str | None = None) -> redis.Redis:
    url = url or get_settings().effective_redis_url
    with _lock:
        client = _clients.get(url)
        if client is None:
            client = redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5)
            _clients[url] = client
        return client


def reset_redis_clients() -> None:
    with _lock:
        for client in _clients.values():
            client.close()
        _clients.clear()
