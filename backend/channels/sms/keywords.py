"""SMS keyword commands in Bengali and English (STOP/বন্ধ, START/চালু, HELP/সাহায্য, STATUS/অবস্থা,
BANGLA/বাংলা and BANGLISH to choose the script of our SMS).

A keyword is the whole message, trimmed and case-insensitive ("stop" and " STOP " are keywords,
"please stop calling me" is not: it becomes a message for an agent). STATUS may be followed by a
ticket number, in ASCII or Bengali digits, with or without "#"."""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass

from backend.phone import to_ascii_digits


class Keyword(enum.StrEnum):
    stop = "stop"
    start = "start"
    help = "help"
    status = "status"
    # The customer chooses how we write to them: Bengali script (UCS-2) or Banglish (GSM-7, cheaper).
    script_bengali = "script_bengali"
    script_banglish = "script_banglish"


# Twilio's own opt-out / opt-in / help words, plus the Bengali ones.
_WORDS: dict[str, Keyword] = {
    **dict.fromkeys(
        ["stop", "stopall", "unsubscribe", "cancel", "end", "quit", "optout", "বন্ধ"], Keyword.stop
    ),
    # Not "yes" (Twilio's opt-in word too): a customer answering an agent's question with "yes"
    # must reach the agent.
    **dict.fromkeys(["start", "unstop", "চালু"], Keyword.start),
    **dict.fromkeys(["help", "info", "সাহায্য"], Keyword.help),
    **dict.fromkeys(["status", "অবস্থা"], Keyword.status),
    **dict.fromkeys(["bangla", "bengali", "বাংলা"], Keyword.script_bengali),
    **dict.fromkeys(["banglish", "english letters"], Keyword.script_banglish),
}
_STATUS_WITH_NUMBER = re.compile(r"^(status|অবস্থা)\s*#?\s*(\d{1,9})$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class KeywordCommand:
    keyword: Keyword
    ticket_number: int | None = None


def _normalise(text: str) -> str:
    # NFC so that a Bengali word typed with decomposed vowel signs still matches; trailing
    # punctuation people add ("STOP." / "বন্ধ।") is ignored.
    cleaned = unicodedata.normalize("NFC", text).strip().strip(".!।?").strip().casefold()
    return _SPACES.sub(" ", cleaned)


def parse_keyword(text: str) -> KeywordCommand | None:
    """The command `text` is, or None when it is an ordinary message."""
    cleaned = _normalise(text)
    if not cleaned:
        return None
    keyword = _WORDS.get(cleaned)
    if keyword is not None:
        return KeywordCommand(keyword)
    match = _STATUS_WITH_NUMBER.match(to_ascii_digits(cleaned))
    if match:
        return KeywordCommand(Keyword.status, int(match.group(2)))
    return None
