"""The supervisor's board: every agent's presence, load and capacity, live."""

from __future__ import annotations

import reflex as rx

from backend.db import read_session
from backend.i18n.formatting import format_datetime, format_number
from backend.models.enums import Role
from backend.routing.board import agent_board
from state.live import LiveState

# Presence changes and anything that moves tickets between agents change the board.
_REFRESHING = ("presence", "ticket.created", "ticket.updated")


class BoardState(LiveState):
    agents: list[dict[str, str]] = []
    loaded: bool = False

    def _refresh(self) -> bool:
        if self._agent(Role.supervisor) is None:
            return False
        loc = self.locale
        with read_session() as session:
            rows = agent_board(session)
        self.agents = [
            {
                "id": str(r.id),
                "name": r.name,
                "presence": r.presence,
                "offline_since": format_datetime(r.offline_since, loc) if r.offline_since else "",
                "load": format_number(r.load, loc),
                "capacity": format_number(r.capacity, loc),
                "load_percent": str(min(100, round(100 * r.load / r.capacity)) if r.capacity else 100),
                "over": "1" if r.over_capacity else "",
                "full": "1" if r.free == 0 else "",
                "teams": ", ".join(t.name_bn if loc == "bn" and t.name_bn else t.name for t in r.teams),
                "languages": ", ".join(r.languages),
                "skills": ", ".join(r.skills),
            }
            for r in rows
        ]
        self.loaded = True
        return True

    @rx.event
    def load(self):
        self.error = ""
        if not self._refresh():
            return rx.redirect("/forbidden")
        return BoardState.listen

    @rx.event(background=True)
    async def listen(self):
        await self._listen()

    def _on_console_event(self, event: dict) -> None:
        if event.get("kind") in _REFRESHING:
            self._refresh()
