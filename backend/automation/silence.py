"""Customer silence: the periodic sweep that fires customer_silent rules once per silence, and the
sweep that closes tickets whose close-after-silence notice went unanswered. Both are idempotent."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, and_, col, func, or_, select

from backend.db import read_session, transaction
from backend.models import AutomationExecution, AutomationRule, Message, Ticket, TicketCloseSchedule
from backend.models.base import utcnow
from backend.models.enums import ActorType, MessageDirection, TicketStatus
from backend.services.activity import add_activity
from backend.services.tickets import apply_status, get_ticket_for_update
from backend.ticket_status import DONE

log = logging.getLogger(__name__)

# The customer owes us an answer: we are not waiting on them (waiting_since is unset).
SILENT_STATUSES = (TicketStatus.open, TicketStatus.pending, TicketStatus.on_hold)
SWEEP_BATCH = 500
SWEEP_MAX_TICKETS = 20_000  # per sweep run; the rest waits for the next run


def last_customer_message_at(session: Session, ticket_id: uuid.UUID) -> datetime | None:
    return session.exec(
        select(func.max(Message.created_at)).where(
            Message.ticket_id == ticket_id, Message.direction == MessageDirection.inbound
        )
    ).one()


def silent_hours_of(session: Session, ticket: Ticket, now: datetime) -> float | None:
    """Hours since the customer last wrote, when the ball is in their court; None otherwise."""
    if ticket.status not in SILENT_STATUSES or ticket.waiting_since is not None or ticket.merged_into_id:
        return None
    last = last_customer_message_at(session, ticket.id) or ticket.created_at
    return (now - last).total_seconds() / 3600


def customer_wrote_since(session: Session, ticket_id: uuid.UUID, since: datetime) -> bool:
    return (
        session.exec(
            select(Message.id).where(
                Message.ticket_id == ticket_id,
                Message.direction == MessageDirection.inbound,
                col(Message.created_at) > since,
            )
        ).first()
        is not None
    )


@dataclass(frozen=True)
class SilentTicket:
    ticket_id: uuid.UUID
    last_customer_at: datetime
    hours: float

    @property
    def event_key(self) -> str:
        # One silence lasts until the customer writes again: its key is their last message's time.
        return f"silent:{self.ticket_id}:{int(self.last_customer_at.timestamp() * 1000)}"


def silent_tickets(
    now: datetime,
    min_hours: float,
    *,
    after: tuple[datetime, uuid.UUID] | None = None,
    limit: int = SWEEP_BATCH,
) -> list[SilentTicket]:
    """Tickets waiting on a customer silent for at least `min_hours`, longest silence first, from
    the keyset `after` (silence start, ticket id). The customer's last message is a correlated
    lookup per candidate ticket (the (ticket_id, created_at) index), not a scan of all messages."""
    last_in = (
        select(func.max(Message.created_at))
        .where(Message.ticket_id == Ticket.id, Message.direction == MessageDirection.inbound)
        .correlate(Ticket)
        .scalar_subquery()
    )
    since = func.coalesce(last_in, Ticket.created_at)
    query = (
        select(Ticket.id, since)
        .where(
            col(Ticket.status).in_(SILENT_STATUSES),
            col(Ticket.waiting_since).is_(None),
            col(Ticket.merged_into_id).is_(None),
            since <= now - timedelta(hours=min_hours),
        )
        .order_by(since, col(Ticket.id))
        .limit(limit)
    )
    if after is not None:
        query = query.where(or_(since > after[0], and_(since == after[0], col(Ticket.id) > after[1])))
    with read_session() as session:
        rows = session.exec(query).all()
    return [SilentTicket(ticket_id, last, (now - last).total_seconds() / 3600) for ticket_id, last in rows]


def _fired(batch: list[SilentTicket]) -> dict[str, set[uuid.UUID]]:
    """For each silence of the batch, the rules that already ran on it."""
    keys = [s.event_key for s in batch]
    with read_session() as session:
        rows = session.exec(
            select(AutomationExecution.event_key, AutomationExecution.rule_id).where(
                AutomationExecution.trigger == "customer_silent", col(AutomationExecution.event_key).in_(keys)
            )
        ).all()
    fired: dict[str, set[uuid.UUID]] = {}
    for key, rule_id in rows:
        fired.setdefault(key, set()).add(rule_id)
    return fired


def sweep_customer_silent(
    now: datetime | None = None, *, batch_size: int = SWEEP_BATCH, max_tickets: int = SWEEP_MAX_TICKETS
) -> int:
    """Fire customer_silent rules on every ticket silent long enough; a rule runs once per silence
    (its event key is the customer's last message time), so repeating the sweep changes nothing.
    A silence on which every rule it is long enough for has run already is skipped without loading
    the ticket, and the sweep pages through all candidates (up to `max_tickets` per run)."""
    from backend.automation.engine import run_rules

    now = now or utcnow()
    with read_session() as session:
        rules = session.exec(
            select(AutomationRule.id, AutomationRule.silent_hours).where(
                AutomationRule.trigger == "customer_silent", col(AutomationRule.active).is_(True)
            )
        ).all()
    if not rules:
        return 0
    min_hours = float(min(hours or 0 for _, hours in rules))
    ran, seen, after = 0, 0, None
    while seen < max_tickets:
        batch = silent_tickets(now, min_hours, after=after, limit=batch_size)
        if not batch:
            break
        seen += len(batch)
        after = (batch[-1].last_customer_at, batch[-1].ticket_id)
        fired = _fired(batch)
        for silent in batch:
            due = {rule_id for rule_id, hours in rules if silent.hours >= (hours or 0)}
            if due <= fired.get(silent.event_key, set()):
                continue
            outcomes = run_rules(
                "customer_silent",
                silent.ticket_id,
                event_key=silent.event_key,
                silent_hours=silent.hours,
                now=now,
            )
            ran += sum(1 for o in outcomes if o.status == "ran")
    return ran


def close_due_tickets(now: datetime | None = None) -> dict[str, int]:
    """Close each ticket whose notice is due and unanswered (resolved, then closed, by the rule);
    cancel the schedule when the customer wrote after the notice. Repeating it changes nothing."""
    from backend.automation.engine import caused_by_rule, rule_actor

    now = now or utcnow()
    counts = {"closed": 0, "cancelled": 0}
    with read_session() as session:
        due = session.exec(
            select(TicketCloseSchedule.id, TicketCloseSchedule.rule_id)
            .where(TicketCloseSchedule.status == "scheduled", col(TicketCloseSchedule.close_at) <= now)
            .order_by(col(TicketCloseSchedule.close_at))
            .limit(SWEEP_BATCH)
        ).all()
    for schedule_id, rule_id in due:
        with caused_by_rule(1, f"close:{schedule_id}"), transaction(rule_actor(rule_id)) as tx:
            schedule = tx.session.get(TicketCloseSchedule, schedule_id, with_for_update=True)
            if schedule is None or schedule.status != "scheduled":
                continue
            ticket = get_ticket_for_update(tx, schedule.ticket_id)
            schedule.finished_at = now
            if customer_wrote_since(tx.session, ticket.id, schedule.noticed_at):
                schedule.status = "cancelled"
                tx.session.add(schedule)
                tx.audit(
                    "automation.close_cancelled",
                    "ticket",
                    ticket.id,
                    rule=schedule.rule_name,
                    rule_id=rule_id,
                )
                counts["cancelled"] += 1
                continue
            schedule.status = "closed"
            tx.session.add(schedule)
            if ticket.status != TicketStatus.closed:
                if ticket.status not in DONE:
                    apply_status(tx, ticket, TicketStatus.resolved, ActorType.system)
                apply_status(tx, ticket, TicketStatus.closed, ActorType.system)
                add_activity(tx, ticket, "activity_automation_closed", rule=schedule.rule_name)
            tx.audit(
                "automation.action",
                "ticket",
                ticket.id,
                rule=schedule.rule_name,
                rule_id=rule_id,
                action="close",
                outcome="done",
            )
            counts["closed"] += 1
    return counts
