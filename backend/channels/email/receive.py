"""An inbound email becomes a customer's message: deduplicated, loop-checked, threaded, with its
attachments and its original text kept.

Threading, first match wins: (1) a valid reply token in To / Cc / the envelope (the token is a
capability: the reply counts as the ticket's customer's, whoever forwarded it); (2) In-Reply-To /
References naming one of our Message-IDs or an earlier email of the same sender on a ticket of
theirs; (3) the sender's latest active email ticket; (4) a new email ticket, for a new customer
when the address is unknown. A closed ticket is never reopened by email: a new ticket starts."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from backend.channels.email.attachments import stored_entry
from backend.channels.email.inbound import InboundEmail, clean_subject, loop_reason
from backend.channels.email.quoting import html_to_text, strip_quoted
from backend.channels.email.threading import our_ids, ticket_from_addresses
from backend.config import Settings
from backend.db import Actor, Tx, read_session, transaction
from backend.i18n.messages import message as i18n
from backend.models import Customer, CustomerIdentity, InboundEvent, Message, Notification, Ticket
from backend.models.base import utcnow
from backend.models.enums import ChannelKind, Locale, TicketStatus
from backend.models.ticket import ACTIVE_STATUSES
from backend.services.messages import post_customer_message
from backend.services.organisation import organisation_id
from backend.services.tickets import open_ticket
from backend.validation import BODY_MAX, SUBJECT_MAX, clean_text

log = logging.getLogger(__name__)

PROVIDER = "sendgrid"


@dataclass(frozen=True)
class InboundOutcome:
    status: str  # created | threaded | duplicate | ignored
    reason: str = ""  # how it was threaded (token, in_reply_to, sender, new) or why ignored
    ticket_id: uuid.UUID | None = None
    message_id: uuid.UUID | None = None


def _bilingual(key: str, **params: Any) -> str:
    return f"{i18n(key, 'bn', **params)}\n{i18n(key, 'en', **params)}"


def _is_bengali(text: str) -> bool:
    return any("\u0980" <= ch <= "\u09ff" for ch in text)


def _already_seen(external_id: str) -> bool:
    with read_session() as session:
        return (
            session.exec(
                select(InboundEvent.id).where(
                    InboundEvent.provider == PROVIDER, InboundEvent.external_id == external_id
                )
            ).first()
            is not None
        )


def _summary(email: InboundEmail) -> dict[str, Any]:
    return {
        "message_id": email.message_id,
        "from": email.from_email,
        "to": email.to,
        "subject": email.subject[:300],
        "spam_score": email.spam_score,
        "attachments": [{"filename": a.filename, "size": a.size} for a in email.attachments],
    }


def _body_and_files(email: InboundEmail, settings: Settings) -> tuple[str, list[dict[str, Any]]]:
    """The new text the customer wrote, and Message.attachments (files, refusals, the original)."""
    original = email.text or html_to_text(email.html, drop_quotes=False)
    new_text = strip_quoted(email.text) if email.text.strip() else html_to_text(email.html)
    files: list[dict[str, Any]] = []
    notes: list[str] = []
    total = 0
    for attachment in email.attachments:
        too_big = attachment.data is None or attachment.size > settings.email_attachment_max_bytes
        if not too_big and total + attachment.size > settings.email_attachments_total_max_bytes:
            too_big = True
        if too_big or attachment.data is None:
            files.append(
                {
                    "kind": "rejected",
                    "reason": "too_large",
                    "filename": attachment.filename,
                    "content_type": attachment.content_type,
                    "size": attachment.size,
                }
            )
            notes.append(
                _bilingual("email_attachment_too_large", filename=attachment.filename, size=attachment.size)
            )
            continue
        total += attachment.size
        files.append(
            stored_entry(
                settings, attachment.data, filename=attachment.filename, content_type=attachment.content_type
            )
        )
    headers_text = str(email.headers).strip() if email.headers else ""
    files.append(
        stored_entry(
            settings,
            f"{headers_text}\n\n{original}".encode(),
            filename="original.txt",
            content_type="text/plain; charset=utf-8",
            kind="original_email",
        )
    )
    if email.html:
        files.append(
            stored_entry(
                settings,
                email.html.encode(),
                filename="original.html",
                content_type="text/html; charset=utf-8",
                kind="original_email",
            )
        )
    body = clean_text(new_text)
    suffix = "\n\n".join(notes)
    room = BODY_MAX - len(suffix) - 4
    if len(body) > room:
        truncated = _bilingual("email_body_truncated")
        body = body[: max(0, room - len(truncated) - 4)].rstrip() + "…\n\n" + truncated
    if not body:
        body = _bilingual("email_attachments_only")
    if suffix:
        body = f"{body}\n\n{suffix}"
    return body, files


def _customer_by_email(tx: Tx, address: str) -> Customer | None:
    customer = tx.session.exec(select(Customer).where(Customer.email == address)).first()
    if customer is not None:
        return customer
    identity = tx.session.exec(
        select(CustomerIdentity).where(
            CustomerIdentity.channel == ChannelKind.email, CustomerIdentity.source_id == address
        )
    ).first()
    return tx.session.get(Customer, identity.customer_id) if identity else None


def _create_customer(tx: Tx, email: InboundEmail, locale: str) -> Customer:
    customer = Customer(
        organisation_id=organisation_id(tx.session),
        email=email.from_email,
        name=clean_text(email.from_name)[:200],
        locale=Locale(locale),
    )
    tx.session.add(customer)
    tx.session.flush()
    tx.session.add(
        CustomerIdentity(customer_id=customer.id, channel=ChannelKind.email, source_id=email.from_email)
    )
    tx.audit("customer.created", "customer", customer.id, via="email")
    return customer


def _usable(tx: Tx, ticket_id: uuid.UUID | None, customer_id: uuid.UUID | None) -> Ticket | None:
    """The ticket (or the one it was merged into) when it can take a message from this customer."""
    ticket = tx.session.get(Ticket, ticket_id) if ticket_id else None
    for _ in range(5):
        if ticket is None or ticket.merged_into_id is None:
            break
        ticket = tx.session.get(Ticket, ticket.merged_into_id)
    if ticket is None or ticket.status == TicketStatus.closed:
        return None
    if customer_id is not None and ticket.customer_id != customer_id:
        return None
    return ticket


def _thread_by_ids(tx: Tx, email: InboundEmail, customer: Customer) -> Ticket | None:
    ids = email.thread_ids
    for kind, ref in our_ids(ids):
        model = Message if kind == "m" else Notification
        row = tx.session.get(model, ref)
        ticket = _usable(tx, getattr(row, "ticket_id", None), customer.id)
        if ticket is not None:
            return ticket
    if ids:
        rows = tx.session.exec(
            select(Message.ticket_id).where(
                Message.channel == ChannelKind.email, col(Message.provider_message_id).in_(ids)
            )
        ).all()
        for ticket_id in rows:
            ticket = _usable(tx, ticket_id, customer.id)
            if ticket is not None:
                return ticket
    return None


def _latest_active(tx: Tx, customer: Customer) -> Ticket | None:
    return tx.session.exec(
        select(Ticket)
        .where(
            Ticket.customer_id == customer.id,
            Ticket.channel == ChannelKind.email,
            col(Ticket.status).in_(ACTIVE_STATUSES),
            col(Ticket.merged_into_id).is_(None),
        )
        .order_by(col(Ticket.last_activity_at).desc())
    ).first()


def _store(
    tx: Tx, email: InboundEmail, body: str, files: list[dict[str, Any]], settings: Settings
) -> InboundOutcome:
    locale = "bn" if _is_bengali(body + email.subject) else "en"
    how = "token"
    ticket = _usable(tx, ticket_from_addresses(email.to + email.cc + email.envelope_to, settings), None)
    customer = tx.session.get(Customer, ticket.customer_id) if ticket else None
    if customer is None:
        customer = _customer_by_email(tx, email.from_email) or _create_customer(tx, email, locale)
        how = "in_reply_to"
        ticket = _thread_by_ids(tx, email, customer)
        if ticket is None:
            how = "sender"
            ticket = _latest_active(tx, customer)
    provider_id = email.message_id if email.message_id and len(email.message_id) <= 200 else None
    if ticket is not None:
        message = post_customer_message(
            tx,
            customer_id=customer.id,
            ticket_id=ticket.id,
            body=body,
            attachments=files,
            provider_message_id=provider_id,
        )
        return InboundOutcome("threaded", how, ticket.id, message.id)
    subject = clean_subject(email.subject)[:SUBJECT_MAX] or i18n("email_no_subject", locale)
    opened = open_ticket(
        tx, customer_id=customer.id, subject=subject, body=body, channel=ChannelKind.email, language=locale
    )
    opened.first_message.attachments = files
    opened.first_message.provider_message_id = provider_id
    tx.session.add(opened.first_message)
    return InboundOutcome("created", "new", opened.ticket.id, opened.first_message.id)


def receive_inbound_email(email: InboundEmail, settings: Settings) -> InboundOutcome:
    """Record one Inbound Parse delivery; a second delivery of the same email changes nothing."""
    external_id = email.dedupe_key
    if _already_seen(external_id):
        return InboundOutcome("duplicate")
    reason = loop_reason(email, settings)
    try:
        if reason is not None:
            with transaction(Actor.system()) as tx:
                payload = {**_summary(email), "ignored": reason, "text": email.text[:2000]}
                event = InboundEvent(
                    provider=PROVIDER, external_id=external_id, payload=payload, processed_at=utcnow()
                )
                tx.session.add(event)
                tx.session.flush()
                tx.audit("email.ignored", "inbound_event", event.id, reason=reason, sender=email.from_email)
            log.info("inbound email ignored", extra={"reason": reason})
            return InboundOutcome("ignored", reason)
        body, files = _body_and_files(email, settings)
        with transaction(Actor.system()) as tx:
            event = InboundEvent(provider=PROVIDER, external_id=external_id, payload=_summary(email))
            tx.session.add(event)
            tx.session.flush()
            outcome = _store(tx, email, body, files, settings)
            event.processed_at = utcnow()
            event.payload = {
                **event.payload,
                "outcome": outcome.status,
                "threaded_by": outcome.reason,
                "ticket_id": str(outcome.ticket_id),
                "message_id_db": str(outcome.message_id),
            }
            tx.session.add(event)
            tx.audit("email.received", "ticket", outcome.ticket_id, via=outcome.reason)
        return outcome
    except IntegrityError:
        # A concurrent delivery of the same email won the unique (provider, external_id).
        if _already_seen(external_id):
            return InboundOutcome("duplicate")
        raise
