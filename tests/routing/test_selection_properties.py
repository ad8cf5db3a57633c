"""Properties of the pure choice (backend.routing.selection) over many random pools."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.routing.selection import Candidate, Needs, select_agent
from tests.routing.oracle import AgentModel, TicketModel, hard_eligible, preferred

pytestmark = pytest.mark.no_stores

LANGS = ["bn", "en", "banglish"]
TOPICS = ["track_order", "payment_issue", "complaint"]

agents_st = st.lists(
    st.builds(
        AgentModel,
        key=st.just(0),
        active=st.sampled_from([True, True, True, False]),
        presence=st.sampled_from(["online", "online", "away", "offline"]),
        capacity=st.integers(0, 4),
        load=st.integers(0, 5),
        languages=st.lists(st.sampled_from(LANGS), min_size=1, max_size=3, unique=True),
        skills=st.lists(st.sampled_from(TOPICS), max_size=2, unique=True),
        gender=st.sampled_from(["female", "male", "unspecified"]),
    ),
    max_size=8,
)
tickets_st = st.builds(
    TicketModel,
    language=st.sampled_from([None, *LANGS]),
    intent=st.sampled_from([None, *TOPICS]),
    female=st.booleans(),
)


def _candidates(agents: list[AgentModel], turns: list[int]) -> list[Candidate]:
    return [
        Candidate(
            agent_id=uuid.UUID(int=i + 1),
            name=f"agent {i}",
            is_active=a.active,
            presence=a.presence,
            load=a.load,
            capacity=a.capacity,
            languages=tuple(a.languages),
            skills=tuple(a.skills),
            gender=a.gender,
            last_turn=turns[i % len(turns)] if turns else 0,
        )
        for i, a in enumerate(agents)
    ]


@settings(max_examples=400, deadline=None)
@given(agents=agents_st, ticket=tickets_st, turns=st.lists(st.integers(0, 50), max_size=8))
def test_the_choice_follows_every_rule(
    agents: list[AgentModel], ticket: TicketModel, turns: list[int]
) -> None:
    for i, a in enumerate(agents):
        a.key = i + 1
    candidates = _candidates(agents, turns)
    needs = Needs(
        language=ticket.language,
        topics=(ticket.intent,) if ticket.intent else (),
        female_requested=ticket.female,
    )
    selection = select_agent(needs, candidates)
    eligible = hard_eligible(agents, ticket, {})
    if not eligible:
        assert selection.chosen is None
        return
    assert selection.chosen is not None
    chosen = agents[selection.chosen.agent_id.int - 1]
    # Never an offline, away, inactive or full agent; always one who reads the language.
    assert chosen in eligible
    left = preferred(eligible, ticket)
    assert chosen in left
    # Lowest load, then the least recent turn.
    assert chosen.load == min(a.load for a in left)
    same_load = [c for c in candidates if agents[c.agent_id.int - 1] in left and c.load == chosen.load]
    assert selection.chosen.last_turn == min(c.last_turn for c in same_load)
    if ticket.female:
        honoured = any(a.gender == "female" for a in eligible)
        assert selection.gender == (
            "female_requested_honoured" if honoured else "female_requested_unavailable"
        )
        assert (chosen.gender == "female") or not honoured
