"""Bot jobs: one turn per customer message, the first turn of a new ticket, retraining a model
version, and the periodic sweep (stalled conversations to people, idle ones resolved)."""

from __future__ import annotations

import logging
import uuid

from backend.bot import engine, sweeps

log = logging.getLogger(__name__)


def run_bot_turn(message_id: str) -> str:
    """Answer one customer message (idempotent: a message is read once). If the turn fails the
    ticket goes to a person before the job is marked failed."""
    mid = uuid.UUID(message_id)
    try:
        outcome = engine.run_turn(mid)
    except Exception:
        log.exception("bot turn failed", extra={"message_id": message_id})
        ticket_id = engine.ticket_of_message(mid)
        if ticket_id is not None:
            sweeps.hand_off_after_failure(ticket_id)
        raise
    log.info("bot turn", extra={"message_id": message_id, "outcome": outcome})
    return outcome


def run_bot_for_new_ticket(ticket_id: str) -> str:
    """The first turn of a new ticket: its opening message."""
    first = engine.first_inbound_message(uuid.UUID(ticket_id))
    if first is None:
        return "skipped"
    return run_bot_turn(str(first))


def retrain_bot_model(version_id: str) -> str:
    """Train the model version row `version_id` (created as `training` by the admin page)."""
    from backend.bot.training_run import run_retraining

    return run_retraining(uuid.UUID(version_id))


def bot_sweep() -> dict[str, int]:
    """Every minute: stalled bot tickets to people, idle bot conversations resolved."""
    return {"handed_off": sweeps.hand_off_stalled(), "resolved": sweeps.resolve_idle()}
