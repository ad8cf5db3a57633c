"""Presence heartbeats from the console (any agent), and the supervisors' agent board and
assignment override."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from backend import presence
from backend.api import deps
from backend.auth.principal import Principal
from backend.config import get_settings
from backend.db import Actor, read_session, transaction
from backend.i18n.messages import message
from backend.routing import AgentBoardRow, agent_board, supervisor_assign

router = APIRouter(tags=["presence", "supervisor"])


class Heartbeat(BaseModel):
    status: str = Field(default="online", max_length=12)


class PresenceOut(BaseModel):
    agent_id: uuid.UUID
    status: str  # online | away | offline
    changed: bool
    heartbeat_seconds: int  # when the console should beat next


class AssignBody(BaseModel):
    agent_id: uuid.UUID | None = None
    team_id: uuid.UUID | None = None


class OverCapacityWarning(BaseModel):
    code: str
    message: str
    message_bn: str
    message_en: str


class AssignOut(BaseModel):
    ticket_id: uuid.UUID
    assignee_id: uuid.UUID | None
    team_id: uuid.UUID | None
    load: int | None
    capacity: int | None
    over_capacity: bool
    presence: str | None
    warning: OverCapacityWarning | None = None


def _presence_out(change: presence.PresenceChange) -> PresenceOut:
    return PresenceOut(
        agent_id=change.agent_id,
        status=str(change.new),
        changed=change.changed,
        heartbeat_seconds=get_settings().presence_heartbeat_seconds,
    )


@router.post("/api/agent/presence", response_model=PresenceOut)
async def heartbeat(body: Heartbeat, principal: Principal = Depends(deps.agent)) -> PresenceOut:
    """The console's heartbeat: {"status": "online"|"away"} every `heartbeat_seconds`."""
    change = await run_in_threadpool(presence.heartbeat, principal.id, body.status)
    return _presence_out(change)


@router.post("/api/agent/presence/offline", response_model=PresenceOut)
async def go_offline(principal: Principal = Depends(deps.agent)) -> PresenceOut:
    change = await run_in_threadpool(presence.set_offline, principal.id)
    return _presence_out(change)


@router.get("/api/supervisor/agents", response_model=list[AgentBoardRow])
async def agents(principal: Principal = Depends(deps.supervisor)) -> list[AgentBoardRow]:
    def read() -> list[AgentBoardRow]:
        with read_session() as session:
            return agent_board(session)

    return await run_in_threadpool(read)


@router.post("/api/supervisor/tickets/{ticket_id}/assign", response_model=AssignOut)
async def assign(
    ticket_id: uuid.UUID,
    body: AssignBody,
    principal: Principal = Depends(deps.supervisor),
    locale: str = Depends(deps.request_locale),
) -> AssignOut:
    def write() -> AssignOut:
        with transaction(Actor.agent(principal.id)) as tx:
            result = supervisor_assign(tx, ticket_id=ticket_id, agent_id=body.agent_id, team_id=body.team_id)
        warning = None
        if result.over_capacity:
            params = {"name": result.agent_name, "load": result.load, "capacity": result.capacity}
            warning = OverCapacityWarning(
                code="agent_over_capacity",
                message=message("agent_over_capacity", locale, **params),
                message_bn=message("agent_over_capacity", "bn", **params),
                message_en=message("agent_over_capacity", "en", **params),
            )
        return AssignOut(
            ticket_id=result.ticket_id,
            assignee_id=result.agent_id,
            team_id=result.team_id,
            load=result.load,
            capacity=result.capacity,
            over_capacity=result.over_capacity,
            presence=result.presence,
            warning=warning,
        )

    return await run_in_threadpool(write)
