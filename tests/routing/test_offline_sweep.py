"""Tickets of an agent offline beyond the grace period are routed again (new and open ones only),
once; the sweep job runs on an empty database too."""

from __future__ import annotations

import time

from backend import presence
from backend.config import get_settings
from backend.routing import offline, waiting
from tests.routing import support
from tests.support.jobs import failed_job_count, run_queued_jobs
from workers.jobs import routing as routing_jobs

GRACE = get_settings().routing_offline_grace_seconds


def test_reassigned_only_after_the_grace_period_and_only_once() -> None:
    leaving, staying = support.agent(name="Leaving"), support.agent(name="Staying")
    t0 = time.time()
    presence.heartbeat(leaving, now=t0)
    presence.heartbeat(staying)
    customer = support.make_customer()
    open_ticket = support.ticket(customer.id, assignee_id=leaving, status="open")
    new_ticket = support.ticket(customer.id, assignee_id=leaving)
    pending = support.ticket(customer.id, assignee_id=leaving, status="pending")
    presence.set_offline(leaving, now=t0)

    assert offline.reassign_from_offline_agents(now=t0 + GRACE - 1) == []  # still within the grace
    assert support.assignee_of(open_ticket) == leaving

    decisions = offline.reassign_from_offline_agents(now=t0 + GRACE + 1)
    assert sorted(d.outcome for d in decisions) == ["assigned", "assigned"]
    assert support.assignee_of(open_ticket) == staying and support.assignee_of(new_ticket) == staying
    assert support.assignee_of(pending) == leaving  # waits on the customer: the agent keeps it
    reason = support.assignments(open_ticket)[-1]["reason"]
    assert reason["rule"] == "agent_offline" and reason["previous_assignee"] == str(leaving)

    assert offline.reassign_from_offline_agents(now=t0 + GRACE + 60) == []  # idempotent
    assert len(support.assignments(open_ticket)) == 1


def test_with_nobody_else_online_the_tickets_wait_unassigned_and_an_agent_back_keeps_hers() -> None:
    leaving, back = support.agent(), support.agent()
    t0 = time.time()
    for agent_id in (leaving, back):
        presence.heartbeat(agent_id, now=t0)
        presence.set_offline(agent_id, now=t0)
    released = support.ticket(assignee_id=leaving, status="open")
    kept = support.ticket(assignee_id=back, status="open")
    presence.heartbeat(back, "away")  # back at her desk (away) before the sweep ran
    decisions = {d.ticket_id: d for d in offline.reassign_from_offline_agents(now=t0 + GRACE + 1)}
    assert set(decisions) == {released}
    assert decisions[released].outcome == "waiting"
    assert support.assignee_of(released) is None and released in waiting.waiting_ticket_ids()
    assert support.assignee_of(kept) == back
    reason = support.assignments(released)[-1]["reason"]
    assert reason["rule"] == "agent_offline" and reason["outcome"] == "waiting"


def test_an_away_agent_keeps_tickets() -> None:
    away, other = support.agent(), support.agent()
    presence.heartbeat(away, "away", now=time.time() - 10 * GRACE)
    presence.heartbeat(other)
    ticket_id = support.ticket(assignee_id=away, status="open")
    # Away agents' keys are alive (the console keeps beating "away"): never swept.
    presence.heartbeat(away, "away")
    assert offline.reassign_from_offline_agents(now=time.time() + 10 * GRACE) == []
    assert support.assignee_of(ticket_id) == away


def test_the_sweep_job_runs_on_an_empty_database_and_announces_expiries() -> None:
    assert routing_jobs.routing_sweep() == {
        "expired": 0,
        "reassigned": 0,
        "released": 0,
        "assigned_from_queue": 0,
    }
    assert routing_jobs.requeue_unassigned_tickets() == 0
    agent = support.agent()
    presence.heartbeat(agent)
    presence.get_redis().delete(presence.STATUS_KEY + str(agent))
    assert routing_jobs.routing_sweep()["expired"] == 1
    run_queued_jobs()
    assert failed_job_count() == 0
