"""Refuse request bodies above a size limit before reading them whole."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.api.deps import request_locale
from backend.i18n.messages import message

DEFAULT_BODY_LIMIT = 256 * 1024


class BodySizeLimit:
    """ASGI middleware: 413 with a bilingual error when a body exceeds `limit` bytes."""

    def __init__(self, app: ASGIApp, limit: int = DEFAULT_BODY_LIMIT, path_prefix: str = "/api/") -> None:
        self.app = app
        self.limit = limit
        self.path_prefix = path_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.path_prefix):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, send)
            return
        received = 0
        refused = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            msg = await receive()
            if msg["type"] == "http.request":
                received += len(msg.get("body", b""))
                if received > self.limit:
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
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        locale = request_locale(Request(scope))
        body = json.dumps(
            {
                "error": {
                    "code": "payload_too_large",
                    "message": message("payload_too_large", locale, limit=self.limit),
                    "message_bn": message("payload_too_large", "bn", limit=self.limit),
                    "message_en": message("payload_too_large", "en", limit=self.limit),
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
