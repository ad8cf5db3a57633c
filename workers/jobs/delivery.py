"""Jobs of the delivery ladder (one step of one reply, the sweep) and of agents' web pushes."""

from __future__ import annotations

import logging
import uuid

from backend.delivery import agents, ladder

log = logging.getLogger(__name__)


def run_ladder_step(message_id: str, step: str) -> str:
    """Take the reply's push or SMS step if it is due and no device has received the reply."""
    return ladder.run_step(uuid.UUID(message_id), ladder.Step(step))


def sweep_ladder() -> int:
    """Periodic: take the steps whose scheduled job was lost (Redis restarted); idempotent."""
    due = ladder.due_replies()
    for message_id, step in due:
        ladder.run_step(message_id, step)
    if due:
        log.info("ladder sweep took lost steps", extra={"steps": len(due)})
    return len(due)


def push_to_agent(
    kind: str, agent_id: str, ticket_id: str, ref: str, minutes: int | None = None, reason: str | None = None
) -> int:
    """Queue web pushes to an agent's consoles (assignment, mention, sla_warning)."""
    params: dict[str, object] = {}
    if minutes is not None:
        params["minutes"] = minutes
    if reason is not None:
        params["reason"] = reason
    return len(agents.push_to_agent(kind, uuid.UUID(agent_id), uuid.UUID(ticket_id), ref, **params))
