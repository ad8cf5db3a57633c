"""Checks shared by services: text lengths, emails, order references; each failure is bilingual."""

from __future__ import annotations

import re

from backend.errors import ValidationFailed

SUBJECT_MAX = 200
BODY_MAX = 5000
NAME_MAX = 200
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,}$")
_ORDER_REF = re.compile(r"^[A-Za-z0-9\-]{4,40}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str | None) -> str:
    """Strip control characters and surrounding space; keep newlines and every script."""
    return _CONTROL.sub("", value or "").strip()


def require_subject(value: str | None) -> str:
    subject = " ".join(clean_text(value).split())
    if not subject:
        raise ValidationFailed("subject_required")
    if len(subject) > SUBJECT_MAX:
        raise ValidationFailed("subject_too_long", max=SUBJECT_MAX)
    return subject


def require_body(value: str | None) -> str:
    body = clean_text(value)
    if not body:
        raise ValidationFailed("body_required")
    if len(body) > BODY_MAX:
        raise ValidationFailed("body_too_long", max=BODY_MAX)
    return body


def require_name(value: str | None) -> str:
    name = " ".join(clean_text(value).split())
    if not name or len(name) > NAME_MAX:
        raise ValidationFailed("name_required")
    return name


def normalise_email(value: str | None) -> str:
    email = clean_text(value).lower()
    if not _EMAIL.match(email):
        raise ValidationFailed("email_invalid")
    return email


def optional_order_ref(value: str | None) -> str | None:
    ref = clean_text(value).upper()
    if not ref:
        return None
    if not _ORDER_REF.match(ref):
        raise ValidationFailed("order_ref_invalid")
    return ref
