"""A ticket's SLA clocks as the ticket page shows them: strings in the reader's language."""

from __future__ import annotations

import uuid

from sqlmodel import Session

from backend.i18n.formatting import bengali_digits, format_datetime
from backend.sla.views import ticket_clocks


def duration_text(minutes: float, locale: str) -> str:
    """`2 h 05 min` / `২ ঘণ্টা ৫ মিনিট` (the clock's own minutes: business time for most policies)."""
    total = round(abs(minutes))
    hours, rest = divmod(total, 60)
    if locale == "en":
        return f"{hours} h {rest} min" if hours else f"{rest} min"
    text = f"{hours} ঘণ্টা {rest} মিনিট" if hours else f"{rest} মিনিট"
    return bengali_digits(text)


def clock_rows(
    session: Session, ticket_id: uuid.UUID, team_id: uuid.UUID | None, locale: str
) -> list[dict[str, str]]:
    rows = []
    for view in ticket_clocks(session, ticket_id, team_id):
        if view.state == "running":
            tone = "overdue" if view.overdue else ("warn" if view.warned else "ok")
        else:
            tone = {"paused": "paused"}.get(view.state, "done")
        rows.append(
            {
                "metric": view.metric,
                "state": view.state,
                "due": format_datetime(view.due_at, locale) if view.due_at else "",
                "due_iso": view.due_at.isoformat() if view.due_at else "",
                "remaining": duration_text(view.minutes_left, locale)
                if view.minutes_left is not None
                else "",
                "overdue": "1" if view.overdue else "",
                "breached": "1" if view.breached else "",
                "wall_clock": "1" if view.clock == "calendar" else "",
                "tone": tone,
            }
        )
    return rows
