"""Channel name -> OutboundChannel: the one place the delivery jobs get a sender from.

SMS and email come from their channel packages (`get_sms_channel`, `get_email_channel`) when those
exist; until then SMS wraps the one-time-code gateway and email refuses with a clear reason."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from backend.channels.base import OutboundChannel, OutboundMessage, PermanentSendError, SendResult
from backend.config import Settings, get_settings

_overrides: dict[str, OutboundChannel] = {}
_cache: dict[tuple[str, int], OutboundChannel] = {}


class GatewaySmsChannel:
    """The SMS gateway of one-time codes behind the OutboundChannel contract (no lookup API used)."""

    name = "sms"

    def __init__(self, settings: Settings) -> None:
        from backend.channels.sms.gateway import SmsNotConfigured, get_sms_gateway

        try:
            self._gateway = get_sms_gateway(settings)
        except SmsNotConfigured as exc:
            raise PermanentSendError(str(exc)) from exc

    def send(self, message: OutboundMessage) -> SendResult:
        sent = self._gateway.send(
            to=message.to_address, body=message.body, idempotency_key=message.idempotency_key
        )
        return SendResult(provider=sent.provider, provider_id=sent.provider_id)

    def find_sent(self, message: OutboundMessage) -> SendResult | None:
        return None


class EmailNotConfigured:
    name = "email"

    def send(self, message: OutboundMessage) -> SendResult:
        raise PermanentSendError("email is not configured: set SENDGRID_API_KEY and SENDGRID_FROM_EMAIL")

    def find_sent(self, message: OutboundMessage) -> SendResult | None:
        return None


def _channel_factory(module: str, func: str) -> Callable[[Settings], Any] | None:
    try:
        return getattr(importlib.import_module(module), func, None)
    except ImportError:
        return None


def _build(name: str, settings: Settings) -> OutboundChannel:
    if name == "push":
        from backend.channels.push.channel import WebPushChannel

        return WebPushChannel(settings)
    if name == "sms":
        factory = _channel_factory("backend.channels.sms", "get_sms_channel")
        return factory(settings) if factory else GatewaySmsChannel(settings)
    if name == "email":
        factory = _channel_factory("backend.channels.email", "get_email_channel")
        return factory(settings) if factory else EmailNotConfigured()
    raise PermanentSendError(f"no outbound channel named {name!r}")


def get_channel(name: str, settings: Settings | None = None) -> OutboundChannel:
    """The sender for `name` (sms | email | push); raises PermanentSendError when it cannot exist
    (not configured). Built once per settings object and process."""
    if name in _overrides:
        return _overrides[name]
    settings = settings or get_settings()
    key = (name, id(settings))
    if key not in _cache:
        _cache[key] = _build(name, settings)
    return _cache[key]


def override_channel(name: str, channel: OutboundChannel | None) -> None:
    """Tests and benchmarks: use `channel` for `name` (None restores the configured one)."""
    if channel is None:
        _overrides.pop(name, None)
    else:
        _overrides[name] = channel


def reset_channels() -> None:
    """Forget built channels (the settings changed)."""
    _cache.clear()
