"""The closed-hours notice job: reload the ticket, write the notice once, send it by the reply path."""

from __future__ import annotations

import uuid

from backend.calendar.notice import post_closed_hours_notice
from backend.db import Actor, transaction
from backend.delivery.ladder import plan_reply_delivery
from backend.models.enums import AuthorType, ChannelKind
from backend.queue import QueueName, enqueue


def send_closed_hours_notice(ticket_id: str) -> str:
    """Idempotent per ticket: the message's client id is keyed by the ticket, and the sends after it
    are keyed by the message (the reply job's id, the channel notification's idempotency key)."""
    with transaction(Actor.system()) as tx:
        message = post_closed_hours_notice(tx, ticket_id=uuid.UUID(ticket_id))
        if message is None:
            return "not_due"
        message_id, channel = message.id, message.channel
    # The same steps an agent's reply takes: in-app notification and poke, then the ticket's channel.
    enqueue(
        "workers.jobs.notifications.notify_customer_of_reply",
        str(message_id),
        queue=QueueName.high,
        job_id=f"reply-{message_id}",
    )
    if channel in (ChannelKind.sms, ChannelKind.email):
        plan_reply_delivery(message_id, authors=(AuthorType.system,))
    return "sent"
