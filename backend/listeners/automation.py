"""Automation: each trigger's events enqueue one rule run per ticket (unless no active rule listens,
or the event comes from rule-made changes deeper than AUTOMATION_MAX_DEPTH); a resolved ticket
gets its satisfaction survey. SLA events are subscribed to when the SLA engine defines them."""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

from backend import events
from backend.automation.engine import current_depth, has_active_rules
from backend.config import get_settings
from backend.events import (
    MessageCreated,
    TicketAssigned,
    TicketCreated,
    TicketStatusChanged,
    TicketUpdated,
    listens_to,
)
from backend.models.base import uuid7
from backend.models.enums import AuthorType, MessageDirection, TicketStatus
from backend.queue import QueueName, enqueue

log = logging.getLogger(__name__)
RULES_JOB = "workers.jobs.automation.run_automation_rules"
SURVEY_JOB = "workers.jobs.automation.send_csat_survey"
_JOB_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")  # RQ job ids: letters, digits, "_" and "-"


def trigger_rules(trigger: str, ticket_id: uuid.UUID, event_key: str) -> None:
    depth = current_depth()
    if depth > get_settings().automation_max_depth:
        log.info(
            "automation not re-triggered: depth limit",
            extra={"trigger": trigger, "ticket_id": str(ticket_id), "depth": depth},
        )
        return
    if not has_active_rules(trigger):
        return
    enqueue(
        RULES_JOB,
        trigger,
        str(ticket_id),
        event_key,
        depth,
        queue=QueueName.default,
        job_id="automation-" + _JOB_ID_UNSAFE.sub("-", event_key),
    )


@listens_to(TicketCreated)
def on_ticket_created(event: TicketCreated) -> None:
    trigger_rules("ticket_created", event.ticket_id, f"created:{event.ticket_id}")


@listens_to(TicketUpdated, TicketStatusChanged, TicketAssigned)
def on_ticket_updated(event: Any) -> None:
    trigger_rules("ticket_updated", event.ticket_id, f"updated:{event.ticket_id.hex}:{uuid7().hex}")


@listens_to(MessageCreated)
def on_message(event: MessageCreated) -> None:
    if event.direction == MessageDirection.inbound and event.author_type == AuthorType.customer:
        trigger_rules("message_received", event.ticket_id, f"message:{event.message_id}")


def _on_sla(trigger: str) -> Any:
    def listener(event: Any) -> None:
        due = getattr(event, "due_at", None)
        stamp = int(due.timestamp()) if due is not None else uuid7().hex
        trigger_rules(trigger, event.ticket_id, f"{trigger}:{event.ticket_id.hex}:{event.metric}:{stamp}")

    listener.__qualname__ = f"on_{trigger}"
    return listener


# The SLA engine's events (backend/sla/), once it defines them in backend/events.py.
for _name, _trigger in (("SlaWarning", "sla_warning"), ("SlaBreached", "sla_breach")):
    _event_type = getattr(events, _name, None)
    if _event_type is not None:
        listens_to(_event_type)(_on_sla(_trigger))


@listens_to(TicketStatusChanged)
def send_survey_when_resolved(event: TicketStatusChanged) -> None:
    if event.new_status == TicketStatus.resolved:
        enqueue(
            SURVEY_JOB, str(event.ticket_id), queue=QueueName.default, job_id=f"csat-survey-{event.ticket_id}"
        )
