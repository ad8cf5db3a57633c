"""The survey's SMS texts (Bengali script or Banglish, one segment each) and reading an SMS answer."""

from __future__ import annotations

import re

from backend.channels.sms.templates import script_of
from backend.i18n.formatting import ascii_digits, bengali_digits
from backend.models.enums import SmsScript

# The whole SMS is one digit (ASCII or Bengali), perhaps with spaces or a full stop / দাঁড়ি around it.
_ONE_DIGIT = re.compile(r"^\s*([0-9০-৯])\s*[.।]?\s*$")

SURVEY_SMS: dict[SmsScript, str] = {
    SmsScript.bengali: "সেবা: টিকিট #{number}-এ আমাদের সাহায্য কেমন ছিল? ১-৫ লিখে উত্তর দিন।",
    SmsScript.banglish: (
        "Seba: Ticket #{number} e amader sahajjo kemon chhilo? 1-5 er moddhe ekta number likhe uttor din "
        "(5 = khub bhalo)."
    ),
}
THANKS_SMS: dict[SmsScript, str] = {
    SmsScript.bengali: "সেবা: ধন্যবাদ! টিকিট #{number}-এ আপনার মূল্যায়ন {score}/৫ পেয়েছি।",
    SmsScript.banglish: "Seba: Dhonnobad! Ticket #{number} e apnar rating {score}/5 peyechhi.",
}
ALREADY_SMS: dict[SmsScript, str] = {
    SmsScript.bengali: "সেবা: টিকিট #{number}-এ আপনি আগেই মূল্যায়ন দিয়েছেন। ধন্যবাদ!",
    SmsScript.banglish: "Seba: Ticket #{number} e apni agei rating diyechhen. Dhonnobad!",
}


def _fill(texts: dict[SmsScript, str], script: str | None, number: int, score: int | None = None) -> str:
    chosen = script_of(script)
    shown_number = bengali_digits(str(number)) if chosen is SmsScript.bengali else str(number)
    shown_score = bengali_digits(str(score)) if chosen is SmsScript.bengali else str(score)
    return texts[chosen].format(number=shown_number, score=shown_score)


def survey_sms(script: str | None, number: int) -> str:
    return _fill(SURVEY_SMS, script, number)


def thanks_sms(script: str | None, number: int, score: int) -> str:
    return _fill(THANKS_SMS, script, number, score)


def already_answered_sms(script: str | None, number: int) -> str:
    return _fill(ALREADY_SMS, script, number)


def sms_digit(text: str | None) -> int | None:
    """The digit an SMS consists of (`"4"`, `" ৫ "`, `"3."`), else None; range is checked by callers."""
    match = _ONE_DIGIT.match(text or "")
    if match is None:
        return None
    return int(ascii_digits(match.group(1)))
