"""Shared steps for the email tests: an email ticket with an agent's reply and its Notification."""

from __future__ import annotations

import uuid

from backend.db import Actor, read_session, transaction
from backend.models import Customer, Message, Notification, Ticket
from backend.models.enums import ChannelKind
from backend.services.messages import post_agent_reply
from backend.services.tickets import open_ticket
from tests.support.factories import make_agent


def email_customer(
    *, email: str = "ayesha.rahman@gmail.com", locale: str = "bn", name: str = "Ayesha"
) -> Customer:
    from backend.services.organisation import organisation_id

    with transaction(Actor.system()) as tx:
        customer = Customer(
            organisation_id=organisation_id(tx.session), email=email, locale=locale, name=name
        )
        tx.session.add(customer)
    return customer


def email_ticket_with_reply(
    *, locale: str = "bn", reply: str = "আপনার অর্ডার পাঠানো হয়েছে।", first: str = "আমার অর্ডার কোথায়?"
) -> tuple[Ticket, Message, Notification]:
    customer = email_customer(locale=locale, email=f"c-{uuid.uuid4().hex[:6]}@example.com")
    with transaction(Actor.customer(customer.id)) as tx:
        opened = open_ticket(
            tx, customer_id=customer.id, subject="অর্ডার কোথায়?", body=first, channel=ChannelKind.email
        )
        opened.first_message.provider_message_id = f"<CAJ7u-first-{customer.id.hex[-12:]}@mail.gmail.com>"
        tx.session.add(opened.first_message)
    agent = make_agent()
    with transaction(Actor.agent(agent.id)) as tx:
        message = post_agent_reply(tx, agent_id=agent.id, ticket_id=opened.ticket.id, body=reply)
        notification = Notification(
            customer_id=customer.id,
            ticket_id=opened.ticket.id,
            message_id=message.id,
            channel="email",
            purpose="reply",
            to_address=customer.email or "",
            idempotency_key=f"reply:{message.id}:email",
        )
        tx.session.add(notification)
    with read_session() as session:
        ticket = session.get(Ticket, opened.ticket.id)
        assert ticket is not None
    return ticket, message, notification
