"""Transfer to a team or an agent; snooze, unsnooze and waking (time, sweep, customer message)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from backend.db import Actor, get_engine, transaction
from backend.errors import ValidationFailed
from backend.models import Ticket
from backend.models.base import utcnow
from backend.models.enums import MessageDirection
from backend.services import agents as agent_service
from backend.services import messages as message_service
from backend.services import snooze as snooze_service
from backend.services import ticket_ops
from backend.services.tickets import assign_ticket
from tests.support.factories import make_agent, make_customer, make_team, open_ticket
from tests.ticketops.conftest import as_agent, audit_actions, thread, ticket
from workers.jobs.snooze import wake_due_tickets, wake_ticket


@pytest.fixture
def teams():  # type: ignore[no-untyped-def]
    return make_team(slug="general", name="Customer care"), make_team(slug="payments", name="Payments")


def test_transfer_to_a_team_unassigns_unless_the_assignee_is_a_member(teams) -> None:  # type: ignore[no-untyped-def]
    general, payments = teams
    nusrat = make_agent(team_ids=[general.id])
    tania = make_agent(name="Tania Akter", team_ids=[payments.id, general.id])
    first = open_ticket(make_customer()).ticket
    second = open_ticket(make_customer()).ticket
    as_agent(nusrat.id, assign_ticket, ticket_id=first.id, assignee_id=nusrat.id, team_id=general.id)
    as_agent(tania.id, assign_ticket, ticket_id=second.id, assignee_id=tania.id, team_id=general.id)

    as_agent(
        nusrat.id, ticket_ops.transfer_ticket, ticket_id=first.id, team_id=payments.id, note="পেমেন্ট টিম দেখুক"
    )
    as_agent(nusrat.id, ticket_ops.transfer_ticket, ticket_id=second.id, team_id=payments.id)

    assert (ticket(first.id).team_id, ticket(first.id).assignee_id) == (payments.id, None)
    assert (ticket(second.id).team_id, ticket(second.id).assignee_id) == (payments.id, tania.id)
    assigned = [d for a, d in audit_actions(first.id) if a == "ticket.assigned"]
    assert assigned[-1]["reason"] == "transfer" and assigned[-1]["new_team"] == str(payments.id)
    notes = [m for m in thread(first.id) if m.direction == MessageDirection.note]
    assert [n.body for n in notes] == ["পেমেন্ট টিম দেখুক"]
    assert any(m.direction == MessageDirection.activity and "Payments" in m.body for m in thread(first.id))


def test_transfer_to_an_agent_moves_the_team_to_one_of_theirs(teams) -> None:  # type: ignore[no-untyped-def]
    general, payments = teams
    tania = make_agent(name="Tania Akter", team_ids=[payments.id])
    t = open_ticket(make_customer()).ticket
    as_agent(tania.id, assign_ticket, ticket_id=t.id, assignee_id=None, team_id=general.id)
    as_agent(tania.id, ticket_ops.transfer_ticket, ticket_id=t.id, agent_id=tania.id)
    assert (ticket(t.id).assignee_id, ticket(t.id).team_id) == (tania.id, payments.id)


def test_transfer_refuses_an_inactive_agent_an_outsider_and_no_target(teams) -> None:  # type: ignore[no-untyped-def]
    general, payments = teams
    boss = make_agent(role="supervisor")
    gone = make_agent(name="Rahim Uddin", team_ids=[general.id])
    with transaction(Actor.system()) as tx:
        agent_service.set_agent_active(tx, agent_id=gone.id, active=False)
    t = open_ticket(make_customer()).ticket
    with pytest.raises(ValidationFailed) as refused:
        as_agent(boss.id, ticket_ops.transfer_ticket, ticket_id=t.id, agent_id=gone.id)
    assert refused.value.code == "agent_inactive" and "Rahim Uddin" in refused.value.message("bn")
    member = make_agent(team_ids=[general.id])
    with pytest.raises(ValidationFailed) as refused:
        as_agent(boss.id, ticket_ops.transfer_ticket, ticket_id=t.id, agent_id=member.id, team_id=payments.id)
    assert refused.value.code == "agent_not_in_team"
    with pytest.raises(ValidationFailed) as refused:
        as_agent(boss.id, ticket_ops.transfer_ticket, ticket_id=t.id)
    assert refused.value.code == "transfer_target_required"
    assert not [a for a, _ in audit_actions(t.id) if a == "ticket.assigned"]


def test_snooze_must_be_in_the_future_within_90_days_and_with_a_zone() -> None:
    agent = make_agent()
    t = open_ticket(make_customer()).ticket
    for until, code in (
        (utcnow() - timedelta(minutes=1), "snooze_not_future"),
        (utcnow() + timedelta(days=91), "snooze_too_far"),
        (utcnow().replace(tzinfo=None) + timedelta(hours=1), "snooze_time_invalid"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            as_agent(agent.id, snooze_service.snooze_ticket, ticket_id=t.id, until=until)
        assert refused.value.code == code
    until = utcnow() + timedelta(hours=3)
    as_agent(agent.id, snooze_service.snooze_ticket, ticket_id=t.id, until=until)
    assert ticket(t.id).snoozed_until == until
    as_agent(agent.id, snooze_service.unsnooze_ticket, ticket_id=t.id)
    assert ticket(t.id).snoozed_until is None
    assert [a for a, _ in audit_actions(t.id) if a.startswith("ticket.")][-2:] == [
        "ticket.snoozed",
        "ticket.woken",
    ]


def _snooze_then_pass_time(agent_id, ticket_id, *, ago: timedelta) -> None:  # type: ignore[no-untyped-def]
    as_agent(agent_id, snooze_service.snooze_ticket, ticket_id=ticket_id, until=utcnow() + timedelta(hours=1))
    with get_engine().begin() as conn:  # the clock moves on
        conn.execute(sa.update(Ticket).where(Ticket.id == ticket_id).values(snoozed_until=utcnow() - ago))


def test_the_sweep_wakes_only_due_tickets_once() -> None:
    agent = make_agent()
    due = open_ticket(make_customer()).ticket
    later = open_ticket(make_customer()).ticket
    _snooze_then_pass_time(agent.id, due.id, ago=timedelta(seconds=5))
    as_agent(agent.id, snooze_service.snooze_ticket, ticket_id=later.id, until=utcnow() + timedelta(hours=2))

    assert wake_due_tickets() == 1
    assert ticket(due.id).snoozed_until is None
    assert ticket(later.id).snoozed_until is not None
    assert wake_due_tickets() == 0
    assert wake_ticket(str(later.id)) == "not_due"
    woken = [m for m in thread(due.id) if m.direction == MessageDirection.activity]
    assert "Snooze ended" in woken[-1].body


def test_the_scheduled_job_wakes_a_due_ticket(redis_client) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    t = open_ticket(make_customer()).ticket
    _snooze_then_pass_time(agent.id, t.id, ago=timedelta(seconds=1))
    from rq import Queue

    scheduled = Queue("default", connection=redis_client).scheduled_job_registry.get_job_ids()
    assert any(job_id.startswith(f"wake-{t.id}-") for job_id in scheduled)
    assert wake_ticket(str(t.id)) == "woken"
    assert wake_ticket(str(t.id)) == "not_due"


def test_a_customer_message_wakes_a_snoozed_ticket() -> None:
    agent = make_agent()
    customer = make_customer()
    t = open_ticket(customer).ticket
    as_agent(agent.id, snooze_service.snooze_ticket, ticket_id=t.id, until=utcnow() + timedelta(days=2))
    with transaction(Actor.customer(customer.id)) as tx:
        message_service.post_customer_message(tx, customer_id=customer.id, ticket_id=t.id, body="কেউ আছেন?")
    assert ticket(t.id).snoozed_until is None
    assert any(d.get("reason") == "customer_message" for a, d in audit_actions(t.id) if a == "ticket.woken")


def test_a_batched_customer_message_wakes_a_snoozed_ticket_too() -> None:
    from backend.models.base import uuid7
    from backend.services.message_batches import NewCustomerMessage, post_customer_messages

    agent = make_agent()
    customer = make_customer()
    t = open_ticket(customer).ticket
    as_agent(agent.id, snooze_service.snooze_ticket, ticket_id=t.id, until=utcnow() + timedelta(days=2))
    with transaction(Actor.customer(customer.id)) as tx:
        outcomes = post_customer_messages(
            tx, customer_id=customer.id, items=[NewCustomerMessage(uuid7(), t.id, "অফলাইনে লিখেছিলাম")]
        )
    assert outcomes == [None]
    assert ticket(t.id).snoozed_until is None
