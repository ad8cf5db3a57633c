"""Structured (JSON lines) logging with redaction: no passwords, codes, tokens or card numbers."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

from backend.config import get_settings

# Keys whose values are secrets: matched on whole words of the key ("auth_token", "otp_code", "pin"),
# so that "status_code" or "shipping" keep their values.
SENSITIVE_KEYS = re.compile(
    r"(^|[_\-.])(pass|password|passwd|secret|token|otp|pin|authorization|cookie|api_key)($|[_\-.])"
    r"|^(code|otp_code|verification_code|one_time_code)$",
    re.I,
)
_BD_MOBILE_DIGITS = re.compile(r"^8801[3-9]\d{8}$")
# 13-19 digits, optionally grouped by spaces or dashes: card numbers (PANs).
CARD_NUMBER = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
# "code 123456", "password: hunter2", "token=..." written inside free text, in English or Bengali
# ("আপনার সেবা কোড 123456" is the Bengali one-time code SMS).
INLINE_SECRET = re.compile(
    r"(?i)\b(password|passwd|otp|code|token|secret|কোড|ওটিপি|পাসওয়ার্ড|পিন)(\s*[:=]\s*|\s+is\s+|\s+)(\S+)"
)
_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def redact_text(text: str) -> str:
    text = CARD_NUMBER.sub(_mask_card, text)
    return INLINE_SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}[redacted]", text)


def _mask_card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if _BD_MOBILE_DIGITS.match(digits):
        return match.group(0)  # a Bangladeshi mobile number (8801XXXXXXXXX), not a card
    return f"[card ****{digits[-4:]}]"


def redact_value(key: str, value: Any) -> Any:
    if SENSITIVE_KEYS.search(key):
        return "[redacted]"
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: redact_value(str(k), v) for k, v in value.items()}
    return value


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        # The development SMS log exists to show codes to the developer; nothing else may.
        allow_secrets = record.name == "seba.dev_sms" and get_settings().is_development
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": message if allow_secrets else redact_text(message),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = redact_value(key, value)
        if record.exc_info:
            entry["exc"] = redact_text(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


_configured = False


def configure_logging(level: str = "INFO", *, force: bool = False) -> None:
    """JSON lines on stderr for every logger; `force` re-applies it (the web server's own
    logging setup runs after our app module is imported and would otherwise drop it)."""
    global _configured
    if _configured and not force:
        return
    _configured = True
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("httpx", "urllib3", "twilio.http_client"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
