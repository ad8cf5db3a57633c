"""The agent console over HTTP: a ticket with its thread, reply, note, status (the inbox list is
backend/api/inbox.py)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from backend.api import deps
from backend.auth.principal import Principal
from backend.db import Actor, read_session, transaction
from backend.queries import tickets as ticket_queries
from backend.queries.views import TicketDetail
from backend.services import messages as message_service
from backend.services import tickets as ticket_service

router = APIRouter(prefix="/api/agent", tags=["agent"])


class Reply(BaseModel):
    body: str = Field(max_length=10000)
    then_status: str | None = Field(default=None, max_length=12)


class Note(BaseModel):
    body: str = Field(max_length=10000)


class StatusChange(BaseModel):
    status: str = Field(max_length=12)


@router.get("/tickets/{ticket_id}", response_model=TicketDetail)
async def ticket(ticket_id: uuid.UUID, principal: Principal = Depends(deps.agent)) -> TicketDetail:
    def read() -> TicketDetail:
        with read_session() as session:
            return ticket_queries.ticket_detail(session, ticket_id, include_notes=True)

    return await run_in_threadpool(read)


def _detail(ticket_id: uuid.UUID) -> TicketDetail:
    with read_session() as session:
        return ticket_queries.ticket_detail(session, ticket_id, include_notes=True)


@router.post("/tickets/{ticket_id}/reply", response_model=TicketDetail, status_code=201)
async def reply(
    ticket_id: uuid.UUID, body: Reply, principal: Principal = Depends(deps.agent)
) -> TicketDetail:
    def write() -> TicketDetail:
        with transaction(Actor.agent(principal.id)) as tx:
            message_service.post_agent_reply(
                tx,
                agent_id=principal.id,
                ticket_id=ticket_id,
                body=body.body,
                then_status=body.then_status,
            )
        return _detail(ticket_id)

    return await run_in_threadpool(write)


@router.post("/tickets/{ticket_id}/notes", response_model=TicketDetail, status_code=201)
async def note(ticket_id: uuid.UUID, body: Note, principal: Principal = Depends(deps.agent)) -> TicketDetail:
    def write() -> TicketDetail:
        with transaction(Actor.agent(principal.id)) as tx:
            message_service.add_internal_note(tx, agent_id=principal.id, ticket_id=ticket_id, body=body.body)
        return _detail(ticket_id)

    return await run_in_threadpool(write)


@router.post("/tickets/{ticket_id}/status", response_model=TicketDetail)
async def status(
    ticket_id: uuid.UUID, body: StatusChange, principal: Principal = Depends(deps.agent)
) -> TicketDetail:
    def write() -> TicketDetail:
        with transaction(Actor.agent(principal.id)) as tx:
            ticket_service.change_status(tx, ticket_id=ticket_id, status=body.status)
        return _detail(ticket_id)

    return await run_in_threadpool(write)
