"""Banglish: transliteration tuned to casual spelling, phonetic keys, telling Banglish from English."""

from __future__ import annotations

import pytest

from backend.knowledge.text.analyzer import detect_script, plan_query
from backend.knowledge.text.banglish import phonetic_key, romanize, transliterate, transliterate_word
from backend.knowledge.text.bengali import analyze_word
from backend.knowledge.text.tokens import tokenize
from backend.knowledge.text.vocabulary import Vocabulary

pytestmark = pytest.mark.no_stores


@pytest.mark.parametrize(
    ("latin", "bengali"),
    [
        ("kothay", "কোথায়"),
        ("ferot", "ফেরত"),
        ("taka", "টাকা"),
        ("bikash", "বিকাশ"),
        ("bkash", "বিকাশ"),
        ("nogod", "নগদ"),
        ("kobe", "কবে"),
        ("pabo", "পাবো"),
        ("takar", "টাকার"),
        ("deliveryte", "ডেলিভারিতে"),
    ],
)
def test_casual_spellings_transliterate_to_the_word_meant(latin: str, bengali: str) -> None:
    assert analyze_word(transliterate_word(latin)) == analyze_word(bengali)


def test_rules_handle_words_outside_the_lexicon() -> None:
    assert transliterate_word("kamal") == "কামাল"
    assert transliterate_word("bondhu") == "বোন্ধু" or transliterate_word("bondhu").startswith("ব")
    assert transliterate("amar taka ferot din") == "আমার টাকা ফেরত দিন"


@pytest.mark.parametrize(
    ("latin", "bengali"),
    [
        ("ferot", "ফেরত"),
        ("delivery", "ডেলিভারি"),
        ("refund", "রিফান্ড"),
        ("password", "পাসওয়ার্ড"),
        ("kothay", "কোথায়"),
    ],
)
def test_banglish_and_bengali_words_share_a_phonetic_key(latin: str, bengali: str) -> None:
    assert phonetic_key(latin) == phonetic_key(romanize(bengali))


@pytest.mark.parametrize(
    ("query", "script"),
    [
        ("refund kobe pabo", "banglish"),
        ("amar order kothay", "banglish"),
        ("how do i get a refund", "en"),
        ("bkash refund", "en"),
        ("রিফান্ড কবে পাবো", "bn"),
        ("bKash-এ টাকা", "bn"),
    ],
)
def test_detect_script(query: str, script: str) -> None:
    assert detect_script(tokenize(query)) == script


def test_a_banglish_word_snaps_to_a_bengali_index_term_by_sound() -> None:
    refund = analyze_word("রিফান্ড")
    assert refund is not None
    vocabulary = Vocabulary({refund: 3, "refund": 3})
    plan = plan_query("rifand chai", vocabulary)  # not in the lexicon: found through the phonetic key
    assert refund in plan.terms
    assert plan.preferred_lang == "bn"


def test_keyword_map_adds_both_languages_words() -> None:
    plan = plan_query("taka kete nise", Vocabulary({}))
    assert "deducted" in plan.concepts
    assert "deduct" in plan.terms  # English stem of "deducted"
