"""Writes about web push subscriptions: stored or refreshed per push endpoint."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

from sqlmodel import select

from backend.db import Tx
from backend.errors import ValidationFailed
from backend.models import PushSubscription
from backend.models.base import utcnow

ENDPOINT_MAX = 2000
_BASE64URL = re.compile(r"^[A-Za-z0-9_\-]+={0,2}$")


def _key(name: str, value: object, max_len: int) -> str:
    if not isinstance(value, str) or not value or len(value) > max_len or not _BASE64URL.match(value):
        raise ValidationFailed("invalid_args", detail=f"keys.{name} must be base64url text of 1-{max_len}")
    return value


def subscribe(
    tx: Tx, *, customer_id: uuid.UUID, device_id: str | None, endpoint: object, p256dh: object, auth: object
) -> PushSubscription:
    """Store the browser's push subscription; the same endpoint again updates its keys and owner."""
    if not isinstance(endpoint, str) or len(endpoint) > ENDPOINT_MAX:
        raise ValidationFailed("invalid_args", detail=f"endpoint must be a URL of at most {ENDPOINT_MAX}")
    parts = urlsplit(endpoint)
    if parts.scheme != "https" or not parts.hostname:
        raise ValidationFailed("invalid_args", detail="endpoint must be an https:// URL")
    p256dh_key, auth_key = _key("p256dh", p256dh, 200), _key("auth", auth, 100)
    existing = tx.session.exec(
        select(PushSubscription).where(PushSubscription.endpoint == endpoint).with_for_update()
    ).first()
    now = utcnow()
    if existing is None:
        existing = PushSubscription(
            customer_id=customer_id,
            device_id=device_id,
            endpoint=endpoint,
            p256dh=p256dh_key,
            auth=auth_key,
            created_at=now,
            updated_at=now,
        )
        action = "push.subscribed"
    else:
        existing.customer_id, existing.device_id = customer_id, device_id
        existing.p256dh, existing.auth, existing.updated_at = p256dh_key, auth_key, now
        action = "push.resubscribed"
    tx.session.add(existing)
    tx.session.flush()
    tx.audit(action, "customer", customer_id, subscription=existing.id, host=parts.hostname)
    return existing
