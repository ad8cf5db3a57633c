"""Render what we email from the database: an agent's reply on an email ticket, an alert, a survey.

Reads only; the delivery job owns the Notification and records the outcome."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlmodel import Session, col, select

from backend.channels.base import OutboundMessage, PermanentSendError
from backend.channels.email import templates
from backend.channels.email.threading import (
    message_id_for_message,
    message_id_for_notification,
    parse_message_ids,
    references_header,
    reply_address,
)
from backend.config import Settings, get_settings
from backend.i18n.messages import normalise_locale
from backend.models import CsatSurvey, Customer, Message, Notification, Ticket
from backend.models.base import utcnow
from backend.models.enums import ChannelKind, MessageDirection


def _ticket_and_customer(session: Session, ticket_id: uuid.UUID | None) -> tuple[Ticket, Customer]:
    ticket = session.get(Ticket, ticket_id) if ticket_id else None
    if ticket is None:
        raise PermanentSendError(f"ticket {ticket_id} not found for an email")
    customer = session.get(Customer, ticket.customer_id)
    assert customer is not None
    return ticket, customer


def _locale(ticket: Ticket, customer: Customer) -> str:
    return normalise_locale(ticket.language or customer.locale)


def _app_url(settings: Settings, ticket_id: uuid.UUID) -> str:
    base = (settings.public_base_url or f"http://localhost:{settings.port}").rstrip("/")
    return f"{base}/t/{ticket_id}"


def _survey_urls(session: Session, ticket_id: uuid.UUID, settings: Settings) -> list[str]:
    """The survey's five signed links, valid until the survey expires (backend/csat/)."""
    from backend.csat.tokens import make_token, score_urls

    expires = session.exec(select(CsatSurvey.expires_at).where(CsatSurvey.ticket_id == ticket_id)).first()
    expires = expires or utcnow() + timedelta(days=settings.csat_link_days)
    return score_urls(make_token(ticket_id, expires, settings), settings)


def _thread_headers(session: Session, ticket: Ticket, before: Message, settings: Settings) -> dict[str, str]:
    """In-Reply-To: the customer's latest email; References: the thread's ids, oldest first."""
    rows = session.exec(
        select(Message)
        .where(
            Message.ticket_id == ticket.id,
            Message.channel == ChannelKind.email,
            col(Message.direction).in_([MessageDirection.inbound, MessageDirection.outbound]),
            col(Message.created_at) <= before.created_at,
            Message.id != before.id,
        )
        .order_by(col(Message.created_at), col(Message.id))
    ).all()
    chain: list[str] = []
    last_inbound = ""
    for row in rows:
        if row.direction == MessageDirection.inbound:
            ids = parse_message_ids(row.provider_message_id)
            if ids:
                chain.append(ids[0])
                last_inbound = ids[0]
        else:
            chain.append(message_id_for_message(row.id, settings))
    headers = {"Message-ID": message_id_for_message(before.id, settings)}
    in_reply_to = last_inbound or (chain[-1] if chain else "")
    if in_reply_to:
        headers["In-Reply-To"] = in_reply_to
        headers["References"] = references_header(chain)
    return headers


def _last_customer_text(session: Session, ticket: Ticket, before: Message) -> str:
    row = session.exec(
        select(Message.body)
        .where(
            Message.ticket_id == ticket.id,
            Message.direction == MessageDirection.inbound,
            col(Message.created_at) <= before.created_at,
        )
        .order_by(col(Message.created_at).desc())
    ).first()
    return row or ""


def agent_reply_message(
    session: Session,
    message_id: uuid.UUID,
    *,
    notification_id: uuid.UUID,
    idempotency_key: str,
    settings: Settings | None = None,
    quote_history: bool = True,
) -> OutboundMessage:
    """An agent's reply on an email ticket, in the customer's language, threaded under their email."""
    settings = settings or get_settings()
    message = session.get(Message, message_id)
    if message is None:
        raise PermanentSendError(f"message {message_id} not found for an email")
    ticket, customer = _ticket_and_customer(session, message.ticket_id)
    if not customer.email:
        raise PermanentSendError(f"customer {customer.id} has no email address")
    locale = _locale(ticket, customer)
    rendered = templates.agent_reply(
        locale=locale,
        number=ticket.number,
        subject=ticket.subject,
        body=message.body,
        organisation=settings.organisation_name,
        quoted=_last_customer_text(session, ticket, message) if quote_history else "",
    )
    extra: dict[str, object] = {
        "reply_to": reply_address(ticket.id, settings),
        "to_name": customer.name,
        **_thread_headers(session, ticket, message, settings),
    }
    return OutboundMessage(
        notification_id=notification_id,
        idempotency_key=idempotency_key,
        channel="email",
        to_address=customer.email,
        body=rendered.text,
        subject=rendered.subject,
        html=rendered.html,
        purpose="reply",
        ticket_id=ticket.id,
        message_id=message.id,
        customer_id=customer.id,
        extra=extra,
    )


def notification_message(
    session: Session, notification: Notification, settings: Settings | None = None
) -> OutboundMessage:
    """Any email Notification as an OutboundMessage.

    purpose `reply` on an email ticket: the agent's reply itself (`agent_reply_message`); `reply`
    or `reply_alert` on another channel's ticket (the ladder's last rung): an alert with the app
    link; `survey`: the survey email. Anything else: the notification's own body under `[#n]`."""
    settings = settings or get_settings()
    ticket, customer = _ticket_and_customer(session, notification.ticket_id)
    to_address = notification.to_address or customer.email or ""
    if not to_address:
        raise PermanentSendError(f"customer {customer.id} has no email address")
    if notification.purpose == "reply" and notification.message_id and ticket.channel == ChannelKind.email:
        return agent_reply_message(
            session,
            notification.message_id,
            notification_id=notification.id,
            idempotency_key=notification.idempotency_key,
            settings=settings,
        )
    locale = _locale(ticket, customer)
    if notification.purpose in ("reply", "reply_alert"):
        rendered = templates.reply_alert(
            locale=locale,
            number=ticket.number,
            subject=ticket.subject,
            url=_app_url(settings, ticket.id),
            organisation=settings.organisation_name,
        )
    elif notification.purpose == "survey":
        rendered = templates.survey(
            locale=locale,
            number=ticket.number,
            score_urls=_survey_urls(session, ticket.id, settings),
            organisation=settings.organisation_name,
        )
    else:
        text = notification.body or ""
        rendered = templates.RenderedEmail(f"[#{ticket.number}] {ticket.subject}", text, "")
    return OutboundMessage(
        notification_id=notification.id,
        idempotency_key=notification.idempotency_key,
        channel="email",
        to_address=to_address,
        body=rendered.text,
        subject=rendered.subject,
        html=rendered.html,
        purpose=notification.purpose,
        ticket_id=ticket.id,
        message_id=notification.message_id,
        customer_id=customer.id,
        extra={
            "reply_to": reply_address(ticket.id, settings),
            "to_name": customer.name,
            "Message-ID": message_id_for_notification(notification.id, settings),
        },
    )
