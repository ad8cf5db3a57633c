"""Tokenising mixed Bengali/Latin text (the standard tokenizer's split) and telling the scripts apart."""

from __future__ import annotations

import re

# Bengali block with the joiners (they sit inside words), or runs of Latin letters and digits.
_TOKEN = re.compile(r"[\u0980-\u09ff\u200c\u200d]+|[a-z0-9]+")
_BENGALI = re.compile(r"[\u0980-\u09ff]")


def tokenize(text: str) -> list[str]:
    """Lower-cased tokens in order; Bengali and Latin runs become separate tokens ("bKash-এ" -> 2)."""
    return _TOKEN.findall(text.lower())


def is_bengali(token: str) -> bool:
    return bool(_BENGALI.search(token))


def has_bengali(text: str) -> bool:
    return bool(_BENGALI.search(text))
