"""Quote stripping and reply addresses, on their own (no stores)."""

from __future__ import annotations

import uuid

import pytest

from backend.channels.email.quoting import html_to_text, strip_quoted
from backend.channels.email.threading import (
    our_ids,
    parse_message_ids,
    reply_address,
    ticket_from_reply_address,
)
from backend.config import Settings

pytestmark = pytest.mark.no_stores


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "হ্যাঁ, ঠিক আছে।\n\nOn Wed, 25 Nov 2026 at 11:50, Seba <support@seba.example> wrote:\n> old",
            "হ্যাঁ, ঠিক আছে।",
        ),
        ("Yes.\n\nOn Wed, 25 Nov 2026 at 11:50, Seba <\nsupport@seba.example> wrote:\n> old", "Yes."),
        ("ঠিক আছে\n২৫ নভেম্বর ২০২৬ তারিখে Seba <support@seba.example> লিখেছেন:\n> পুরনো", "ঠিক আছে"),
        ("Fine\n\n-----Original Message-----\nFrom: Seba\nSent: today", "Fine"),
        ("Fine\n\nপ্রেরক: Seba <support@seba.example>\nপাঠানো হয়েছে: আজ\nবিষয়: Re", "Fine"),
        ("Thanks\n-- \nTanvir Hasan\n+8801711000000", "Thanks"),
        ("Thanks\n\nSent from my iPhone", "Thanks"),
        ("New text\n— Reply above this line —\nold reply", "New text"),
        ("> only a quote\n> nothing new", "> only a quote\n> nothing new"),
        (
            "From: the shop, I got a red saree.\nBlue, please.",
            "From: the shop, I got a red saree.\nBlue, please.",
        ),
    ],
)
def test_strip_quoted(text: str, expected: str) -> None:
    assert strip_quoted(text) == expected


def test_html_to_text_drops_gmail_and_outlook_quotes() -> None:
    gmail = (
        '<div dir="ltr">নমস্কার<br>ধন্যবাদ</div>'
        '<div class="gmail_quote">On x wrote:<blockquote>old</blockquote></div>'
    )
    assert html_to_text(gmail) == "নমস্কার\nধন্যবাদ"
    outlook = "<div>Hello</div><div id=appendonsend></div><div>From: Seba</div>"
    assert html_to_text(outlook) == "Hello"
    assert html_to_text("<p>a &amp; b</p><script>x()</script>") == "a & b"


def test_reply_address_round_trip_and_forgery() -> None:
    settings = Settings(
        secret_key="k" * 40, sendgrid_from_email="support@seba.example", email_reply_domain="r.seba.bd"
    )
    ticket_id = uuid.uuid4()
    address = reply_address(ticket_id, settings)
    assert address.startswith("support+t") and address.endswith("@r.seba.bd")
    assert len(address.split("@")[0]) <= 64
    assert ticket_from_reply_address(address.upper(), settings) == ticket_id  # case-folding servers
    other_secret = Settings(
        secret_key="x" * 40, sendgrid_from_email="support@seba.example", email_reply_domain="r.seba.bd"
    )
    assert ticket_from_reply_address(address, other_secret) is None
    assert ticket_from_reply_address(address.replace("r.seba.bd", "evil.example"), settings) is None
    other = reply_address(uuid.uuid4(), settings)
    spliced = address.split("+t")[0] + "+t" + address.split("+t")[1][:26] + other.split("+t")[1][26:]
    assert ticket_from_reply_address(spliced, settings) is None


def test_our_ids_are_recognised_in_references() -> None:
    m, n = uuid.uuid4(), uuid.uuid4()
    header = f"<CA+x@mail.gmail.com> <seba.m.{m}@r.seba.bd>\n <seba.n.{n}@r.seba.bd>"
    assert our_ids(parse_message_ids(header)) == [("m", m), ("n", n)]
