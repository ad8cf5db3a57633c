"""The timer state machine and the domain hooks the ticket services call inside their transaction.

A timer runs, pauses while the ticket waits on the customer (status pending), resumes when the
customer answers (its due time recomputed from the minutes left), is met or stopped, and restarts on
reopen. Every hook ends by setting `Ticket.sla_due_at` to the nearest running due time and emitting
`SlaClockSet` for each clock whose due or warning time changed (the listener schedules the jobs).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlmodel import col, select

from backend.db import Tx
from backend.events import SlaClockSet
from backend.models import SlaTimer, Ticket
from backend.models.base import utcnow
from backend.models.enums import TicketStatus
from backend.sla import ACTIVE_STATES, ClockKind, Metric, TimerState
from backend.sla.clock import TeamClocks
from backend.sla.policies import Target, policy_for_timer, targets_for_ticket, warn_lead_minutes
from backend.ticket_status import DONE


class TicketClocks:
    """The timers of one (locked) ticket within one transaction."""

    def __init__(
        self, tx: Tx, ticket: Ticket, *, team_id: uuid.UUID | None = None, use_team_id: bool = False
    ) -> None:
        self.tx = tx
        self.ticket = ticket
        self.clocks = TeamClocks(tx.session, team_id if use_team_id else ticket.team_id)
        rows = tx.session.exec(select(SlaTimer).where(SlaTimer.ticket_id == ticket.id)).all()
        self.timers: dict[str, SlaTimer] = {t.metric: t for t in rows}
        # Clocks started earlier in this transaction and not flushed yet (the hooks do not autoflush).
        for pending in tx.session.new:
            if isinstance(pending, SlaTimer) and pending.ticket_id == ticket.id:
                self.timers[pending.metric] = pending
        self._targets: dict[Metric, Target] | None = None
        self._touched: dict[str, tuple[datetime | None, datetime | None]] = {}

    # Policy -------------------------------------------------------------------------------------

    def targets(self) -> dict[Metric, Target]:
        if self._targets is None:
            self._targets = targets_for_ticket(self.tx.session, self.ticket)
        return self._targets

    def active(self) -> list[SlaTimer]:
        return [t for t in self.timers.values() if t.state in ACTIVE_STATES]

    # Transitions --------------------------------------------------------------------------------

    def _touch(self, timer: SlaTimer) -> None:
        self._touched.setdefault(timer.metric, (timer.due_at, timer.warn_at))

    def start(self, metric: Metric, now: datetime) -> SlaTimer:
        """Start (or restart from zero) the metric's clock under the ticket's current policy."""
        target = self.targets()[metric]
        timer = self.timers.get(metric)
        if timer is None:
            timer = SlaTimer(
                ticket_id=self.ticket.id, metric=metric, target_minutes=target.minutes, started_at=now
            )
            self.timers[metric] = timer
        else:
            timer.cycle += 1
        self._touch(timer)
        timer.state = TimerState.running
        timer.policy_id, timer.clock, timer.target_minutes = target.policy_id, target.clock, target.minutes
        timer.consumed_minutes = 0.0
        timer.started_at = timer.running_since = now
        timer.paused_at = timer.warned_at = timer.breached_at = timer.met_at = timer.stopped_at = None
        timer.due_at = None
        self._schedule(timer)
        return timer

    def _checkpoint(self, timer: SlaTimer, now: datetime) -> None:
        """Add the minutes used since `running_since` to `consumed_minutes`."""
        if timer.state == TimerState.running and timer.running_since is not None:
            clock = self.clocks.get(timer.clock)
            timer.consumed_minutes += clock.between(timer.running_since, now)
            timer.running_since = now

    def pause(self, timer: SlaTimer, now: datetime) -> None:
        if timer.state != TimerState.running:
            return
        self._touch(timer)
        self._checkpoint(timer, now)
        timer.state = TimerState.paused
        timer.running_since = None
        timer.paused_at = now
        timer.warn_at = None
        timer.updated_at = now

    def resume(self, timer: SlaTimer, now: datetime) -> None:
        if timer.state != TimerState.paused:
            return
        self._touch(timer)
        timer.state = TimerState.running
        timer.running_since = now
        timer.paused_at = None
        self._schedule(timer)

    def finish(self, timer: SlaTimer, now: datetime, *, met: bool) -> None:
        if timer.state not in ACTIVE_STATES:
            return
        self._touch(timer)
        self._checkpoint(timer, now)
        timer.state = TimerState.met if met else TimerState.stopped
        if met:
            timer.met_at = now
        else:
            timer.stopped_at = now
        timer.running_since = timer.paused_at = timer.warn_at = None
        timer.updated_at = now

    def retarget(self, now: datetime, *, team_changed: bool = False) -> None:
        """Apply the ticket's current policy (priority, team, intent... changed) to active clocks."""
        self._targets = None
        changed = []
        for timer in self.active():
            target = self.targets()[Metric(timer.metric)]
            now_set = (timer.policy_id, timer.target_minutes, timer.clock)
            if now_set == (target.policy_id, target.minutes, target.clock) and not team_changed:
                continue
            self._touch(timer)
            self._checkpoint(timer, now)  # the minutes so far count on the old calendar
            timer.policy_id, timer.clock, timer.target_minutes = (
                target.policy_id,
                target.clock,
                target.minutes,
            )
            changed.append(timer)
        self.clocks = TeamClocks(self.tx.session, self.ticket.team_id)
        for timer in changed:
            if timer.state == TimerState.running:
                self._schedule(timer, now=now)

    def reschedule_business(self) -> int:
        """Due and warning times of the running business clocks again on the current calendar (after
        a calendar change); saves and returns how many due times moved."""
        moved = 0
        for timer in self.timers.values():
            if timer.state == TimerState.running and timer.clock == ClockKind.business:
                before = timer.due_at
                self._touch(timer)
                self._schedule(timer)
                moved += timer.due_at != before
        self.save()
        return moved

    def _schedule(self, timer: SlaTimer, *, now: datetime | None = None) -> None:
        """Compute a running timer's due and warning times from its checkpoint and what is left."""
        assert timer.running_since is not None
        clock = self.clocks.get(timer.clock)
        since = timer.running_since
        remaining = timer.target_minutes - timer.consumed_minutes
        if remaining > 0:
            timer.due_at = clock.add(since, remaining)
        elif timer.due_at is None or timer.due_at > since:
            timer.due_at = since  # already used up before this stretch began
        policy = policy_for_timer(self.tx.session, timer.policy_id)
        lead = warn_lead_minutes(policy, timer.target_minutes)
        if lead is None or remaining <= 0:
            timer.warn_at = None
        else:
            timer.warn_at = clock.add(since, remaining - lead) if remaining > lead else since
        moment = now or utcnow()
        if timer.breached_at is not None and timer.due_at > moment:
            timer.breached_at = None  # a longer target: no longer overdue
        if timer.warned_at is not None and timer.warn_at is not None and timer.warn_at > moment:
            timer.warned_at = None
        timer.updated_at = moment

    # Finish -------------------------------------------------------------------------------------

    def save(self) -> None:
        """Store the timers, keep `Ticket.sla_due_at` the nearest running due time, announce changes."""
        session = self.tx.session
        for timer in self.timers.values():
            session.add(timer)
        running = [t.due_at for t in self.timers.values() if t.state == TimerState.running and t.due_at]
        nearest = min(running) if running else None
        if self.ticket.sla_due_at != nearest:
            self.ticket.sla_due_at = nearest
            session.add(self.ticket)
        for metric, (due_before, warn_before) in self._touched.items():
            timer = self.timers[metric]
            if timer.state != TimerState.running or timer.due_at is None:
                continue
            if (timer.due_at, timer.warn_at) != (due_before, warn_before):
                self.tx.emit(SlaClockSet(self.ticket.id, timer.metric, timer.due_at, timer.warn_at))
        self._touched.clear()


# Hooks called by the ticket services (the ticket row is locked by the caller) -----------------------


def _ticket_opened(tx: Tx, ticket: Ticket, *, now: datetime | None = None) -> None:
    """A new ticket: first response and resolution clocks start."""
    now = now or ticket.created_at
    clocks = TicketClocks(tx, ticket)
    clocks.start(Metric.first_response, now)
    clocks.start(Metric.resolution, now)
    clocks.save()


def _agent_replied(tx: Tx, ticket: Ticket, *, now: datetime | None = None) -> None:
    """An agent answered the customer: first and next response are met."""
    now = now or utcnow()
    clocks = TicketClocks(tx, ticket)
    for metric in (Metric.first_response, Metric.next_response):
        timer = clocks.timers.get(metric)
        if timer is not None:
            clocks.finish(timer, now, met=True)
    clocks.save()


def _customer_wrote(tx: Tx, ticket: Ticket, *, now: datetime | None = None) -> None:
    """A customer message after an agent's reply starts the next-response clock (the earliest
    unanswered message counts, so a second message does not restart it)."""
    if ticket.first_response_at is None or ticket.status in DONE:
        return
    clocks = TicketClocks(tx, ticket)
    timer = clocks.timers.get(Metric.next_response)
    if timer is None or timer.state not in ACTIVE_STATES:
        clocks.start(Metric.next_response, now or utcnow())
        clocks.save()


def _status_changed(tx: Tx, ticket: Ticket, old: str, new: str, *, now: datetime | None = None) -> None:
    """Pause while waiting on the customer, resume after, meet/stop when done, restart on reopen."""
    now = now or utcnow()
    clocks = TicketClocks(tx, ticket)
    if new in DONE:
        for timer in clocks.active():
            met = new == TicketStatus.resolved and timer.metric == Metric.resolution
            clocks.finish(timer, now, met=met)
    elif old in DONE:
        clocks.start(Metric.resolution, now)
        waiting_for = Metric.next_response if ticket.first_response_at else Metric.first_response
        clocks.start(waiting_for, now)
    elif new == TicketStatus.pending:
        for timer in clocks.active():
            clocks.pause(timer, now)
    elif old == TicketStatus.pending:
        for timer in clocks.active():
            clocks.resume(timer, now)
    clocks.save()


def _ticket_changed(
    tx: Tx,
    ticket: Ticket,
    *,
    team_changed: bool = False,
    previous_team_id: uuid.UUID | None = None,
    now: datetime | None = None,
) -> None:
    """Priority, intent or team changed: the policy (and, with the team, the calendar) may differ.
    With `team_changed`, the minutes so far are counted on `previous_team_id`'s calendar."""
    clocks = TicketClocks(tx, ticket, team_id=previous_team_id, use_team_id=team_changed)
    if not clocks.active():
        return
    clocks.retarget(now or utcnow(), team_changed=team_changed)
    clocks.save()


def timers_of(tx: Tx, ticket_ids: Iterable[uuid.UUID]) -> list[SlaTimer]:
    ids = list(ticket_ids)
    return list(tx.session.exec(select(SlaTimer).where(col(SlaTimer.ticket_id).in_(ids))).all())


# The hooks run inside the services' transactions without flushing early: the change feed (and its
# server_seq order) sees the service's writes in the order the service itself flushes them.


def ticket_opened(tx: Tx, ticket: Ticket, *, now: datetime | None = None) -> None:
    """A new ticket: first response and resolution clocks start."""
    with tx.session.no_autoflush:
        _ticket_opened(tx, ticket, now=now)


def agent_replied(tx: Tx, ticket: Ticket, *, now: datetime | None = None) -> None:
    """An agent answered the customer: first and next response are met."""
    with tx.session.no_autoflush:
        _agent_replied(tx, ticket, now=now)


def customer_wrote(tx: Tx, ticket: Ticket, *, now: datetime | None = None) -> None:
    """A customer message after an agent's reply starts the next-response clock."""
    with tx.session.no_autoflush:
        _customer_wrote(tx, ticket, now=now)


def status_changed(tx: Tx, ticket: Ticket, old: str, new: str, *, now: datetime | None = None) -> None:
    """Pause while pending, resume after, meet/stop when done, restart on reopen."""
    with tx.session.no_autoflush:
        _status_changed(tx, ticket, old, new, now=now)


def ticket_changed(
    tx: Tx,
    ticket: Ticket,
    *,
    team_changed: bool = False,
    previous_team_id: uuid.UUID | None = None,
    now: datetime | None = None,
) -> None:
    """Priority, intent or team changed: the policy (and, with the team, the calendar) may differ."""
    with tx.session.no_autoflush:
        _ticket_changed(tx, ticket, team_changed=team_changed, previous_team_id=previous_team_id, now=now)
