"""Ticket operations over HTTP: merge, transfer, snooze, tags, intent, priority, the customer panel,
canned responses (agents use, supervisors keep) and @mention suggestions."""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from backend.api import deps
from backend.auth.principal import Principal
from backend.db import Actor, read_session, transaction
from backend.errors import NotFound
from backend.models import Ticket
from backend.queries.customer_panel import CustomerPanel, customer_panel
from backend.services import canned as canned_service
from backend.services import snooze as snooze_service
from backend.services import ticket_ops
from backend.services.canned import CannedView, RenderedCanned
from backend.services.mentions import mention_candidates

router = APIRouter(tags=["ticket operations"])


class TicketOpsState(BaseModel):
    """The fields these operations change, as they are after the change."""

    id: str
    number: int
    status: str
    priority: str
    intent: str | None
    tags: list[str]
    team_id: str | None
    assignee_id: str | None
    snoozed_until: datetime | None
    merged_into_id: str | None


class MergeResult(BaseModel):
    source: TicketOpsState
    target: TicketOpsState


class MergeBody(BaseModel):
    target_id: uuid.UUID


class TransferBody(BaseModel):
    team_id: uuid.UUID | None = None
    agent_id: uuid.UUID | None = None
    note: str | None = Field(default=None, max_length=10000)


class SnoozeBody(BaseModel):
    until: datetime  # with a time zone, e.g. "2026-11-26T09:00:00+06:00"


class TagsBody(BaseModel):
    add: list[str] = Field(default_factory=list, max_length=20)
    remove: list[str] = Field(default_factory=list, max_length=20)


class IntentBody(BaseModel):
    intent: str | None = Field(default=None, max_length=40)


class PriorityBody(BaseModel):
    priority: str = Field(max_length=8)


class MentionCandidateView(BaseModel):
    id: str
    name: str
    email: str
    handle: str
    name_handle: str


class CannedCreate(BaseModel):
    shortcut: str = Field(max_length=41)
    title: str = Field(max_length=200)
    body_bn: str = Field(max_length=10000)
    body_en: str = Field(max_length=10000)
    team_id: uuid.UUID | None = None


class CannedUpdate(BaseModel):
    shortcut: str | None = Field(default=None, max_length=41)
    title: str | None = Field(default=None, max_length=200)
    body_bn: str | None = Field(default=None, max_length=10000)
    body_en: str | None = Field(default=None, max_length=10000)
    team_id: uuid.UUID | None = None


def _state(ticket_id: uuid.UUID) -> TicketOpsState:
    with read_session() as session:
        t = session.get(Ticket, ticket_id)
        if t is None:
            raise NotFound("ticket_not_found")
        return TicketOpsState(
            id=str(t.id),
            number=t.number,
            status=t.status,
            priority=t.priority,
            intent=t.intent,
            tags=list(t.tags or []),
            team_id=str(t.team_id) if t.team_id else None,
            assignee_id=str(t.assignee_id) if t.assignee_id else None,
            snoozed_until=t.snoozed_until,
            merged_into_id=str(t.merged_into_id) if t.merged_into_id else None,
        )


# Agents: operations on one ticket ------------------------------------------------------------------


@router.post("/api/agent/tickets/{ticket_id}/merge", response_model=MergeResult)
async def merge(
    ticket_id: uuid.UUID, body: MergeBody, principal: Principal = Depends(deps.agent)
) -> MergeResult:
    """Merge this ticket (the duplicate) into `target_id`."""

    def write() -> MergeResult:
        with transaction(Actor.agent(principal.id)) as tx:
            ticket_ops.merge_tickets(tx, source_id=ticket_id, target_id=body.target_id)
        return MergeResult(source=_state(ticket_id), target=_state(body.target_id))

    return await run_in_threadpool(write)


@router.post("/api/agent/tickets/{ticket_id}/transfer", response_model=TicketOpsState)
async def transfer(
    ticket_id: uuid.UUID, body: TransferBody, principal: Principal = Depends(deps.agent)
) -> TicketOpsState:
    def write() -> TicketOpsState:
        with transaction(Actor.agent(principal.id)) as tx:
            ticket_ops.transfer_ticket(
                tx, ticket_id=ticket_id, team_id=body.team_id, agent_id=body.agent_id, note=body.note
            )
        return _state(ticket_id)

    return await run_in_threadpool(write)


@router.post("/api/agent/tickets/{ticket_id}/snooze", response_model=TicketOpsState)
async def snooze(
    ticket_id: uuid.UUID, body: SnoozeBody, principal: Principal = Depends(deps.agent)
) -> TicketOpsState:
    def write() -> TicketOpsState:
        with transaction(Actor.agent(principal.id)) as tx:
            snooze_service.snooze_ticket(tx, ticket_id=ticket_id, until=body.until)
        return _state(ticket_id)

    return await run_in_threadpool(write)


@router.post("/api/agent/tickets/{ticket_id}/unsnooze", response_model=TicketOpsState)
async def unsnooze(ticket_id: uuid.UUID, principal: Principal = Depends(deps.agent)) -> TicketOpsState:
    def write() -> TicketOpsState:
        with transaction(Actor.agent(principal.id)) as tx:
            snooze_service.unsnooze_ticket(tx, ticket_id=ticket_id)
        return _state(ticket_id)

    return await run_in_threadpool(write)


@router.post("/api/agent/tickets/{ticket_id}/tags", response_model=TicketOpsState)
async def tags(
    ticket_id: uuid.UUID, body: TagsBody, principal: Principal = Depends(deps.agent)
) -> TicketOpsState:
    """Add and/or remove tags in one transaction (removals first)."""

    def write() -> TicketOpsState:
        with transaction(Actor.agent(principal.id)) as tx:
            if body.remove:
                ticket_ops.remove_tags(tx, ticket_id=ticket_id, tags=body.remove)
            if body.add:
                ticket_ops.add_tags(tx, ticket_id=ticket_id, tags=body.add)
        return _state(ticket_id)

    return await run_in_threadpool(write)


@router.post("/api/agent/tickets/{ticket_id}/intent", response_model=TicketOpsState)
async def intent(
    ticket_id: uuid.UUID, body: IntentBody, principal: Principal = Depends(deps.agent)
) -> TicketOpsState:
    def write() -> TicketOpsState:
        with transaction(Actor.agent(principal.id)) as tx:
            ticket_ops.set_intent(tx, ticket_id=ticket_id, intent=body.intent)
        return _state(ticket_id)

    return await run_in_threadpool(write)


@router.post("/api/agent/tickets/{ticket_id}/priority", response_model=TicketOpsState)
async def priority(
    ticket_id: uuid.UUID, body: PriorityBody, principal: Principal = Depends(deps.agent)
) -> TicketOpsState:
    def write() -> TicketOpsState:
        with transaction(Actor.agent(principal.id)) as tx:
            ticket_ops.set_priority(tx, ticket_id=ticket_id, priority=body.priority)
        return _state(ticket_id)

    return await run_in_threadpool(write)


@router.get("/api/agent/tickets/{ticket_id}/customer-panel", response_model=CustomerPanel)
async def panel(ticket_id: uuid.UUID, principal: Principal = Depends(deps.agent)) -> CustomerPanel:
    def read() -> CustomerPanel:
        with read_session() as session:
            return customer_panel(session, ticket_id)

    return await run_in_threadpool(read)


# Agents: canned responses and mentions -------------------------------------------------------------


@router.get("/api/agent/canned", response_model=list[CannedView])
async def canned_for_agent(
    search: str | None = Query(default=None, max_length=60), principal: Principal = Depends(deps.agent)
) -> list[CannedView]:
    """The canned responses this agent may use: for everyone and for their teams."""

    def read() -> list[CannedView]:
        with read_session() as session:
            return canned_service.list_canned(session, agent_id=principal.id, search=search)

    return await run_in_threadpool(read)


@router.post("/api/agent/canned/{canned_id}/render", response_model=RenderedCanned)
async def render(
    canned_id: uuid.UUID,
    ticket_id: uuid.UUID = Query(),
    locale: str | None = Query(default=None, pattern="^(bn|en)$"),
    principal: Principal = Depends(deps.agent),
) -> RenderedCanned:
    """The canned response filled in for a ticket (nothing is sent; the agent edits and replies)."""

    def read() -> RenderedCanned:
        with read_session() as session:
            return canned_service.render_canned(session, canned_id, ticket_id, locale, agent_id=principal.id)

    return await run_in_threadpool(read)


@router.get("/api/agent/mentions", response_model=list[MentionCandidateView])
async def mentions(
    prefix: str = Query(default="", max_length=60), principal: Principal = Depends(deps.agent)
) -> list[MentionCandidateView]:
    def read() -> list[MentionCandidateView]:
        with read_session() as session:
            return [MentionCandidateView(**vars(c)) for c in mention_candidates(session, prefix)]

    return await run_in_threadpool(read)


# Supervisors: keeping canned responses --------------------------------------------------------------


@router.get("/api/supervisor/canned", response_model=list[CannedView])
async def canned_all(principal: Principal = Depends(deps.supervisor)) -> list[CannedView]:
    def read() -> list[CannedView]:
        with read_session() as session:
            return canned_service.list_canned(session)

    return await run_in_threadpool(read)


def _canned_view(canned_id: uuid.UUID) -> CannedView:
    with read_session() as session:
        for view in canned_service.list_canned(session):
            if view.id == str(canned_id):
                return view
    raise NotFound("canned_not_found")


@router.post("/api/supervisor/canned", response_model=CannedView, status_code=201)
async def canned_create(body: CannedCreate, principal: Principal = Depends(deps.supervisor)) -> CannedView:
    def write() -> CannedView:
        with transaction(Actor.agent(principal.id)) as tx:
            canned = canned_service.create_canned(tx, **body.model_dump())
        return _canned_view(canned.id)

    return await run_in_threadpool(write)


@router.patch("/api/supervisor/canned/{canned_id}", response_model=CannedView)
async def canned_update(
    canned_id: uuid.UUID, body: CannedUpdate, principal: Principal = Depends(deps.supervisor)
) -> CannedView:
    """Change the fields given (`team_id: null` makes it available to everyone)."""

    def write() -> CannedView:
        with transaction(Actor.agent(principal.id)) as tx:
            canned_service.update_canned(tx, canned_id=canned_id, changes=body.model_dump(exclude_unset=True))
        return _canned_view(canned_id)

    return await run_in_threadpool(write)


@router.delete("/api/supervisor/canned/{canned_id}", status_code=204)
async def canned_delete(canned_id: uuid.UUID, principal: Principal = Depends(deps.supervisor)) -> Response:
    def write() -> None:
        with transaction(Actor.agent(principal.id)) as tx:
            canned_service.delete_canned(tx, canned_id=canned_id)

    await run_in_threadpool(write)
    return Response(status_code=204)
