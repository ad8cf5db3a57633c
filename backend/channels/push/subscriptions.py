"""Writes about web push subscriptions: customers' devices (sync protocol) and agents' consoles."""

from __future__ import annotations

import ipaddress
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from sqlmodel import col, delete, select

from backend.channels.push.vapid import b64url_decode
from backend.db import Tx
from backend.errors import ValidationFailed
from backend.models import AgentPushSubscription, PushSubscription
from backend.models.base import utcnow

MAX_ENDPOINT_LENGTH = 2000


@dataclass(frozen=True)
class SubscriptionInfo:
    """A browser's PushSubscription.toJSON(), validated."""

    endpoint: str
    p256dh: str
    auth: str


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_subscription(data: Any) -> SubscriptionInfo:
    """Validate `{endpoint, keys: {p256dh, auth}}`: an https endpoint (http only on loopback, for
    local push services), p256dh a P-256 point (65 bytes, uncompressed), auth 16 bytes."""
    if not isinstance(data, dict):
        raise ValidationFailed("push_subscription_invalid", detail="object expected")
    endpoint = data.get("endpoint")
    keys = data.get("keys")
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > MAX_ENDPOINT_LENGTH:
        raise ValidationFailed("push_subscription_invalid", detail="endpoint")
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    if not host or not (parts.scheme == "https" or (parts.scheme == "http" and _is_loopback(host))):
        raise ValidationFailed("push_subscription_invalid", detail="endpoint")
    if not isinstance(keys, dict):
        raise ValidationFailed("push_subscription_invalid", detail="keys")
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    if not isinstance(p256dh, str) or not isinstance(auth, str) or len(p256dh) > 200 or len(auth) > 100:
        raise ValidationFailed("push_subscription_invalid", detail="keys")
    try:
        point = b64url_decode(p256dh)
        secret = b64url_decode(auth)
        if len(point) != 65 or point[0] != 4:
            raise ValueError("p256dh")
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError as exc:
        raise ValidationFailed("push_subscription_invalid", detail="keys.p256dh") from exc
    if len(secret) != 16:
        raise ValidationFailed("push_subscription_invalid", detail="keys.auth")
    return SubscriptionInfo(endpoint=endpoint, p256dh=p256dh, auth=auth)


def subscribe_customer_device(
    tx: Tx, *, customer_id: uuid.UUID, device_id: str, subscription: SubscriptionInfo
) -> PushSubscription:
    """Store (or move to this customer and device) the subscription for its endpoint. A device
    keeps one subscription: subscribing anew replaces the device's older endpoint."""
    now = utcnow()
    tx.session.exec(
        delete(PushSubscription).where(
            col(PushSubscription.device_id) == device_id,
            col(PushSubscription.endpoint) != subscription.endpoint,
        )
    )
    row = tx.session.exec(
        select(PushSubscription).where(PushSubscription.endpoint == subscription.endpoint).with_for_update()
    ).first()
    if row is None:
        row = PushSubscription(
            customer_id=customer_id,
            device_id=device_id,
            endpoint=subscription.endpoint,
            p256dh=subscription.p256dh,
            auth=subscription.auth,
        )
    row.customer_id, row.device_id = customer_id, device_id
    row.p256dh, row.auth, row.updated_at = subscription.p256dh, subscription.auth, now
    tx.session.add(row)
    tx.session.flush()
    tx.audit("push.subscribed", "customer", customer_id, device_id=device_id)
    return row


def unsubscribe_customer_device(
    tx: Tx, *, customer_id: uuid.UUID, device_id: str, endpoint: str | None
) -> int:
    """Forget the device's subscription (all of it when `endpoint` is None); returns rows removed."""
    stmt = delete(PushSubscription).where(
        col(PushSubscription.customer_id) == customer_id, col(PushSubscription.device_id) == device_id
    )
    if endpoint:
        stmt = stmt.where(col(PushSubscription.endpoint) == endpoint)
    removed = tx.session.exec(stmt).rowcount or 0
    tx.audit("push.unsubscribed", "customer", customer_id, device_id=device_id, removed=removed)
    return int(removed)


def subscribe_agent(tx: Tx, *, agent_id: uuid.UUID, subscription: SubscriptionInfo) -> AgentPushSubscription:
    """An agent's console subscribed (or renewed its keys) for web push."""
    row = tx.session.exec(
        select(AgentPushSubscription)
        .where(AgentPushSubscription.endpoint == subscription.endpoint)
        .with_for_update()
    ).first()
    if row is None:
        row = AgentPushSubscription(
            agent_id=agent_id,
            endpoint=subscription.endpoint,
            p256dh=subscription.p256dh,
            auth=subscription.auth,
        )
    row.agent_id, row.p256dh, row.auth, row.updated_at = (
        agent_id,
        subscription.p256dh,
        subscription.auth,
        utcnow(),
    )
    tx.session.add(row)
    tx.session.flush()
    tx.audit("push.agent_subscribed", "agent", agent_id)
    return row


def unsubscribe_agent(tx: Tx, *, agent_id: uuid.UUID, endpoint: str) -> int:
    removed = (
        tx.session.exec(
            delete(AgentPushSubscription).where(
                col(AgentPushSubscription.agent_id) == agent_id,
                col(AgentPushSubscription.endpoint) == endpoint,
            )
        ).rowcount
        or 0
    )
    tx.audit("push.agent_unsubscribed", "agent", agent_id, removed=removed)
    return int(removed)


def forget_endpoint(tx: Tx, endpoint: str) -> int:
    """The push service answered 404/410 for this endpoint: it is gone for good."""
    removed = 0
    for model in (PushSubscription, AgentPushSubscription):
        result = tx.session.exec(delete(model).where(col(model.endpoint) == endpoint))
        removed += int(result.rowcount or 0)
    if removed:
        tx.audit("push.subscription_gone", "push_subscription", endpoint[:200], removed=removed)
    return removed
