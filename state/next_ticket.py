"""The "next ticket" shortcut: the most urgent ticket waiting for this agent, then unassigned ones."""

from __future__ import annotations

import reflex as rx

from backend.db import read_session
from backend.queries.inbox import inbox_page
from state.session import SessionState


class NextTicketState(SessionState):
    nothing_left: bool = False

    @rx.event
    def go(self):
        """Open the next ticket by SLA due: my own first, then unassigned; skip the one just left."""
        agent = self._agent()
        if agent is None:
            return rx.redirect("/agent/login")
        after = str(self.router.page.params.get("after", ""))
        with read_session() as session:
            for view in ("mine", "unassigned"):
                page = inbox_page(
                    session, agent_id=agent.id, view=view, sort="sla_due", limit=2, with_counts=False
                )
                for ticket in page.tickets:
                    if ticket.id != after:
                        return rx.redirect(f"/agent/t/{ticket.id}")
        self.nothing_left = True
        return None
