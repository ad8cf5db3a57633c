"""Language of a customer message: bn (Bengali script, also when mixed with English), banglish or en.

Bengali script decides first: a message whose letters are at least `BENGALI_SHARE` Bengali (or that has
at least two Bengali letters next to Latin ones) is `bn`, mixed messages included (INTENTS.md). A Latin
message is told apart by a small logistic model over char n-grams plus two lexicon features (the share
of its words that are common Banglish words and common English words), because off-the-shelf
detectors call romanized Bengali English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from backend.bot.nlu.features import SHARED_TERMS, Featurizer
from backend.bot.nlu.lexicon import BANGLISH_WORDS, ENGLISH_WORDS
from backend.bot.nlu.normalize import normalize_text

LANGUAGES: tuple[str, ...] = ("bn", "banglish", "en")
BENGALI_SHARE = 0.2
# A Latin message is Banglish from this probability on: below 0.5 because code-mixed Banglish ("order
# ship howar age address change shombhob?") is mostly English words; on the held-out rows no English
# message scored between 0.4 and 0.5 while several Banglish ones did.
BANGLISH_FROM = 0.4
_WORD = re.compile(r"[a-z]+")


def script_counts(text: str) -> tuple[int, int]:
    """(Bengali letters and signs, Latin letters) in the text; digits and ৳ count for neither."""
    bengali = latin = 0
    for ch in text:
        if "\u0980" <= ch <= "\u09ff" and not ("\u09e6" <= ch <= "\u09ef") and ch != "৳":
            bengali += 1
        elif ("a" <= ch <= "z") or ("A" <= ch <= "Z"):
            latin += 1
    return bengali, latin


def is_bengali_script(text: str) -> bool:
    """True when the message counts as Bengali script (pure or mixed with English words)."""
    bengali, latin = script_counts(text)
    if bengali == 0:
        return False
    return bengali >= 2 or bengali / (bengali + latin) >= BENGALI_SHARE


def lexicon_features(text: str) -> np.ndarray:
    """[share of Banglish words, share of English words] among the Latin words of a message."""
    words = [w for w in _WORD.findall(normalize_text(text)) if w not in SHARED_TERMS]
    if not words:
        return np.zeros(2, dtype=np.float32)
    banglish = sum(1 for w in words if w in BANGLISH_WORDS and w not in ENGLISH_WORDS)
    english = sum(1 for w in words if w in ENGLISH_WORDS and w not in BANGLISH_WORDS)
    return np.array([banglish / len(words), english / len(words)], dtype=np.float32)


@dataclass
class LatinLanguageModel:
    """Logistic model P(banglish | Latin text) over TF-IDF features and the two lexicon shares."""

    featurizer: Featurizer
    weights: np.ndarray  # (vocabulary,) weights of the text features
    lexicon_weights: np.ndarray  # (2,)
    bias: float

    def banglish_probability(self, text: str) -> float:
        idx, values = self.featurizer.transform_one(text)
        score = float(values @ self.weights[idx]) if idx.size else 0.0
        score += float(lexicon_features(text) @ self.lexicon_weights) + self.bias
        return float(1.0 / (1.0 + np.exp(-score)))


def detect_language(text: str, latin_model: LatinLanguageModel | None) -> tuple[str, float]:
    """(language, probability) of a message; with no Latin model, the lexicon shares decide."""
    if is_bengali_script(text):
        return "bn", 1.0
    _, latin = script_counts(text)
    if latin == 0:
        # No letters at all ("৫০০", "01712345678", "👍"): Bengali digits hint at a Bengali keyboard.
        return ("bn", 0.5) if any("\u09e6" <= ch <= "\u09ef" for ch in text) else ("en", 0.5)
    if latin_model is None:
        shares = lexicon_features(text)
        return ("banglish", 0.5) if shares[0] > shares[1] else ("en", 0.5)
    words = _WORD.findall(normalize_text(text))
    if (
        words
        and all(w in ENGLISH_WORDS for w in words)
        and not any(w in BANGLISH_WORDS and w not in ENGLISH_WORDS for w in words)
    ):
        return "en", 1.0  # "hi", "ok thanks", "order status": plain English words only
    p = latin_model.banglish_probability(text)
    return ("banglish", p) if p >= BANGLISH_FROM else ("en", 1.0 - p)
