"""What starts routing: a new ticket, a reopened one, a transfer to a team without an assignee, the
intent being set; a customer's standing wish for a female agent."""

from __future__ import annotations

from sqlmodel import select

from backend import presence
from backend.db import Actor, transaction
from backend.models import Customer
from backend.queue import QueueName, get_queue
from backend.services import ticket_ops
from backend.services import tickets as ticket_service
from tests.routing import support
from tests.support.jobs import failed_job_count, run_queued_jobs


def test_nobody_present_costs_no_job() -> None:
    support.ticket()
    assert get_queue(QueueName.high).count == 0


def test_a_reopened_ticket_without_assignee_is_routed() -> None:
    customer = support.make_customer()
    ticket_id = support.ticket(customer.id, status="resolved")
    agent = support.agent()
    presence.heartbeat(agent)
    run_queued_jobs()
    assert support.assignee_of(ticket_id) is None  # resolved: not routed
    with transaction(Actor.customer(customer.id)) as tx:
        ticket_service.reopen_ticket(tx, customer_id=customer.id, ticket_id=ticket_id)
    run_queued_jobs()
    assert support.assignee_of(ticket_id) == agent
    assert support.assignments(ticket_id)[-1]["reason"]["trigger"] == "reopened"


def test_a_transfer_to_a_team_without_assignee_is_routed_within_the_team() -> None:
    billing = support.team("billing")
    outsider, member = support.agent(), support.agent(team_ids=[billing])
    presence.heartbeat(outsider)
    ticket_id = support.ticket(assignee_id=outsider)
    presence.heartbeat(member)
    with transaction(Actor.agent(outsider)) as tx:
        ticket_ops.transfer_ticket(tx, ticket_id=ticket_id, team_id=billing)
    run_queued_jobs()
    assert failed_job_count() == 0
    assert support.assignee_of(ticket_id) == member
    reason = support.assignments(ticket_id)[-1]["reason"]
    assert reason["trigger"] == "team_transfer" and reason["pool"] == "billing"


def test_setting_the_intent_sends_an_unassigned_ticket_to_the_team_that_handles_it() -> None:
    payments = support.team("payments", ["payment_issue"])
    general, tania = support.agent(), support.agent(team_ids=[payments])
    presence.heartbeat(general)
    presence.heartbeat(tania)
    ticket_id = support.ticket()  # its routing job is queued, not run yet
    with transaction(Actor.system()) as tx:  # the bot recognises a payment dispute
        ticket_ops.set_intent(tx, ticket_id=ticket_id, intent="payment_issue")
    run_queued_jobs()
    assert failed_job_count() == 0
    assert support.assignee_of(ticket_id) == tania
    [audit] = support.assignments(ticket_id)
    assert (
        audit["reason"]["pool"] == "payments" and audit["reason"]["pool_rule"] == "team_handles:payment_issue"
    )


def test_a_customers_standing_wish_for_a_female_agent_is_honoured() -> None:
    customer = support.make_customer()
    with transaction(Actor.system()) as tx:
        row = tx.session.exec(select(Customer).where(Customer.id == customer.id)).one()
        row.preferred_agent_gender = "female"
        tx.session.add(row)
    male = support.agent(gender="male")
    female = support.agent(gender="female")
    support.held_tickets(female, 2)  # busier, but the only woman online
    for agent_id in (male, female):
        presence.heartbeat(agent_id)
    decision = support.route(support.ticket(customer.id))
    assert decision.agent_id == female
    assert decision.reason["gender"] == "female_requested_honoured"
    presence.set_offline(female)
    decision = support.route(support.ticket(customer.id))
    assert decision.agent_id == male and decision.reason["gender"] == "female_requested_unavailable"
