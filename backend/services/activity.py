"""Activity lines in a ticket's thread: what happened to the ticket, for agents (never the customer).

The body holds the Bengali and the English wording ("বাংলা · English") so that every console shows it
whatever its language; the change feed never carries activity lines (`backend.changefeed`)."""

from __future__ import annotations

import uuid
from typing import Any

from backend.db import Tx
from backend.i18n.messages import message
from backend.models import Message, Ticket
from backend.models.base import utcnow
from backend.models.enums import ActorType, AuthorType, DeliveryStatus, MessageDirection

SEPARATOR = " · "


def activity_text(code: str, **params: Any) -> str:
    """Both wordings; a parameter given as {"bn": ..., "en": ...} is picked per language."""
    return SEPARATOR.join(message(code, locale, **_for(locale, params)) for locale in ("bn", "en"))


def _for(locale: str, params: dict[str, Any]) -> dict[str, Any]:
    return {k: v[locale] if isinstance(v, dict) else v for k, v in params.items()}


def add_activity(tx: Tx, ticket: Ticket, code: str, **params: Any) -> Message:
    """Append an activity line to `ticket`'s thread, authored by the acting agent or the system."""
    agent_id = uuid.UUID(tx.actor.id) if tx.actor.type == ActorType.agent and tx.actor.id else None
    line = Message(
        ticket_id=ticket.id,
        direction=MessageDirection.activity,
        author_type=AuthorType.agent if agent_id else AuthorType.system,
        author_agent_id=agent_id,
        body=activity_text(code, **params),
        channel=ticket.channel,
        delivery_status=DeliveryStatus.received,
        created_at=utcnow(),
    )
    tx.session.add(line)
    return line
