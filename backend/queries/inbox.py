"""The agent inbox: one page of tickets for a view, filters and sort, with keyset cursors and view counts.

At a million tickets a page costs two SQL statements (the page with its previews, the view
counts; bench/RESULTS.md "Inbox"): the page's ids come from the partial indexes over active
tickets of migration 0004 (on PostgreSQL an index-only scan, the filter columns are included),
then only those rows are joined to customer, assignee and team.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from backend.errors import ValidationFailed
from backend.models import Agent, Customer, Message, Team, TeamMembership, Ticket, TicketTag
from backend.models.base import utcnow
from backend.models.enums import MessageDirection
from backend.models.ticket import ACTIVE_STATUSES
from backend.queries.inbox_filters import SNOOZED, InboxFilters
from backend.queries.views import InboxCounts, InboxPage, InboxTicket

__all__ = ["SORTS", "VIEWS", "InboxFilters", "inbox_counts", "inbox_page"]

VIEWS = ("all", "mine", "unassigned", "my_teams")
SORTS = ("sla_due", "last_activity")
PAGE_LIMIT_MAX = 100
PREVIEW_CHARS = 120
FINISHED_STATUSES = ("resolved", "closed")

# Literal SQL (never bound parameters): the planner proves the partial indexes of migration 0004
# apply only when the query repeats their predicate with constants.
_ACTIVE = sa.text("ticket.status IN ('new', 'open', 'pending', 'on_hold') AND ticket.merged_into_id IS NULL")
_NOT_MERGED = col(Ticket.merged_into_id).is_(None)


@dataclass(frozen=True)
class _Cursor:
    sort: str
    key: datetime | None
    ticket_id: uuid.UUID


def _encode_cursor(sort: str, key: datetime | None, ticket_id: uuid.UUID) -> str:
    raw = json.dumps([sort, key.isoformat() if key else None, ticket_id.hex], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, sort: str) -> _Cursor:
    """The position after which the next page starts; anything else is `inbox_cursor_invalid`."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        cursor_sort, key, ticket_hex = json.loads(raw)
        parsed = _Cursor(cursor_sort, datetime.fromisoformat(key) if key else None, uuid.UUID(hex=ticket_hex))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise ValidationFailed("inbox_cursor_invalid") from exc
    if parsed.sort != sort or (parsed.key is not None and parsed.key.tzinfo is None):
        raise ValidationFailed("inbox_cursor_invalid")
    if sort == "last_activity" and parsed.key is None:
        raise ValidationFailed("inbox_cursor_invalid")
    return parsed


def _not_snoozed(now: datetime) -> Any:
    return sa.or_(col(Ticket.snoozed_until).is_(None), col(Ticket.snoozed_until) <= now)


def _status_condition(statuses: tuple[str, ...], now: datetime) -> Any:
    """No status filter: the active tickets. Otherwise the union of what each status means."""
    if not statuses:
        return sa.and_(_ACTIVE, _not_snoozed(now))
    parts = []
    active = [s for s in statuses if s in ACTIVE_STATUSES]
    if active:
        parts.append(sa.and_(_ACTIVE, col(Ticket.status).in_(active), _not_snoozed(now)))
    finished = [s for s in statuses if s in FINISHED_STATUSES]
    if finished:
        parts.append(sa.and_(col(Ticket.status).in_(finished), _NOT_MERGED))
    if SNOOZED in statuses:
        parts.append(sa.and_(_ACTIVE, col(Ticket.snoozed_until) > now))
    return parts[0] if len(parts) == 1 else sa.or_(*parts)


def _my_team_ids(agent_id: uuid.UUID) -> Any:
    teams = sa.select(col(TeamMembership.team_id)).where(col(TeamMembership.agent_id) == agent_id)
    return teams.scalar_subquery()


def _view_condition(view: str, agent_id: uuid.UUID) -> Any:
    if view == "mine":
        return Ticket.assignee_id == agent_id
    if view == "unassigned":
        return col(Ticket.assignee_id).is_(None)
    if view == "my_teams":
        return col(Ticket.team_id).in_(_my_team_ids(agent_id))
    return sa.true()


def _filter_conditions(filters: InboxFilters, now: datetime) -> list[Any]:
    conditions: list[Any] = [_status_condition(filters.statuses, now)]
    for column, values in (
        (Ticket.channel, filters.channels),
        (Ticket.priority, filters.priorities),
        (Ticket.language, filters.languages),
        (Ticket.intent, filters.intents),
    ):
        if values:
            conditions.append(col(column).in_(values))
    if filters.sla == "overdue":
        conditions.append(col(Ticket.sla_due_at) <= now)
    elif filters.sla == "none":
        conditions.append(col(Ticket.sla_due_at).is_(None))
    elif filters.sla == "due_within":
        assert filters.sla_within_minutes is not None
        conditions.append(col(Ticket.sla_due_at) > now)
        conditions.append(col(Ticket.sla_due_at) <= now + timedelta(minutes=filters.sla_within_minutes))
    if filters.tags:
        groups = [filters.tags] if filters.tags_match == "any" else [(tag,) for tag in filters.tags]
        for group in groups:
            conditions.append(
                sa.exists().where(col(TicketTag.ticket_id) == col(Ticket.id), col(TicketTag.tag).in_(group))
            )
    return conditions


def _page_keys(conditions: list[Any], sort: str, cursor: _Cursor | None, fetch: int, sla: str | None) -> Any:
    """The ids (and sort keys) of the page, in order: a subquery that reads only indexes."""
    if sort == "last_activity":
        keys: Any = sa.select(
            col(Ticket.id).label("id"), col(Ticket.last_activity_at).label("sort_key")
        ).where(*conditions)
        if cursor is not None:
            keys = keys.where(
                sa.tuple_(col(Ticket.last_activity_at), col(Ticket.id))
                < sa.tuple_(cursor.key, cursor.ticket_id)
            )
        return (
            keys.order_by(col(Ticket.last_activity_at).desc(), col(Ticket.id).desc()).limit(fetch).subquery()
        )

    # SLA due first, tickets without a deadline last (then by id). Two ordered index ranges, so that
    # a cursor anywhere is an index seek, never a scan from the start.
    branches = []
    sla_key = col(Ticket.sla_due_at)
    if sla != "none" and (cursor is None or cursor.key is not None):
        dated: Any = sa.select(col(Ticket.id).label("id"), sla_key.label("sort_key")).where(
            *conditions, sla_key.is_not(None)
        )
        if cursor is not None:
            dated = dated.where(sa.tuple_(sla_key, col(Ticket.id)) > sa.tuple_(cursor.key, cursor.ticket_id))
        branches.append(dated.order_by(sla_key, col(Ticket.id)).limit(fetch))
    if sla in (None, "none"):
        undated: Any = sa.select(col(Ticket.id).label("id"), sla_key.label("sort_key")).where(
            *conditions, sla_key.is_(None)
        )
        if cursor is not None and cursor.key is None:
            undated = undated.where(col(Ticket.id) > cursor.ticket_id)
        # Ordered by the (all null) deadline too, so that PostgreSQL reads the id order off the index.
        branches.append(undated.order_by(sla_key, col(Ticket.id)).limit(fetch))
    if len(branches) == 1:
        return branches[0].subquery()
    # SQLite refuses ORDER BY/LIMIT inside a compound select unless each part is a subquery.
    parts = [sa.select(branch.subquery()) for branch in branches]
    return sa.union_all(*parts).subquery()


def _preview_column() -> Any:
    latest = (
        sa.select(sa.func.substr(col(Message.body), 1, PREVIEW_CHARS))
        .where(
            col(Message.ticket_id) == col(Ticket.id),
            col(Message.direction).in_((MessageDirection.inbound.value, MessageDirection.outbound.value)),
        )
        .order_by(col(Message.created_at).desc(), col(Message.id).desc())
        .limit(1)
        .correlate(Ticket)
        .scalar_subquery()
    )
    return latest.label("preview")


def inbox_page(
    session: Session,
    *,
    agent_id: uuid.UUID,
    view: str = "all",
    filters: InboxFilters | None = None,
    sort: str = "sla_due",
    cursor: str | None = None,
    limit: int = 50,
    now: datetime | None = None,
    with_counts: bool = True,
) -> InboxPage:
    """One page of the inbox (two SQL statements: rows with previews, counts).

    `view`: all | mine | unassigned | my_teams. `sort`: sla_due (soonest deadline first, none last)
    or last_activity (newest first). `cursor`: the `next_cursor` of the previous page; pages stay
    exact when tickets arrive or change between them (keyset on the sort key and the id).
    """
    if view not in VIEWS:
        raise ValidationFailed("inbox_view_invalid", view=view, allowed=", ".join(VIEWS))
    if sort not in SORTS:
        raise ValidationFailed("inbox_sort_invalid", sort=sort, allowed=", ".join(SORTS))
    if not 1 <= limit <= PAGE_LIMIT_MAX:
        raise ValidationFailed("inbox_limit_invalid", max=PAGE_LIMIT_MAX)
    filters = filters or InboxFilters()
    position = _decode_cursor(cursor, sort) if cursor else None
    now = now or utcnow()

    conditions = [_view_condition(view, agent_id), *_filter_conditions(filters, now)]
    keys = _page_keys(conditions, sort, position, limit + 1, filters.sla)
    if sort == "last_activity":
        order: list[Any] = [keys.c.sort_key.desc(), keys.c.id.desc()]
    else:
        order = [keys.c.sort_key.is_(None), keys.c.sort_key, keys.c.id]
    query = _with_row_columns(sa.select(keys).join(Ticket, col(Ticket.id) == keys.c.id))
    rows = session.execute(query.order_by(*order).limit(limit + 1)).all()
    tickets = [_to_inbox_ticket(row) for row in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        last: Ticket = rows[limit - 1][0]
        key = last.last_activity_at if sort == "last_activity" else last.sla_due_at
        next_cursor = _encode_cursor(sort, key, last.id)
    counts = inbox_counts(session, agent_id=agent_id, now=now) if with_counts else None
    return InboxPage(tickets=tickets, next_cursor=next_cursor, counts=counts)


def inbox_counts(session: Session, *, agent_id: uuid.UUID, now: datetime | None = None) -> InboxCounts:
    """How many active tickets each view holds (the badges): one index-only pass over active tickets."""
    now = now or utcnow()
    query = sa.select(
        sa.func.count().label("all"),
        sa.func.count().filter(col(Ticket.assignee_id) == agent_id).label("mine"),
        sa.func.count().filter(col(Ticket.assignee_id).is_(None)).label("unassigned"),
        sa.func.count().filter(col(Ticket.team_id).in_(_my_team_ids(agent_id))).label("my_teams"),
    ).where(_ACTIVE, _not_snoozed(now))
    row = session.execute(query).one()
    return InboxCounts(all=row.all, mine=row.mine, unassigned=row.unassigned, my_teams=row.my_teams)


def _with_row_columns(query: Any) -> Any:
    """What an inbox row shows, joined onto a select that already has `Ticket` in its FROM."""
    return (
        query.with_only_columns(
            Ticket,
            col(Customer.name),
            col(Customer.phone),
            col(Agent.name).label("assignee_name"),
            col(Team.name).label("team_name"),
            _preview_column(),
        )
        .join(Customer, col(Customer.id) == col(Ticket.customer_id))
        .outerjoin(Agent, col(Agent.id) == col(Ticket.assignee_id))
        .outerjoin(Team, col(Team.id) == col(Ticket.team_id))
    )


def ticket_rows(session: Session, *conditions: Any, limit: int) -> list[InboxTicket]:
    """Tickets matching `conditions` as inbox rows, latest activity first (quick search)."""
    query = _with_row_columns(sa.select(Ticket).where(*conditions))
    query = query.order_by(col(Ticket.last_activity_at).desc(), col(Ticket.id).desc()).limit(limit)
    return [_to_inbox_ticket(row) for row in session.execute(query).all()]


def _to_inbox_ticket(row: Any) -> InboxTicket:
    ticket: Ticket = row[0]
    return InboxTicket(
        id=str(ticket.id),
        number=ticket.number,
        subject=ticket.subject,
        status=ticket.status,
        priority=ticket.priority,
        channel=ticket.channel,
        customer_name=row[1] or "",
        customer_phone=row[2],
        assignee_id=str(ticket.assignee_id) if ticket.assignee_id else None,
        assignee_name=row[3],
        team_id=str(ticket.team_id) if ticket.team_id else None,
        team_name=row[4],
        language=ticket.language,
        intent=ticket.intent,
        tags=list(ticket.tags or []),
        sla_due_at=ticket.sla_due_at,
        snoozed_until=ticket.snoozed_until,
        last_activity_at=ticket.last_activity_at,
        created_at=ticket.created_at,
        waiting_since=ticket.waiting_since,
        preview=row[5] or "",
    )
