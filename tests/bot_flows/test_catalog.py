"""The reply catalog: every message in Bengali script, Banglish and English; the prompts fit one SMS
segment in every variant (counted by the SMS channel's own segment counter)."""

from __future__ import annotations

import string

import pytest

from backend.bot import catalog
from backend.channels.sms.segments import count_segments, is_gsm7

pytestmark = pytest.mark.no_stores
SAMPLE = {
    "order": "ORD-240117",
    "orders": "ORD-240117, ORD-239902",
    "status": "x",
    "eta": "",
    "amount": "500",
    "method": "bKash",
    "trx": "9A7B3C2D1E",
    "date": "5 Dec",
    "courier": "Pathao",
    "code": "PTH1",
    "title": "t",
    "excerpt": "e",
    "url": "/u",
}


def _has_bengali(text: str) -> bool:
    return any("\u0980" <= ch <= "\u09ff" for ch in text)


@pytest.mark.parametrize("key", sorted(catalog.REPLIES))
def test_every_reply_exists_in_three_scripts(key: str) -> None:
    bn, banglish, en = (catalog.say(key, lang, **SAMPLE) for lang in catalog.LANGUAGES)
    if key not in ("kb_answer", "track_status", "eta_expected", "eta_delivered", "tracking"):
        assert _has_bengali(bn), key
    assert not _has_bengali(banglish) and not _has_bengali(en), key
    assert is_gsm7(banglish) and is_gsm7(en), key  # Latin replies never force UCS-2
    assert set(en) <= set(string.printable) | {"…", "—"}, key


@pytest.mark.parametrize("key", catalog.SMS_ONE_SEGMENT)
@pytest.mark.parametrize("language", catalog.LANGUAGES)
def test_prompts_fit_one_sms_segment(key: str, language: str) -> None:
    text = catalog.say(key, language, **SAMPLE)
    assert count_segments(text).segments == 1, (key, language, len(text))


def test_numbers_get_bengali_digits_in_bengali_script_only() -> None:
    assert catalog.say("ask_order_choices", "bn", orders=240117) == "কোন অর্ডার? সাম্প্রতিক: ২৪০১১৭। নম্বরটি লিখুন।"
    assert "240117" in catalog.say("ask_order_choices", "banglish", orders=240117)
    assert catalog.date_words(5, 12, "bn") == "৫ ডিসেম্বর" and catalog.date_words(5, 12, "en") == "5 Dec"
    assert catalog.language_of("xx") == "bn"
