"""Bangladeshi mobile numbers as people type them."""

from __future__ import annotations

import pytest

from backend.errors import ValidationFailed
from backend.phone import mask_phone, normalise_bd_mobile

pytestmark = pytest.mark.no_stores


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("01711000001", "+8801711000001"),
        ("+8801711000001", "+8801711000001"),
        ("8801911234567", "+8801911234567"),
        ("00880 1811-234567", "+8801811234567"),
        ("০১৭১১০০০০০১", "+8801711000001"),
        ("  01311 234 567 ", "+8801311234567"),
        ("(016) 1123-4567", "+8801611234567"),
    ],
)
def test_accepts_what_people_type(typed: str, stored: str) -> None:
    assert normalise_bd_mobile(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "01111234567",
        "0171100000",
        "017110000011",
        "+919812345678",
        "02-9123456",
        "",
        "abc",
        "01211234567",
    ],
)
def test_refuses_non_mobiles_with_a_bilingual_message(typed: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        normalise_bd_mobile(typed)
    assert refused.value.code == "phone_invalid"
    assert "01XXXXXXXXX" in refused.value.message("en")
    assert "মোবাইল নম্বর" in refused.value.message("bn")


def test_masking_keeps_only_prefix_and_last_two_digits() -> None:
    assert mask_phone("+8801711000078") == "+8801711****78"
