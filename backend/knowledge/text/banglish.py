"""Banglish (Bengali in Latin letters): a casual-spelling lexicon, rule transliteration, phonetic keys."""

from __future__ import annotations

import re
from functools import lru_cache

from backend.knowledge.text.banglish_lexicon import BANGLISH_MARKERS, LEXICON
from backend.knowledge.text.bengali import indic_normalize

SUFFIXES = ("gulo", "guli", "gula", "der", "ke", "te", "ta", "ti", "er", "ra", "re", "e", "r")

# Digraphs first: the longest spelling wins ("sh" before "s").
_CONSONANTS: tuple[tuple[str, str], ...] = (
    ("kkh", "ক্ষ"),
    ("ksh", "ক্ষ"),
    ("chh", "ছ"),
    ("ng", "ং"),
    ("kh", "খ"),
    ("gh", "ঘ"),
    ("ch", "চ"),
    ("jh", "ঝ"),
    ("th", "থ"),
    ("dh", "ধ"),
    ("ph", "ফ"),
    ("bh", "ভ"),
    ("sh", "শ"),
    ("rh", "ড়"),
    ("k", "ক"),
    ("g", "গ"),
    ("c", "ক"),
    ("j", "জ"),
    ("z", "জ"),
    ("t", "ট"),
    ("d", "ড"),
    ("n", "ন"),
    ("p", "প"),
    ("f", "ফ"),
    ("b", "ব"),
    ("v", "ভ"),
    ("m", "ম"),
    ("y", "য়"),
    ("r", "র"),
    ("l", "ল"),
    ("s", "স"),
    ("h", "হ"),
    ("q", "ক"),
    ("x", "ক্স"),
    ("w", "ও"),
)
# Dental t/d are the usual guess inside words (ferot, nagad); retroflex at the start (taka, delivery).
_MEDIAL = {"ট": "ত", "ড": "দ"}
_VOWELS: tuple[tuple[str, str, str], ...] = (  # spelling, independent letter, vowel sign
    ("aa", "আ", "া"),
    ("ai", "াই", "াই"),
    ("oi", "ৈ", "ৈ"),
    ("ou", "ৌ", "ৌ"),
    ("ee", "ী", "ী"),
    ("oo", "ু", "ু"),
    ("a", "আ", "া"),
    ("i", "ই", "ি"),
    ("u", "উ", "ু"),
    ("e", "এ", "ে"),
    ("o", "অ", ""),
)
_INDEPENDENT_FIX = {"ৈ": "ঐ", "ৌ": "ঔ", "ী": "ঈ", "ু": "উ", "াই": "আই"}


@lru_cache(maxsize=20_000)
def transliterate_word(word: str) -> str:
    """A Latin-letter Bengali word in Bengali script: the lexicon first, then phonetic rules."""
    word = word.lower()
    if word in LEXICON:
        return LEXICON[word]
    for suffix, bengali_suffix in (("er", "ের"), ("e", "ে"), ("te", "তে"), ("ke", "কে"), ("r", "র")):
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3 and base in LEXICON:
            stem_bn = LEXICON[base]
            if stem_bn.endswith("া") and suffix == "er":
                bengali_suffix = "র"  # takar -> টাকার, not টাকাের
            return stem_bn + bengali_suffix
    return _rules(word)


def _rules(word: str) -> str:
    out: list[str] = []
    i = 0
    after_consonant = False
    while i < len(word):
        matched = False
        for spelling, letter in _CONSONANTS:
            if word.startswith(spelling, i):
                if after_consonant and out:
                    out.append("্")  # two consonants in a row form a conjunct
                out.append(_MEDIAL.get(letter, letter) if i > 0 else letter)
                i += len(spelling)
                after_consonant = True
                matched = True
                break
        if matched:
            continue
        for spelling, independent, sign in _VOWELS:
            if word.startswith(spelling, i):
                if after_consonant:
                    # word-final "o" after a consonant is written as ো (kobe, pabo); medial "o" is inherent
                    if spelling == "o" and i + 1 == len(word):
                        out.append("ো")
                    else:
                        out.append(sign)
                else:
                    out.append(_INDEPENDENT_FIX.get(independent, independent))
                i += len(spelling)
                after_consonant = False
                matched = True
                break
        if not matched:
            out.append(word[i])
            i += 1
            after_consonant = False
    text = "".join(out)
    return text[:-1] if text.endswith("্") else text


def transliterate(text: str) -> str:
    """Every Latin-letter word of `text` transliterated; other characters kept."""
    return re.sub(r"[A-Za-z]+", lambda m: transliterate_word(m.group(0)), text)


# --- phonetic keys: Banglish and Bengali words meet on a consonant skeleton -------------------------

_ROMAN = {
    "ক": "k",
    "খ": "k",
    "গ": "g",
    "ঘ": "g",
    "ঙ": "n",
    "ং": "n",
    "চ": "ch",
    "ছ": "ch",
    "জ": "j",
    "ঝ": "j",
    "ঞ": "n",
    "ট": "t",
    "ঠ": "t",
    "ড": "d",
    "ঢ": "d",
    "ণ": "n",
    "ত": "t",
    "থ": "t",
    "দ": "d",
    "ধ": "d",
    "ন": "n",
    "প": "p",
    "ফ": "f",
    "ব": "b",
    "ভ": "b",
    "ম": "m",
    "য": "j",
    "র": "r",
    "ল": "l",
    "শ": "s",
    "ষ": "s",
    "স": "s",
    "হ": "h",
    "\u09dc": "r",
    "\u09dd": "r",
    "\u09df": "y",
    "ৎ": "t",
    "ঃ": "",
    "ঁ": "",
    "অ": "a",
    "আ": "a",
    "া": "a",
    "ই": "i",
    "ঈ": "i",
    "ি": "i",
    "ী": "i",
    "উ": "u",
    "ঊ": "u",
    "ু": "u",
    "ূ": "u",
    "ঋ": "ri",
    "ৃ": "ri",
    "এ": "e",
    "ে": "e",
    "ঐ": "oi",
    "ৈ": "oi",
    "ও": "o",
    "ো": "o",
    "ঔ": "ou",
    "ৌ": "ou",
    "্": "",
}
_LATIN_FOLD: tuple[tuple[str, str], ...] = (
    ("sh", "s"),
    ("ch", "C"),
    ("kh", "k"),
    ("gh", "g"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("bh", "b"),
    ("jh", "j"),
    ("ck", "k"),
    ("ce", "se"),
    ("ci", "si"),
    ("c", "k"),
    ("z", "j"),
    ("v", "b"),
    ("q", "k"),
    ("x", "ks"),
    ("w", ""),
)
_VOWEL_LETTERS = set("aeiou")


def romanize(bengali_word: str) -> str:
    """A rough Latin reading of a Bengali word (only for phonetic keys)."""
    return "".join(_ROMAN.get(ch, "") for ch in indic_normalize(bengali_word))


def phonetic_key(latin: str) -> str:
    """Consonant skeleton: aspirates and look-alike sounds folded, vowels and doubles dropped."""
    s = latin if latin.islower() else latin.lower()
    for a, b in _LATIN_FOLD:
        s = s.replace(a, b)
    key: list[str] = []
    for i, ch in enumerate(s):
        if ch in _VOWEL_LETTERS or not ch.isalpha():
            continue
        # y is a consonant only word-finally after a vowel (kothay); elsewhere it is a glide or "i"
        if ch == "y" and (i != len(s) - 1 or i == 0 or s[i - 1] not in _VOWEL_LETTERS):
            continue
        if ch == "h" and key:
            continue
        if key and key[-1] == ch:
            continue
        key.append(ch)
    return "".join(key)


def vowel_shape(latin: str) -> str:
    """The word with a/o folded together (customers mix them: taka/toka); ranks key collisions."""
    s = latin.lower()
    for a, b in _LATIN_FOLD:
        s = s.replace(a, b)
    return s.replace("o", "a").replace("y", "i").replace("h", "")


def banglish_score(tokens: list[str]) -> float:
    """Share of Latin tokens that only Banglish uses (0.0-1.0)."""
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if t in BANGLISH_MARKERS) / len(tokens)


def banglish_variants(word: str) -> list[str]:
    """The word and its forms without a Banglish case/plural ending (takar -> taka, orderer -> order)."""
    variants = [word]
    for suffix in SUFFIXES:
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3:
            variants.append(base)
    return variants
