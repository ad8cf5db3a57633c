"""The agent inbox list: views all / mine / unassigned."""

from __future__ import annotations

import reflex as rx

from backend.db import read_session
from backend.queries import tickets as ticket_queries
from state.formatting import ticket_rows
from state.session import SessionState


class InboxState(SessionState):
    view: str = "all"
    tickets: list[dict[str, str]] = []
    loaded: bool = False

    def _refresh(self) -> bool:
        agent = self._agent()
        if agent is None:
            return False
        with read_session() as session:
            rows = ticket_queries.inbox_tickets(session, agent_id=agent.id, view=self.view)
        self.tickets = ticket_rows(rows, self.locale, agent=True)
        self.loaded = True
        return True

    @rx.event
    def load(self):
        self.error = ""
        if not self._refresh():
            return rx.redirect("/agent/login")
        return None

    @rx.event
    def show(self, view: str):
        self.view = view if view in ticket_queries.INBOX_VIEWS else "all"
        if not self._refresh():
            return rx.redirect("/agent/login")
        return None
