"""Slot extraction from what customers type: order numbers, TrxIDs, amounts, payment methods, times.

Customers mix Bengali and ASCII digits, Bengali script and Banglish (`gotokal 3tay 500 tk bkash
korsi`), so every extractor first maps Bengali digits to ASCII and works on upper or lower case as
the slot needs. All functions are pure; times are resolved against `now` in the organisation's zone.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from backend.i18n.formatting import ascii_digits

# Orders: ORD-240117 as the demo commerce tables write it; customers write "ord 240117",
# "ORD240117", "order #240117", "অর্ডার ২৪০১১৭".
_ORDER_PREFIXED = re.compile(r"\bORD(?:ER)?\s*(?:NO\.?|NUMBER)?\s*[-#:\s]?\s*(\d{5,8})\b", re.IGNORECASE)
_ORDER_BN = re.compile(r"অর্ডার\s*(?:নং|নম্বর)?\s*[-#:]?\s*(\d{5,8})")
_HASH_NUMBER = re.compile(r"#\s?(\d{5,8})\b")
ORDER_PREFIX = "ORD-"

# TrxIDs: no official format; [A-Z0-9]{8,12} after upper-casing (BANGLADESH.md).
_TRX_TOKEN = re.compile(r"(?<![A-Z0-9])[A-Z0-9]{8,12}(?![A-Z0-9])")
_PHONE_LIKE = re.compile(r"^(?:880|0)?1[3-9]\d{8}$")

_AMOUNT_MARKED = re.compile(
    r"(?:৳|TK\.?|BDT)\s*(\d[\d,]*(?:\.\d{1,2})?)|(\d[\d,]*(?:\.\d{1,2})?)\s*(?:৳|/-|TK\b|TAKA\b|টাকা|BDT\b)",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{2,3})+|\d{1,7})(?:\.(\d{1,2}))?(?![\w.])")

METHODS = ("bkash", "nagad", "rocket", "card")
_METHOD_WORDS = {
    "bkash": ("bkash", "bikash", "b-kash", "বিকাশ"),
    "nagad": ("nagad", "nogod", "nagod", "নগদ"),
    "rocket": ("rocket", "roket", "রকেট", "dbbl"),
    "card": ("card", "visa", "master", "amex", "কার্ড", "debit", "credit"),
}

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2}))?")
_DMY = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\b")
_DAY_WORDS = (
    (-2, ("porshu", "porsu", "পরশু")),
    (-1, ("gotokal", "gotokaal", "gotokl", "gtkal", "yesterday", "গতকাল", "গতকাল্", "kal raat", "gotorat")),
    (0, ("today", "aaj", "aj ", "ajke", "aajke", "আজ", "আজকে", "ekhon", "just now", "এখন")),
)
# "3tay", "3 tay", "৩টায়", "3pm", "3:30", "at 3", "3 ta"
_CLOCK = re.compile(
    r"(?<!\d)(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|টায়|টার|টা|tay|tar|ta|te|baje|বাজে)?",
    re.IGNORECASE,
)
_MORNING = ("sokal", "shokal", "সকাল", "morning", "vor", "ভোর")
_AFTERNOON = (
    "dupur",
    "দুপুর",
    "bikal",
    "bikel",
    "বিকাল",
    "বিকেল",
    "afternoon",
    "evening",
    "sondha",
    "shondha",
    "সন্ধ্যা",
    "rat",
    "raat",
    "রাত",
    "night",
)


def find_order_ref(text: str) -> str | None:
    """The order reference in `text` as the commerce adapter writes it (ORD-240117), else None."""
    flat = ascii_digits(text)
    for pattern in (_ORDER_PREFIXED, _ORDER_BN, _HASH_NUMBER):
        match = pattern.search(flat)
        if match:
            return f"{ORDER_PREFIX}{match.group(1)}"
    return None


def find_bare_order_number(text: str) -> str | None:
    """When the bot asked for an order number, a lone 5-8 digit number is one."""
    flat = ascii_digits(text).strip()
    match = re.fullmatch(r"#?\s*(\d{5,8})", flat)
    return f"{ORDER_PREFIX}{match.group(1)}" if match else None


def find_trx_id(text: str, *, awaiting: bool = False) -> str | None:
    """A transaction id: 8-12 letters/digits after upper-casing, not an order number, a phone
    number or a date. Mixed letters+digits win; an all-digit id counts only when the bot asked
    for it (Rocket ids are numeric), an all-letter word never does."""
    flat = ascii_digits(text).upper()
    order = find_order_ref(text)
    order_digits = order[len(ORDER_PREFIX) :] if order else None
    mixed: list[str] = []
    digits_only: list[str] = []
    for token in _TRX_TOKEN.findall(flat):
        if token.startswith("ORD") or token == order_digits or _PHONE_LIKE.match(token):
            continue
        has_digit = any(c.isdigit() for c in token)
        has_letter = any(c.isalpha() for c in token)
        if has_digit and has_letter:
            mixed.append(token)
        elif has_digit and not has_letter:
            digits_only.append(token)
    if mixed:
        return mixed[0]
    if awaiting and digits_only:
        return digits_only[0]
    return None


def _to_paisa(number: str, fraction: str | None = None) -> int | None:
    whole = number.replace(",", "")
    if "." in whole:
        whole, fraction = whole.split(".", 1)
    if not whole.isdigit():
        return None
    paisa = int(whole) * 100 + (int((fraction or "0").ljust(2, "0")[:2]))
    return paisa if 0 < paisa <= 10_000_000 * 100 else None


def find_amount_paisa(text: str, *, awaiting: bool = False) -> int | None:
    """An amount in paisa: "৳৫০০", "500 tk", "Tk. 1,200", "১,২০০ টাকা", "BDT 99.50"; a bare
    number counts only when the bot asked for the amount (and is not a TrxID or phone number)."""
    flat = ascii_digits(text)
    match = _AMOUNT_MARKED.search(flat)
    if match:
        return _to_paisa(match.group(1) or match.group(2))
    if not awaiting:
        return None
    trx = find_trx_id(text)
    for candidate in _BARE_NUMBER.finditer(flat):
        value = candidate.group(1)
        if (trx and value in trx) or _PHONE_LIKE.match(value.replace(",", "")):
            continue
        if _CLOCK_CONTEXT.search(flat[candidate.end() : candidate.end() + 6]):
            continue  # "3tay", "2pm": a time, not an amount
        return _to_paisa(value, candidate.group(2))
    return None


_CLOCK_CONTEXT = re.compile(r"^\s*(?:am|pm|টায়|টা|tay|ta\b|baje|বাজে|:\d)", re.IGNORECASE)


def find_method(text: str) -> str | None:
    """bkash | nagad | rocket | card, from English, Banglish or Bengali words."""
    lowered = text.lower()
    for method, words in _METHOD_WORDS.items():
        if any(word in lowered for word in words):
            return method
    return None


def find_time(text: str, now: datetime, timezone: str = "Asia/Dhaka") -> datetime | None:
    """When something happened: ISO ("2026-12-04 15:30"), day/month/year, or a day word with a
    clock time ("gotokal 3tay", "today 2pm", "আজ বিকাল ৪টায়"); hours 1-7 without am/pm or a part of
    the day are read as afternoon (nobody pays at 3 in the night). Returns an aware UTC datetime,
    never in the future; None when the text names no time."""
    zone = ZoneInfo(timezone)
    local_now = now.astimezone(zone)
    flat = ascii_digits(text)
    lowered = flat.lower()
    iso = _ISO.search(flat)
    if iso:
        year, month, day = int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
        hour, minute = int(iso.group(4) or 12), int(iso.group(5) or 0)
        return _aware(year, month, day, hour, minute, zone, now)
    dmy = _DMY.search(flat)
    day_offset: int | None = None
    base_date = local_now.date()
    if dmy:
        day, month, year = int(dmy.group(1)), int(dmy.group(2)), int(dmy.group(3))
        year = year + 2000 if year < 100 else year
        try:
            base_date = datetime(year, month, day).date()
        except ValueError:
            return None
        day_offset = 0
    else:
        for offset, words in _DAY_WORDS:
            if any(word in f"{lowered} " for word in words):
                day_offset = offset
                base_date = local_now.date() + timedelta(days=offset)
                break
    clock = _clock_in(lowered)
    if day_offset is None and clock is None:
        return None
    hour, minute = clock if clock is not None else (12, 0)
    if clock is not None and day_offset is None and dmy is None:
        # "3pm" alone: today's, or yesterday's when today's has not come yet.
        candidate = datetime.combine(base_date, time(hour, minute), tzinfo=zone)
        if candidate > local_now:
            base_date -= timedelta(days=1)
    moment = datetime.combine(base_date, time(hour, minute), tzinfo=zone)
    if moment > local_now and day_offset == 0 and clock is None:
        moment = local_now
    return min(moment, now.astimezone(zone)).astimezone(ZoneInfo("UTC"))


def _clock_in(lowered: str) -> tuple[int, int] | None:
    for match in _CLOCK.finditer(lowered):
        marker = (match.group(3) or "").lower()
        if not marker and match.group(2) is None:
            continue  # a bare number is an amount or an id, not a time
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour > 23 or minute > 59:
            continue
        if marker.startswith("p") and hour < 12:
            hour += 12
        elif marker.startswith("a") and hour == 12:
            hour = 0
        elif not marker.startswith(("a", "p")) and _means_afternoon(lowered, hour):
            hour += 12
        return hour, minute
    return None


def _means_afternoon(lowered: str, hour: int) -> bool:
    """A time without am/pm: afternoon words, or 1-7 o'clock, mean the afternoon, unless the text
    says morning."""
    if any(word in lowered for word in _MORNING):
        return False
    return (any(word in lowered for word in _AFTERNOON) and hour < 12) or 1 <= hour <= 7


def _aware(
    year: int, month: int, day: int, hour: int, minute: int, zone: ZoneInfo, now: datetime
) -> datetime | None:
    try:
        moment = datetime(year, month, day, hour, minute, tzinfo=zone)
    except ValueError:
        return None
    return min(moment.astimezone(ZoneInfo("UTC")), now.astimezone(ZoneInfo("UTC")))


def photo_count(attachments: list[dict[str, object]] | None) -> int:
    """How many images the message carries (SMS MMS media, email or app attachments); invoices
    (PDF) and the kept original email are not photos."""
    count = 0
    for item in attachments or []:
        kind = str(item.get("content_type") or item.get("type") or item.get("mime") or "")
        name = str(item.get("filename") or item.get("name") or item.get("url") or "").lower()
        if kind.startswith("image/") or name.endswith((".jpg", ".jpeg", ".png", ".webp", ".heic", ".gif")):
            count += 1
    return count


def has_photos(attachments: list[dict[str, object]] | None) -> bool:
    return photo_count(attachments) > 0


def format_amount(paisa: int) -> str:
    taka, rest = divmod(paisa, 100)
    return f"{taka:,}" if rest == 0 else f"{taka:,}.{rest:02d}"
