"""Text features for the bot's linear models: word uni/bigrams, concept tokens and char n-grams (TF-IDF).

`analyze` turns a message into feature strings; training fits scikit-learn's TfidfVectorizer with it
(sublinear tf, idf, l2 norm) and `Featurizer` reproduces that transform with numpy alone from a JSON
vocabulary and an idf array, so the shipped model loads without scikit-learn or pickle.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from backend.bot.nlu.lexicon import CONCEPTS
from backend.bot.nlu.normalize import fold_latin_token, fold_token, normalize_text, transliterate_bengali

_TOKEN = re.compile(r"[a-z0-9]+|[\u0980-\u09ff]+|[\U0001f300-\U0001faff\u2600-\u27bf]|[?!]")
_MONEY = re.compile(r"^(\d+)(tk|taka|k)$")
_SPLIT_ALNUM = re.compile(r"[a-z]+|[0-9]+")
_VOWEL_RUN = re.compile(r"[aeiouy]+")


def _number_class(digits: str) -> str:
    return "<longnum>" if len(digits) >= 6 else "<num>"


def token_pairs(text: str) -> list[tuple[str, str]]:
    """(folded token, romanized form or "") of a message; numbers and codes become class tokens.

    The romanized form is given for Bengali-script words only: their Banglish spelling, folded, so that
    `কোথায়` and `kothay` share features."""
    out: list[tuple[str, str]] = []
    for raw in _TOKEN.findall(normalize_text(text)):
        if raw.isdigit():
            out.append((_number_class(raw), ""))
        elif raw.isascii() and raw.isalnum() and any(ch.isdigit() for ch in raw):
            money = _MONEY.match(raw)
            if money:
                out.extend(((_number_class(money.group(1)), ""), ("taka", "")))
            elif len(raw) >= 6:
                out.append(("<code>", ""))
            else:
                out.extend(
                    (_number_class(p) if p.isdigit() else fold_token(p), "")
                    for p in _SPLIT_ALNUM.findall(raw)
                )
        else:
            out.append(_fold_cached(raw))
    return out


def tokens(text: str) -> list[str]:
    """Normalised, folded tokens of a message (see `token_pairs`)."""
    return [tok for tok, _ in token_pairs(text)]


@lru_cache(maxsize=65536)
def _fold_cached(raw: str) -> tuple[str, str]:
    if "\u0980" <= raw[0] <= "\u09ff":
        return fold_token(raw), fold_latin_token(transliterate_bengali(raw))
    return fold_token(raw), ""


def _char_grams(tok: str, feats: list[str]) -> None:
    padded = f" {tok} "
    n_chars = len(padded)
    for n in range(2, 6):
        if n > n_chars:
            break
        feats.extend("c:" + padded[i : i + n] for i in range(n_chars - n + 1))


def analyze(text: str) -> list[str]:
    """Feature strings of one message (w: words, b: bigrams, k: concepts, c: char 2-5 grams).

    A Bengali-script word adds the word and char features of its romanized form too."""
    pairs = token_pairs(text)
    feats: list[str] = []
    for tok, roman in pairs:
        feats.append("w:" + tok)
        concept = CONCEPTS.get(tok) or (CONCEPTS.get(roman) if roman else None)
        if concept:
            feats.append("k:" + concept)
        if tok[0] != "<":
            _char_grams(tok, feats)
        if roman:
            feats.append("w:" + roman)
            _char_grams(roman, feats)
        latin = roman or (tok if tok.isascii() and tok.isalpha() else "")
        if len(latin) >= 3:
            skeleton = _VOWEL_RUN.sub("", latin[1:])
            feats.append(f"s:{latin[0]}{skeleton}")
    toks = [tok for tok, _ in pairs]
    feats.extend(f"b:{a} {b}" for a, b in itertools.pairwise(toks))
    if any(roman for _, roman in pairs):
        romans = [roman or tok for tok, roman in pairs]
        feats.extend(f"b:{a} {b}" for a, b in itertools.pairwise(romans))
    return feats


# Words both Banglish and English writers use in Bangladesh (currency, wallets, brands): no language signal.
SHARED_TERMS = frozenset(
    [
        "taka",
        "tk",
        "bkash",
        "bikash",
        "nagad",
        "rocket",
        "upay",
        "cod",
        "emi",
        "otp",
        "trxid",
        "trx",
        "pathao",
        "redx",
        "sundarban",
        "daraz",
        "dhaka",
        "chittagong",
        "ctg",
        "sylhet",
        "khulna",
        "rajshahi",
        "barishal",
        "rangpur",
        "mymensingh",
        "comilla",
        "gazipur",
    ]
)


def analyze_latin_script(text: str) -> list[str]:
    """Features for telling Banglish from English: raw lowercase words and char 1-4 grams (no folding)."""
    feats: list[str] = []
    for tok in _TOKEN.findall(normalize_text(text)):
        if not tok.isalpha() or tok in SHARED_TERMS:
            continue
        feats.append("w:" + tok)
        padded = f" {tok} "
        for n in range(1, 5):
            feats.extend("c:" + padded[i : i + n] for i in range(len(padded) - n + 1))
    return feats


ANALYZERS: dict[str, Callable[[str], list[str]]] = {"intent": analyze, "latin": analyze_latin_script}


class Featurizer:
    """TF-IDF transform (sublinear tf, idf, l2) of analyzer features over a fixed vocabulary."""

    def __init__(self, vocabulary: list[str], idf: np.ndarray, analyzer: str = "intent") -> None:
        self.analyze = ANALYZERS[analyzer]
        self.index = {feature: i for i, feature in enumerate(vocabulary)}
        self.idf = idf.astype(np.float32)
        self.size = len(vocabulary)

    def transform_one(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and l2-normalised TF-IDF values of one message (sparse row)."""
        counts = Counter(f for f in self.analyze(text) if f in self.index)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.fromiter((self.index[f] for f in counts), dtype=np.int64, count=len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=np.float32, count=len(counts))
        values = tf * self.idf[idx]
        norm = float(np.sqrt(np.dot(values, values)))
        if norm > 0:
            values /= norm
        return idx, values
