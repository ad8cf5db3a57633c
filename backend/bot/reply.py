"""The bot's writes into a ticket's thread: replies to the customer (through the ticket's own channel,
the same path as agents' replies) and the hand-off summary note agents read."""

from __future__ import annotations

from backend.db import Tx
from backend.events import MessageCreated
from backend.models import Message, Ticket
from backend.models.base import utcnow
from backend.models.enums import AuthorType, DeliveryStatus, MessageDirection
from backend.validation import BODY_MAX


def post_bot_reply(tx: Tx, ticket: Ticket, body: str) -> Message:
    """An outbound message authored by the bot on `ticket`'s channel, queued for delivery.

    After the commit `MessageCreated` makes the notifications listener enqueue
    `notify_customer_of_reply`, exactly as for an agent's reply: web tickets reach the app through
    the change feed (and the ladder's push/SMS), sms and email tickets are sent through Twilio /
    SendGrid at once. A bot reply is not a human first response: `first_response_at` stays unset
    and nobody is assigned."""
    now = utcnow()
    message = Message(
        ticket_id=ticket.id,
        direction=MessageDirection.outbound,
        author_type=AuthorType.bot,
        body=body[:BODY_MAX],
        channel=ticket.channel,
        delivery_status=DeliveryStatus.queued,
        created_at=now,
    )
    tx.session.add(message)
    ticket.last_activity_at = now
    ticket.updated_at = now
    tx.session.add(ticket)
    tx.session.flush()
    tx.audit("message.bot_replied", "ticket", ticket.id, message_id=message.id)
    tx.emit(MessageCreated(message.id, ticket.id, message.direction, message.author_type))
    return message


def post_bot_note(tx: Tx, ticket: Ticket, body: str) -> Message:
    """An internal note by the bot (agents only; never in the change feed)."""
    message = Message(
        ticket_id=ticket.id,
        direction=MessageDirection.note,
        author_type=AuthorType.bot,
        body=body[:BODY_MAX],
        channel=ticket.channel,
        delivery_status=DeliveryStatus.received,
        created_at=utcnow(),
    )
    tx.session.add(message)
    tx.session.flush()
    tx.audit("message.bot_noted", "ticket", ticket.id, message_id=message.id)
    tx.emit(MessageCreated(message.id, ticket.id, message.direction, message.author_type))
    return message
