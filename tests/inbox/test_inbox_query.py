"""inbox_page: every view and filter returns exactly the right tickets, in order, in few statements."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import Session

from backend.errors import ValidationFailed
from backend.models.base import utcnow
from backend.queries.inbox import inbox_counts, inbox_page
from backend.queries.inbox_filters import InboxFilters
from tests.inbox.conftest import NOW, StatementCounter, add_message, minutes, new_ticket
from tests.support.factories import make_agent, make_team


@dataclass
class World:
    me: uuid.UUID
    other: uuid.UUID
    t: dict[str, uuid.UUID]


@pytest.fixture
def world() -> World:
    team_a = make_team(slug="care", name="Care")
    team_b = make_team(slug="payments", name="Payments")
    team_c = make_team(slug="returns", name="Returns")
    me = make_agent(name="Me", team_ids=[team_a.id, team_c.id]).id
    other = make_agent(name="Other", team_ids=[team_b.id]).id
    t = {
        "mine_new": new_ticket(
            status="new",
            assignee_id=me,
            team_id=team_a.id,
            sla_due_at=minutes(30),
            channel="sms",
            priority="high",
            language="bn",
            intent="track_order",
            tags=["vip", "cod"],
            last_activity_at=minutes(-5),
        ),
        "unassigned_open": new_ticket(
            status="open",
            team_id=team_a.id,
            sla_due_at=minutes(-10),
            channel="web",
            priority="urgent",
            language="en",
            intent="payment_issue",
            tags=["bkash"],
            last_activity_at=minutes(-1),
        ),
        "other_pending": new_ticket(
            status="pending",
            assignee_id=other,
            team_id=team_b.id,
            channel="whatsapp",
            priority="low",
            language="banglish",
            intent="payment_issue",
            tags=["vip"],
            last_activity_at=minutes(-50),
        ),
        "returns_on_hold": new_ticket(
            status="on_hold",
            team_id=team_c.id,
            sla_due_at=minutes(300),
            channel="email",
            language="bn",
            intent="return_item",
            last_activity_at=minutes(-20),
        ),
        "no_team_open": new_ticket(status="open", sla_due_at=minutes(90), last_activity_at=minutes(-30)),
        "snoozed": new_ticket(
            status="open",
            assignee_id=me,
            team_id=team_a.id,
            snoozed_until=minutes(60),
            last_activity_at=minutes(-2),
        ),
        "snooze_over": new_ticket(
            status="open",
            team_id=team_b.id,
            snoozed_until=minutes(-1),
            last_activity_at=minutes(-3),
        ),
        "resolved_mine": new_ticket(
            status="resolved", assignee_id=me, team_id=team_a.id, last_activity_at=minutes(-100)
        ),
        "closed_other": new_ticket(
            status="closed", assignee_id=other, team_id=team_b.id, last_activity_at=minutes(-200)
        ),
    }
    t["merged_open"] = new_ticket(status="open", assignee_id=me, merged_into_id=t["mine_new"])
    t["merged_closed"] = new_ticket(status="closed", merged_into_id=t["mine_new"])
    return World(me=me, other=other, t=t)


def _names(world: World, session: Session, view: str = "all", **filters: Any) -> set[str]:
    page = inbox_page(
        session,
        agent_id=world.me,
        view=view,
        filters=InboxFilters.parse(**filters),
        limit=100,
        now=NOW,
    )
    by_id = {str(v): k for k, v in world.t.items()}
    return {by_id[ticket.id] for ticket in page.tickets}


ACTIVE = {"mine_new", "unassigned_open", "other_pending", "returns_on_hold", "no_team_open", "snooze_over"}


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("all", ACTIVE),
        ("mine", {"mine_new"}),
        ("unassigned", {"unassigned_open", "returns_on_hold", "no_team_open", "snooze_over"}),
        ("my_teams", {"mine_new", "unassigned_open", "returns_on_hold"}),
    ],
)
def test_each_view_lists_exactly_its_active_tickets(
    world: World, session: Session, view: str, expected: set[str]
) -> None:
    assert _names(world, session, view) == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (["new"], {"mine_new"}),
        (["open"], {"unassigned_open", "no_team_open", "snooze_over"}),
        (["pending", "on_hold"], {"other_pending", "returns_on_hold"}),
        (["resolved"], {"resolved_mine"}),
        (["closed"], {"closed_other"}),
        (["snoozed"], {"snoozed"}),
        (["open,snoozed"], {"unassigned_open", "no_team_open", "snooze_over", "snoozed"}),
        (["resolved", "closed", "new"], {"resolved_mine", "closed_other", "mine_new"}),
    ],
)
def test_status_filter_shows_finished_and_snoozed_tickets_explicitly_never_merged_ones(
    world: World, session: Session, status: list[str], expected: set[str]
) -> None:
    assert _names(world, session, status=status) == expected


def test_status_filter_combines_with_the_view(world: World, session: Session) -> None:
    assert _names(world, session, "mine", status=["resolved", "snoozed"]) == {"resolved_mine", "snoozed"}
    assert _names(world, session, "my_teams", status=["closed"]) == set()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"channel": ["sms,email"]}, {"mine_new", "returns_on_hold"}),
        ({"priority": ["urgent", "high"]}, {"mine_new", "unassigned_open"}),
        ({"language": ["banglish"]}, {"other_pending"}),
        ({"intent": ["payment_issue"]}, {"unassigned_open", "other_pending"}),
        ({"sla": "overdue"}, {"unassigned_open"}),
        ({"sla": "due_within:60"}, {"mine_new"}),
        ({"sla": "120"}, {"mine_new", "no_team_open"}),
        ({"sla": "none"}, {"other_pending", "snooze_over"}),
        ({"tag": ["vip", "bkash"]}, {"mine_new", "unassigned_open", "other_pending"}),
        ({"tag": ["vip", "cod"], "tag_match": "all"}, {"mine_new"}),
        ({"tag": ["vip"], "intent": ["payment_issue"], "language": ["banglish"]}, {"other_pending"}),
    ],
)
def test_each_filter_returns_exactly_the_matching_tickets(
    world: World, session: Session, filters: dict[str, Any], expected: set[str]
) -> None:
    assert _names(world, session, **filters) == expected


def test_sorts_sla_due_nulls_last_and_last_activity_newest_first(world: World, session: Session) -> None:
    def order(sort: str) -> list[str]:
        page = inbox_page(session, agent_id=world.me, sort=sort, now=NOW)
        by_id = {str(v): k for k, v in world.t.items()}
        return [by_id[ticket.id] for ticket in page.tickets]

    by_sla = order("sla_due")
    assert by_sla[:4] == ["unassigned_open", "mine_new", "no_team_open", "returns_on_hold"]
    assert set(by_sla[4:]) == {"other_pending", "snooze_over"}
    assert order("last_activity") == [
        "unassigned_open",
        "snooze_over",
        "mine_new",
        "returns_on_hold",
        "no_team_open",
        "other_pending",
    ]


def test_counts_per_view(world: World, session: Session) -> None:
    counts = inbox_counts(session, agent_id=world.me, now=NOW)
    assert counts.model_dump() == {"all": 6, "mine": 1, "unassigned": 4, "my_teams": 3}


def test_rows_carry_names_tags_and_the_latest_customer_or_agent_message(
    world: World, session: Session
) -> None:
    ticket_id = world.t["mine_new"]
    add_message(
        ticket_id, "আমাদের উত্তর " + "ক" * 200, direction="outbound", at=utcnow() + timedelta(seconds=10)
    )
    add_message(
        ticket_id, "internal note, not a preview", direction="note", at=utcnow() + timedelta(seconds=20)
    )
    page = inbox_page(session, agent_id=world.me, view="mine", now=NOW)
    (row,) = page.tickets
    assert row.assignee_name == "Me" and row.team_name == "Care"
    assert row.customer_name and row.customer_phone and row.customer_phone.startswith("+8801")
    assert sorted(row.tags) == ["cod", "vip"]
    assert row.intent == "track_order" and row.language == "bn" and row.sla_due_at == minutes(30)
    assert row.preview == ("আমাদের উত্তর " + "ক" * 200)[:120]


def test_a_page_costs_at_most_five_statements(
    world: World, session: Session, statements: StatementCounter
) -> None:
    filters = InboxFilters.parse(tag=["vip", "bkash"], status=["open", "new", "snoozed"], sla=None)
    for view in ("all", "mine", "unassigned", "my_teams"):
        for sort in ("sla_due", "last_activity"):
            cursor = None
            for _ in range(3):
                statements.statements.clear()
                page = inbox_page(
                    session, agent_id=world.me, view=view, sort=sort, limit=1, cursor=cursor, now=NOW
                )
                assert page.counts is not None
                # The page with its previews, tags and names, then the counts of every view.
                assert len(statements.statements) == 2 <= 5, statements.statements
                cursor = page.next_cursor
            statements.statements.clear()
            inbox_page(session, agent_id=world.me, view=view, sort=sort, filters=filters, now=NOW)
            assert len(statements.statements) == 2


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"view": "everything"}, "inbox_view_invalid"),
        ({"sort": "random"}, "inbox_sort_invalid"),
        ({"limit": 0}, "inbox_limit_invalid"),
        ({"limit": 101}, "inbox_limit_invalid"),
        ({"cursor": "not-a-cursor"}, "inbox_cursor_invalid"),
        ({"cursor": "W10"}, "inbox_cursor_invalid"),
    ],
)
def test_bad_parameters_are_refused_in_both_languages(
    session: Session, kwargs: dict[str, object], code: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        inbox_page(session, agent_id=uuid.uuid4(), **kwargs)  # type: ignore[arg-type]
    assert refused.value.code == code
    assert refused.value.message("bn") != refused.value.message("en") != code


def test_a_cursor_of_one_sort_is_refused_by_the_other(world: World, session: Session) -> None:
    page = inbox_page(session, agent_id=world.me, sort="last_activity", limit=2, now=NOW)
    assert page.next_cursor
    with pytest.raises(ValidationFailed) as refused:
        inbox_page(session, agent_id=world.me, sort="sla_due", cursor=page.next_cursor)
    assert refused.value.code == "inbox_cursor_invalid"


@pytest.mark.parametrize(
    "filters",
    [
        {"status": ["archived"]},
        {"channel": ["fax"]},
        {"priority": ["p1"]},
        {"intent": ["buy_cheese"]},
        {"language": ["EN!"]},
        {"sla": "soon"},
        {"sla": "due_within:0"},
        {"tag": ["x" * 41]},
        {"tag_match": "some"},
    ],
)
def test_bad_filter_values_are_refused(filters: dict[str, object]) -> None:
    with pytest.raises(ValidationFailed) as refused:
        InboxFilters.parse(**filters)  # type: ignore[arg-type]
    assert refused.value.code == "inbox_filter_invalid"
    assert "'" in refused.value.message("bn")
