"""Reflex page states detached from a browser (event handlers called directly) and agent sessions."""

from __future__ import annotations

from typing import Any, TypeVar

from backend.auth.sessions import create_session
from backend.db import Actor, transaction
from tests.support.factories import make_agent

S = TypeVar("S")


def page_state(cls: type[S], token: str) -> S:
    """The state `cls` under a fresh root state, as the server builds it, signed in with `token`."""
    from reflex.state import State

    import app.app  # noqa: F401  (the app and its states, as the server builds them)

    root = State(_reflex_internal_init=True)  # type: ignore[call-arg]
    state: Any = root.get_substate(cls.get_full_name().split(".")[1:])  # type: ignore[attr-defined]
    assert isinstance(state, cls)
    state.token = token
    return state


def session_token(role: str) -> str:
    """A signed-in session of a new agent with `role` (agent, supervisor, admin)."""
    agent = make_agent(role=role)
    with transaction(Actor.system()) as tx:
        return create_session(tx, agent_id=agent.id)
