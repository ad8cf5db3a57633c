"""Typo tolerance: bounded edit distance, deletion neighbourhoods and trigram similarity."""

from __future__ import annotations

from itertools import combinations


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edit distance counting a swap as one (refnud -> refund), or limit + 1 once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        best = i
        for j, cb in enumerate(b, 1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, before[j - 2] + 1)
            current.append(value)
            best = min(best, value)
        if best > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def deletes(word: str, depth: int) -> set[str]:
    """Every string made by deleting up to `depth` characters (SymSpell's neighbourhood)."""
    out = {word}
    for n in range(1, depth + 1):
        if len(word) - n < 1:
            break
        for positions in combinations(range(len(word)), n):
            out.add("".join(ch for i, ch in enumerate(word) if i not in positions))
    return out


def trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def trigram_similarity(a: str, b: str) -> float:
    """Shared trigrams over all trigrams (PostgreSQL pg_trgm's similarity)."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0
