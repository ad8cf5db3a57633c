"""Signed survey links for email: /api/csat/<token>?score=N, the token an HMAC (SECRET_KEY) over the
ticket id and an expiry, so that a link works for that ticket only and only until it expires."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from backend.config import Settings, get_settings
from backend.errors import Forbidden, SebaError

_MAC_BYTES = 16
_PAYLOAD_BYTES = 16 + 8  # ticket id, expiry (unix seconds)
CSAT_PATH = "/api/csat"


class LinkExpired(SebaError):
    status = 410


@dataclass(frozen=True)
class SurveyLink:
    ticket_id: uuid.UUID
    expires_at: datetime


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(payload: bytes, secret: str) -> bytes:
    return hmac.new(secret.encode(), b"csat-link:" + payload, hashlib.sha256).digest()[:_MAC_BYTES]


def make_token(ticket_id: uuid.UUID, expires_at: datetime, settings: Settings | None = None) -> str:
    settings = settings or get_settings()
    payload = ticket_id.bytes + struct.pack(">q", int(expires_at.timestamp()))
    return _b64(payload + _mac(payload, settings.secret_key))


def read_token(token: str, *, now: datetime, settings: Settings | None = None) -> SurveyLink:
    """The ticket a token names; a forged or damaged token is Forbidden (`csat_link_invalid`), an
    expired one `csat_link_expired` (410). The signature is checked before the expiry is read."""
    settings = settings or get_settings()
    try:
        raw = _unb64(token.strip())
    except (ValueError, TypeError):
        raise Forbidden("csat_link_invalid") from None
    if len(raw) != _PAYLOAD_BYTES + _MAC_BYTES:
        raise Forbidden("csat_link_invalid")
    payload, mac = raw[:_PAYLOAD_BYTES], raw[_PAYLOAD_BYTES:]
    if not hmac.compare_digest(mac, _mac(payload, settings.secret_key)):
        raise Forbidden("csat_link_invalid")
    ticket_id = uuid.UUID(bytes=payload[:16])
    (expires,) = struct.unpack(">q", payload[16:])
    expires_at = datetime.fromtimestamp(expires, tz=UTC)
    if now >= expires_at:
        raise LinkExpired("csat_link_expired")
    return SurveyLink(ticket_id, expires_at)


def score_urls(token: str, settings: Settings | None = None) -> list[str]:
    """The five links of the survey email, score 1 to 5, under PUBLIC_BASE_URL."""
    settings = settings or get_settings()
    base = (settings.public_base_url or f"http://localhost:{settings.port}").rstrip("/")
    return [f"{base}{CSAT_PATH}/{token}?score={score}" for score in range(1, 6)]
