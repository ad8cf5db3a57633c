"""The sentence a customer reads when we are closed: why, and by when we will reply, in their language."""

from __future__ import annotations

from datetime import datetime

from backend.calendar.business_time import Closure, closure_reason
from backend.calendar.spec import CalendarSpec
from backend.i18n.formatting import bengali_digits
from backend.i18n.messages import message, normalise_locale

WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_BN = ("সোমবার", "মঙ্গলবার", "বুধবার", "বৃহস্পতিবার", "শুক্রবার", "শনিবার", "রবিবার")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")  # fmt: skip
MONTHS_BN = ("জানুয়ারি", "ফেব্রুয়ারি", "মার্চ", "এপ্রিল", "মে", "জুন", "জুলাই", "আগস্ট", "সেপ্টেম্বর",
             "অক্টোবর", "নভেম্বর", "ডিসেম্বর")  # fmt: skip
# A reopening further away than this names its date too ("Sunday 29 March 10:00").
DATE_AFTER_DAYS = 6


def reply_expectation(cal: CalendarSpec, at: datetime, locale: str) -> str | None:
    """None when open at `at`; else e.g. "Eid-ul-Fitr holidays: we will reply by Tuesday 10:00."."""
    closure = closure_reason(cal, at)
    if closure is None:
        return None
    return closure_sentence(cal, closure, at, locale)


def closure_sentence(cal: CalendarSpec, closure: Closure, at: datetime, locale: str) -> str:
    locale = normalise_locale(locale)
    reason = closure.name_bn if locale == "bn" else closure.name_en
    if closure.reason == "outside_hours" and closure.hour_range is not None:
        reason = closure.hour_range.name_bn if locale == "bn" else closure.hour_range.name_en
    if closure.reopens_at is None:  # no opening ahead in the calendar: promise no time
        return message("closed_notice_no_time", locale, reason=reason)
    when = reply_by(cal, closure.reopens_at, at, locale)
    return message("closed_notice", locale, reason=reason, when=when)


def reply_by(cal: CalendarSpec, reopens_at: datetime, at: datetime, locale: str) -> str:
    """ "14:30 today", "Sunday 10:00", or "Sunday 29 March 10:00" when it is more than 6 days away."""
    zone = cal.zone
    local = reopens_at.astimezone(zone)
    days_away = (local.date() - at.astimezone(zone).date()).days
    clock = f"{local:%H:%M}"
    if locale == "bn":
        if days_away == 0:
            text = f"আজ {clock}"
        elif days_away > DATE_AFTER_DAYS:
            text = f"{WEEKDAYS_BN[local.weekday()]} {local.day} {MONTHS_BN[local.month - 1]} {clock}"
        else:
            text = f"{WEEKDAYS_BN[local.weekday()]} {clock}"
        return bengali_digits(text)
    if days_away == 0:
        return f"{clock} today"
    if days_away > DATE_AFTER_DAYS:
        return f"{WEEKDAYS_EN[local.weekday()]} {local.day} {MONTHS_EN[local.month - 1]} {clock}"
    return f"{WEEKDAYS_EN[local.weekday()]} {clock}"
