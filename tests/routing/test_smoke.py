"""Routing end to end on the real stores: a new ticket reaches the online agent through the job."""

from __future__ import annotations

from backend import presence
from tests.routing import support
from tests.support.jobs import failed_job_count, run_queued_jobs


def test_a_new_ticket_is_routed_by_the_job_to_the_online_agent() -> None:
    online = support.agent(name="Nusrat")
    support.agent(name="Rahim")  # never sends a heartbeat: offline
    presence.heartbeat(online)
    ticket_id = support.ticket(language="bn")
    run_queued_jobs()
    assert failed_job_count() == 0
    assert support.assignee_of(ticket_id) == online
    [reason] = support.assignments(ticket_id)
    assert reason["reason"]["rule"] == "round_robin"
    assert reason["reason"]["load"] == 0 and reason["reason"]["capacity"] == 5
