"""The index vocabulary held in memory: exact terms, Bengali terms by phonetic key, typo neighbourhoods."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from backend.knowledge.text.banglish import phonetic_key, romanize
from backend.knowledge.text.fuzzy import deletes, edit_distance, trigram_similarity
from backend.knowledge.text.tokens import is_bengali


class Vocabulary:
    """Terms of the index with their document frequencies, and lookups the query planner needs."""

    def __init__(self, term_df: dict[str, int]) -> None:
        self.df = term_df
        self.terms = set(term_df)
        self.bengali_by_key: dict[str, list[str]] = defaultdict(list)
        self._deletes: dict[str, list[str]] | None = None  # built on the first typo lookup
        for term in term_df:
            if is_bengali(term):
                key = phonetic_key(romanize(term))
                if len(key) >= 2:
                    self.bengali_by_key[key].append(term)

    def _deletion_index(self) -> dict[str, list[str]]:
        if self._deletes is None:
            index: dict[str, list[str]] = defaultdict(list)
            for term in self.df:
                if len(term) >= 3 and not term.isdigit():
                    for variant in deletes(term, 1):
                        index[variant].append(term)
            self._deletes = index
        return self._deletes

    @classmethod
    def from_terms(cls, rows: Iterable[tuple[str, int]]) -> Vocabulary:
        return cls(dict(rows))

    def near(self, term: str, max_distance: int) -> list[tuple[str, int]]:
        """Index terms within `max_distance` edits of `term`: nearest, then most similar, then commonest."""
        candidates: set[str] = set()
        index = self._deletion_index()
        for variant in deletes(term, max_distance):
            candidates.update(index.get(variant, ()))
        found = []
        for candidate in candidates:
            if candidate == term:
                continue
            distance = edit_distance(term, candidate, max_distance)
            if distance <= max_distance:
                found.append(
                    (distance, -trigram_similarity(term, candidate), -self.df.get(candidate, 0), candidate)
                )
        found.sort()
        return [(candidate, distance) for distance, _sim, _df, candidate in found]
