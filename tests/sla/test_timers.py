"""Timers in business time of the shipped calendars: start, meet, pause, resume, stop, reopen,
recompute on priority/team change, next-response cycles, and Ticket.sla_due_at kept in step."""

from __future__ import annotations

from datetime import timedelta

from backend.calendar.admin import assign_team_calendar
from backend.calendar.business_time import add_business_minutes
from backend.calendar.loader import load_shipped_calendars
from backend.calendar.shipped import shipped_spec
from backend.calendar.store import invalidate_calendars
from backend.db import Actor, transaction
from backend.models import Ticket
from backend.services import messages as message_service
from backend.services import tickets as ticket_service
from backend.services.organisation import organisation_id
from backend.sla import timers as sla_timers
from tests.sla.conftest import dhaka, restart_clocks_at, ticket_row, timers
from tests.support import factories

DEFAULT = shipped_spec("default")


def _ticket(**extra: object):  # type: ignore[no-untyped-def]
    customer = factories.make_customer()
    return customer, factories.open_ticket(customer, **extra).ticket


def _hook(ticket_id, name: str, *args: object, **kwargs: object) -> None:  # type: ignore[no-untyped-def]
    with transaction(Actor.system()) as tx:
        ticket = tx.session.get(Ticket, ticket_id, with_for_update=True)
        getattr(sla_timers, name)(tx, ticket, *args, **kwargs)


def test_a_new_ticket_starts_first_response_and_resolution_in_business_time() -> None:
    _customer, ticket = _ticket()
    created = ticket.created_at
    clocks = timers(ticket.id)
    assert set(clocks) == {"first_response", "resolution"}
    assert clocks["first_response"].due_at == add_business_minutes(DEFAULT, created, 240)
    assert clocks["resolution"].due_at == add_business_minutes(DEFAULT, created, 30 * 60)
    assert ticket_row(ticket.id).sla_due_at == clocks["first_response"].due_at
    # Tuesday 19:00 Dhaka: one open hour that evening, the other three from Wednesday 10:00.
    restart_clocks_at(ticket.id, dhaka(2026, 12, 8, 19, 0))
    first = timers(ticket.id)["first_response"]
    assert first.due_at == dhaka(2026, 12, 9, 13, 0)
    assert first.warn_at == dhaka(2026, 12, 9, 12, 12)  # at 80 %: 192 of 240 minutes
    assert ticket_row(ticket.id).sla_due_at == dhaka(2026, 12, 9, 13, 0)


def test_holidays_and_the_jumuah_break_are_not_counted() -> None:
    _, ticket = _ticket()
    # Tuesday 15 Dec 19:00: one hour, Victory Day (16 Dec) closed, then Thursday 10:00 + 3 h.
    restart_clocks_at(ticket.id, dhaka(2026, 12, 15, 19, 0))
    assert timers(ticket.id)["first_response"].due_at == dhaka(2026, 12, 17, 13, 0)
    # Friday 11 Dec 11:00: 1.5 h to 12:30, Jumu'ah break to 14:30, 2.5 h more.
    restart_clocks_at(ticket.id, dhaka(2026, 12, 11, 11, 0))
    assert timers(ticket.id)["first_response"].due_at == dhaka(2026, 12, 11, 17, 0)


def test_pause_while_pending_and_resume_with_the_minutes_left() -> None:
    _, ticket = _ticket()
    restart_clocks_at(ticket.id, dhaka(2026, 12, 8, 10, 0))
    _hook(ticket.id, "status_changed", "new", "pending", now=dhaka(2026, 12, 8, 11, 0))
    paused = timers(ticket.id)
    assert {t.state for t in paused.values()} == {"paused"}
    assert paused["first_response"].consumed_minutes == 60
    assert ticket_row(ticket.id).sla_due_at is None  # nothing running
    _hook(ticket.id, "status_changed", "pending", "open", now=dhaka(2026, 12, 9, 15, 0))
    resumed = timers(ticket.id)
    assert resumed["first_response"].state == "running"
    assert resumed["first_response"].due_at == dhaka(2026, 12, 9, 18, 0)  # 180 minutes left
    # Resolution: 30 h target, 1 h used; 29 h from Wednesday 15:00 (5 h that day, 10 h a day after).
    assert resumed["resolution"].due_at == add_business_minutes(DEFAULT, dhaka(2026, 12, 9, 15, 0), 29 * 60)
    assert ticket_row(ticket.id).sla_due_at == dhaka(2026, 12, 9, 18, 0)


def test_reply_meets_first_response_and_resolving_stops_the_rest() -> None:
    _customer, ticket = _ticket()
    agent = factories.make_agent()
    with transaction(Actor.agent(agent.id)) as tx:
        message_service.post_agent_reply(tx, agent_id=agent.id, ticket_id=ticket.id, body="দেখছি")
    clocks = timers(ticket.id)
    assert clocks["first_response"].state == "met"
    assert clocks["first_response"].met_at == ticket_row(ticket.id).first_response_at
    assert ticket_row(ticket.id).sla_due_at == clocks["resolution"].due_at
    with transaction(Actor.agent(agent.id)) as tx:
        ticket_service.change_status(tx, ticket_id=ticket.id, status="resolved")
    clocks = timers(ticket.id)
    assert clocks["resolution"].state == "met"
    assert ticket_row(ticket.id).sla_due_at is None


def test_resolved_without_a_reply_stops_first_response_and_reopen_restarts() -> None:
    customer, ticket = _ticket()
    with transaction(Actor.system()) as tx:
        ticket_service.change_status(tx, ticket_id=ticket.id, status="resolved")
    clocks = timers(ticket.id)
    assert (clocks["first_response"].state, clocks["resolution"].state) == ("stopped", "met")
    with transaction(Actor.customer(customer.id)) as tx:
        ticket_service.reopen_ticket(tx, customer_id=customer.id, ticket_id=ticket.id)
    clocks = timers(ticket.id)
    assert clocks["resolution"].state == "running" and clocks["resolution"].cycle == 2
    assert clocks["resolution"].consumed_minutes == 0
    assert clocks["first_response"].state == "running"  # still nobody answered
    assert ticket_row(ticket.id).sla_due_at == min(t.due_at for t in clocks.values() if t.state == "running")


def test_next_response_cycles_with_the_conversation() -> None:
    customer, ticket = _ticket()
    agent = factories.make_agent()

    def reply() -> None:
        with transaction(Actor.agent(agent.id)) as tx:
            message_service.post_agent_reply(tx, agent_id=agent.id, ticket_id=ticket.id, body="উত্তর")

    def write(body: str) -> None:
        with transaction(Actor.customer(customer.id)) as tx:
            message_service.post_customer_message(tx, customer_id=customer.id, ticket_id=ticket.id, body=body)

    write("আরও একটা কথা")  # before any reply: no next-response clock yet
    assert "next_response" not in timers(ticket.id)
    reply()
    write("ধন্যবাদ, কিন্তু")
    first_cycle = timers(ticket.id)["next_response"]
    assert first_cycle.state == "running" and first_cycle.cycle == 1
    write("এখনো আসেনি")  # a second message does not restart the clock
    assert timers(ticket.id)["next_response"].started_at == first_cycle.started_at
    reply()
    assert timers(ticket.id)["next_response"].state == "met"
    write("আবার প্রশ্ন")
    second = timers(ticket.id)["next_response"]
    assert (second.state, second.cycle) == ("running", 2)
    assert second.due_at == add_business_minutes(DEFAULT, second.started_at, 240)


def test_reply_then_pending_pauses_and_the_customer_answer_resumes() -> None:
    customer, ticket = _ticket()
    agent = factories.make_agent()
    with transaction(Actor.agent(agent.id)) as tx:
        message_service.post_agent_reply(
            tx, agent_id=agent.id, ticket_id=ticket.id, body="ছবি পাঠান", then_status="pending"
        )
    assert timers(ticket.id)["resolution"].state == "paused"
    assert ticket_row(ticket.id).sla_due_at is None
    with transaction(Actor.customer(customer.id)) as tx:
        message_service.post_customer_message(tx, customer_id=customer.id, ticket_id=ticket.id, body="পাঠালাম")
    clocks = timers(ticket.id)
    assert clocks["resolution"].state == "running" and clocks["next_response"].state == "running"
    assert ticket_row(ticket.id).status == "open"
    assert ticket_row(ticket.id).sla_due_at == min(
        clocks["resolution"].due_at, clocks["next_response"].due_at
    )


def test_priority_change_recomputes_from_the_minutes_used() -> None:
    _, ticket = _ticket()
    restart_clocks_at(ticket.id, dhaka(2026, 12, 8, 10, 0))
    with transaction(Actor.system()) as tx:
        row = tx.session.get(Ticket, ticket.id, with_for_update=True)
        assert row is not None
        row.priority = "urgent"
        sla_timers.ticket_changed(tx, row, now=dhaka(2026, 12, 8, 10, 10))
    first = timers(ticket.id)["first_response"]
    assert first.target_minutes == 30 and first.consumed_minutes == 10
    assert first.due_at == dhaka(2026, 12, 8, 10, 30)
    assert ticket_row(ticket.id).sla_due_at == dhaka(2026, 12, 8, 10, 30)


def test_priority_change_through_the_service_uses_the_new_policy() -> None:
    _, ticket = _ticket()
    with transaction(Actor.system()) as tx:
        ticket_service.change_priority(tx, ticket_id=ticket.id, priority="high")
    first = timers(ticket.id)["first_response"]
    assert first.target_minutes == 60
    assert abs(
        first.due_at - add_business_minutes(DEFAULT, first.running_since, 60 - first.consumed_minutes)
    ) < timedelta(seconds=1)


def test_team_change_moves_the_clock_to_the_team_calendar() -> None:
    _, ticket = _ticket()
    team = factories.make_team(slug="payments", name="Payments")
    with transaction(Actor.system()) as tx:
        load_shipped_calendars(tx, organisation_id(tx.session))
        assign_team_calendar(tx, team_id=team.id, calendar_name="payments")
    invalidate_calendars()
    # Thursday 10 Dec 16:00: the payments desk closes at 17:00 and is shut Friday and Saturday.
    restart_clocks_at(ticket.id, dhaka(2026, 12, 10, 16, 0))
    with transaction(Actor.system()) as tx:
        row = tx.session.get(Ticket, ticket.id, with_for_update=True)
        assert row is not None
        old_team, row.team_id = row.team_id, team.id
        sla_timers.ticket_changed(
            tx, row, team_changed=True, previous_team_id=old_team, now=dhaka(2026, 12, 10, 16, 0)
        )
    # 240 minutes on the payments calendar: 1 h Thursday, 3 h from Sunday 10:00.
    assert timers(ticket.id)["first_response"].due_at == dhaka(2026, 12, 13, 13, 0)


def test_merge_stops_the_duplicate_clocks() -> None:
    from backend.services.ticket_ops import merge_tickets

    customer, first = _ticket()
    second = factories.open_ticket(customer, subject="আবার").ticket
    with transaction(Actor.system()) as tx:
        merge_tickets(tx, source_id=second.id, target_id=first.id)
    assert {t.state for t in timers(second.id).values()} == {"stopped"}
    assert ticket_row(second.id).sla_due_at is None
    assert ticket_row(first.id).sla_due_at is not None


def test_a_customer_message_on_a_resolved_ticket_reopens_it_with_one_clock_each() -> None:
    customer, ticket = _ticket()
    agent = factories.make_agent()
    with transaction(Actor.agent(agent.id)) as tx:
        message_service.post_agent_reply(
            tx, agent_id=agent.id, ticket_id=ticket.id, body="সমাধান হয়েছে", then_status="resolved"
        )
    with transaction(Actor.customer(customer.id)) as tx:
        message_service.post_customer_message(
            tx, customer_id=customer.id, ticket_id=ticket.id, body="না, হয়নি"
        )
    clocks = timers(ticket.id)
    assert (clocks["resolution"].state, clocks["resolution"].cycle) == ("running", 2)
    assert (clocks["next_response"].state, clocks["next_response"].cycle) == ("running", 1)


def test_opening_and_answering_in_one_transaction_keeps_one_row_per_metric() -> None:
    customer = factories.make_customer()
    agent = factories.make_agent()
    with transaction(Actor.system()) as tx:
        opened = ticket_service.open_ticket(tx, customer_id=customer.id, subject="এক", body="দুই")
        ticket_service.apply_status(tx, opened.ticket, "pending", tx.actor.type)
        ticket_service.apply_status(tx, opened.ticket, "open", tx.actor.type)
        message_service.post_agent_reply(tx, agent_id=agent.id, ticket_id=opened.ticket.id, body="তিন")
    clocks = timers(opened.ticket.id)
    assert set(clocks) == {"first_response", "resolution"}
    assert clocks["first_response"].state == "met" and clocks["resolution"].state == "running"


def test_a_removed_holiday_moves_the_running_clocks_due_times() -> None:
    from datetime import date

    from sqlmodel import select

    from backend.calendar.admin import remove_holiday
    from backend.models import CalendarHoliday
    from backend.queue import QueueName, get_queue
    from workers.jobs.sla import recompute_after_calendar_change

    with transaction(Actor.system()) as tx:
        load_shipped_calendars(tx, organisation_id(tx.session))
    invalidate_calendars()
    _, ticket = _ticket()
    restart_clocks_at(ticket.id, dhaka(2026, 12, 15, 19, 0))
    assert timers(ticket.id)["first_response"].due_at == dhaka(2026, 12, 17, 13, 0)  # Victory Day skipped
    with transaction(Actor.system()) as tx:
        victory = tx.session.exec(
            select(CalendarHoliday).where(CalendarHoliday.start_date == date(2026, 12, 16))
        ).one()
        remove_holiday(tx, holiday_id=victory.id)
    assert "sla-recompute-calendars" in get_queue(QueueName.low).scheduled_job_registry.get_job_ids()
    assert recompute_after_calendar_change() >= 1
    assert timers(ticket.id)["first_response"].due_at == dhaka(2026, 12, 16, 13, 0)
    assert ticket_row(ticket.id).sla_due_at == dhaka(2026, 12, 16, 13, 0)
    assert recompute_after_calendar_change() == 0  # idempotent


def test_on_hold_keeps_the_clocks_running_and_closing_as_spam_stops_them() -> None:
    _, ticket = _ticket()
    before = timers(ticket.id)
    with transaction(Actor.system()) as tx:
        ticket_service.change_status(tx, ticket_id=ticket.id, status="on_hold")  # waiting on a courier
    held = timers(ticket.id)
    assert {t.state for t in held.values()} == {"running"}
    assert held["first_response"].due_at == before["first_response"].due_at
    with transaction(Actor.system()) as tx:
        ticket_service.change_status(tx, ticket_id=ticket.id, status="pending")
        ticket_service.change_status(tx, ticket_id=ticket.id, status="on_hold")  # the courier again
    assert {t.state for t in timers(ticket.id).values()} == {"running"}
    _, spam = _ticket()
    with transaction(Actor.system()) as tx:
        ticket_service.change_status(tx, ticket_id=spam.id, status="closed")
    assert {t.state for t in timers(spam.id).values()} == {"stopped"}
    assert ticket_row(spam.id).sla_due_at is None


def test_a_calendar_that_never_opens_falls_back_to_wall_clock_minutes() -> None:
    from backend.calendar.spec import CalendarSpec
    from backend.sla.clock import BusinessClock

    closed = CalendarSpec(name="closed", timezone="Asia/Dhaka", weekly_hours=((),) * 7)
    start = dhaka(2026, 12, 8, 10, 0)
    assert BusinessClock(closed).add(start, 90) == start + timedelta(minutes=90)
    assert BusinessClock(closed).between(start, start + timedelta(days=3)) == 0
