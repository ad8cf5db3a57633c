"""Text normalisation for the bot's models: Bengali script (Lucene-like) and Banglish spelling folding.

Two levels:
- `normalize_text`: lossless-in-meaning canonical form (NFC, Indic recomposition of য়/ড়/ঢ়/ৎ/ো/ৌ/আ,
  zero-width joiners removed, Bengali digits to ASCII, lowercase, spaces collapsed).
- `fold_token`: lossy spelling folding used only for model features: Lucene's BengaliNormalizer rules for
  Bengali-script tokens and a phonetic fold for romanized (Banglish) tokens, so that
  kothay/kothai/kotai/kothae or bhai/vai meet on the same form.
"""

from __future__ import annotations

import re

from backend.knowledge.text.bengali import bengali_normalize, fold_digits, indic_normalize

HASANTA = "\u09cd"

_SPACES = re.compile(r"\s+")
_REPEAT = re.compile(r"([a-z])\1+")
_BENGALI_LETTER = re.compile(r"[\u0980-\u09ff]")


def normalize_text(text: str) -> str:
    """The canonical form of a customer message (see module docstring)."""
    text = indic_normalize(text).replace("\ufeff", "").replace("\u00ad", "")
    text = fold_digits(text).replace("৳", " taka ").lower()
    return _SPACES.sub(" ", text).strip()


def normalize_bengali_token(token: str) -> str:
    """Lucene BengaliNormalizer on one token (the knowledge base's port, shared)."""
    return bengali_normalize(token)


# Ordered phonetic folds for romanized Bengali (and, harmlessly, English): applied after collapsing
# doubled letters, so khub/khoob, bhai/vai/bai, kothay/kothai/kotai/kothae, dhonnobad/donobad meet.
_LATIN_FOLDS: tuple[tuple[str, str], ...] = (
    ("kh", "k"),
    ("gh", "g"),
    ("ch", "c"),
    ("jh", "j"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("bh", "b"),
    ("sh", "s"),
    ("v", "b"),
    ("z", "j"),
    ("q", "k"),
    ("w", "o"),
)
_TRAILING_I = re.compile(r"(ay|ae|ei|ey|y)$")


def fold_latin_token(token: str) -> str:
    """Phonetic fold of a romanized token (lossy, for features only)."""
    t = _REPEAT.sub(r"\1", token.replace("ee", "i").replace("oo", "u"))
    for a, b in _LATIN_FOLDS:
        if a in t:
            t = t.replace(a, b)
    if len(t) > 2:
        t = _TRAILING_I.sub("ai", t)
    return t


# Bengali inflections stripped for features (longest first; only when the word keeps > 1 letter).
_BN_SUFFIXES = sorted(
    [
        "গুলোর",
        "গুলো",
        "গুলি",
        "গুলা",
        "খানা",
        "খানি",
        "েদের",
        "দের",
        "টাতে",
        "টাকে",
        "টার",
        "টির",
        "টা",
        "টি",
        "টে",
        "েরা",
        "ের",
        "রা",
        "কে",
        "েতে",
        "তে",
        "েও",
        "য়",
        "র",
        "ে",
        "ও",
        "ই",
    ],
    key=len,
    reverse=True,
)


def stem_bengali(token: str) -> str:
    """Strip common inflections (টা, টি, গুলো, ের, কে, ...) from a Bengali token, longest first.

    Two passes, so that a classifier plus a case ending (অর্ডারটা -> অর্ডার -> অর্ডা) reaches the
    same stem as the bare word (অর্ডার -> অর্ডা)."""
    for _ in range(2):
        for suffix in _BN_SUFFIXES:
            if token.endswith(suffix) and len(token) > len(suffix) + 1:
                token = token[: -len(suffix)]
                break
        else:
            break
    return token


def fold_token(token: str) -> str:
    """The spelling-folded form of one normalised token: Bengali normalised and stemmed, Latin folded."""
    if _BENGALI_LETTER.search(token):
        return stem_bengali(normalize_bengali_token(token))
    if token.isascii() and token.isalpha():
        return fold_latin_token(token)
    return token


# Rough Bengali-to-Latin transliteration, the way Banglish writers spell (কোথায় -> kothay, অর্ডার -> ordar).
# Used only to give Bengali-script words the same char n-gram features as their Banglish spellings.
_CONSONANTS = {
    "ক": "k", "খ": "kh", "গ": "g", "ঘ": "gh", "ঙ": "ng", "চ": "ch", "ছ": "ch", "জ": "j", "ঝ": "jh",
    "ঞ": "n", "ট": "t", "ঠ": "th", "ড": "d", "ঢ": "dh", "ণ": "n", "ত": "t", "থ": "th", "দ": "d",
    "ধ": "dh", "ন": "n", "প": "p", "ফ": "f", "ব": "b", "ভ": "bh", "ম": "m", "য": "j", "র": "r",
    "ল": "l", "শ": "sh", "ষ": "sh", "স": "s", "হ": "h", "\u09dc": "r", "\u09dd": "r", "\u09df": "y",
}  # fmt: skip
_INDEPENDENT_VOWELS = {
    "অ": "o", "আ": "a", "ই": "i", "ঈ": "i", "উ": "u", "ঊ": "u", "ঋ": "ri", "এ": "e", "ঐ": "oi",
    "ও": "o", "ঔ": "ou",
}  # fmt: skip
_VOWEL_SIGNS = {
    "\u09be": "a", "\u09bf": "i", "\u09c0": "i", "\u09c1": "u", "\u09c2": "u", "\u09c3": "ri",
    "\u09c7": "e", "\u09c8": "oi", "\u09cb": "o", "\u09cc": "ou",
}  # fmt: skip
_SIGNS = {"\u0982": "ng", "\u0983": "h", "\u0981": "", "\u09ce": "t", "\u09bc": ""}


def transliterate_bengali(token: str) -> str:
    """Romanize a Bengali-script word the way Banglish is typed (কোথায় -> kothay, করতে -> korte).

    The inherent vowel is written 'o' between consonants, dropped at the end of a word and before a
    consonant that carries its own vowel sign when a vowel precedes (a rough schwa deletion); ya-phala
    is silent (ধন্যবাদ -> dhonobad)."""
    out: list[str] = []
    n = len(token)
    prev_vowel = False
    for i, ch in enumerate(token):
        if ch in _CONSONANTS:
            if ch == "য" and i > 0 and token[i - 1] == HASANTA:  # ya-phala: silent
                if i + 1 < n and token[i + 1] not in _VOWEL_SIGNS and token[i + 1] != HASANTA:
                    out.append("o")
                prev_vowel = True
                continue
            out.append(_CONSONANTS[ch])
            nxt = token[i + 1] if i + 1 < n else ""
            after = token[i + 2] if i + 2 < n else ""
            inherent = nxt in _CONSONANTS
            if inherent and prev_vowel and after in _VOWEL_SIGNS:
                inherent = False
            if inherent:
                out.append("o")
            prev_vowel = inherent
        elif ch in _INDEPENDENT_VOWELS:
            out.append(_INDEPENDENT_VOWELS[ch])
            prev_vowel = True
        elif ch in _VOWEL_SIGNS:
            out.append(_VOWEL_SIGNS[ch])
            prev_vowel = True
        elif ch in _SIGNS:
            out.append(_SIGNS[ch])
        elif ch == HASANTA:
            prev_vowel = False
        elif ch.isascii():
            out.append(ch)
            prev_vowel = False
    return "".join(out)
