"""Admin: the list of agents, adding one, enabling or disabling."""

from __future__ import annotations

import uuid

import reflex as rx

from backend.db import Actor, read_session, transaction
from backend.errors import SebaError
from backend.i18n.formatting import format_datetime
from backend.i18n.labels import label
from backend.queries.agents import list_agents
from backend.services import agents as agent_service
from state.session import SessionState


class AdminAgentsState(SessionState):
    agents: list[dict[str, str]] = []
    notice: str = ""

    def _refresh(self) -> None:
        with read_session() as session:
            views = list_agents(session)
        self.agents = [
            {
                "id": a.id,
                "name": a.name,
                "email": a.email,
                "role": label("role", a.role, self.locale),
                "teams": ", ".join(a.teams),
                "languages": ", ".join(a.languages),
                "capacity": str(a.capacity),
                "active": "1" if a.is_active else "",
                "last_login": format_datetime(a.last_login_at, self.locale),
            }
            for a in views
        ]

    @rx.event
    def load(self):
        self.error = self.notice = ""
        if self._agent() is None or self.role != "admin":
            return rx.redirect("/agent/login")
        self._refresh()
        return None

    @rx.event
    def create(self, form: dict):
        self.error = self.notice = ""
        admin = self._agent()
        if admin is None or admin.role != "admin":
            return rx.redirect("/agent/login")
        try:
            capacity = int(form.get("capacity") or 5)
        except ValueError:
            capacity = -1
        try:
            with transaction(Actor.agent(admin.id)) as tx:
                agent = agent_service.create_agent(
                    tx,
                    email=form.get("email", ""),
                    name=form.get("name", ""),
                    password=form.get("password", ""),
                    role=form.get("role", "agent"),
                    capacity=capacity,
                    languages=[x for x in (form.get("languages") or "bn,en").split(",")],
                )
            self.notice = agent.email
            self._refresh()
        except SebaError as exc:
            self._error(exc)
        return None

    @rx.event
    def toggle_active(self, agent_id: str, active: bool):
        admin = self._agent()
        if admin is None or admin.role != "admin":
            return rx.redirect("/agent/login")
        try:
            with transaction(Actor.agent(admin.id)) as tx:
                agent_service.set_agent_active(tx, agent_id=uuid.UUID(agent_id), active=active)
            self._refresh()
        except (SebaError, ValueError) as exc:
            self.error = exc.message(self.locale) if isinstance(exc, SebaError) else str(exc)
        return None
