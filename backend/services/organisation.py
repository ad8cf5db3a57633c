"""The organisation row and the default inbox per channel."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlmodel import Session, col, select

from backend.config import get_settings
from backend.db import Tx
from backend.errors import ValidationFailed
from backend.models import Inbox, Organisation
from backend.models.enums import ChannelKind

DEFAULT_INBOX_NAMES = {
    ChannelKind.web: "Web chat / App",
    ChannelKind.sms: "SMS",
    ChannelKind.email: "Email",
    ChannelKind.whatsapp: "WhatsApp",
    ChannelKind.messenger: "Messenger",
    ChannelKind.voice: "Voice",
}


def ensure_organisation(tx: Tx) -> Organisation:
    """The single organisation (created on first use, with one inbox per channel)."""
    org = tx.session.exec(select(Organisation).order_by(col(Organisation.created_at))).first()
    if org is None:
        org = Organisation(name=get_settings().organisation_name)
        tx.session.add(org)
        tx.session.flush()
        tx.audit("organisation.created", "organisation", org.id, name=org.name)
    existing = set(tx.session.exec(select(Inbox.channel).where(Inbox.organisation_id == org.id)))
    for channel, name in DEFAULT_INBOX_NAMES.items():
        if channel not in existing:
            inbox = Inbox(organisation_id=org.id, name=name, channel=channel)
            tx.session.add(inbox)
            tx.session.flush()
            tx.audit("inbox.created", "inbox", inbox.id, channel=channel)
    return org


def organisation_id(session: Session) -> uuid.UUID:
    org_id = session.exec(select(Organisation.id).order_by(col(Organisation.created_at))).first()
    if org_id is None:
        raise RuntimeError("no organisation yet: run `seba db upgrade` first")
    return org_id


def inbox_for_channel(session: Session, channel: str) -> Inbox:
    try:
        kind = ChannelKind(channel)
    except ValueError:
        raise ValidationFailed("invalid_request", detail=f"channel {channel!r}") from None
    inbox = session.exec(select(Inbox).where(Inbox.channel == kind).order_by(col(Inbox.created_at))).first()
    if inbox is None:
        raise RuntimeError(f"no inbox for channel {channel!r}: run `seba db upgrade` first")
    return inbox


def next_ticket_number(session: Session, org_id: uuid.UUID) -> int:
    """Take the next per-organisation ticket number; the row lock serialises concurrent writers."""
    number = session.execute(
        sa.update(Organisation)
        .where(col(Organisation.id) == org_id)
        .values(ticket_counter=col(Organisation.ticket_counter) + 1)
        .returning(col(Organisation.ticket_counter))
    ).scalar_one()
    return int(number)
