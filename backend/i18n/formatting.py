"""Dates, times and numbers as people in Bangladesh read them, in Bengali or English."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

DHAKA = ZoneInfo("Asia/Dhaka")
_TO_BENGALI = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
_TO_ASCII = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")
_MONTHS_BN = [
    "জানু",
    "ফেব্রু",
    "মার্চ",
    "এপ্রিল",
    "মে",
    "জুন",
    "জুলাই",
    "আগস্ট",
    "সেপ্টে",
    "অক্টো",
    "নভে",
    "ডিসে",
]
_MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def bengali_digits(text: str) -> str:
    return text.translate(_TO_BENGALI)


def ascii_digits(text: str) -> str:
    """Bengali digits (০-৯) as ASCII digits; everything else unchanged."""
    return text.translate(_TO_ASCII)


def format_number(value: int, locale: str) -> str:
    text = str(value)
    return bengali_digits(text) if locale != "en" else text


def format_datetime(moment: datetime | None, locale: str) -> str:
    """'25 Nov 2026, 14:05' in Dhaka time; Bengali months and digits for bn."""
    if moment is None:
        return ""
    local = moment.astimezone(DHAKA)
    if locale == "en":
        return f"{local.day} {_MONTHS_EN[local.month - 1]} {local.year}, {local:%H:%M}"
    text = f"{local.day} {_MONTHS_BN[local.month - 1]} {local.year}, {local:%H:%M}"
    return bengali_digits(text)
