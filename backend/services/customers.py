"""Writes about customers: finding or creating them by phone, updating their preferences."""

from __future__ import annotations

import uuid

from sqlmodel import select

from backend.db import Tx
from backend.errors import NotFound, ValidationFailed
from backend.models import Customer, CustomerIdentity
from backend.models.base import utcnow
from backend.models.enums import ChannelKind, CustomerTier, Locale, SmsScript
from backend.phone import normalise_bd_mobile
from backend.services.organisation import organisation_id
from backend.validation import clean_text, normalise_email


def find_or_create_by_phone(
    tx: Tx, *, phone: str, locale: str | None = None, name: str = ""
) -> tuple[Customer, bool]:
    """The customer with this mobile number, created (with an SMS identity) when new."""
    e164 = normalise_bd_mobile(phone)
    customer = tx.session.exec(select(Customer).where(Customer.phone == e164)).first()
    if customer is not None:
        return customer, False
    customer = Customer(
        organisation_id=organisation_id(tx.session),
        phone=e164,
        name=clean_text(name)[:200],
        locale=Locale(locale) if locale and locale in Locale.__members__ else Locale.bn,
    )
    tx.session.add(customer)
    tx.session.flush()
    tx.session.add(CustomerIdentity(customer_id=customer.id, channel=ChannelKind.sms, source_id=e164))
    tx.audit("customer.created", "customer", customer.id, via="phone")
    return customer, True


def update_profile(
    tx: Tx,
    *,
    customer_id: uuid.UUID,
    name: str | None = None,
    email: str | None = None,
    locale: str | None = None,
    sms_script: str | None = None,
    tier: str | None = None,
) -> Customer:
    customer = tx.session.get(Customer, customer_id)
    if customer is None:
        raise NotFound("customer_not_found")
    changed: dict[str, object] = {}
    if name is not None:
        customer.name = clean_text(name)[:200]
        changed["name"] = True
    if email is not None:
        customer.email = normalise_email(email) if email.strip() else None
        changed["email"] = True
    if locale is not None:
        if locale not in Locale.__members__:
            raise ValidationFailed("invalid_request", detail=f"locale {locale!r}")
        customer.locale = locale
        changed["locale"] = locale
    if sms_script is not None:
        if sms_script not in SmsScript.__members__:
            raise ValidationFailed("invalid_request", detail=f"sms_script {sms_script!r}")
        customer.sms_script = sms_script
        changed["sms_script"] = sms_script
    if tier is not None:
        if tier not in CustomerTier.__members__:
            raise ValidationFailed("invalid_request", detail=f"tier {tier!r}")
        customer.tier = tier
        changed["tier"] = tier
    customer.updated_at = utcnow()
    tx.session.add(customer)
    tx.audit("customer.updated", "customer", customer.id, **changed)
    return customer
