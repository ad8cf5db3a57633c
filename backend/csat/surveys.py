"""Sending the survey once per ticket through its channel, and the answers that come back by SMS
and by the email link (the app answers through the sync mutation `csat.submit`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, select

from backend.automation.outbound import post_automated_message
from backend.config import get_settings
from backend.csat import texts
from backend.db import Tx
from backend.errors import NotFound, SebaError, ValidationFailed
from backend.events import NotificationQueued
from backend.i18n.formatting import format_number
from backend.i18n.messages import message
from backend.models import CsatResponse, CsatSurvey, Customer, Notification, Ticket, TicketCloseSchedule
from backend.models.base import utcnow
from backend.models.enums import AuthorType, ChannelKind, NotificationStatus
from backend.services.activity import add_activity
from backend.services.feedback import submit_csat
from backend.services.tickets import get_ticket_for_update
from backend.ticket_status import DONE

IN_APP_MARKER = {"kind": "csat_survey"}  # on the survey message: the app shows 1-5 buttons under it
_CHANNEL_NAMES = {
    "in_app": {"bn": "অ্যাপ", "en": "app"},
    "sms": {"bn": "এসএমএস", "en": "SMS"},
    "email": {"bn": "ইমেইল", "en": "email"},
}


@dataclass(frozen=True)
class SurveySent:
    survey: CsatSurvey
    created: bool


def _route(ticket: Ticket, customer: Customer) -> tuple[str, str | None]:
    """Which way the survey goes: the ticket's own channel, else SMS, else email; or why none."""
    can_sms = bool(customer.phone) and customer.sms_opted_out_at is None
    if ticket.channel == ChannelKind.web:
        return "in_app", None
    if ticket.channel == ChannelKind.email and customer.email:
        return "email", None
    if can_sms:
        return "sms", None
    if customer.email:
        return "email", None
    return "none", "sms opted out and no email" if customer.phone else "no phone and no email"


def send_survey(tx: Tx, *, ticket_id: uuid.UUID) -> SurveySent:
    """Send the ticket's survey unless it was sent before (then return that one). The ticket must
    be resolved or closed; a ticket closed for silence or by a merge, or already rated, gets none."""
    ticket = get_ticket_for_update(tx, ticket_id)
    existing = tx.session.exec(select(CsatSurvey).where(CsatSurvey.ticket_id == ticket.id)).first()
    if existing is not None:
        return SurveySent(existing, created=False)
    if ticket.status not in DONE:
        raise ValidationFailed("csat_not_allowed", ticket_status=str(ticket.status))
    customer = tx.session.get(Customer, ticket.customer_id)
    if customer is None:
        raise NotFound("customer_not_found")
    settings = get_settings()
    now = utcnow()
    channel, reason = _route(ticket, customer)
    if reason is None:
        reason = _reason_for_none(tx, ticket)
        if reason is not None:
            channel = "none"
    days = settings.csat_sms_reply_days if channel == "sms" else settings.csat_link_days
    survey = CsatSurvey(
        ticket_id=ticket.id,
        customer_id=customer.id,
        channel=channel,
        status="sent" if channel != "none" else "suppressed",
        reason=reason,
        sent_at=now,
        expires_at=now + timedelta(days=days),
    )
    tx.session.add(survey)
    tx.session.flush()
    if channel == "in_app":
        number = format_number(ticket.number, customer.locale)
        body = message("csat_survey_in_app", customer.locale, number=number)
        sent = post_automated_message(
            tx,
            ticket,
            body,
            key=f"survey:{ticket.id}",
            author_type=AuthorType.system,
            attachments=[dict(IN_APP_MARKER)],
        )
        survey.message_id = sent.id
    elif channel in ("sms", "email"):
        notification = Notification(
            customer_id=customer.id,
            ticket_id=ticket.id,
            channel=channel,
            purpose="survey",
            to_address=(customer.phone if channel == "sms" else customer.email) or "",
            body=texts.survey_sms(customer.sms_script, ticket.number) if channel == "sms" else "",
            idempotency_key=f"survey:{ticket.id}:{channel}",
            status=NotificationStatus.queued,
        )
        tx.session.add(notification)
        tx.session.flush()
        survey.notification_id = notification.id
        tx.emit(NotificationQueued(notification.id, channel, "survey"))
    tx.session.add(survey)
    if channel != "none":
        add_activity(tx, ticket, "activity_survey_sent", channel=_CHANNEL_NAMES[channel])
    tx.audit("csat.survey_sent", "ticket", ticket.id, channel=channel, reason=reason)
    return SurveySent(survey, created=True)


def _reason_for_none(tx: Tx, ticket: Ticket) -> str | None:
    if ticket.merged_into_id is not None:
        return "merged"
    if tx.session.exec(select(CsatResponse.id).where(CsatResponse.ticket_id == ticket.id)).first():
        return "already rated"
    closed_for_silence = tx.session.exec(
        select(TicketCloseSchedule.id).where(
            TicketCloseSchedule.ticket_id == ticket.id, TicketCloseSchedule.status == "closed"
        )
    ).first()
    return "closed for no reply" if closed_for_silence else None


@dataclass(frozen=True)
class SmsAnswer:
    ticket_id: uuid.UUID
    reply: str  # the TwiML answer
    recorded: bool  # False: the ticket was rated before (the answer is refused politely)


def answer_by_sms(tx: Tx, customer: Customer, body: str | None, *, now: datetime) -> SmsAnswer | None:
    """An SMS that is just 1-5 (Bengali digits too) from a customer with an SMS survey still open
    is their score; None means the text is an ordinary message (threaded as usual)."""
    score = texts.sms_digit(body)
    if score is None or not 1 <= score <= 5:
        return None
    ticket = tx.session.exec(
        select(Ticket)
        .join(CsatSurvey, col(CsatSurvey.ticket_id) == col(Ticket.id))
        .where(
            CsatSurvey.customer_id == customer.id,
            CsatSurvey.channel == "sms",
            col(CsatSurvey.expires_at) > now,
        )
        .order_by(col(CsatSurvey.sent_at).desc())
    ).first()
    if ticket is None:
        return None
    if ticket.status not in DONE:
        return None  # reopened since: the digit is part of the conversation
    try:
        submit_csat(tx, customer_id=customer.id, ticket_id=ticket.id, score=score)
    except ValidationFailed as exc:
        if exc.code != "csat_already_submitted":
            raise
        return SmsAnswer(ticket.id, texts.already_answered_sms(customer.sms_script, ticket.number), False)
    tx.audit("csat.answered", "ticket", ticket.id, via="sms", score=score)
    return SmsAnswer(ticket.id, texts.thanks_sms(customer.sms_script, ticket.number, score), True)


@dataclass(frozen=True)
class LinkAnswer:
    outcome: str  # recorded | already
    ticket_number: int
    locale: str
    score: int


def answer_by_link(tx: Tx, *, ticket_id: uuid.UUID, score: int) -> LinkAnswer:
    """The score from a verified email link; a second answer for the ticket is `already`."""
    ticket = tx.session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound("ticket_not_found")
    customer = tx.session.get(Customer, ticket.customer_id)
    assert customer is not None
    try:
        submit_csat(tx, customer_id=customer.id, ticket_id=ticket.id, score=score)
    except SebaError as exc:
        if exc.code != "csat_already_submitted":
            raise
        return LinkAnswer("already", ticket.number, customer.locale, score)
    tx.audit("csat.answered", "ticket", ticket.id, via="email", score=score)
    return LinkAnswer("recorded", ticket.number, customer.locale, score)
