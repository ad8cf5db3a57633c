"""One ticket in the agent console: the thread, reply to the customer, internal note, status."""

from __future__ import annotations

import uuid

import reflex as rx

from backend.db import Actor, read_session, transaction
from backend.errors import NotFound, SebaError
from backend.i18n.labels import label
from backend.models.enums import ActorType
from backend.queries import tickets as ticket_queries
from backend.services import messages as message_service
from backend.services import tickets as ticket_service
from backend.ticket_status import next_statuses
from state.formatting import message_rows, ticket_rows
from state.session import SessionState


class AgentTicketState(SessionState):
    ticket: dict[str, str] = {}
    customer: dict[str, str] = {}
    messages: list[dict[str, str]] = []
    status_options: list[list[str]] = []
    found: bool = True
    mode: str = "reply"  # reply | note
    draft: str = ""

    def _ticket_id(self) -> uuid.UUID | None:
        try:
            return uuid.UUID(str(self.router.page.params.get("ticket_id", "")))
        except ValueError:
            return None

    def _reload(self, ticket_id: uuid.UUID) -> None:
        with read_session() as session:
            detail = ticket_queries.ticket_detail(session, ticket_id, include_notes=True)
        self.ticket = ticket_rows([detail.ticket], self.locale, agent=True)[0]
        self.ticket["order_ref"] = detail.order_ref or ""
        self.ticket["category"] = detail.category or ""
        c = detail.customer
        self.customer = {
            "name": c.name,
            "phone": c.phone or "",
            "email": c.email or "",
            "locale": "বাংলা" if c.locale == "bn" else "English",
            "tier": label("tier", c.tier, self.locale),
        }
        self.messages = message_rows(detail.messages, self.locale, viewer="agent")
        current = detail.ticket.status
        choices = [current, *next_statuses(current, ActorType.agent)]
        self.status_options = [[s, label("status_agent", s, self.locale)] for s in choices]
        self.found = True

    @rx.event
    def load(self):
        self.error = ""
        if self._agent() is None:
            return rx.redirect("/agent/login")
        ticket_id = self._ticket_id()
        try:
            if ticket_id is None:
                raise NotFound("ticket_not_found")
            self._reload(ticket_id)
        except SebaError as exc:
            self.found = False
            self._error(exc)
        return None

    @rx.event
    def set_mode(self, mode: str) -> None:
        self.mode = "note" if mode == "note" else "reply"

    @rx.event
    def set_draft(self, value: str) -> None:
        self.draft = value

    @rx.event
    def submit(self, form: dict):
        self.error = ""
        agent = self._agent()
        ticket_id = self._ticket_id()
        if agent is None:
            return rx.redirect("/agent/login")
        try:
            if ticket_id is None:
                raise NotFound("ticket_not_found")
            with transaction(Actor.agent(agent.id)) as tx:
                if self.mode == "note":
                    message_service.add_internal_note(
                        tx, agent_id=agent.id, ticket_id=ticket_id, body=form.get("body", "")
                    )
                else:
                    message_service.post_agent_reply(
                        tx, agent_id=agent.id, ticket_id=ticket_id, body=form.get("body", "")
                    )
            self.draft = ""
            self._reload(ticket_id)
        except SebaError as exc:
            self._error(exc)
        return None

    @rx.event
    def change_status(self, status: str):
        self.error = ""
        agent = self._agent()
        ticket_id = self._ticket_id()
        if agent is None:
            return rx.redirect("/agent/login")
        try:
            if ticket_id is None:
                raise NotFound("ticket_not_found")
            with transaction(Actor.agent(agent.id)) as tx:
                ticket_service.change_status(tx, ticket_id=ticket_id, status=status)
            self._reload(ticket_id)
        except SebaError as exc:
            self._error(exc)
        return None
