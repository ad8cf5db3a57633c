"""The agent inbox list: views all / mine / unassigned."""

from __future__ import annotations

import reflex as rx

from backend.db import read_session
from backend.queries import tickets as ticket_queries
from state.formatting import ticket_rows
from state.live import LiveState

# Events after which the list may have changed.
_REFRESHING = ("ticket.created", "ticket.updated", "message.created")


class InboxState(LiveState):
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
        return InboxState.listen

    @rx.event(background=True)
    async def listen(self):
        await self._listen()

    def _on_console_event(self, event: dict) -> None:
        if event.get("kind") in _REFRESHING:
            self._refresh()

    @rx.event
    def show(self, view: str):
        self.view = view if view in ticket_queries.INBOX_VIEWS else "all"
        if not self._refresh():
            return rx.redirect("/agent/login")
        return None
