"""How many SMS segments a text costs: GSM-7 (with its double-width characters) versus UCS-2.

Rules (3GPP TS 23.038 / 23.040, and what Twilio bills):

* A text made only of GSM 03.38 characters goes as GSM-7: 160 septets in a single SMS, 153 per
  segment when concatenated (the user data header takes 7). The extension table's characters
  (form feed, ``^ { } \\ [ ~ ] | €``) are sent as ESC + character and so take 2 septets.
* Any other character (one Bengali letter is enough) makes the whole text UCS-2: 70 UTF-16 code
  units in a single SMS, 67 per segment; characters outside the BMP (emoji) take 2 code units.
* A concatenated message never splits an ESC pair or a surrogate pair across two segments, so the
  segments are filled greedily character by character (this can cost one more segment than
  ``ceil(units / per_segment)`` near a boundary).
* The empty text is 0 characters and 0 segments: there is nothing to send (Twilio refuses an empty
  body with error 21602, and so does our channel).

Twilio's "smart encoding" (replacing curly quotes and other look-alikes with GSM characters) is not
assumed: a template that needs it is counted as UCS-2, which is never an under-estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from backend.config import Settings, get_settings

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Sent as ESC + character: two septets each.
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE, GSM7_PER_SEGMENT = 160, 153
UCS2_SINGLE, UCS2_PER_SEGMENT = 70, 67

Encoding = Literal["gsm7", "ucs2"]


@dataclass(frozen=True)
class SegmentInfo:
    encoding: Encoding
    segments: int
    characters: int  # code units used: GSM-7 septets or UCS-2 (UTF-16) code units
    per_segment_limit: int  # 160/70 for a single SMS, 153/67 once concatenated

    def as_dict(self) -> dict[str, object]:
        return {
            "encoding": self.encoding,
            "segments": self.segments,
            "characters": self.characters,
            "per_segment": self.per_segment_limit,
        }


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def _gsm7_width(ch: str) -> int:
    return 2 if ch in GSM7_EXTENSION else 1


def _ucs2_width(ch: str) -> int:
    return 2 if ord(ch) > 0xFFFF else 1


def count_segments(text: str) -> SegmentInfo:
    """Encoding, segment count and code units of `text` as an SMS."""
    if is_gsm7(text):
        encoding: Encoding = "gsm7"
        widths = [_gsm7_width(ch) for ch in text]
        single, per_segment = GSM7_SINGLE, GSM7_PER_SEGMENT
    else:
        encoding = "ucs2"
        widths = [_ucs2_width(ch) for ch in text]
        single, per_segment = UCS2_SINGLE, UCS2_PER_SEGMENT
    units = sum(widths)
    if units == 0:
        return SegmentInfo(encoding, 0, 0, single)
    if units <= single:
        return SegmentInfo(encoding, 1, units, single)
    segments, used = 1, 0
    for width in widths:
        if used + width > per_segment:  # an ESC pair or surrogate pair is never split
            segments += 1
            used = 0
        used += width
    return SegmentInfo(encoding, segments, units, per_segment)


def estimate_cost_paisa(info: SegmentInfo, settings: Settings | None = None) -> int:
    """Estimated cost in paisa: segments x the configured price of a segment in that encoding."""
    settings = settings or get_settings()
    price = (
        settings.sms_cost_paisa_per_segment_gsm7
        if info.encoding == "gsm7"
        else settings.sms_cost_paisa_per_segment_ucs2
    )
    return info.segments * price


def billing_details(text: str, settings: Settings | None = None) -> dict[str, object]:
    """What a sent SMS records about its cost (SendResult.details)."""
    info = count_segments(text)
    return {**info.as_dict(), "cost_paisa": estimate_cost_paisa(info, settings)}
