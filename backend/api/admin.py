"""Administration over HTTP: the list of agents, creating one, enabling or disabling."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from backend.api import deps
from backend.auth.principal import Principal
from backend.db import Actor, read_session, transaction
from backend.queries.agents import list_agents
from backend.queries.views import AgentView
from backend.services import agents as agent_service

router = APIRouter(prefix="/api/admin", tags=["admin"])


class NewAgent(BaseModel):
    email: str = Field(max_length=320)
    name: str = Field(max_length=200)
    password: str = Field(max_length=200)
    role: str = Field(default="agent", max_length=12)
    skills: list[str] = Field(default_factory=list, max_length=50)
    languages: list[str] = Field(default_factory=list, max_length=5)
    capacity: int = 5
    gender: str = "unspecified"
    team_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)


class ActiveChange(BaseModel):
    active: bool


def _agents() -> list[AgentView]:
    with read_session() as session:
        return list_agents(session)


@router.get("/agents", response_model=list[AgentView])
async def agents(principal: Principal = Depends(deps.admin)) -> list[AgentView]:
    return await run_in_threadpool(_agents)


@router.post("/agents", response_model=AgentView, status_code=201)
async def create_agent(body: NewAgent, principal: Principal = Depends(deps.admin)) -> AgentView:
    def write() -> AgentView:
        with transaction(Actor.agent(principal.id)) as tx:
            agent = agent_service.create_agent(tx, **body.model_dump())
        return next(a for a in _agents() if a.id == str(agent.id))

    return await run_in_threadpool(write)


@router.post("/agents/{agent_id}/active", response_model=AgentView)
async def set_active(
    agent_id: uuid.UUID, body: ActiveChange, principal: Principal = Depends(deps.admin)
) -> AgentView:
    def write() -> AgentView:
        with transaction(Actor.agent(principal.id)) as tx:
            agent_service.set_agent_active(tx, agent_id=agent_id, active=body.active)
        return next(a for a in _agents() if a.id == str(agent_id))

    return await run_in_threadpool(write)
