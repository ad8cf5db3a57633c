"""Bangladeshi mobile numbers: accept what people type (Bengali digits, spaces, prefixes), store E.164."""

from __future__ import annotations

import re

from backend.errors import ValidationFailed

_BENGALI_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")
_SEPARATORS = re.compile(r"[\s\-().]")
_BD_MOBILE = re.compile(r"^(?:\+?880|0)(1[3-9]\d{8})$")


def to_ascii_digits(text: str) -> str:
    return text.translate(_BENGALI_DIGITS)


def normalise_bd_mobile(raw: str) -> str:
    """Return the number as +8801XXXXXXXXX or raise `phone_invalid` (011 and non-mobiles refused)."""
    cleaned = _SEPARATORS.sub("", to_ascii_digits(raw or "").strip())
    if cleaned.startswith("00880"):
        cleaned = "+" + cleaned[2:]
    match = _BD_MOBILE.match(cleaned)
    if not match:
        raise ValidationFailed("phone_invalid")
    return "+880" + match.group(1)


def is_bd_mobile(raw: str) -> bool:
    try:
        normalise_bd_mobile(raw)
    except ValidationFailed:
        return False
    return True


def mask_phone(phone: str) -> str:
    """+8801711****78: enough to recognise, not enough to misuse (for logs and screens)."""
    if len(phone) < 8:
        return "****"
    return phone[:-6] + "****" + phone[-2:]
