"""SMS texts per script: Bengali script (UCS-2, 70 units) or Banglish (GSM-7, 160), one segment each.

SMS are written in the customer's chosen script (Customer.sms_script), not in their app language:
Banglish is romanised Bengali that fits GSM-7 and so costs less. Every template here is tested to
fit ONE segment with its longest realistic values (7-digit ticket numbers, 6-digit codes)."""

from __future__ import annotations

import enum

from backend.i18n.messages import message
from backend.models.enums import SmsScript

_TO_BENGALI_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")


class SmsTemplate(enum.StrEnum):
    reply_alert = "reply_alert"
    opted_out = "opted_out"
    opted_in = "opted_in"
    help = "help"
    ticket_status = "ticket_status"
    no_ticket = "no_ticket"
    otp = "otp"
    script_chosen = "script_chosen"


TEMPLATES: dict[SmsTemplate, dict[SmsScript, str]] = {
    SmsTemplate.reply_alert: {
        SmsScript.bengali: "সেবা: টিকিট #{number} এ নতুন উত্তর এসেছে। অ্যাপে দেখুন বা এখানে লিখুন।",
        SmsScript.banglish: (
            "Seba: Ticket #{number} e notun uttor esechhe. App khule dekhun ba ei SMS er uttor din."
        ),
    },
    SmsTemplate.opted_out: {
        SmsScript.bengali: "সেবা: আর SMS পাবেন না। আবার পেতে চালু লিখে পাঠান।",
        SmsScript.banglish: "Seba: Apni ar SMS paben na. Abar pete START likhe pathan.",
    },
    SmsTemplate.opted_in: {
        SmsScript.bengali: "সেবা: SMS আবার চালু হলো। বন্ধ করতে বন্ধ লিখে পাঠান।",
        SmsScript.banglish: "Seba: SMS abar chalu holo. Bondho korte STOP likhe pathan.",
    },
    SmsTemplate.help: {
        SmsScript.bengali: "সেবা: SMS লিখুন, টিকিটে যাবে। অবস্থা, বন্ধ বা চালু লিখেও পাঠাতে পারেন।",
        SmsScript.banglish: (
            "Seba: SMS likhun, apnar ticket e jabe. STATUS, STOP ba START likheo pathate paren."
        ),
    },
    SmsTemplate.ticket_status: {
        SmsScript.bengali: "সেবা: টিকিট #{number}: {status}।",
        SmsScript.banglish: "Seba: Ticket #{number}: {status}.",
    },
    SmsTemplate.no_ticket: {
        SmsScript.bengali: "সেবা: এই নম্বরে কোনো টিকিট পাওয়া যায়নি।",
        SmsScript.banglish: "Seba: Ei number e kono ticket pawa jayni.",
    },
    SmsTemplate.script_chosen: {
        SmsScript.bengali: "সেবা: এখন থেকে SMS বাংলায় পাবেন। ইংরেজি অক্ষরে পেতে BANGLISH লিখুন।",
        SmsScript.banglish: "Seba: Ekhon theke SMS Banglish e paben. Bangla okkhore pete BANGLA likhun.",
    },
    SmsTemplate.otp: {
        # The Bengali text is the catalog's otp_sms (the sign-in flow uses it too).
        SmsScript.bengali: "",
        SmsScript.banglish: "Apnar Seba code {code}. Karo sathe share korben na. Meyad {minutes} minute.",
    },
}

STATUS_NAMES: dict[str, dict[SmsScript, str]] = {
    "new": {SmsScript.bengali: "নতুন", SmsScript.banglish: "notun"},
    "open": {SmsScript.bengali: "কাজ চলছে", SmsScript.banglish: "kaj cholchhe"},
    "pending": {SmsScript.bengali: "আপনার উত্তরের অপেক্ষায়", SmsScript.banglish: "apnar uttorer opekkhay"},
    "on_hold": {SmsScript.bengali: "অপেক্ষমাণ", SmsScript.banglish: "opekkhoman"},
    "resolved": {SmsScript.bengali: "সমাধান হয়েছে", SmsScript.banglish: "somadhan hoyechhe"},
    "closed": {SmsScript.bengali: "বন্ধ", SmsScript.banglish: "bondho"},
}


def script_of(value: str | None) -> SmsScript:
    return SmsScript(value) if value and value in SmsScript.__members__ else SmsScript.bengali


def _number(number: int, script: SmsScript) -> str:
    text = str(number)
    return text.translate(_TO_BENGALI_DIGITS) if script is SmsScript.bengali else text


def render(template: SmsTemplate, script: str | None, **values: object) -> str:
    """The text of `template` in `script` (bengali | banglish) with `values` filled in."""
    chosen = script_of(script)
    if template is SmsTemplate.otp and chosen is SmsScript.bengali:
        return message("otp_sms", "bn", **values)
    if "number" in values:
        values["number"] = _number(int(str(values["number"])), chosen)
    if "status" in values:
        names = STATUS_NAMES.get(str(values["status"]))
        values["status"] = names[chosen] if names else str(values["status"])
    return TEMPLATES[template][chosen].format(**values)


def reply_alert(script: str | None, ticket_number: int) -> str:
    """The SMS step of the delivery ladder: new reply on ticket #N, open the app or answer here."""
    return render(SmsTemplate.reply_alert, script, number=ticket_number)


def otp(script: str | None, code: str, minutes: int) -> str:
    return render(SmsTemplate.otp, script, code=code, minutes=minutes)
