"""Channel name -> OutboundChannel: the one place the delivery jobs get a sender from."""

from __future__ import annotations

from backend.channels.base import OutboundChannel, PermanentSendError
from backend.config import Settings, get_settings

_overrides: dict[str, OutboundChannel] = {}
_cache: dict[tuple[str, int], OutboundChannel] = {}


def _build(name: str, settings: Settings) -> OutboundChannel:
    if name == "push":
        from backend.channels.push.channel import WebPushChannel

        return WebPushChannel(settings)
    if name == "sms":
        from backend.channels.sms import get_sms_channel

        return get_sms_channel(settings)
    if name == "email":
        from backend.channels.email import get_email_channel

        return get_email_channel(settings)
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
