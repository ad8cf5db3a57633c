"""Fixed-window attempt counters in Redis (sign-in failures, code requests)."""

from __future__ import annotations

from typing import cast

from backend.errors import TooManyRequests
from backend.redis_store import get_redis

_PREFIX = "seba:throttle:"


def hit(key: str, *, limit: int, window_seconds: int) -> None:
    """Count one attempt; raise `too_many_attempts` once `limit` is passed within the window."""
    r = get_redis()
    full = _PREFIX + key
    pipe = r.pipeline()
    pipe.incr(full)
    pipe.ttl(full)
    count, ttl = pipe.execute()
    if int(ttl) < 0:  # first hit of the window (EXPIRE NX needs Redis 7; the embedded one is 6.2)
        r.expire(full, window_seconds)
        ttl = window_seconds
    if int(count) > limit:
        raise TooManyRequests("too_many_attempts", retry_after=max(int(ttl), 1))


def check(key: str, *, limit: int) -> None:
    """Refuse without counting when the window is already full."""
    r = get_redis()
    full = _PREFIX + key
    value = cast(bytes | None, r.get(full))
    if value is not None and int(value) >= limit:
        ttl = cast(int, r.ttl(full))
        raise TooManyRequests("too_many_attempts", retry_after=max(ttl, 1))


def clear(key: str) -> None:
    get_redis().delete(_PREFIX + key)
