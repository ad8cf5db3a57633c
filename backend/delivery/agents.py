"""Web pushes to agents: new assignments, @mentions and service-level warnings, one per console."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from backend.channels.push import payloads
from backend.db import Actor, read_session, transaction
from backend.events import NotificationQueued
from backend.models import Agent, AgentPushSubscription, Notification, Ticket
from backend.models.base import uuid7
from backend.queue import QueueName, enqueue

AGENT_PUSH_KINDS = ("assignment", "mention", "sla_warning", "sla_breach")


def push_to_agent(
    kind: str, agent_id: uuid.UUID, ticket_id: uuid.UUID, ref: str, **params: Any
) -> list[uuid.UUID]:
    """One push notification per subscribed console of the agent, keyed `agent:<kind>:<ref>:<endpoint
    hash>` so that a repeated event never pushes twice. Returns the notifications created."""
    if kind not in AGENT_PUSH_KINDS:
        raise ValueError(f"agent push kind must be one of {AGENT_PUSH_KINDS}, got {kind!r}")
    with read_session() as session:
        agent = session.get(Agent, agent_id)
        ticket = session.get(Ticket, ticket_id)
        subs = session.exec(
            select(AgentPushSubscription).where(AgentPushSubscription.agent_id == agent_id)
        ).all()
    if agent is None or ticket is None or not agent.is_active:
        return []
    created: list[uuid.UUID] = []
    for sub in subs:
        key = f"agent:{kind}:{ref}:{hashlib.sha256(sub.endpoint.encode()).hexdigest()[:16]}"
        nid = uuid7()
        body = payloads.agent_payload(
            kind=kind,
            notification_id=nid,
            ticket_id=ticket.id,
            number=ticket.number,
            locale=agent.locale,
            **params,
        )
        body.update(
            ttl=payloads.AGENT_TTL_SECONDS,
            urgency="high" if kind in ("sla_warning", "sla_breach") else "normal",
            topic=payloads.topic_for(f"{kind[:4]}{ticket.id.hex}"),
        )
        try:
            with transaction(Actor.system()) as tx:
                if tx.session.exec(
                    select(Notification.id).where(Notification.idempotency_key == key)
                ).first():
                    continue
                tx.session.add(
                    Notification(
                        id=nid,
                        agent_id=agent_id,
                        ticket_id=ticket.id,
                        channel="push",
                        purpose=f"agent_{kind}"[:30],
                        to_address=sub.endpoint,
                        body=payloads.encode(body),
                        idempotency_key=key,
                    )
                )
                tx.session.flush()
                tx.audit("notification.queued", "notification", nid, channel="push", key=key)
                tx.emit(NotificationQueued(nid, "push", f"agent_{kind}"))
                created.append(nid)
        except IntegrityError:
            continue
    return created


def warn_sla(agent_id: uuid.UUID, ticket_id: uuid.UUID, *, minutes_left: int, due_key: str) -> None:
    """For the SLA engine (a later issue): push a warning to the assignee once per `due_key` (e.g. the
    due time's ISO string), through the high queue."""
    enqueue(
        "workers.jobs.delivery.push_to_agent",
        "sla_warning",
        str(agent_id),
        str(ticket_id),
        f"{ticket_id}:{due_key}",
        minutes_left,
        queue=QueueName.high,
        job_id=f"agent-sla-{ticket_id}-{abs(hash(due_key)) % 10**12}",
    )
