"""The delivery ladder for agents' replies (SYNC.md, delivery): app poke at once, web push after T1,
SMS (email without a phone) after T2 — each step only while no device has received the reply.

Replies on sms and email tickets go out through the ticket's own channel at once. Every step is a
Notification with a deterministic idempotency key (`reply:<message_id>:push:<endpoint hash>`,
`reply:<message_id>:sms`, `reply:<message_id>:email`), scheduled as an RQ job at its due time with
a deterministic job id, and re-found by the periodic sweep if that job was lost."""

from __future__ import annotations

import enum
import hashlib
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from backend.channels.push import payloads
from backend.config import Settings, get_settings
from backend.db import Actor, read_session, transaction
from backend.delivery.policy import LadderPolicy, policy_for
from backend.events import NotificationQueued
from backend.models import Customer, Message, MessageDelivery, Notification, PushSubscription, Ticket
from backend.models.base import utcnow, uuid7
from backend.models.enums import (
    AuthorType,
    ChannelKind,
    DeliveryStatus,
    MessageDirection,
    NotificationStatus,
)
from backend.queue import QueueName, enqueue

log = logging.getLogger(__name__)

REPLY_AUTHORS = (AuthorType.agent, AuthorType.bot)
NOT_RECEIVED = (DeliveryStatus.queued, DeliveryStatus.sent)
# The sweep looks back this far; an older undelivered reply is past helping by alerts.
SWEEP_WINDOW = timedelta(days=2)


class Step(enum.StrEnum):
    push = "push"
    sms = "sms"  # SMS, or email when the customer has no phone (or opted out of SMS)


@dataclass(frozen=True)
class Reply:
    message_id: uuid.UUID
    ticket_id: uuid.UUID
    ticket_number: int
    ticket_channel: str
    priority: str
    customer_id: uuid.UUID
    replied_at: datetime
    received: bool


def _load_reply(message_id: uuid.UUID, authors: tuple[str, ...] = REPLY_AUTHORS) -> Reply | None:
    with read_session() as session:
        row = session.exec(
            select(Message, Ticket)
            .join(Ticket, col(Ticket.id) == col(Message.ticket_id))
            .where(Message.id == message_id)
        ).first()
        if row is None:
            return None
        message, ticket = row
        if message.direction != MessageDirection.outbound or message.author_type not in authors:
            return None
        received = message.delivery_status not in NOT_RECEIVED or (
            session.exec(select(MessageDelivery.id).where(MessageDelivery.message_id == message_id)).first()
            is not None
        )
        return Reply(
            message.id,
            ticket.id,
            ticket.number,
            ticket.channel,
            ticket.priority,
            ticket.customer_id,
            message.created_at,
            received,
        )


def step_due(reply: Reply, step: Step, policy: LadderPolicy) -> datetime:
    return policy.push_due(reply.replied_at) if step is Step.push else policy.sms_due(reply.replied_at)


def _job_id(message_id: uuid.UUID, step: Step, due: datetime) -> str:
    # The due time is part of the id: a step put off (quiet hours) is a new job, never the running one.
    return f"ladder-{message_id}-{step}-{int(due.timestamp())}"


def schedule_step(reply: Reply, step: Step, settings: Settings) -> datetime:
    due = step_due(reply, step, policy_for(reply.priority, settings))
    enqueue(
        "workers.jobs.delivery.run_ladder_step",
        str(reply.message_id),
        str(step),
        queue=QueueName.high,
        job_id=_job_id(reply.message_id, step, due),
        at=due,
    )
    return due


def plan_reply_delivery(
    message_id: uuid.UUID, settings: Settings | None = None, *, authors: tuple[str, ...] = REPLY_AUTHORS
) -> list[str]:
    """After the poke: web tickets get their push and SMS steps scheduled; sms and email tickets
    get the reply itself sent through their channel now. Returns what was planned. `authors`: the
    calendar's closed-hours notice (author system) passes its own author to go the same way."""
    settings = settings or get_settings()
    reply = _load_reply(message_id, authors)
    if reply is None:
        return []
    if reply.ticket_channel in (ChannelKind.sms, ChannelKind.email):
        channel = str(reply.ticket_channel)
        created = _create_notifications(reply, [_thread_reply(reply, channel)])
        return [f"{channel}:{len(created)}"]
    if reply.ticket_channel != ChannelKind.web:
        return []
    policy = policy_for(reply.priority, settings)
    return [
        f"{step}@{schedule_step(reply, step, settings).isoformat()}" for step in Step if policy.takes(step)
    ]


def _thread_reply(reply: Reply, channel: str) -> Notification:
    with read_session() as session:
        customer = session.get(Customer, reply.customer_id)
        message = session.get(Message, reply.message_id)
    assert customer is not None and message is not None
    to = (customer.phone if channel == "sms" else customer.email) or ""
    return Notification(
        customer_id=reply.customer_id,
        ticket_id=reply.ticket_id,
        message_id=reply.message_id,
        channel=channel,
        purpose="reply",
        to_address=to,
        body=message.body,
        idempotency_key=f"reply:{reply.message_id}:{channel}",
    )


def _create_notifications(reply: Reply, notifications: list[Notification]) -> list[uuid.UUID]:
    """Insert each notification unless its key exists; NotificationQueued makes the listener enqueue
    `deliver_notification`. Safe to run twice (the unique key decides)."""
    created: list[uuid.UUID] = []
    for notification in notifications:
        try:
            with transaction(Actor.system()) as tx:
                exists = tx.session.exec(
                    select(Notification.id).where(
                        Notification.idempotency_key == notification.idempotency_key
                    )
                ).first()
                if exists is not None:
                    continue
                tx.session.add(notification)
                tx.session.flush()
                tx.audit(
                    f"notification.{notification.status}",
                    "notification",
                    notification.id,
                    channel=notification.channel,
                    key=notification.idempotency_key,
                )
                if notification.status == NotificationStatus.queued:
                    tx.emit(NotificationQueued(notification.id, notification.channel, notification.purpose))
                created.append(notification.id)
        except IntegrityError:
            continue  # another run inserted the same key first
    return created


def step_taken(message_id: uuid.UUID, step: Step) -> bool:
    prefix = f"reply:{message_id}:{'push' if step is Step.push else ''}"
    with read_session() as session:
        if step is Step.push:
            query = select(Notification.id).where(col(Notification.idempotency_key).startswith(prefix))
        else:
            keys = [
                f"reply:{message_id}:sms_alert",
                f"reply:{message_id}:email_alert",
                f"reply:{message_id}:alert",
            ]
            query = select(Notification.id).where(col(Notification.idempotency_key).in_(keys))
        return session.exec(query).first() is not None


def run_step(
    message_id: uuid.UUID, step: Step, settings: Settings | None = None, *, now: datetime | None = None
) -> str:
    """Take one step if it is due and the reply is still not received; idempotent."""
    settings = settings or get_settings()
    now = now or utcnow()
    reply = _load_reply(message_id)
    if reply is None:
        return "missing"
    if reply.received:
        return "received"
    if step_taken(message_id, step):
        return "done"
    policy = policy_for(reply.priority, settings)
    if not policy.takes(step):
        return "not_taken"  # LADDER_STEPS_BY_PRIORITY leaves this step out for the priority
    due = step_due(reply, step, policy)
    if due > now + timedelta(milliseconds=50):
        # Early (a sweep, or a job rescheduled by quiet hours): come back at the due time.
        schedule_step(reply, step, settings)
        return "not_due"
    notifications = _push_notifications(reply) if step is Step.push else [_alert_notification(reply, policy)]
    created = _create_notifications(reply, notifications)
    return f"{step}:{len(created)}"


def _push_notifications(reply: Reply) -> list[Notification]:
    with read_session() as session:
        customer = session.get(Customer, reply.customer_id)
        subs = session.exec(
            select(PushSubscription).where(PushSubscription.customer_id == reply.customer_id)
        ).all()
    locale = customer.locale if customer else "bn"
    if not subs:
        return [
            Notification(
                customer_id=reply.customer_id,
                ticket_id=reply.ticket_id,
                message_id=reply.message_id,
                channel="push",
                purpose="reply_alert",
                status=NotificationStatus.suppressed,
                error="no push subscription",
                idempotency_key=f"reply:{reply.message_id}:push",
            )
        ]
    out = []
    for sub in subs:
        nid = uuid7()
        body = payloads.reply_payload(
            notification_id=nid, ticket_id=reply.ticket_id, number=reply.ticket_number, locale=locale
        )
        body.update(
            ttl=payloads.REPLY_TTL_SECONDS,
            urgency="high" if reply.priority == "urgent" else "normal",
            topic=payloads.topic_for(f"t{reply.ticket_id.hex}"),
        )
        endpoint_hash = hashlib.sha256(sub.endpoint.encode()).hexdigest()[:16]
        out.append(
            Notification(
                id=nid,
                customer_id=reply.customer_id,
                ticket_id=reply.ticket_id,
                message_id=reply.message_id,
                channel="push",
                purpose="reply_alert",
                to_address=sub.endpoint,
                body=payloads.encode(body),
                idempotency_key=f"reply:{reply.message_id}:push:{endpoint_hash}",
            )
        )
    return out


def _alert_notification(reply: Reply, policy: LadderPolicy) -> Notification:
    """The first of the policy's alert channels (default: SMS, then email) that reaches the customer:
    SMS needs a phone that did not text STOP, email an address; else nothing to do."""
    with read_session() as session:
        customer = session.get(Customer, reply.customer_id)
    assert customer is not None
    base: dict[str, Any] = {
        "customer_id": reply.customer_id,
        "ticket_id": reply.ticket_id,
        "message_id": reply.message_id,
        "purpose": "reply_alert",
    }
    opted_out = getattr(customer, "sms_opted_out_at", None) is not None
    for channel in policy.alert_channels:
        if channel == "sms" and customer.phone and not opted_out:
            return Notification(
                **base,
                channel="sms",
                to_address=customer.phone,
                body=_sms_alert_text(customer.sms_script, reply.ticket_number),
                idempotency_key=f"reply:{reply.message_id}:sms_alert",
            )
        if channel == "email" and customer.email:
            return Notification(
                **base,
                channel="email",
                to_address=customer.email,
                body="",
                idempotency_key=f"reply:{reply.message_id}:email_alert",
            )
    if "sms" in policy.alert_channels and "email" not in policy.alert_channels:
        reason = "sms opted out" if customer.phone else "no phone"
    elif "email" in policy.alert_channels and "sms" not in policy.alert_channels:
        reason = "no email"
    else:
        reason = "sms opted out and no email" if customer.phone else "no phone and no email"
    return Notification(
        **base,
        channel="sms",
        status=NotificationStatus.suppressed,
        error=reason,
        idempotency_key=f"reply:{reply.message_id}:alert",
    )


def _sms_alert_text(script: str, number: int) -> str:
    try:
        from backend.channels.sms.templates import reply_alert
    except ImportError:
        return f"Seba: Ticket #{number} e notun uttor esechhe."
    return reply_alert(script, number)


def due_replies(
    settings: Settings | None = None, *, now: datetime | None = None, limit: int = 500
) -> list[tuple[uuid.UUID, Step]]:
    """Sweep: web-ticket replies not received whose step is due but not taken (its job was lost)."""
    settings = settings or get_settings()
    now = now or utcnow()
    shortest = min(
        [settings.ladder_push_after_seconds]
        + [
            float(o.get("push_after_seconds", settings.ladder_push_after_seconds))
            for o in settings.ladder_priority_overrides.values()
        ]
    )
    with read_session() as session:
        ids = session.exec(
            select(Message.id)
            .join(Ticket, col(Ticket.id) == col(Message.ticket_id))
            .where(
                Ticket.channel == ChannelKind.web,
                Message.direction == MessageDirection.outbound,
                col(Message.author_type).in_(REPLY_AUTHORS),
                col(Message.delivery_status).in_(NOT_RECEIVED),
                col(Message.created_at) > now - SWEEP_WINDOW,
                col(Message.created_at) <= now - timedelta(seconds=shortest),
            )
            .order_by(col(Message.created_at))
            .limit(limit)
        ).all()
    due: list[tuple[uuid.UUID, Step]] = []
    for mid in ids:
        reply = _load_reply(mid)
        if reply is None or reply.received:
            continue
        policy = policy_for(reply.priority, settings)
        for step in Step:
            if not policy.takes(step):
                continue
            if step_due(reply, step, policy) <= now and not step_taken(mid, step):
                due.append((mid, step))
    return due
