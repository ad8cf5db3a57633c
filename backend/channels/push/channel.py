"""Web push as an OutboundChannel: pywebpush encrypts (RFC 8291) and signs (VAPID, RFC 8292)."""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import urlsplit

import requests
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from backend.channels.base import (
    GoneRecipient,
    OutboundMessage,
    PermanentSendError,
    SendResult,
    TransientSendError,
)
from backend.channels.http import settle_environment
from backend.config import Settings

_local = threading.local()


# A VAPID token (RFC 8292) may be reused for every push to one push service until it expires:
# signed once per push service and 12 hours (what pywebpush signs), renewed an hour before its end,
# instead of an ES256 signature per message.
VAPID_TOKEN_SECONDS = 12 * 3600
VAPID_RENEW_BEFORE_SECONDS = 3600


def _session() -> requests.Session:
    """One keep-alive HTTP session per thread (push services are few hosts, sends are many)."""
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = settle_environment(requests.Session())
    return session


class WebPushChannel:
    """`message.to_address` is the subscription's endpoint; `message.extra` holds `p256dh`, `auth`,
    `payload` (a JSON string), `ttl`, `urgency` (very-low | low | normal | high) and `topic`."""

    name = "push"

    def __init__(self, settings: Settings, *, timeout: float = 10.0) -> None:
        if not settings.webpush_configured:
            raise PermanentSendError("web push is not configured: run `seba vapid-keys` and set VAPID_*")
        self._vapid = Vapid.from_string(private_key=settings.vapid_private_key or "")
        self._subject = settings.vapid_subject
        self._timeout = timeout
        self._tokens: dict[str, tuple[int, dict[str, str]]] = {}  # audience -> (expiry, headers)

    def _vapid_headers(self, endpoint: str) -> dict[str, str]:
        """The Authorization header for the push service behind `endpoint` (its origin is the JWT's
        audience), signed again only when the cached token is about to expire."""
        parts = urlsplit(endpoint)
        audience = f"{parts.scheme}://{parts.netloc}"
        now = int(time.time())
        cached = self._tokens.get(audience)
        if cached is not None and cached[0] - now > VAPID_RENEW_BEFORE_SECONDS:
            return cached[1]
        expiry = now + VAPID_TOKEN_SECONDS
        headers = self._vapid.sign({"sub": self._subject, "aud": audience, "exp": expiry})
        self._tokens[audience] = (expiry, headers)
        return headers

    def send(self, message: OutboundMessage) -> SendResult:
        extra = message.extra
        headers: dict[str, Any] = {
            **self._vapid_headers(message.to_address),
            "Urgency": extra.get("urgency", "normal"),
        }
        if extra.get("topic"):
            headers["Topic"] = extra["topic"]
        try:
            response = webpush(
                {"endpoint": message.to_address, "keys": {"p256dh": extra["p256dh"], "auth": extra["auth"]}},
                data=extra.get("payload") or message.body,
                ttl=int(extra.get("ttl", 3600)),
                headers=headers,
                timeout=self._timeout,
                requests_session=_session(),
            )
        except WebPushException as exc:
            raise _classify(exc) from exc
        except requests.RequestException as exc:
            raise TransientSendError(f"push service unreachable: {type(exc).__name__}") from exc
        location = getattr(response, "headers", {}).get("Location", "")
        return SendResult(provider="webpush", provider_id=str(location)[:200])

    def find_sent(self, message: OutboundMessage) -> SendResult | None:
        """Push services (RFC 8030) have no lookup by our key, so an attempt cut short is sent again:
        with the same Topic the push service replaces the copy it still holds, and the service worker
        shows it with the same tag, which replaces a notification already on screen. The person sees
        one alert either way."""
        return None


def _classify(exc: WebPushException) -> Exception:
    status = exc.response.status_code if exc.response is not None else None
    if status in (404, 410):
        return GoneRecipient(f"push subscription gone ({status})", status=status)
    if status is None or status == 429 or status >= 500:
        return TransientSendError(f"push service answered {status}", status=status)
    return PermanentSendError(f"push service refused the message ({status})", status=status)
