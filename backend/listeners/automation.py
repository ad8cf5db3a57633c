"""Automation: each trigger's events enqueue one rule run per ticket (unless no active rule listens,
or the event comes from rule-made changes deeper than AUTOMATION_MAX_DEPTH); a resolved ticket
gets its satisfaction survey."""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

from backend.automation.engine import current_depth, has_active_rules
from backend.config import get_settings
from backend.events import (
    MessageCreated,
    SlaBreached,
    SlaWarning,
    TicketAssigned,
    TicketCreated,
    TicketEscalated,
    TicketStatusChanged,
    TicketUpdated,
    listens_to,
)
from backend.models.base import uuid7
from backend.models.enums import AuthorType, MessageDirection, TicketStatus
from backend.queue import QueueName, enqueue
from backend.realtime import publish_console_event

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


def _sla_key(trigger: str, event: SlaWarning | SlaBreached) -> str:
    # Once per clock and due time, as the SLA engine emits them.
    return f"{trigger}:{event.ticket_id.hex}:{event.metric}:{int(event.due_at.timestamp())}"


@listens_to(SlaWarning)
def on_sla_warning(event: SlaWarning) -> None:
    trigger_rules("sla_warning", event.ticket_id, _sla_key("sla_warning", event))


@listens_to(SlaBreached)
def on_sla_breach(event: SlaBreached) -> None:
    trigger_rules("sla_breach", event.ticket_id, _sla_key("sla_breach", event))


@listens_to(TicketStatusChanged)
def send_survey_when_resolved(event: TicketStatusChanged) -> None:
    if event.new_status == TicketStatus.resolved:
        enqueue(
            SURVEY_JOB, str(event.ticket_id), queue=QueueName.default, job_id=f"csat-survey-{event.ticket_id}"
        )


@listens_to(TicketEscalated)
def tell_supervisors(event: TicketEscalated) -> None:
    """Each notified supervisor's open consoles hear it at once (their AgentNotification is stored)."""
    for agent_id in event.supervisor_ids:
        publish_console_event(
            "agent.notified", agent_id=agent_id, ticket_id=event.ticket_id, notification="escalation"
        )
