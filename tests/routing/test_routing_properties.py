"""Routing properties on the real stores: random agent pools (presence, load, capacity, languages,
skills, teams, gender) and random ticket sequences, checked against the rules written plainly in
`oracle.py`; and the round-robin spread."""

from __future__ import annotations

import uuid
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend import presence
from backend.routing.engine import ASSIGNED, WAITING
from tests.routing import support
from tests.routing.oracle import AgentModel, TicketModel, hard_eligible, preferred
from tests.support.stores import reset_stores

LANGS = ["bn", "en", "banglish"]
TOPICS = ["track_order", "payment_issue", "complaint"]
TEAM_FOR = {"payment_issue": "payments"}  # the payments team handles payment disputes

agent_st = st.builds(
    AgentModel,
    key=st.just(0),
    active=st.sampled_from([True, True, True, True, False]),
    presence=st.sampled_from(["online", "online", "online", "away", "offline"]),
    capacity=st.integers(0, 4),
    load=st.integers(0, 2),
    languages=st.lists(st.sampled_from(LANGS), min_size=1, max_size=3, unique=True),
    skills=st.lists(st.sampled_from(TOPICS), max_size=2, unique=True),
    gender=st.sampled_from(["female", "male"]),
    team=st.sampled_from([None, "general", "payments"]),
)
ticket_st = st.builds(
    TicketModel,
    language=st.sampled_from([None, "bn", "bn", "en", "banglish"]),
    intent=st.sampled_from([None, *TOPICS]),
    female=st.booleans(),
)
DB_SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _build(agents: list[AgentModel]) -> dict[uuid.UUID, AgentModel]:
    reset_stores()
    teams = {"general": support.team("general"), "payments": support.team("payments", ["payment_issue"])}
    by_id = {}
    for i, model in enumerate(agents):
        model.key = i + 1
        agent_id = support.agent(
            capacity=model.capacity,
            languages=model.languages,
            skills=model.skills,
            gender=model.gender,
            is_active=model.active,
            team_ids=[teams[model.team]] if model.team else [],
        )
        support.held_tickets(agent_id, model.load)
        if model.presence != "offline":
            presence.heartbeat(agent_id, model.presence)
        by_id[agent_id] = model
    return by_id


@DB_SETTINGS
@given(agents=st.lists(agent_st, min_size=1, max_size=7), tickets=st.lists(ticket_st, min_size=1, max_size=6))
def test_every_assignment_follows_the_rules(agents: list[AgentModel], tickets: list[TicketModel]) -> None:
    by_id = _build(agents)
    customer = support.make_customer()
    for spec in tickets:
        ticket_id = support.ticket(
            customer.id,
            language=spec.language,
            intent=spec.intent,
            agent_gender_requested="female" if spec.female else None,
        )
        decision = support.route(ticket_id)
        eligible = hard_eligible(list(by_id.values()), spec, TEAM_FOR)
        if not eligible:
            assert decision.outcome == WAITING and support.assignee_of(ticket_id) is None
            continue
        assert decision.outcome == ASSIGNED, decision.reason
        assert decision.agent_id is not None
        assert support.assignee_of(ticket_id) == decision.agent_id
        chosen = by_id[decision.agent_id]
        # Never offline, away, inactive or full; reads the language; in the payments team for disputes.
        assert chosen in eligible
        # Female agent when asked for and one can take it; skills; then the lowest load.
        left = preferred(eligible, spec)
        assert chosen in left
        assert chosen.load == min(a.load for a in left)
        reason = support.assignments(ticket_id)[-1]["reason"]
        assert reason["rule"] == "round_robin" and reason["load"] == chosen.load
        assert reason["capacity"] == chosen.capacity
        if spec.female:
            assert reason["gender"] in ("female_requested_honoured", "female_requested_unavailable")
        if spec.intent == "payment_issue":
            assert reason["pool"] == "payments"
        chosen.load += 1


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(agent_count=st.integers(1, 5), ticket_count=st.integers(1, 16))
def test_round_robin_spreads_tickets_within_one(agent_count: int, ticket_count: int) -> None:
    reset_stores()
    agents = [support.agent(capacity=20) for _ in range(agent_count)]
    for agent_id in agents:
        presence.heartbeat(agent_id)
    customer = support.make_customer()
    counts: Counter[uuid.UUID] = Counter()
    for _ in range(ticket_count):
        decision = support.route(support.ticket(customer.id))
        assert decision.agent_id is not None
        counts[decision.agent_id] += 1
        spread = [counts[a] for a in agents]
        assert max(spread) - min(spread) <= 1
    assert sorted(counts.values()) in (
        [ticket_count // agent_count] * (agent_count - ticket_count % agent_count)
        + [ticket_count // agent_count + 1] * (ticket_count % agent_count),
        # fewer tickets than agents: some agents got none (not in the Counter)
        [1] * ticket_count,
    )


def test_round_robin_rotates_when_loads_stay_equal() -> None:
    """Agents who close each ticket at once always have load 0: the turn order alone spreads them."""
    from backend.db import Actor, transaction
    from backend.services import tickets as ticket_service

    agents = [support.agent() for _ in range(3)]
    for agent_id in agents:
        presence.heartbeat(agent_id)
    customer = support.make_customer()
    order = []
    for _ in range(9):
        decision = support.route(support.ticket(customer.id))
        assert decision.agent_id is not None
        order.append(decision.agent_id)
        with transaction(Actor.agent(decision.agent_id)) as tx:
            ticket_service.change_status(tx, ticket_id=decision.ticket_id, status="resolved")
    assert order[3:6] == order[:3] and order[6:] == order[:3] and len(set(order[:3])) == 3
