"""What a push notification says: title, body, where a tap leads, and the tag that collapses it.

Decision (documented in the README): payloads never carry the message text, names, phone numbers or
order details — only a ticket number, in the recipient's language. Lock screens in Bangladesh are
often shared family phones; the app shows the reply itself after the tap, behind the sign-in. The
push service sees only ciphertext (RFC 8291) either way, so this is about the lock screen."""

from __future__ import annotations

import json
import uuid
from typing import Any

from backend.i18n.formatting import bengali_digits

# Push message texts, in both languages (the notification shows one, in the recipient's locale).
TEXTS: dict[str, dict[str, str]] = {
    "reply_title": {"bn": "নতুন উত্তর", "en": "New reply"},
    "reply_body": {"bn": "টিকিট #{number}-এ উত্তর এসেছে", "en": "Ticket #{number} has a reply"},
    "assignment_title": {"bn": "নতুন টিকিট আপনার কাছে", "en": "New ticket assigned to you"},
    "assignment_body": {"bn": "টিকিট #{number} ({reason})", "en": "Ticket #{number} ({reason})"},
    "mention_title": {"bn": "আপনাকে উল্লেখ করা হয়েছে", "en": "You were mentioned"},
    "mention_body": {"bn": "টিকিট #{number}-এর নোটে", "en": "In a note on ticket #{number}"},
    "sla_warning_title": {"bn": "সময়সীমা ঘনিয়ে আসছে", "en": "Service level due soon"},
    "sla_warning_body": {
        "bn": "টিকিট #{number}: {minutes} মিনিট বাকি",
        "en": "Ticket #{number}: {minutes} minutes left",
    },
    "sla_breach_title": {"bn": "সময়সীমা পেরিয়ে গেছে", "en": "Service level breached"},
    "sla_breach_body": {
        "bn": "টিকিট #{number}: সময়মতো উত্তর বা সমাধান হয়নি",
        "en": "Ticket #{number} missed its service level",
    },
    "reason_routing": {"bn": "স্বয়ংক্রিয় বণ্টন", "en": "routing"},
    "reason_manual": {"bn": "হাতে বণ্টন", "en": "assigned by a supervisor"},
    "reason_transfer": {"bn": "স্থানান্তর", "en": "transfer"},
}

# Deliver within the notification's useful life; the push service drops it after that (RFC 8030 TTL).
REPLY_TTL_SECONDS = 24 * 3600
AGENT_TTL_SECONDS = 3600


def text(key: str, locale: str, **params: Any) -> str:
    lang = "en" if (locale or "").lower().startswith("en") else "bn"
    value = TEXTS[key][lang].format(**params)
    return value


def _number(number: int, locale: str) -> str:
    return str(number) if (locale or "").lower().startswith("en") else bengali_digits(str(number))


def topic_for(tag: str) -> str:
    """RFC 8030 Topic: at most 32 characters of the base64url alphabet. A newer message with the
    same topic replaces one the push service still holds, so a ticket shows one alert at a time."""
    cleaned = "".join(ch for ch in tag if ch.isalnum() or ch in "-_")
    return cleaned[:32]


def reply_payload(
    *, notification_id: uuid.UUID, ticket_id: uuid.UUID, number: int, locale: str
) -> dict[str, Any]:
    return {
        "title": text("reply_title", locale),
        "body": text("reply_body", locale, number=_number(number, locale)),
        "url": f"/t/{ticket_id}",
        "tag": f"ticket-{ticket_id}",
        "id": str(notification_id),
        "lang": "en" if locale.startswith("en") else "bn",
    }


def agent_payload(
    *, kind: str, notification_id: uuid.UUID, ticket_id: uuid.UUID, number: int, locale: str, **params: Any
) -> dict[str, Any]:
    """kind: assignment | mention | sla_warning | sla_breach."""
    lang = "en" if locale.startswith("en") else "bn"
    if kind == "assignment":
        reason = params.get("reason") or "routing"
        params = {"reason": text(f"reason_{reason}", lang) if f"reason_{reason}" in TEXTS else reason}
    return {
        "title": text(f"{kind}_title", lang),
        "body": text(f"{kind}_body", lang, number=_number(number, lang), **params),
        "url": f"/agent/t/{ticket_id}",
        "tag": f"{kind}-{ticket_id}",
        "id": str(notification_id),
        "lang": lang,
    }


def encode(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
