"""Agents' web push opt-in from the console: the VAPID key, subscribe and unsubscribe a browser."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from backend.api import deps
from backend.auth.principal import Principal
from backend.channels.push.subscriptions import (
    MAX_ENDPOINT_LENGTH,
    parse_subscription,
    subscribe_agent,
    unsubscribe_agent,
)
from backend.config import get_settings
from backend.db import Actor, transaction
from backend.errors import ValidationFailed

router = APIRouter(prefix="/api/agent", tags=["agent"])

_SUBSCRIPTION_EXAMPLE = {
    "endpoint": "https://fcm.googleapis.com/fcm/send/…",
    "expirationTime": None,
    "keys": {"p256dh": "B… (65-byte P-256 point, base64url)", "auth": "… (16 bytes, base64url)"},
}


class PushKey(BaseModel):
    enabled: bool
    public_key: str | None


class Subscribed(BaseModel):
    endpoint: str
    subscribed: bool


class Unsubscribed(BaseModel):
    removed: int


@router.get("/push-key", response_model=PushKey)
async def push_key(principal: Principal = Depends(deps.agent)) -> PushKey:
    """The console's applicationServerKey; `enabled: false` while VAPID_* is not configured."""
    settings = get_settings()
    if not settings.webpush_configured:
        return PushKey(enabled=False, public_key=None)
    return PushKey(enabled=True, public_key=settings.vapid_public_key)


@router.post(
    "/push-subscriptions",
    response_model=Subscribed,
    status_code=201,
    responses={422: {"description": "push_subscription_invalid (detail: which part)"}},
)
async def subscribe(
    body: Any = Body(examples=[_SUBSCRIPTION_EXAMPLE]), principal: Principal = Depends(deps.agent)
) -> Subscribed:
    """This browser's PushSubscription.toJSON(): the agent gets pushes for new assignments,
    @mentions and SLA warnings there. The same endpoint again refreshes its keys (and moves it to
    whoever is signed in on that browser now)."""
    subscription = parse_subscription(body)

    def write() -> Subscribed:
        with transaction(Actor.agent(principal.id)) as tx:
            subscribe_agent(tx, agent_id=principal.id, subscription=subscription)
        return Subscribed(endpoint=subscription.endpoint, subscribed=True)

    return await run_in_threadpool(write)


@router.delete(
    "/push-subscriptions",
    response_model=Unsubscribed,
    responses={422: {"description": "push_subscription_invalid: endpoint missing or too long"}},
)
async def unsubscribe(
    body: Any = Body(examples=[{"endpoint": _SUBSCRIPTION_EXAMPLE["endpoint"]}]),
    principal: Principal = Depends(deps.agent),
) -> Unsubscribed:
    """Stop pushes to this browser. Only the caller's own subscription is removed; an endpoint
    already gone (or someone else's) removes nothing and is not an error."""
    endpoint = body.get("endpoint") if isinstance(body, dict) else None
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > MAX_ENDPOINT_LENGTH:
        raise ValidationFailed("push_subscription_invalid", detail="endpoint")

    def write() -> Unsubscribed:
        with transaction(Actor.agent(principal.id)) as tx:
            removed = unsubscribe_agent(tx, agent_id=principal.id, endpoint=endpoint)
        return Unsubscribed(removed=removed)

    return await run_in_threadpool(write)
