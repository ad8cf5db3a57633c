"""The customer's own tickets over HTTP (the offline app uses /api/sync; this serves simple clients)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from backend.api import deps
from backend.auth.principal import Principal
from backend.db import Actor, read_session, transaction
from backend.queries import tickets as ticket_queries
from backend.queries.views import MessageView, TicketDetail, TicketSummary
from backend.services import messages as message_service
from backend.services import tickets as ticket_service

router = APIRouter(prefix="/api/customer", tags=["customer"])


class NewTicket(BaseModel):
    subject: str = Field(max_length=400)
    body: str = Field(max_length=10000)
    order_ref: str | None = Field(default=None, max_length=60)


class NewMessage(BaseModel):
    body: str = Field(max_length=10000)


@router.get("/tickets", response_model=list[TicketSummary])
async def my_tickets(principal: Principal = Depends(deps.customer)) -> list[TicketSummary]:
    def read() -> list[TicketSummary]:
        with read_session() as session:
            return ticket_queries.customer_tickets(session, principal.id)

    return await run_in_threadpool(read)


@router.post("/tickets", response_model=TicketDetail, status_code=201)
async def open_ticket(body: NewTicket, principal: Principal = Depends(deps.customer)) -> TicketDetail:
    def write() -> TicketDetail:
        with transaction(Actor.customer(principal.id)) as tx:
            opened = ticket_service.open_ticket(
                tx,
                customer_id=principal.id,
                subject=body.subject,
                body=body.body,
                order_ref=body.order_ref,
            )
        with read_session() as session:
            return ticket_queries.ticket_detail(session, opened.ticket.id, customer_id=principal.id)

    return await run_in_threadpool(write)


@router.get("/tickets/{ticket_id}", response_model=TicketDetail)
async def my_ticket(ticket_id: uuid.UUID, principal: Principal = Depends(deps.customer)) -> TicketDetail:
    def read() -> TicketDetail:
        with read_session() as session:
            return ticket_queries.ticket_detail(session, ticket_id, customer_id=principal.id)

    return await run_in_threadpool(read)


@router.post("/tickets/{ticket_id}/messages", response_model=MessageView, status_code=201)
async def write_message(
    ticket_id: uuid.UUID, body: NewMessage, principal: Principal = Depends(deps.customer)
) -> MessageView:
    def write() -> MessageView:
        with transaction(Actor.customer(principal.id)) as tx:
            message = message_service.post_customer_message(
                tx, customer_id=principal.id, ticket_id=ticket_id, body=body.body
            )
            return MessageView(
                id=str(message.id),
                direction=message.direction,
                author_type=message.author_type,
                author_name=principal.name,
                body=message.body,
                channel=message.channel,
                delivery_status=message.delivery_status,
                created_at=message.created_at,
            )

    return await run_in_threadpool(write)
