"""The agent inbox over HTTP: one page of a view with filters, sort and cursor; quick search."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from starlette.concurrency import run_in_threadpool

from backend.api import deps
from backend.auth.principal import Principal
from backend.db import read_session
from backend.queries.inbox import PAGE_LIMIT_MAX, inbox_page
from backend.queries.inbox_filters import InboxFilters
from backend.queries.search import QUERY_MAX, quick_search
from backend.queries.views import InboxPage, InboxTicket

router = APIRouter(prefix="/api/agent", tags=["agent"])


@router.get("/inbox", response_model=InboxPage)
async def inbox(
    view: str = Query(default="all", max_length=20, description="all | mine | unassigned | my_teams"),
    status: list[str] = Query(
        default=[],
        description="new, open, pending, on_hold, resolved, closed, snoozed (repeat or comma-separate)",
    ),
    channel: list[str] = Query(default=[]),
    priority: list[str] = Query(default=[]),
    sla: str | None = Query(default=None, max_length=40, description="overdue | none | due_within:MINUTES"),
    language: list[str] = Query(default=[]),
    intent: list[str] = Query(default=[]),
    tag: list[str] = Query(default=[]),
    tag_match: str | None = Query(default=None, max_length=10, description="any (default) | all"),
    sort: str = Query(default="sla_due", max_length=20, description="sla_due | last_activity"),
    cursor: str | None = Query(default=None, max_length=400),
    limit: int = Query(default=50),
    counts: bool = Query(default=True, description="false skips the per-view counts"),
    principal: Principal = Depends(deps.agent),
) -> InboxPage:
    """A page of tickets with `next_cursor` (pass it back as `cursor`) and the view counts.

    Bad values answer 422 with the reason in Bengali and English (`inbox_*_invalid`).
    """
    filters = InboxFilters.parse(
        status=status,
        channel=channel,
        priority=priority,
        language=language,
        intent=intent,
        tag=tag,
        tag_match=tag_match,
        sla=sla,
    )

    def read() -> InboxPage:
        with read_session() as session:
            return inbox_page(
                session,
                agent_id=principal.id,
                view=view,
                filters=filters,
                sort=sort,
                cursor=cursor,
                limit=limit,
                with_counts=counts,
            )

    return await run_in_threadpool(read)


@router.get("/search", response_model=list[InboxTicket])
async def search(
    q: str = Query(default="", max_length=QUERY_MAX),
    limit: int = Query(default=20, ge=1, le=PAGE_LIMIT_MAX),
    principal: Principal = Depends(deps.agent),
) -> list[InboxTicket]:
    """Tickets by number (#1234, ১২৩৪), a customer's phone (any form) or email, or subject words."""

    def read() -> list[InboxTicket]:
        with read_session() as session:
            return quick_search(session, q, limit=limit)

    return await run_in_threadpool(read)
