"""Twilio's webhook forms, parsed: an inbound SMS/MMS and a message status callback.

Field names are Twilio's (https://www.twilio.com/docs/messaging/guides/webhook-request):
MessageSid, AccountSid, From, To, Body, NumMedia, MediaUrl{N}, MediaContentType{N}; status
callbacks add MessageStatus and ErrorCode. Parsing checks shape only; the signature was verified
before (backend/channels/sms/webhook.py)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from backend.errors import ValidationFailed

_SID = re.compile(r"^(SM|MM)[0-9a-fA-F]{32}$")
_BENGALI = re.compile(r"[\u0980-\u09FF]")
_LATIN = re.compile(r"[A-Za-z]")
MAX_MEDIA = 10  # Twilio delivers at most 10 media items per MMS
TWILIO_STATUSES = frozenset(
    {
        "accepted",
        "scheduled",
        "queued",
        "sending",
        "sent",
        "delivered",
        "undelivered",
        "failed",
        "read",
        "canceled",
        "receiving",
        "received",
    }
)


@dataclass(frozen=True)
class InboundSms:
    sid: str
    account_sid: str
    from_number: str  # as Twilio sent it (E.164)
    to_number: str
    body: str
    media: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class StatusCallback:
    sid: str
    account_sid: str
    status: str
    error_code: str | None


def _invalid(detail: str) -> ValidationFailed:
    return ValidationFailed("sms_webhook_invalid", status=400, detail=detail)


def _sid(form: Mapping[str, str]) -> str:
    sid = (form.get("MessageSid") or form.get("SmsSid") or "").strip()
    if not _SID.match(sid):
        raise _invalid("MessageSid")
    return sid


def parse_inbound(form: Mapping[str, str]) -> InboundSms:
    """An inbound SMS/MMS form, or ValidationFailed `sms_webhook_invalid` (400)."""
    sid = _sid(form)
    from_number = (form.get("From") or "").strip()
    if not from_number:
        raise _invalid("From")
    try:
        count = int(form.get("NumMedia") or "0")
    except ValueError:
        raise _invalid("NumMedia") from None
    if not 0 <= count <= MAX_MEDIA:
        raise _invalid("NumMedia")
    media = []
    for index in range(count):
        url = (form.get(f"MediaUrl{index}") or "").strip()
        if not url.startswith("https://"):
            raise _invalid(f"MediaUrl{index}")
        media.append(
            {
                "url": url,
                "content_type": (form.get(f"MediaContentType{index}") or "application/octet-stream")[:100],
                "source": "twilio",
            }
        )
    return InboundSms(
        sid=sid,
        account_sid=(form.get("AccountSid") or "").strip(),
        from_number=from_number,
        to_number=(form.get("To") or "").strip(),
        body=(form.get("Body") or "").strip(),
        media=media,
    )


def parse_status(form: Mapping[str, str]) -> StatusCallback:
    """A status callback form, or ValidationFailed `sms_webhook_invalid` (400)."""
    sid = _sid(form)
    status = (form.get("MessageStatus") or form.get("SmsStatus") or "").strip().lower()
    if status not in TWILIO_STATUSES:
        raise _invalid("MessageStatus")
    error_code = (form.get("ErrorCode") or "").strip() or None
    return StatusCallback(sid, (form.get("AccountSid") or "").strip(), status, error_code)


def script_of_text(text: str) -> str:
    """bengali when the text has a Bengali letter, banglish when it is Latin, bengali otherwise."""
    if _BENGALI.search(text):
        return "bengali"
    return "banglish" if _LATIN.search(text) else "bengali"


def locale_of_text(text: str) -> str:
    """bn for Bengali letters; en for Latin text (Banglish readers get English app screens)."""
    return "en" if script_of_text(text) == "banglish" else "bn"
