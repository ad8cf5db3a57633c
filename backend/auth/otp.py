"""Customers sign in with their mobile number and a one-time code sent through the SMS outbox."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import col, select

from backend.auth import throttle
from backend.auth.principal import Principal
from backend.auth.sessions import create_session, resolve_session
from backend.config import get_settings
from backend.db import Actor, transaction
from backend.errors import ValidationFailed
from backend.events import NotificationQueued
from backend.i18n.messages import message, normalise_locale
from backend.models import Notification, OtpChallenge
from backend.models.base import utcnow
from backend.phone import mask_phone, normalise_bd_mobile, to_ascii_digits
from backend.services.customers import find_or_create_by_phone

log = logging.getLogger(__name__)
CODE_LENGTH = 6


def _code_hash(phone: str, code: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class CodeRequested:
    challenge_id: str
    phone: str  # E.164
    expires_in: int


def request_code(
    *, phone: str, device_id: str | None = None, locale: str | None = None, client_ip: str = ""
) -> CodeRequested:
    """Create a challenge and queue its SMS; at most a few per number and address per window."""
    settings = get_settings()
    e164 = normalise_bd_mobile(phone)
    window = settings.login_window_seconds
    throttle.hit(f"otp:phone:{e164}", limit=settings.otp_requests_per_window, window_seconds=window)
    throttle.hit(f"otp:ip:{client_ip}", limit=settings.otp_requests_per_window * 10, window_seconds=window)
    code = f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"
    now = utcnow()
    ttl = settings.otp_ttl_seconds
    with transaction(Actor.system()) as tx:
        challenge = OtpChallenge(
            phone=e164,
            code_hash=_code_hash(e164, code),
            device_id=(device_id or "")[:64] or None,
            created_at=now,
            expires_at=now + timedelta(seconds=ttl),
        )
        tx.session.add(challenge)
        tx.session.flush()
        notification = Notification(
            channel="sms",
            purpose="otp",
            to_address=e164,
            body=message("otp_sms", normalise_locale(locale), code=code, minutes=ttl // 60),
            idempotency_key=f"otp:{challenge.id}",
        )
        tx.session.add(notification)
        tx.session.flush()
        tx.audit("auth.code_requested", "otp_challenge", challenge.id, phone=mask_phone(e164))
        tx.emit(NotificationQueued(notification.id, "sms", "otp"))
    log.info("one-time code requested", extra={"phone": mask_phone(e164)})
    return CodeRequested(str(challenge.id), e164, ttl)


@dataclass(frozen=True)
class CustomerSignedIn:
    token: str
    principal: Principal
    new_customer: bool


def verify_code(
    *,
    phone: str,
    code: str,
    device_id: str | None = None,
    locale: str | None = None,
    user_agent: str = "",
) -> CustomerSignedIn:
    """Check the latest code for this number and open a session bound to the device."""
    settings = get_settings()
    e164 = normalise_bd_mobile(phone)
    code = to_ascii_digits((code or "").strip())
    if len(code) != CODE_LENGTH or not code.isdigit():
        raise ValidationFailed("otp_format")
    now = utcnow()
    with transaction(Actor.system()) as tx:
        challenge = tx.session.exec(
            select(OtpChallenge)
            .where(OtpChallenge.phone == e164, col(OtpChallenge.consumed_at).is_(None))
            .order_by(col(OtpChallenge.created_at).desc())
            .with_for_update()
        ).first()
        if challenge is None or challenge.expires_at <= now:
            raise ValidationFailed("otp_expired")
        if challenge.attempts >= settings.otp_max_attempts:
            raise ValidationFailed("otp_expired")
        if not hmac.compare_digest(challenge.code_hash, _code_hash(e164, code)):
            challenge.attempts += 1
            tx.session.add(challenge)
            tx.audit("auth.code_refused", "otp_challenge", challenge.id)
            failed = True
        else:
            failed = False
            challenge.consumed_at = now
            tx.session.add(challenge)
            customer, created = find_or_create_by_phone(tx, phone=e164, locale=locale)
            tx.actor = Actor.customer(customer.id)
            token = create_session(
                tx,
                customer_id=customer.id,
                device_id=(device_id or challenge.device_id or "")[:64] or None,
                user_agent=user_agent,
            )
    if failed:
        # Committed above so that the attempt counts even though we refuse.
        raise ValidationFailed("otp_invalid")
    principal = resolve_session(token)
    assert principal is not None
    log.info("customer signed in", extra={"customer_id": str(customer.id)})
    return CustomerSignedIn(token, principal, created)
