"""The dry run (reports on the last 100 tickets, writes nothing) and customer silence: a notice,
then the close N days later unless the customer replied; both sweeps idempotent."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import SQLModel, select

from backend.automation.dry_run import dry_run
from backend.automation.silence import close_due_tickets, sweep_customer_silent
from backend.db import Actor, get_engine, read_session, transaction
from backend.models import CsatSurvey, Message, TicketCloseSchedule
from backend.models.base import utcnow
from backend.models.enums import MessageDirection
from backend.services.messages import post_agent_reply, post_customer_message
from tests.automation.support import audits, make_rule, ticket
from tests.support.factories import make_agent, make_customer, open_ticket
from tests.support.jobs import run_queued_jobs


def _row_counts() -> dict[str, int]:
    with get_engine().connect() as conn:
        return {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in SQLModel.metadata.sorted_tables
        }


def test_dry_run_reports_on_the_last_100_tickets_and_writes_nothing() -> None:
    customer = make_customer()
    opened = [open_ticket(customer, channel="sms" if i % 3 == 0 else "web") for i in range(105)]
    run_queued_jobs()
    before = _row_counts()
    rule = {
        "name": "unsaved: sms to high",
        "trigger": "ticket_created",
        "conditions": [{"field": "channel", "operator": "is", "value": "sms"}],
        "actions": [{"type": "set_priority", "priority": "high"}, {"type": "add_tag", "tag": "sms"}],
    }
    rows = dry_run(rule, last_n=100)
    assert _row_counts() == before
    assert len(rows) == 100
    newest_first = [o.ticket.number for o in reversed(opened)][:100]
    assert [r.number for r in rows] == newest_first
    by_number = {o.ticket.number: o.ticket.channel for o in opened}
    for row in rows:
        assert row.matched == (by_number[row.number] == "sms")
        if row.matched:
            assert [(a["type"], a["outcome"]) for a in row.actions] == [
                ("set_priority", "done"),
                ("add_tag", "done"),
            ]
        else:
            assert row.actions == []
    assert sum(r.matched for r in rows) == sum(1 for n in newest_first if by_number[n] == "sms")
    assert {ticket(o.ticket.id).priority for o in opened} == {"normal"}


def _silent_ticket(hours_ago: float):  # type: ignore[no-untyped-def]
    customer = make_customer()
    agent = make_agent()
    opened = open_ticket(customer)
    with transaction(Actor.agent(agent.id)) as tx:
        post_agent_reply(tx, agent_id=agent.id, ticket_id=opened.ticket.id, body="Which order number?")
        # The customer's message is backdated: they have been silent since then.
        first = tx.session.get(Message, opened.first_message.id)
        first.created_at = utcnow() - timedelta(hours=hours_ago)  # type: ignore[union-attr]
    return customer, opened


def test_customer_silent_notice_then_close_after_n_days_idempotent() -> None:
    make_rule(
        name="close silent",
        trigger="customer_silent",
        silent_hours=48,
        actions=[{"type": "close_after", "days": 3}],
    )
    _, quiet = _silent_ticket(hours_ago=50)
    _, recent = _silent_ticket(hours_ago=10)
    assert sweep_customer_silent() == 1
    assert sweep_customer_silent() == 0  # the same silence: nothing again
    with read_session() as session:
        notices = session.exec(
            select(Message).where(
                Message.author_type == "bot", Message.direction == MessageDirection.outbound
            )
        ).all()
        schedule = session.exec(select(TicketCloseSchedule)).one()
    assert [n.ticket_id for n in notices] == [quiet.ticket.id]
    assert "৩ দিনের মধ্যে" in notices[0].body  # in the customer's language (bn), days in its digits
    assert schedule.ticket_id == quiet.ticket.id and schedule.status == "scheduled"
    assert close_due_tickets() == {"closed": 0, "cancelled": 0}  # not due yet
    later = utcnow() + timedelta(days=3, minutes=1)
    assert close_due_tickets(later) == {"closed": 1, "cancelled": 0}
    assert close_due_tickets(later) == {"closed": 0, "cancelled": 0}
    assert ticket(quiet.ticket.id).status == "closed" and ticket(recent.ticket.id).status == "open"
    closes = [a for a in audits("automation.action", quiet.ticket.id) if a.data["action"] == "close"]
    assert [c.data["rule"] for c in closes] == ["close silent"]
    run_queued_jobs()
    with read_session() as session:
        survey = session.exec(select(CsatSurvey).where(CsatSurvey.ticket_id == quiet.ticket.id)).one()
    assert (survey.status, survey.reason) == ("suppressed", "closed for no reply")


def test_a_reply_after_the_notice_cancels_the_close() -> None:
    make_rule(
        name="close silent",
        trigger="customer_silent",
        silent_hours=24,
        actions=[{"type": "close_after", "days": 2}],
    )
    customer, quiet = _silent_ticket(hours_ago=30)
    sweep_customer_silent()
    with transaction(Actor.customer(customer.id)) as tx:
        post_customer_message(
            tx, customer_id=customer.id, ticket_id=quiet.ticket.id, body="Order 123, sorry!"
        )
    assert close_due_tickets(utcnow() + timedelta(days=2, minutes=1)) == {"closed": 0, "cancelled": 1}
    assert ticket(quiet.ticket.id).status == "open"


def test_the_silence_sweep_pages_past_silences_already_handled() -> None:
    make_rule(
        name="tag quiet",
        trigger="customer_silent",
        silent_hours=24,
        actions=[{"type": "add_tag", "tag": "quiet"}],
    )
    tickets = [_silent_ticket(hours_ago=100 - i)[1] for i in range(5)]  # the first is the longest silent
    assert sweep_customer_silent(batch_size=2) == 5
    assert sweep_customer_silent(batch_size=2) == 0
    assert all(ticket(o.ticket.id).tags == ["quiet"] for o in tickets)
    newcomer = _silent_ticket(hours_ago=30)[1]  # silent for the shortest time: last in the order
    assert sweep_customer_silent(batch_size=2) == 1 and ticket(newcomer.ticket.id).tags == ["quiet"]
