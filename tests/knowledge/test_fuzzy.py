"""Typo tolerance: edit distance with swaps, deletion neighbourhoods, trigram similarity."""

from __future__ import annotations

import pytest

from backend.knowledge.text.fuzzy import edit_distance, trigram_similarity
from backend.knowledge.text.vocabulary import Vocabulary

pytestmark = pytest.mark.no_stores


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("refund", "refund", 0),
        ("refnud", "refund", 1),
        ("deliverry", "delivery", 1),
        ("pasword", "password", 1),
        ("cashbak", "cashback", 1),
        ("kitten", "sitting", 3),
    ],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b, 3) == distance


def test_edit_distance_stops_at_the_limit() -> None:
    assert edit_distance("refund", "voucher", 2) == 3


def test_trigram_similarity() -> None:
    assert trigram_similarity("refund", "refund") == 1.0
    assert trigram_similarity("refund", "refnd") > trigram_similarity("refund", "voucher")


def test_vocabulary_near_finds_terms_one_or_two_edits_away_nearest_first() -> None:
    vocabulary = Vocabulary({"refund": 10, "return": 8, "rocket": 2})
    assert vocabulary.near("refnud", 2)[0] == ("refund", 1)
    assert [t for t, _ in vocabulary.near("retrun", 2)] == ["return"]
    assert vocabulary.near("zzzzzz", 2) == []
