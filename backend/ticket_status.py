"""The ticket status transition table: which status may follow which, and who may make the move."""

from __future__ import annotations

from backend.errors import ValidationFailed
from backend.models.enums import ActorType, TicketStatus

S = TicketStatus
A = ActorType
_STAFF = frozenset({A.agent, A.system, A.bot})
_ANYONE = frozenset({A.agent, A.system, A.bot, A.customer})

# (from, to) -> who may make the move. Anything not listed is refused.
TRANSITIONS: dict[tuple[TicketStatus, TicketStatus], frozenset[ActorType]] = {
    # A new ticket is picked up, parked or answered.
    (S.new, S.open): _STAFF,
    (S.new, S.pending): _STAFF,
    (S.new, S.on_hold): _STAFF,
    (S.new, S.resolved): _STAFF,
    (S.new, S.closed): frozenset({A.agent, A.system}),  # spam or duplicate
    # Work in progress moves between open, waiting on the customer and waiting on a third party.
    (S.open, S.pending): _STAFF,
    (S.open, S.on_hold): _STAFF,
    (S.open, S.resolved): _STAFF,
    (S.pending, S.open): _ANYONE,  # the customer answered
    (S.pending, S.on_hold): _STAFF,
    (S.pending, S.resolved): _STAFF,
    (S.on_hold, S.open): _ANYONE,
    (S.on_hold, S.pending): _STAFF,
    (S.on_hold, S.resolved): _STAFF,
    # A resolved ticket can be reopened (by the customer too) until it is closed.
    (S.resolved, S.open): _ANYONE,
    (S.resolved, S.closed): frozenset({A.agent, A.system}),
}

# Statuses in which the customer is waiting for us (SLA clocks run, `waiting_since` is set).
AWAITING_US = frozenset({S.new, S.open})
# Statuses counted as finished work.
DONE = frozenset({S.resolved, S.closed})


def parse_status(value: str) -> TicketStatus:
    try:
        return TicketStatus(value)
    except ValueError:
        raise ValidationFailed("status_unknown", value=value) from None


def next_statuses(from_status: str, actor: ActorType) -> list[TicketStatus]:
    """The statuses `actor` may move a ticket in `from_status` to, in the table's order."""
    return [to for (frm, to), who in TRANSITIONS.items() if frm == from_status and actor in who]


def can_transition(from_status: str, to_status: str, actor: ActorType) -> bool:
    allowed = TRANSITIONS.get((TicketStatus(from_status), TicketStatus(to_status)))
    return allowed is not None and actor in allowed


def check_transition(from_status: str, to_status: str, actor: ActorType) -> None:
    """Raise a bilingual error unless `actor` may move a ticket from `from_status` to `to_status`."""
    parse_status(to_status)
    if not can_transition(from_status, to_status, actor):
        raise ValidationFailed("transition_refused", from_status=str(from_status), to_status=str(to_status))
