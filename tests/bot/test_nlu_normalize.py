"""Bengali normalisation, Banglish folding and romanization used by the bot's features."""

from __future__ import annotations

import pytest

from backend.bot.nlu.features import analyze, tokens
from backend.bot.nlu.normalize import (
    fold_latin_token,
    fold_token,
    normalize_bengali_token,
    normalize_text,
    stem_bengali,
    transliterate_bengali,
)

pytestmark = pytest.mark.no_stores


def test_nukta_letters_are_recomposed_after_nfc() -> None:
    # NFC decomposes য়/ড়/ঢ় (composition exclusions); the normaliser composes them again.
    decomposed = "\u0995\u09cb\u09a5\u09be\u09af\u09bc \u09aa\u09a1\u09bc\u09be \u0986\u09a2\u09bc"
    assert normalize_text(decomposed) == "\u0995\u09cb\u09a5\u09be\u09df \u09aa\u09dc\u09be \u0986\u09dd"
    assert normalize_text("কোথায়") == normalize_text("\u0995\u09cb\u09a5\u09be\u09af\u09bc")


def test_vowel_signs_and_khanda_ta_are_composed() -> None:
    assert normalize_text("\u0995\u09c7\u09be\u09a8") == "\u0995\u09cb\u09a8"  # ে + া -> ো
    assert normalize_text("\u09ae\u09c7\u09d7") == "\u09ae\u09cc"  # ে + ৗ -> ৌ
    assert normalize_text("\u0985\u09be\u09ae") == "\u0986\u09ae"  # অ + া -> আ
    assert (
        normalize_text("\u09b9\u09a0\u09be\u09a4\u09cd\u200d") == "\u09b9\u09a0\u09be\u09ce"
    )  # ত্ + ZWJ -> ৎ


def test_zero_width_joiners_are_removed() -> None:
    assert normalize_text("র\u200d্যাব") == "র্যাব"
    assert normalize_text("অর্ডার\u200c টা") == "অর্ডার টা"
    assert "\u200c" not in normalize_text("ক\u200cষ")


def test_bengali_digits_become_ascii_and_taka_sign_a_word() -> None:
    assert normalize_text("অর্ডার ১২৩৪৫৬") == "অর্ডার 123456"
    assert normalize_text("৳৫০০ দিলাম") == "taka 500 দিলাম"
    assert normalize_text("  ORDER   ১০  ") == "order 10"


def test_lucene_bengali_normaliser_rules() -> None:
    assert normalize_bengali_token("চাঁদ") == "চাদ"  # chandrabindu dropped
    assert normalize_bengali_token("নীল") == "নিল"  # dirgho-i -> rosho-i
    assert normalize_bengali_token("শেষ") == "সেস"  # sha, ssa -> sa
    assert normalize_bengali_token("কারণ") == "কারন"  # nna -> na
    assert normalize_bengali_token("\u09aa\u09a1\u09bc\u09be".replace("\u09a1\u09bc", "\u09dc")) == "পরা"


def test_stemmer_strips_inflections_only_from_long_words() -> None:
    assert stem_bengali("অর্ডারটা") == stem_bengali("অর্ডার")
    assert stem_bengali("পণ্যগুলো") == "পণ্য"
    assert stem_bengali("টা") == "টা"


@pytest.mark.parametrize(
    ("variants", "same"),
    [
        (("kothay", "kothai", "kotai", "kothae", "kothaaay"), True),
        (("bhai", "vai", "vaii"), True),
        (("dhonnobad", "donnobad", "dhonobad"), True),
        (("khub", "khoob", "kub"), True),
    ],
)
def test_banglish_spellings_fold_together(variants: tuple[str, ...], same: bool) -> None:
    assert (len({fold_latin_token(v) for v in variants}) == 1) is same


def test_romanization_matches_banglish_spelling() -> None:
    pairs = {"কোথায়": "kothay", "আমার": "amar", "অর্ডার": "ordar", "ফেরত": "ferot", "করতে": "korte"}
    for bengali, banglish in pairs.items():
        assert fold_latin_token(transliterate_bengali(normalize_text(bengali))) == fold_latin_token(banglish)


def test_numbers_and_transaction_ids_become_class_tokens() -> None:
    toks = tokens("অর্ডার ১২৩৪৫৬৭ TrxID 8N7A6D5F4G 500tk ৩ দিন")
    assert "<longnum>" in toks and "<code>" in toks and toks.count("<num>") == 2 and "taka" in toks


def test_mixed_script_shares_features_with_banglish() -> None:
    bengali = set(analyze("আমার অর্ডার কোথায়"))
    banglish = set(analyze("amar order kothay"))
    assert {"w:kotai", "k:order", "k:where"} <= bengali & banglish
    assert fold_token("অর্ডারটা") == fold_token("অর্ডার")
