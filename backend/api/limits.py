"""Refuse request bodies above a size limit before reading them whole."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.api.deps import request_locale
from backend.i18n.messages import message

DEFAULT_BODY_LIMIT = 256 * 1024


class BodySizeLimit:
    """ASGI middleware: 413 with a bilingual error when a body exceeds its path's limit in bytes.

    `limit` applies under `path_prefix`; `overrides` maps longer prefixes to their own limits
    (e.g. the sync push, whose batches are bigger than any form).
    """

    def __init__(
        self,
        app: ASGIApp,
        limit: int = DEFAULT_BODY_LIMIT,
        path_prefix: str = "/api/",
        overrides: dict[str, int] | None = None,
    ) -> None:
        self.app = app
        self.limit = limit
        self.path_prefix = path_prefix
        # Longest prefix first, so that the most specific limit wins.
        self.overrides = sorted((overrides or {}).items(), key=lambda item: -len(item[0]))

    def limit_for(self, path: str) -> int | None:
        for prefix, limit in self.overrides:
            if path.startswith(prefix):
                return limit
        return self.limit if path.startswith(self.path_prefix) else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self.limit_for(scope["path"]) if scope["type"] == "http" else None
        if limit is None:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, send, limit)
            return
        received = 0
        refused = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            msg = await receive()
            if msg["type"] == "http.request":
                received += len(msg.get("body", b""))
                if received > limit:
                    refused = True
                    raise _TooLarge()
            return msg

        async def guarded_send(msg: Message) -> None:
            nonlocal started
            # FastAPI turns any error raised while it reads the body into its own 400; once we cut
            # the body off, that answer is dropped and the 413 below is sent instead.
            if refused and not started:
                return
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not refused:
                raise
        if refused and not started:
            await self._refuse(scope, send, limit)

    async def _refuse(self, scope: Scope, send: Send, limit: int) -> None:
        locale = request_locale(Request(scope))
        body = json.dumps(
            {
                "error": {
                    "code": "payload_too_large",
                    "message": message("payload_too_large", locale, limit=limit),
                    "message_bn": message("payload_too_large", "bn", limit=limit),
                    "message_en": message("payload_too_large", "en", limit=limit),
                }
            },
            ensure_ascii=False,
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass
