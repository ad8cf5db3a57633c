"""English analysis: stop words and the Snowball (Porter 2) stemmer, like the `english` analyzer."""

from __future__ import annotations

from functools import lru_cache

import snowballstemmer

# Lucene's English stop words plus the filler of help-centre questions ("how do i ...").
STOP_WORDS = frozenset(
    """a an and are as at be but by for if in into is it no not of on or such that the their then there
    these they this to was will with i me my we our you your he she its do does did how what when where
    which who why can could would should am been being have has had please get got so than too very
    just about any some from up out""".split()  # noqa: SIM905
)

_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The Snowball English stem of a lower-case word."""
    return str(_stemmer.stemWord(word))


def analyze_word(word: str) -> str | None:
    """One lower-case Latin token through stop words and the stemmer (None: a stop word)."""
    if word in STOP_WORDS:
        return None
    if word.isdigit():
        return word
    return stem(word)
