"""Bengali text processing: Lucene's Indic composition, Bengali normalisation, stop words and stemmer."""

from __future__ import annotations

import unicodedata

import pytest

from backend.knowledge.text.bengali import (
    STOP_WORDS,
    analyze_word,
    bengali_normalize,
    fold_digits,
    indic_normalize,
    stem,
)

pytestmark = pytest.mark.no_stores


@pytest.mark.parametrize(
    ("decomposed", "composed"),
    [
        ("\u0985\u09be", "\u0986"),  # অ + া -> আ
        ("\u09a1\u09bc", "\u09dc"),  # ড + ় -> ড়
        ("\u09a2\u09bc", "\u09dd"),  # ঢ + ় -> ঢ়
        ("\u09af\u09bc", "\u09df"),  # য + ় -> য়
        ("\u09a4\u09cd\u200d", "\u09ce"),  # ত + ্ + ZWJ -> ৎ
        ("\u09c7\u09be", "\u09cb"),  # ে + া -> ো
        ("\u09c7\u09d7", "\u09cc"),  # ে + ৗ -> ৌ
    ],
)
def test_indic_normalisation_composes_each_pair(decomposed: str, composed: str) -> None:
    assert indic_normalize("ক" + decomposed) == "ক" + composed


def test_nfc_decomposes_ya_rra_rha_and_they_are_recomposed() -> None:
    # Python's NFC turns য় into য + ় (a composition exclusion); the analyzer must give one letter.
    assert unicodedata.normalize("NFC", "\u09df") == "\u09af\u09bc"
    assert indic_normalize("কোথায়") == "কোথা\u09df"
    assert indic_normalize("বাড়ি") == "বা\u09dcি"
    assert indic_normalize("আষাঢ়") == "আষা\u09dd"


def test_zero_width_joiners_left_over_are_dropped() -> None:
    assert indic_normalize("র\u200c্যাব") == "র্যাব"


def test_bengali_digits_become_ascii() -> None:
    assert fold_digits("০১২৩৪৫৬৭৮৯ টাকা") == "0123456789 টাকা"
    assert analyze_word("২০২১") == "2021"


@pytest.mark.parametrize(
    ("word", "normalised"),
    [
        ("চাঁদ", "চাদ"),  # chandrabindu dropped
        ("নীল", "নিল"),  # dirgho-i -> rosho-i
        ("মূল্য", "মুল"),  # dirgho-u -> rosho-u, then ya-phala dropped
        ("রঙ", "রং"),  # ঙ -> ং
        ("শহর", "সহর"),  # শ -> স
        ("ভাষা", "ভাসা"),  # ষ -> স
        ("কারণ", "কারন"),  # ণ -> ন
        ("বাড়ি", "বারি"),  # ড় -> র
        ("আষাঢ়", "আসার"),  # ঢ় -> র
        ("উৎসব", "উতসব"),  # ৎ -> ত
        ("ক্ষমা", "খমা"),  # word-initial ক্ষ -> খ
        ("পরীক্ষা", "পরিকখা"),  # medial ক্ষ -> কখ
        ("ব্যাংক", "বেংক"),  # initial ya-phala with া -> ে
        ("বাক্য", "বাক"),  # ya-phala dropped elsewhere
        ("স্বাদ", "সাদ"),  # initial ba-phala dropped
        ("বিশ্ব", "বিসস"),  # ba-phala after a consonant doubles it
        ("দুঃখ", "দুখখ"),  # visarga inside a word doubles the next consonant
        ("প্রায়ঃ", "প্রায়"),  # word-final visarga dropped
    ],
)
def test_bengali_normaliser_rules(word: str, normalised: str) -> None:
    assert bengali_normalize(indic_normalize(word)) == indic_normalize(normalised)


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("বইগুলো", "বই"),
        ("ছেলেগুলির", "ছেলে"),
        ("টাকাটা", "টাকা"),
        ("অর্ডারটি", "অর্ডার"),
        ("বিক্রেতাদের", "বিক্রেতা"),
        ("গ্রাহকেরা", "গ্রাহক"),
        ("কুরিয়ারকে", "কুরিয়ার"),
        ("অর্ডারের", "অর্ডার"),
        ("করেছিলাম", "কর"),
        ("জামাখানা", "জামা"),
    ],
)
def test_stemmer_strips_the_longest_inflection(word: str, stemmed: str) -> None:
    assert stem(indic_normalize(word)) == indic_normalize(stemmed)


def test_stemmer_leaves_words_too_short_for_the_suffix() -> None:
    assert stem("টা") == "টা"  # length must exceed the suffix + 1
    assert stem("কে") == "কে"


def test_stop_words_are_dropped_and_question_words_of_a_help_search_kept() -> None:
    assert analyze_word("এবং") is None
    assert analyze_word("কিন্তু") is None
    assert "এবং" in STOP_WORDS
    assert analyze_word("কবে") is not None  # "when" is the point of "রিফান্ড কবে পাবো"
    assert analyze_word("ফেরত") is not None


def test_spelling_variants_meet_on_one_term() -> None:
    assert analyze_word("রিফান্ড") == analyze_word("রীফান্ড")
    assert analyze_word("সরকারী") == analyze_word("সরকারি")
    assert analyze_word("কোথায়") == analyze_word("কোথা\u09af\u09bc")
