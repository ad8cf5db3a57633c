"""Turn backend read models into rows of display strings for the current language."""

from __future__ import annotations

from collections.abc import Iterable

from backend.i18n.formatting import format_datetime, format_number
from backend.i18n.labels import label
from backend.queries.views import MessageView, TicketSummary


def ticket_rows(
    tickets: Iterable[TicketSummary], locale: str, *, agent: bool = False
) -> list[dict[str, str]]:
    status_kind = "status_agent" if agent else "status"
    return [
        {
            "id": t.id,
            "number": format_number(t.number, locale),
            "subject": t.subject,
            "status": t.status,
            "status_label": label(status_kind, t.status, locale),
            "priority": t.priority,
            "priority_label": label("priority", t.priority, locale),
            "channel_label": label("channel", t.channel, locale),
            "customer_name": t.customer_name,
            "customer_phone": t.customer_phone or "",
            "assignee_name": t.assignee_name or "",
            "team_name": t.team_name or "",
            "language": t.language or "",
            "last_activity": format_datetime(t.last_activity_at, locale),
            "created": format_datetime(t.created_at, locale),
        }
        for t in tickets
    ]


def message_rows(messages: Iterable[MessageView], locale: str, *, viewer: str) -> list[dict[str, str]]:
    rows = []
    for m in messages:
        if viewer == "customer":
            who = label("author", m.author_type, locale)
            if m.author_type == "agent" and m.author_name:
                who = m.author_name.split()[0]
        else:
            who = m.author_name or label("author", m.author_type, locale)
        rows.append(
            {
                "id": m.id,
                "direction": m.direction,
                "author": who,
                "body": m.body,
                "time": format_datetime(m.created_at, locale),
                "delivery": label("delivery", m.delivery_status, locale),
                "channel_label": label("channel", m.channel, locale),
                "client_id": m.client_id or "",
            }
        )
    return rows
