"""Read the one-time code the way a customer would: from the SMS body queued for their number."""

from __future__ import annotations

import re

from sqlmodel import col, select

from backend.db import read_session
from backend.models import Notification

_CODE = re.compile(r"(?<![0-9])([0-9]{6})(?![0-9])")


def queued_code(phone: str) -> str:
    """The code in the newest OTP SMS to `phone` (E.164); call it before the delivery job runs."""
    with read_session() as session:
        notification = session.exec(
            select(Notification)
            .where(Notification.to_address == phone, Notification.purpose == "otp")
            .order_by(col(Notification.created_at).desc())
        ).first()
    assert notification is not None, f"no OTP SMS queued for {phone}"
    match = _CODE.search(notification.body)
    assert match is not None, f"no 6-digit code in {notification.body!r}"
    return match.group(1)
