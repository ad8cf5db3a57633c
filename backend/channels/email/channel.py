"""SendGrid as an OutboundChannel: POST /v3/mail/send through the sendgrid SDK, and after a crash
GET /v3/messages (Email Activity) to learn whether an attempt already went out.

Every send carries `custom_args` {notification_id, idempotency_key}: SendGrid echoes them in each
Event Webhook event (how events find their Notification) and they are searchable in Email Activity
as `unique_args['idempotency_key']="..."` (how `find_sent` reconciles). The Message-ID header is ours
and deterministic, so even a duplicate send after a failed reconciliation threads as one message."""

from __future__ import annotations

import json
import logging
import urllib.error
from typing import Any

from python_http_client import exceptions as http_errors
from sendgrid import SendGridAPIClient

from backend.channels.base import OutboundMessage, PermanentSendError, SendResult, TransientSendError
from backend.config import Settings, get_settings

log = logging.getLogger(__name__)

PROVIDER = "sendgrid"
DEFAULT_API_BASE = "https://api.sendgrid.com"
TIMEOUT_SECONDS = 10.0
# Marks every email we send: an email carrying it that comes back in is our own, looped.
LOOP_HEADER = "X-Seba-Notification"


class EmailNotConfigured(PermanentSendError):
    """SENDGRID_API_KEY or SENDGRID_FROM_EMAIL is missing."""


def build_mail_body(message: OutboundMessage, settings: Settings) -> dict[str, Any]:
    """The v3 /mail/send JSON body: text/plain before text/html, as SendGrid requires."""
    extra = message.extra
    headers: dict[str, str] = {LOOP_HEADER: str(message.notification_id)}
    for name in ("Message-ID", "In-Reply-To", "References"):
        value = extra.get(name)
        if value:
            headers[name] = str(value)
    if message.purpose != "reply":
        # RFC 3834: alerts are machine-made; well-behaved auto-responders do not answer them.
        headers["Auto-Submitted"] = "auto-generated"
    body: dict[str, Any] = {
        "personalizations": [{"to": [{"email": message.to_address}]}],
        "from": {"email": settings.sendgrid_from_email, "name": settings.sendgrid_from_name},
        "subject": message.subject,
        "content": [{"type": "text/plain", "value": message.body}],
        "headers": headers,
        "custom_args": {
            "notification_id": str(message.notification_id),
            "idempotency_key": message.idempotency_key,
        },
        "categories": [f"seba-{message.purpose or 'email'}"],
    }
    if extra.get("to_name"):
        body["personalizations"][0]["to"][0]["name"] = str(extra["to_name"])
    if extra.get("reply_to"):
        body["reply_to"] = {"email": str(extra["reply_to"])}
    if message.html:
        body["content"].append({"type": "text/html", "value": message.html})
    return body


def _error_text(exc: http_errors.HTTPError) -> str:
    raw = exc.body.decode("utf-8", "replace") if isinstance(exc.body, bytes) else str(exc.body)
    try:
        errors = json.loads(raw).get("errors") or []
        return "; ".join(f"{e.get('field') or '-'}: {e.get('message')}" for e in errors)[:1000]
    except (ValueError, AttributeError):
        return raw[:1000]


def _classify(exc: BaseException, action: str) -> Exception:
    if isinstance(exc, http_errors.HTTPError):
        status = int(exc.status_code)
        reason = f"SendGrid {action} answered {status}: {_error_text(exc)}"
        if status == 429 or status >= 500:
            return TransientSendError(reason, status=status)
        return PermanentSendError(reason, status=status)
    return TransientSendError(f"SendGrid {action} unreachable: {exc}")


class SendGridEmailChannel:
    """Email through SendGrid's v3 API (or, in tests, the local peer at SENDGRID_API_BASE_URL)."""

    name = "email"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.host = (settings.sendgrid_api_base_url or DEFAULT_API_BASE).rstrip("/")

    def _client(self) -> SendGridAPIClient:
        if not self.settings.sendgrid_configured:
            raise EmailNotConfigured("email is not configured: set SENDGRID_API_KEY and SENDGRID_FROM_EMAIL")
        client = SendGridAPIClient(self.settings.sendgrid_api_key, host=self.host)
        client.client.timeout = TIMEOUT_SECONDS
        return client

    def send(self, message: OutboundMessage) -> SendResult:
        if not message.to_address:
            raise PermanentSendError("no email address to send to")
        client = self._client()
        try:
            response = client.send(build_mail_body(message, self.settings))
        except (http_errors.HTTPError, urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise _classify(exc, "mail send") from exc
        status = int(response.status_code)
        if status not in (200, 202):
            raise TransientSendError(f"SendGrid mail send answered {status}", status=status)
        x_message_id = response.headers.get("X-Message-Id") or ""
        if not x_message_id:
            raise TransientSendError("SendGrid accepted the mail without an X-Message-Id", status=status)
        return SendResult(
            provider=PROVIDER,
            provider_id=x_message_id,
            details={"message_id_header": message.extra.get("Message-ID", "")},
        )

    def find_sent(self, message: OutboundMessage) -> SendResult | None:
        """Ask Email Activity for a message with our idempotency key. 429/5xx and unreachable raise
        TransientSendError (try later rather than risk a second send); 401/403/404 (no Email
        Activity add-on) answer None, and the job sends again under the same Message-ID."""
        client = self._client()
        query = f"unique_args['idempotency_key']=\"{message.idempotency_key}\""
        try:
            response = client.client.messages.get(query_params={"query": query, "limit": 1})
        except http_errors.HTTPError as exc:
            if int(exc.status_code) in (401, 403, 404):
                log.warning("email activity unavailable", extra={"status": exc.status_code})
                return None
            raise _classify(exc, "email activity") from exc
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise _classify(exc, "email activity") from exc
        found = json.loads(response.body or b"{}").get("messages") or []
        if not found:
            return None
        msg_id = str(found[0].get("msg_id") or "")
        # Activity's msg_id is "<X-Message-Id>.<filter suffix>"; we keep the X-Message-Id part.
        provider_id = msg_id.split(".", 1)[0]
        return SendResult(provider=PROVIDER, provider_id=provider_id, details={"reconciled": True})


def get_email_channel(settings: Settings | None = None) -> SendGridEmailChannel:
    return SendGridEmailChannel(settings or get_settings())
