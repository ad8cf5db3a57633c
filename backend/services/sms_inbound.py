"""Writes from Twilio's webhooks: an inbound SMS becomes a ticket or a message (or a keyword
answer), a status callback moves a sent SMS's delivery status forward.

Each webhook delivery is recorded once as an InboundEvent (provider "twilio" keyed by MessageSid;
"twilio_status" keyed by MessageSid:status), inside the same transaction as its effects: a replay
finds the row and changes nothing, and concurrent duplicates collide on the unique key."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from backend.channels.sms.inbound import InboundSms, StatusCallback, locale_of_text, script_of_text
from backend.channels.sms.keywords import Keyword, KeywordCommand, parse_keyword
from backend.channels.sms.templates import SmsTemplate, render
from backend.config import get_settings
from backend.csat.surveys import answer_by_sms
from backend.db import Tx
from backend.errors import ValidationFailed
from backend.i18n.messages import message as catalog
from backend.models import Customer, InboundEvent, Message, Notification, Ticket
from backend.models.base import utcnow
from backend.models.enums import ChannelKind, DeliveryStatus, NotificationStatus, SmsScript, TicketStatus
from backend.phone import mask_phone, normalise_bd_mobile
from backend.services import customers as customer_service
from backend.services.messages import post_customer_message
from backend.services.tickets import open_ticket

INBOUND_PROVIDER = "twilio"
STATUS_PROVIDER = "twilio_status"
ACTIVE = (TicketStatus.new, TicketStatus.open, TicketStatus.pending, TicketStatus.on_hold)
SUBJECT_PREVIEW = 60


@dataclass(frozen=True)
class InboundOutcome:
    outcome: str  # duplicate | ticket_created | message_added | keyword | csat | ignored
    reply: str | None = None  # the text of a TwiML <Message>, when we answer
    customer_id: uuid.UUID | None = None
    ticket_id: uuid.UUID | None = None
    message_id: uuid.UUID | None = None


def _record_once(tx: Tx, provider: str, external_id: str, payload: dict[str, Any]) -> InboundEvent | None:
    """The new InboundEvent, or None when this delivery was recorded before (a replay)."""
    seen = tx.session.exec(
        select(InboundEvent.id).where(
            InboundEvent.provider == provider, InboundEvent.external_id == external_id
        )
    ).first()
    if seen is not None:
        return None
    event = InboundEvent(provider=provider, external_id=external_id, payload=payload)
    try:
        with tx.savepoint():
            tx.session.add(event)
            tx.session.flush()
    except IntegrityError:
        return None  # a concurrent delivery of the same id committed first
    return event


def receive_sms(tx: Tx, sms: InboundSms, *, payload: dict[str, Any]) -> InboundOutcome:
    """Store one inbound SMS exactly once and say what to answer (TwiML text or nothing)."""
    event = _record_once(tx, INBOUND_PROVIDER, sms.sid, payload)
    if event is None:
        return InboundOutcome("duplicate")
    now = utcnow()
    event.processed_at = now
    try:
        phone = normalise_bd_mobile(sms.from_number)
    except ValidationFailed:
        event.error = catalog("sms_sender_not_mobile", "en")
        tx.session.add(event)
        tx.audit("sms.ignored", "inbound_event", event.id, reason="sender_not_mobile")
        return InboundOutcome("ignored")
    command = parse_keyword(sms.body) if not sms.media else None
    if command is not None:
        return _keyword(tx, event, phone, command, sms.body)
    if not sms.body and not sms.media:
        event.error = "empty message"
        tx.session.add(event)
        return InboundOutcome("ignored")
    customer, created = customer_service.find_or_create_by_phone(
        tx, phone=phone, locale=locale_of_text(sms.body)
    )
    if created:
        customer.sms_script = script_of_text(sms.body)
        tx.session.add(customer)
    body = sms.body or catalog("sms_media_only", customer.locale)
    # One writer per customer at a time: two texts arriving together must not open two tickets.
    tx.session.exec(select(Customer.id).where(Customer.id == customer.id).with_for_update()).first()
    # A text of just 1-5 (১-৫) while an SMS survey is open is its answer, not a message.
    survey_answer = None if created or sms.media else answer_by_sms(tx, customer, sms.body, now=now)
    if survey_answer is not None:
        tx.session.add(event)
        return InboundOutcome("csat", survey_answer.reply, customer.id, survey_answer.ticket_id)
    ticket = _thread_for(tx, customer.id, now)
    tx.session.add(event)
    if ticket is None:
        opened = open_ticket(
            tx,
            customer_id=customer.id,
            subject=catalog("sms_ticket_subject", customer.locale, preview=_preview(body)),
            body=body,
            channel=ChannelKind.sms,
            language="bn" if script_of_text(body) == "bengali" else None,
        )
        first = opened.first_message
        first.provider_message_id = sms.sid
        first.attachments = sms.media
        tx.session.add(first)
        tx.session.flush()
        tx.audit("sms.received", "ticket", opened.ticket.id, message_id=first.id, sid=sms.sid)
        return InboundOutcome("ticket_created", None, customer.id, opened.ticket.id, first.id)
    msg = post_customer_message(
        tx,
        customer_id=customer.id,
        ticket_id=ticket.id,
        body=body,
        attachments=sms.media,
        provider_message_id=sms.sid,
    )
    tx.audit("sms.received", "ticket", ticket.id, message_id=msg.id, sid=sms.sid)
    return InboundOutcome("message_added", None, customer.id, ticket.id, msg.id)


def _preview(body: str) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= SUBJECT_PREVIEW else flat[: SUBJECT_PREVIEW - 1] + "…"


def _thread_for(tx: Tx, customer_id: uuid.UUID, now: datetime) -> Ticket | None:
    """The SMS ticket a new text belongs to: the most recently active open one, else one resolved
    within SMS_REOPEN_DAYS (it reopens); None means a new ticket."""
    base = select(Ticket).where(
        Ticket.customer_id == customer_id,
        Ticket.channel == ChannelKind.sms,
        col(Ticket.merged_into_id).is_(None),
    )
    active = tx.session.exec(
        base.where(col(Ticket.status).in_(ACTIVE)).order_by(col(Ticket.last_activity_at).desc())
    ).first()
    if active is not None:
        return active
    cutoff = now - timedelta(days=get_settings().sms_reopen_days)
    return tx.session.exec(
        base.where(Ticket.status == TicketStatus.resolved, col(Ticket.resolved_at) >= cutoff).order_by(
            col(Ticket.resolved_at).desc()
        )
    ).first()


def _keyword(tx: Tx, event: InboundEvent, phone: str, command: KeywordCommand, text: str) -> InboundOutcome:
    customer = tx.session.exec(select(Customer).where(Customer.phone == phone)).first()
    if customer is None and command.keyword is Keyword.stop:
        # Remember the opt-out even for a number we never saw: nothing may be sent to it later.
        customer, _ = customer_service.find_or_create_by_phone(tx, phone=phone, locale=locale_of_text(text))
        customer.sms_script = script_of_text(text)
    script = customer.sms_script if customer is not None else script_of_text(text)
    event.error = None
    tx.session.add(event)
    customer_id = customer.id if customer is not None else None
    if command.keyword is Keyword.stop:
        assert customer is not None
        set_sms_opt_out(tx, customer, opted_out=True)
        reply = render(SmsTemplate.opted_out, script)
    elif command.keyword is Keyword.start:
        if customer is not None:
            set_sms_opt_out(tx, customer, opted_out=False)
        reply = render(SmsTemplate.opted_in, script)
    elif command.keyword in (Keyword.script_bengali, Keyword.script_banglish):
        script = SmsScript.bengali if command.keyword is Keyword.script_bengali else SmsScript.banglish
        if customer is not None:
            set_sms_script(tx, customer, script)
        reply = render(SmsTemplate.script_chosen, script)
    elif command.keyword is Keyword.help:
        reply = render(SmsTemplate.help, script)
    else:
        ticket = _status_ticket(tx, customer_id, command.ticket_number)
        reply = (
            render(SmsTemplate.ticket_status, script, number=ticket.number, status=ticket.status)
            if ticket is not None
            else render(SmsTemplate.no_ticket, script)
        )
    tx.audit("sms.keyword", "inbound_event", event.id, keyword=str(command.keyword), phone=mask_phone(phone))
    return InboundOutcome("keyword", reply, customer_id)


def _status_ticket(tx: Tx, customer_id: uuid.UUID | None, number: int | None) -> Ticket | None:
    if customer_id is None:
        return None
    query = select(Ticket).where(Ticket.customer_id == customer_id)
    if number is not None:
        query = query.where(Ticket.number == number)
    return tx.session.exec(query.order_by(col(Ticket.created_at).desc())).first()


def set_sms_opt_out(tx: Tx, customer: Customer, *, opted_out: bool) -> None:
    """STOP / বন্ধ sets Customer.sms_opted_out_at; START / চালু clears it."""
    if opted_out == (customer.sms_opted_out_at is not None):
        return
    now = utcnow()
    customer.sms_opted_out_at = now if opted_out else None
    customer.updated_at = now
    tx.session.add(customer)
    tx.audit("customer.sms_opted_out" if opted_out else "customer.sms_opted_in", "customer", customer.id)


# A status only moves forward; the final ones (delivered, failed) never change again.
_RANK = {
    "accepted": 0,
    "scheduled": 0,
    "queued": 1,
    "sending": 2,
    "sent": 3,
    "delivered": 4,
    "undelivered": 4,
    "failed": 4,
    "canceled": 4,
    "read": 5,
}
_NOTIFICATION_STATUS = {
    "sent": NotificationStatus.sent,
    "delivered": NotificationStatus.delivered,
    "read": NotificationStatus.delivered,
    "undelivered": NotificationStatus.failed,
    "failed": NotificationStatus.failed,
    "canceled": NotificationStatus.failed,
}
_MESSAGE_STATUS = {
    "sent": DeliveryStatus.sent,
    "delivered": DeliveryStatus.delivered,
    "read": DeliveryStatus.read,
    "undelivered": DeliveryStatus.failed,
    "failed": DeliveryStatus.failed,
    "canceled": DeliveryStatus.failed,
}
# Our own statuses on the same scale.
_CURRENT_RANK = {
    "queued": 1,
    "sending": 2,
    "sent": 3,
    "delivered": 4,
    "failed": 4,
    "suppressed": 4,
    "read": 5,
}


def _moves_forward(current: str, twilio_status: str) -> bool:
    return _RANK[twilio_status] > _CURRENT_RANK.get(current, 0)


UNKNOWN_SID = "unknown MessageSid"


def apply_status_callback(tx: Tx, callback: StatusCallback, *, payload: dict[str, Any]) -> str:
    """Move the notification and/or thread message sent as `callback.sid` forward; returns what
    happened: duplicate | unknown | updated | unchanged."""
    event = _record_once(tx, STATUS_PROVIDER, f"{callback.sid}:{callback.status}", payload)
    if event is None:
        return "duplicate"
    event.processed_at = utcnow()
    tx.session.add(event)
    return _apply(tx, event, callback)


def apply_early_status_callbacks(tx: Tx, sid: str) -> int:
    """Apply the callbacks for `sid` that arrived before the send was recorded (they were stored as
    "unknown MessageSid"); the delivery job calls this in the transaction that records the
    provider id. Returns how many were applied."""
    from backend.channels.sms.inbound import parse_status

    early = tx.session.exec(
        select(InboundEvent)
        .where(
            InboundEvent.provider == STATUS_PROVIDER,
            col(InboundEvent.external_id).startswith(f"{sid}:"),
            # Inline, so that PostgreSQL's generic plans still see the partial index's predicate.
            col(InboundEvent.error) == sa.literal(UNKNOWN_SID, literal_execute=True),
        )
        .order_by(col(InboundEvent.received_at))
    ).all()
    for event in early:
        event.error = None
        tx.session.add(event)
        _apply(tx, event, parse_status(event.payload))
    return len(early)


def _apply(tx: Tx, event: InboundEvent, callback: StatusCallback) -> str:
    notification = tx.session.exec(
        select(Notification).where(Notification.provider_id == callback.sid).with_for_update()
    ).first()
    message_ids: set[uuid.UUID] = set()
    thread_message = tx.session.exec(
        select(Message.id).where(
            Message.channel == ChannelKind.sms, Message.provider_message_id == callback.sid
        )
    ).first()
    if thread_message is not None:
        message_ids.add(thread_message)
    if notification is not None and notification.message_id is not None and notification.channel == "sms":
        ticket_channel = tx.session.exec(
            select(Message.channel).where(Message.id == notification.message_id)
        ).first()
        if ticket_channel == ChannelKind.sms:  # the SMS *is* the reply on an SMS ticket
            message_ids.add(notification.message_id)
    if notification is None and not message_ids:
        event.error = UNKNOWN_SID
        tx.session.add(event)
        return "unknown"
    changed = False
    error = f"twilio {callback.error_code}" if callback.error_code else None
    new_status = _NOTIFICATION_STATUS.get(callback.status)
    if notification is not None and new_status and _moves_forward(notification.status, callback.status):
        notification.status = new_status
        if error:
            notification.error = error
        tx.session.add(notification)
        tx.audit("notification.status", "notification", notification.id, status=callback.status, error=error)
        changed = True
    new_delivery = _MESSAGE_STATUS.get(callback.status)
    for message_id in message_ids:
        msg = tx.session.get(Message, message_id, with_for_update=True)
        if msg is not None and new_delivery and _moves_forward(msg.delivery_status, callback.status):
            msg.delivery_status = new_delivery
            tx.session.add(msg)
            tx.audit("message.delivery", "ticket", msg.ticket_id, message_id=msg.id, status=callback.status)
            changed = True
    return "updated" if changed else "unchanged"


def set_sms_script(tx: Tx, customer: Customer, script: str) -> None:
    """The customer's choice of Bengali script or Banglish for our SMS (by keyword or in the app)."""
    if script not in SmsScript.__members__:
        raise ValidationFailed("sms_script_unknown", value=str(script)[:20])
    if customer.sms_script == script:
        return
    old = customer.sms_script
    customer.sms_script = script
    customer.updated_at = utcnow()
    tx.session.add(customer)
    tx.audit("customer.sms_script_changed", "customer", customer.id, old=old, new=script)
