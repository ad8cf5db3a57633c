"""Automatic assignment of tickets to agents (routing), the waiting queue, the offline sweep,
supervisor overrides and the supervisors' agent board; see README.md in this folder."""

from backend.routing.board import AgentBoardRow, agent_board
from backend.routing.drain import drain_waiting, requeue_unassigned
from backend.routing.engine import RoutingDecision, route_ticket
from backend.routing.offline import reassign_from_offline_agents
from backend.routing.override import OverrideResult, supervisor_assign

__all__ = [
    "AgentBoardRow",
    "OverrideResult",
    "RoutingDecision",
    "agent_board",
    "drain_waiting",
    "reassign_from_offline_agents",
    "requeue_unassigned",
    "route_ticket",
    "supervisor_assign",
]
