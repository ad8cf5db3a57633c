"""Cache-Control for what the web process serves, and the service-worker kill switch.

Hashed build assets never change (`immutable`, a year); pages, the worker, manifest, icons and
fonts are revalidated on every use (`no-cache` with ETag: a 304 costs a few hundred bytes).
With SEBA_SW_KILL_SWITCH=1, /sw.js is the self-unregistering worker, which clears every phone."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from backend.config import PROJECT_ROOT

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

IMMUTABLE = b"public, max-age=31536000, immutable"
REVALIDATE = b"no-cache"
KILL_SWITCH_WORKER = PROJECT_ROOT / "assets" / "sw.js"


def cache_control_for(path: str) -> bytes | None:
    if path.startswith("/assets/"):
        return IMMUTABLE
    if path.startswith(("/api/", "/_event", "/_upload", "/healthz", "/ping", "/_health")):
        return None  # the API sets its own headers (no-store by default below)
    return REVALIDATE


def kill_switch_on() -> bool:
    return os.environ.get("SEBA_SW_KILL_SWITCH", "").lower() in ("1", "true", "yes")


def cache_headers(app: ASGIApp) -> ASGIApp:
    """Wrap the ASGI app (used as a Reflex `api_transformer`)."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        path = scope["path"]
        if path == "/sw.js" and kill_switch_on():
            await _send_file(send, KILL_SWITCH_WORKER)
            return
        policy = cache_control_for(path)
        is_api = path.startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                if policy is not None:
                    headers.append((b"cache-control", policy))
                elif is_api and not any(k.lower() == b"cache-control" for k, _ in message.get("headers", [])):
                    headers.append((b"cache-control", b"no-store"))
                else:
                    headers.extend(
                        (k, v) for k, v in message.get("headers", []) if k.lower() == b"cache-control"
                    )
                if path == "/sw.js":
                    headers.append((b"service-worker-allowed", b"/"))
                message["headers"] = headers
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped


async def _send_file(send: Send, path: Path) -> None:
    body = path.read_bytes()
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"text/javascript; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", REVALIDATE),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
