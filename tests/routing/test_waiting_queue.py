"""The waiting queue: tickets nobody could take are served when an agent comes online or frees
capacity, highest priority first and then the longest waiting."""

from __future__ import annotations

from backend import presence
from backend.db import Actor, transaction
from backend.routing import drain, waiting
from backend.services import tickets as ticket_service
from tests.routing import support
from tests.support.jobs import failed_job_count, run_queued_jobs


def test_tickets_wait_and_are_served_when_an_agent_comes_online() -> None:
    agent = support.agent(capacity=2, name="Tania")
    customer = support.make_customer()
    oldest = support.ticket(customer.id)
    newer = support.ticket(customer.id)
    urgent = support.ticket(customer.id, priority="urgent")
    run_queued_jobs()  # nobody present: no routing job at all, the tickets just wait
    assert waiting.waiting_count() == 3
    assert all(support.assignee_of(t) is None for t in (oldest, newer, urgent))

    presence.heartbeat(agent)  # comes online: a drain job is queued
    run_queued_jobs()
    assert failed_job_count() == 0
    assert support.assignee_of(urgent) == agent
    assert support.assignee_of(oldest) == agent
    assert support.assignee_of(newer) is None  # capacity 2: the newest keeps waiting
    assert waiting.waiting_ticket_ids() == [newer]

    # Resolving a ticket frees a seat: the next drain gives her the waiting one.
    with transaction(Actor.agent(agent)) as tx:
        ticket_service.change_status(tx, ticket_id=urgent, status="resolved")
    run_queued_jobs()
    assert support.assignee_of(newer) == agent
    assert waiting.waiting_count() == 0
    assert support.assignments(newer)[-1]["reason"]["trigger"] == "waiting_queue"


def test_a_ticket_nobody_eligible_can_take_waits_with_its_team() -> None:
    payments = support.team("payments", ["payment_issue"])
    general_agent = support.agent()
    presence.heartbeat(general_agent)  # online, but not in the payments team
    ticket_id = support.ticket(intent="payment_issue")
    decision = support.route(ticket_id)
    assert decision.outcome == "waiting" and decision.team_id == payments
    reason = support.assignments(ticket_id)[-1]["reason"]
    assert reason["rule"] == "no_agent_available" and reason["pool"] == "payments"
    assert ticket_id in waiting.waiting_ticket_ids()
    tania = support.agent(team_ids=[payments])
    presence.heartbeat(tania)
    run_queued_jobs()
    assert support.assignee_of(ticket_id) == tania


def test_the_queue_forgets_tickets_that_are_no_longer_waiting_and_requeues_lost_ones() -> None:
    customer = support.make_customer()
    resolved = support.ticket(customer.id)
    lost = support.ticket(customer.id)
    with transaction(Actor.system()) as tx:
        ticket_service.change_status(tx, ticket_id=resolved, status="resolved")
    waiting.remove_waiting([lost])  # as if Redis lost it
    assert drain.requeue_unassigned() == 1
    agent = support.agent()
    presence.heartbeat(agent)
    decisions = {d.ticket_id: d.outcome for d in drain.drain_waiting()}
    assert decisions == {resolved: "skipped", lost: "assigned"}
    assert waiting.waiting_count() == 0


def test_routing_switched_off_leaves_tickets_alone(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from backend.config import reset_settings_cache

    monkeypatch.setenv("SEBA_ROUTING_ENABLED", "false")
    reset_settings_cache()
    try:
        agent = support.agent()
        presence.heartbeat(agent)
        ticket_id = support.ticket()
        run_queued_jobs()
        assert support.assignee_of(ticket_id) is None and waiting.waiting_count() == 0
    finally:
        monkeypatch.delenv("SEBA_ROUTING_ENABLED")
        reset_settings_cache()
