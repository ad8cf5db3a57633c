"""The SMS OutboundChannel: Twilio's Messages API through the twilio SDK, or the development log.

Every send is counted in segments first and its estimated cost goes into SendResult.details. A
number that texted STOP / বন্ধ (Customer.sms_opted_out_at) is refused before the provider is
called, whatever the purpose, one-time codes included: Twilio itself blocks every message to a
number that sent STOP (error 21610), so sending would fail anyway. The refusal is a
PermanentSendError whose reason starts with `sms_opted_out`, the catalog code whose bilingual text
tells the customer to text START / চালু first.

`find_sent` (after a crash between the provider call and recording it) lists the messages Twilio
has to that number from our sender, newest first, and takes the newest whose body is exactly ours
and that was created at or after the attempt started (`extra["attempt_started_at"]`, an aware
datetime or ISO string; 24 hours back when absent). It filters by To/From and the creation time, not
by `DateSent>`: a message still queued at Twilio has no date_sent yet, and that is exactly the
state right after a crash. Our bodies carry no secret except one-time codes, whose notifications
keep their body until sent, so the match is exact. Two identical bodies to one number within one
attempt window cannot be told apart; the window starts at the attempt, so earlier identical
alerts do not count."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from backend.channels.base import OutboundMessage, PermanentSendError, SendResult, TransientSendError
from backend.channels.http import settle_environment
from backend.channels.sms.segments import billing_details
from backend.config import Settings, get_settings
from backend.phone import mask_phone

log = logging.getLogger(__name__)
# Codes and message bodies may be written here in development only (see DevLogSmsChannel).
dev_sms_log = logging.getLogger("seba.dev_sms")

STATUS_CALLBACK_PATH = "/api/webhooks/twilio/status"
INBOUND_PATH = "/api/webhooks/twilio/sms"
# Twilio error codes that mean "this recipient will not get SMS from us".
RECIPIENT_REFUSED = {21211, 21214, 21408, 21610, 21612, 21614, 30004, 30005, 30006}


class SmsNotConfigured(PermanentSendError, RuntimeError):
    """No SMS provider credentials are set and we are not in development."""


OPTED_OUT_REASON = "sms_opted_out: the recipient texted STOP"


def sms_opted_out(phone: str) -> bool:
    """True when the customer with this number texted STOP and not START since."""
    from sqlmodel import select

    from backend.db import read_session
    from backend.models import Customer

    with read_session() as session:
        stamp = session.exec(select(Customer.sms_opted_out_at).where(Customer.phone == phone)).first()
    return stamp is not None


def _check_sendable(message: OutboundMessage) -> dict[str, object]:
    if not message.body.strip():
        raise PermanentSendError("sms body is empty (Twilio 21602)")
    # The delivery job's claim read the number's STOP in the same locked read (extra["sms_opted_out"]);
    # any other caller is checked here.
    opted_out = message.extra.get("sms_opted_out")
    if opted_out is None:
        opted_out = sms_opted_out(message.to_address)
    if opted_out:
        raise PermanentSendError(OPTED_OUT_REASON)
    return billing_details(message.body)


def _since(message: OutboundMessage) -> datetime:
    started = message.extra.get("attempt_started_at")
    if isinstance(started, str):
        started = datetime.fromisoformat(started)
    if isinstance(started, datetime):
        aware = started if started.tzinfo else started.replace(tzinfo=UTC)
        return aware - timedelta(seconds=5)  # clock skew between us and Twilio
    return datetime.now(UTC) - timedelta(hours=24)


class TwilioSmsChannel:
    """Twilio's Messages API (pointed at a local peer by TWILIO_API_BASE_URL in tests)."""

    name = "sms"
    provider = "twilio"

    def __init__(self, settings: Settings) -> None:
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        self._settings = settings
        self._from = settings.twilio_from_number
        self._service = settings.twilio_messaging_service_sid
        http_client = TwilioHttpClient(timeout=15)
        if http_client.session is not None:
            settle_environment(http_client.session)
        self._client = Client(
            settings.twilio_account_sid, settings.twilio_auth_token, http_client=http_client
        )
        if settings.twilio_api_base_url:
            self._client.api.base_url = settings.twilio_api_base_url.rstrip("/")

    def _status_callback(self) -> str | None:
        base = self._settings.public_base_url
        return base.rstrip("/") + STATUS_CALLBACK_PATH if base else None

    def send(self, message: OutboundMessage) -> SendResult:
        details = _check_sendable(message)
        params: dict[str, Any] = {"to": message.to_address, "body": message.body}
        if self._service:
            params["messaging_service_sid"] = self._service
        else:
            params["from_"] = self._from
        callback = self._status_callback()
        if callback:
            params["status_callback"] = callback
        sent = self._call(lambda: self._client.messages.create(**params))
        details["provider_status"] = str(sent.status)
        if sent.num_segments is not None:
            details["provider_segments"] = int(sent.num_segments)
        log.info(
            "sms sent",
            extra={"to": mask_phone(message.to_address), "sid": sent.sid, "segments": details["segments"]},
        )
        return SendResult(provider=self.provider, provider_id=str(sent.sid), details=details)

    def find_sent(self, message: OutboundMessage) -> SendResult | None:
        since = _since(message)
        filters: dict[str, Any] = {"to": message.to_address, "limit": 50}
        if not self._service:
            filters["from_"] = self._from
        listed = self._call(lambda: self._client.messages.list(**filters))
        for item in listed:  # newest first
            created = item.date_created
            if item.body == message.body and (created is None or created >= since):
                details = billing_details(message.body)
                details["provider_status"] = str(item.status)
                return SendResult(provider=self.provider, provider_id=str(item.sid), details=details)
        return None

    @staticmethod
    def _call(fn: Any) -> Any:
        from requests import RequestException
        from twilio.base.exceptions import TwilioException, TwilioRestException

        try:
            return fn()
        except TwilioRestException as exc:
            reason = f"twilio {exc.code}: {exc.msg}"
            if exc.status == 429 or exc.status >= 500:
                raise TransientSendError(reason, status=exc.status) from exc
            raise PermanentSendError(reason, status=exc.status) from exc
        except (RequestException, TwilioException, OSError) as exc:
            raise TransientSendError(f"twilio unreachable: {exc}") from exc


class DevLogSmsChannel:
    """Development only: the SMS is written to the worker log instead of being sent."""

    name = "sms"
    provider = "dev-log"

    def send(self, message: OutboundMessage) -> SendResult:
        details = _check_sendable(message)
        dev_sms_log.warning("DEVELOPMENT SMS (not sent) to %s: %s", message.to_address, message.body)
        return SendResult(
            provider=self.provider, provider_id=f"dev-{message.idempotency_key}", details=details
        )

    def find_sent(self, message: OutboundMessage) -> SendResult | None:
        return None  # writing a log line twice is harmless


def get_sms_channel(settings: Settings | None = None) -> TwilioSmsChannel | DevLogSmsChannel:
    """Twilio when configured; the development log in development; else SmsNotConfigured."""
    settings = settings or get_settings()
    if settings.twilio_configured:
        return TwilioSmsChannel(settings)
    if settings.is_development:
        return DevLogSmsChannel()
    raise SmsNotConfigured(
        "SMS is not configured: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER "
        "(or TWILIO_MESSAGING_SERVICE_SID)"
    )
