"""Agents' web pushes: a ticket assigned to them, an @mention in a note (only agents who subscribed)."""

from __future__ import annotations

import uuid

from sqlmodel import select

from backend.db import read_session
from backend.events import AgentMentioned, TicketAssigned, listens_to
from backend.models import AgentPushSubscription
from backend.queue import QueueName, enqueue


def _subscribed(agent_id: uuid.UUID) -> bool:
    with read_session() as session:
        query = select(AgentPushSubscription.id).where(AgentPushSubscription.agent_id == agent_id).limit(1)
        return session.exec(query).first() is not None


@listens_to(TicketAssigned)
def push_new_assignment(event: TicketAssigned) -> None:
    if event.assignee_id is None or not _subscribed(event.assignee_id):
        return
    ref = f"{event.ticket_id}:{event.assignee_id}"
    enqueue(
        "workers.jobs.delivery.push_to_agent",
        "assignment",
        str(event.assignee_id),
        str(event.ticket_id),
        ref,
        None,
        event.reason,
        queue=QueueName.high,
        job_id=f"agent-assign-{ref}",
    )


@listens_to(AgentMentioned)
def push_mention(event: AgentMentioned) -> None:
    if not _subscribed(event.agent_id):
        return
    enqueue(
        "workers.jobs.delivery.push_to_agent",
        "mention",
        str(event.agent_id),
        str(event.ticket_id),
        str(event.notification_id),
        queue=QueueName.high,
        job_id=f"agent-mention-{event.notification_id}",
    )
