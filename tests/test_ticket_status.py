"""The ticket status transition table: every allowed move is allowed, every other one refused."""

from __future__ import annotations

import itertools

import pytest

from backend.errors import ValidationFailed
from backend.models.enums import ActorType, TicketStatus
from backend.ticket_status import TRANSITIONS, can_transition, check_transition

pytestmark = pytest.mark.no_stores

ALL_MOVES = [
    (a, b, actor) for a, b in itertools.product(TicketStatus, TicketStatus) if a != b for actor in ActorType
]

EXPECTED_ALLOWED = {
    # (from, to): actors; written out by hand so that a change to the table must change this test.
    ("new", "open"): {"agent", "system", "bot"},
    ("new", "pending"): {"agent", "system", "bot"},
    ("new", "on_hold"): {"agent", "system", "bot"},
    ("new", "resolved"): {"agent", "system", "bot"},
    ("new", "closed"): {"agent", "system"},
    ("open", "pending"): {"agent", "system", "bot"},
    ("open", "on_hold"): {"agent", "system", "bot"},
    ("open", "resolved"): {"agent", "system", "bot"},
    ("pending", "open"): {"agent", "system", "bot", "customer"},
    ("pending", "on_hold"): {"agent", "system", "bot"},
    ("pending", "resolved"): {"agent", "system", "bot"},
    ("on_hold", "open"): {"agent", "system", "bot", "customer"},
    ("on_hold", "pending"): {"agent", "system", "bot"},
    ("on_hold", "resolved"): {"agent", "system", "bot"},
    ("resolved", "open"): {"agent", "system", "bot", "customer"},
    ("resolved", "closed"): {"agent", "system"},
}


@pytest.mark.parametrize(("from_status", "to_status", "actor"), ALL_MOVES)
def test_every_transition_is_allowed_or_refused_as_the_table_says(
    from_status: TicketStatus, to_status: TicketStatus, actor: ActorType
) -> None:
    expected = actor.value in EXPECTED_ALLOWED.get((from_status.value, to_status.value), set())
    assert can_transition(from_status, to_status, actor) is expected
    if expected:
        check_transition(from_status, to_status, actor)
    else:
        with pytest.raises(ValidationFailed) as refused:
            check_transition(from_status, to_status, actor)
        assert refused.value.code == "transition_refused"
        assert from_status.value in refused.value.message("en")
        assert "যায় না" in refused.value.message("bn")


def test_the_table_has_no_entries_beyond_the_expected_ones() -> None:
    assert {(a.value, b.value) for a, b in TRANSITIONS} == set(EXPECTED_ALLOWED)


def test_closed_is_final_and_customers_can_only_reopen() -> None:
    assert not any(a == TicketStatus.closed for a, _ in TRANSITIONS)
    customer_moves = {(a.value, b.value) for (a, b), who in TRANSITIONS.items() if ActorType.customer in who}
    assert all(b == "open" for _, b in customer_moves)


def test_unknown_status_is_refused_in_both_languages() -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_transition("open", "archived", ActorType.agent)
    assert refused.value.code == "status_unknown"
    assert "archived" in refused.value.message("en") and "অজানা" in refused.value.message("bn")
