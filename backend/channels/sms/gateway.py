"""The one-time-code SMS gateway of before the delivery ladder (kept for its callers); new code sends
through the OutboundChannel in channel.py (`get_sms_channel`), which also honours STOP and counts
segments."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from backend.channels.sms.channel import SmsNotConfigured
from backend.config import Settings, get_settings

log = logging.getLogger(__name__)
# Codes and message bodies may be written here in development only (see DevLogSmsGateway).
dev_sms_log = logging.getLogger("seba.dev_sms")


__all__ = ["DevLogSmsGateway", "SmsNotConfigured", "TwilioSmsGateway", "get_sms_gateway"]


@dataclass(frozen=True)
class SmsSent:
    provider_id: str
    provider: str


class SmsGateway(Protocol):
    name: str

    def send(self, *, to: str, body: str, idempotency_key: str) -> SmsSent: ...


class TwilioSmsGateway:
    """Twilio's Messages API through the twilio SDK (pointed at a local peer in tests)."""

    name = "twilio"

    def __init__(self, settings: Settings) -> None:
        from twilio.rest import Client

        self._from = settings.twilio_from_number
        self._client = Client(settings.twilio_account_sid, settings.twilio_auth_token)
        if settings.twilio_api_base_url:
            self._client.api.base_url = settings.twilio_api_base_url.rstrip("/")

    def send(self, *, to: str, body: str, idempotency_key: str) -> SmsSent:
        message = self._client.messages.create(
            to=to,
            from_=self._from,
            body=body,
        )
        return SmsSent(provider_id=str(message.sid), provider=self.name)


class DevLogSmsGateway:
    """Development only: the SMS is written to the worker log instead of being sent."""

    name = "dev-log"

    def send(self, *, to: str, body: str, idempotency_key: str) -> SmsSent:
        dev_sms_log.warning("DEVELOPMENT SMS (not sent) to %s: %s", to, body)
        return SmsSent(provider_id=f"dev-{idempotency_key}", provider=self.name)


def get_sms_gateway(settings: Settings | None = None) -> SmsGateway:
    settings = settings or get_settings()
    if settings.twilio_configured:
        return TwilioSmsGateway(settings)
    if settings.is_development:
        return DevLogSmsGateway()
    raise SmsNotConfigured(
        "SMS is not configured: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER"
    )
