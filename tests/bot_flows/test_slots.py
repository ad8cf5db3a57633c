"""Slot extraction from what customers type: order numbers, TrxIDs, amounts (Bengali digits too),
payment methods, times ("gotokal 3tay", "today 2pm", ISO) and photos."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from backend.bot import slots

pytestmark = pytest.mark.no_stores
# 2026-12-05 16:00 in Dhaka.
NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("amar order ORD-240117 kothay?", "ORD-240117"),
        ("ord 240117 ekhono ashe nai", "ORD-240117"),
        ("ORD240117", "ORD-240117"),
        ("order #240355 cancel", "ORD-240355"),
        ("আমার অর্ডার ২৪০১১৭ কোথায়?", "ORD-240117"),
        ("অর্ডার নং ORD-২৪০৪১২", "ORD-240412"),
        ("kobe pabo?", None),
    ],
)
def test_order_numbers(text: str, expected: str | None) -> None:
    assert slots.find_order_ref(text) == expected


def test_a_bare_number_is_an_order_only_when_the_bot_asked_for_one() -> None:
    assert slots.find_order_ref("240117") is None
    assert slots.find_bare_order_number("240117") == "ORD-240117"
    assert slots.find_bare_order_number("২৪০১১৭") == "ORD-240117"
    assert slots.find_bare_order_number("ami 240117 order korsi") is None


@pytest.mark.parametrize(
    ("text", "awaiting", "expected"),
    [
        ("TrxID 9A7B3C2D1E", False, "9A7B3C2D1E"),
        ("trx id: 8n4k2m9x7q", False, "8N4K2M9X7Q"),  # upper-cased
        ("bkash e 500 tk gese trx 7XH2K9LP0Q gotokal", False, "7XH2K9LP0Q"),
        ("TRANSACTION failed yesterday", False, None),  # words are not ids
        ("01712345678 theke pay korsi", True, None),  # a phone number is not an id
        ("ORD240117", True, None),  # an order number is not an id
        ("1234567890", True, "1234567890"),  # Rocket's numeric ids, when asked for
        ("1234567890", False, None),
        ("ABC123", True, None),  # too short
        ("৯৮৭৬৫৪৩২১০", True, "9876543210"),  # Bengali digits
    ],
)
def test_transaction_ids(text: str, awaiting: bool, expected: str | None) -> None:
    assert slots.find_trx_id(text, awaiting=awaiting) == expected


@pytest.mark.parametrize(
    ("text", "awaiting", "expected"),
    [
        ("৳৫০০ কেটে নিয়েছে", False, 50000),
        ("১,২০০ টাকা কাটা হয়েছে", False, 120000),
        ("500 tk gese", False, 50000),
        ("Tk. 1,250.50 charged", False, 125050),
        ("BDT 99", False, 9900),
        ("2499 taka", False, 249900),
        ("৭৫০", True, 75000),
        ("750", False, None),
        ("gotokal 3tay", True, None),  # a time, not an amount
    ],
)
def test_amounts(text: str, awaiting: bool, expected: int | None) -> None:
    assert slots.find_amount_paisa(text, awaiting=awaiting) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bkash theke", "bkash"),
        ("বিকাশে টাকা কেটেছে", "bkash"),
        ("nogod e pay", "nagad"),
        ("রকেট", "rocket"),
        ("visa card charged twice", "card"),
        ("cash on delivery", None),
    ],
)
def test_payment_methods(text: str, expected: str | None) -> None:
    assert slots.find_method(text) == expected


@pytest.mark.parametrize(
    ("text", "expected_utc"),
    [
        ("gotokal 3tay", datetime(2026, 12, 4, 9, 0, tzinfo=UTC)),  # 15:00 Dhaka yesterday
        ("গতকাল ৩টায়", datetime(2026, 12, 4, 9, 0, tzinfo=UTC)),
        ("today 2pm", datetime(2026, 12, 5, 8, 0, tzinfo=UTC)),
        ("aj sokal 9:30", datetime(2026, 12, 5, 3, 30, tzinfo=UTC)),
        ("আজ বিকাল ৪টায়", datetime(2026, 12, 5, 10, 0, tzinfo=UTC)),
        ("2026-12-03 18:45", datetime(2026, 12, 3, 12, 45, tzinfo=UTC)),
        ("03/12/2026 e", datetime(2026, 12, 3, 6, 0, tzinfo=UTC)),  # a date alone: its noon
        ("11pm", datetime(2026, 12, 4, 17, 0, tzinfo=UTC)),  # tonight's 11pm has not come: last night
        ("kobe pabo", None),
    ],
)
def test_times(text: str, expected_utc: datetime | None) -> None:
    assert slots.find_time(text, NOW) == expected_utc


def test_a_time_is_never_in_the_future() -> None:
    moment = slots.find_time("2027-01-01 10:00", NOW)
    assert moment == NOW


def test_photos_are_image_attachments() -> None:
    assert slots.has_photos([{"content_type": "image/jpeg", "url": "https://x/1"}])
    assert slots.has_photos([{"name": "box.PNG"}])
    assert not slots.has_photos([{"content_type": "application/pdf", "filename": "invoice.pdf"}])
    assert not slots.has_photos([])
