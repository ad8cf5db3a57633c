"""One ticket in the agent console: the thread, reply or internal note, live typing and collisions."""

from __future__ import annotations

import json
import time
import uuid

import reflex as rx

from backend.db import Actor, read_session, transaction
from backend.errors import NotFound, SebaError
from backend.i18n.formatting import format_datetime, format_number
from backend.i18n.labels import label
from backend.intents import intent_name
from backend.models import Ticket
from backend.models.enums import ActorType
from backend.queries import tickets as ticket_queries
from backend.realtime import (
    TYPING_SHOWN_SECONDS,
    agent_typing_to_customer,
    clear_replying,
    first_signal_within,
    mark_replying,
    publish_console_event,
    replying_agents,
)
from backend.services import messages as message_service
from backend.services import tickets as ticket_service
from backend.ticket_status import next_statuses
from state.formatting import message_rows, ticket_rows
from state.live import LiveState
from state.sla_clocks import clock_rows

REPLYING_SHOWN_SECONDS = 10.0


def draft_key(ticket_id: uuid.UUID | str) -> str:
    """The composer's draft in the browser's storage (assets/console/console.js)."""
    return f"ticket:{ticket_id}"


class AgentTicketState(LiveState):
    ticket: dict[str, str] = {}
    tags: list[str] = []
    customer: dict[str, str] = {}
    messages: list[dict[str, str]] = []
    # The ticket's SLA clocks (components/sla.py), refreshed with the ticket.
    sla_clocks: list[dict[str, str]] = []
    status_options: list[list[str]] = []
    found: bool = True
    loading: bool = True
    mode: str = "reply"  # reply | note
    sending: bool = False
    customer_typing: bool = False
    _customer_typing_until: float = 0.0
    # Other agents writing a reply to this ticket right now: {agent_id: name} (collision warning).
    others_replying: dict[str, str] = {}
    _others_replying_until: dict[str, float] = {}

    def _ticket_id(self) -> uuid.UUID | None:
        try:
            return uuid.UUID(str(self.router.page.params.get("ticket_id", "")))
        except ValueError:
            return None

    @rx.var
    def draft_key(self) -> str:
        return draft_key(self.ticket.get("id", ""))

    def _reload(self, ticket_id: uuid.UUID) -> None:
        with read_session() as session:
            detail = ticket_queries.ticket_detail(session, ticket_id, include_notes=True)
            row = session.get(Ticket, ticket_id)
            merged_number = ""
            if row is not None and row.merged_into_id is not None:
                target = session.get(Ticket, row.merged_into_id)
                merged_number = str(target.number) if target else ""
            clocks = clock_rows(session, ticket_id, row.team_id, self.locale) if row is not None else []
        assert row is not None
        loc = self.locale
        self.ticket = ticket_rows([detail.ticket], loc, agent=True)[0]
        self.ticket.update(
            order_ref=detail.order_ref or "",
            category=detail.category or "",
            channel=row.channel,
            intent=row.intent or "",
            intent_label=intent_name(row.intent, loc) if row.intent else "",
            snoozed_until=format_datetime(row.snoozed_until, loc) if row.snoozed_until else "",
            merged_into=format_number(int(merged_number), loc) if merged_number else "",
            merged_into_id=str(row.merged_into_id or ""),
            sla_due=format_datetime(row.sla_due_at, loc) if row.sla_due_at else "",
            assignee_id=str(row.assignee_id or ""),
            team_id=str(row.team_id or ""),
        )
        self.sla_clocks = clocks
        self.tags = sorted(detail.tags)
        c = detail.customer
        self.customer = {
            "name": c.name,
            "phone": c.phone or "",
            "email": c.email or "",
            "locale": "বাংলা" if c.locale == "bn" else "English",
            "tier": label("tier", c.tier, loc),
        }
        self.messages = message_rows(detail.messages, loc, viewer="agent")
        current = detail.ticket.status
        choices = [current, *next_statuses(current, ActorType.agent)]
        self.status_options = [[s, label("status_agent", s, loc)] for s in choices]
        self.found = True
        self.loading = False

    @rx.event
    def load(self):
        self.error = ""
        self.loading = True
        agent = self._agent()
        if agent is None:
            return rx.redirect("/agent/login")
        ticket_id = self._ticket_id()
        self.customer_typing = False
        self.others_replying = {}
        self.mode = "reply"
        try:
            if ticket_id is None:
                raise NotFound("ticket_not_found")
            self._reload(ticket_id)
        except SebaError as exc:
            self.found = False
            self.loading = False
            self._error(exc)
            return None
        now = time.time()
        for other_id, name in replying_agents(ticket_id).items():
            if other_id != str(agent.id):
                self.others_replying[other_id] = name
                self._others_replying_until[other_id] = now + REPLYING_SHOWN_SECONDS
        return AgentTicketState.listen

    @rx.event
    def refresh(self) -> None:
        ticket_id = self._ticket_id()
        if ticket_id is not None:
            self._reload(ticket_id)

    @rx.event(background=True)
    async def listen(self):
        await self._listen()

    def _on_console_event(self, event: dict) -> None:
        ticket_id = self._ticket_id()
        if ticket_id is None or event.get("ticket_id") != str(ticket_id):
            return
        kind = event.get("kind")
        if kind in ("message.created", "ticket.updated"):
            self._reload(ticket_id)
            if event.get("author_type") == "customer":
                self.customer_typing = False
        elif kind == "typing" and event.get("who") == "customer":
            self.customer_typing = True
            self._customer_typing_until = time.time() + float(event.get("seconds", TYPING_SHOWN_SECONDS))
        elif kind == "replying" and event.get("agent_id") != self._my_id():
            agent_id = str(event.get("agent_id"))
            if event.get("done"):
                self.others_replying.pop(agent_id, None)
            else:
                self.others_replying[agent_id] = str(event.get("name", ""))
                self._others_replying_until[agent_id] = time.time() + REPLYING_SHOWN_SECONDS

    def _on_tick(self, now: float) -> None:
        super()._on_tick(now)
        if self.customer_typing and now > self._customer_typing_until:
            self.customer_typing = False
        expired = [a for a in self.others_replying if self._others_replying_until.get(a, 0) < now]
        for agent_id in expired:
            self.others_replying.pop(agent_id, None)

    def _my_id(self) -> str:
        agent = self._agent()
        return str(agent.id) if agent else ""

    @rx.event
    def agent_typing(self, _value: str = ""):
        """The agent is writing (throttled by the page): warn colleagues, tell a web-chat customer."""
        agent = self._agent()
        ticket_id = self._ticket_id()
        if agent is None or ticket_id is None or self.mode != "reply":
            return
        mark_replying(ticket_id, agent.id, agent.name)
        publish_console_event("replying", ticket_id=ticket_id, agent_id=agent.id, name=agent.name)
        if first_signal_within(f"agent-typing:{ticket_id}", 3) and self.ticket.get("channel") == "web":
            with read_session() as session:
                row = session.get(Ticket, ticket_id)
            if row is not None:
                agent_typing_to_customer(row.customer_id, ticket_id)

    @rx.event
    def set_mode(self, mode: str) -> None:
        self.mode = "note" if mode == "note" else "reply"

    @rx.event
    def submit(self, form: dict):
        """Send the reply or save the note. The form's client id makes a resend after a reload a
        no-op; the browser forgets its draft only once the message is stored."""
        self.error = ""
        agent = self._agent()
        ticket_id = self._ticket_id()
        if agent is None:
            return rx.redirect("/agent/login")
        client_id = str(form.get("client_id") or "").strip()[:64] or None
        try:
            if ticket_id is None:
                raise NotFound("ticket_not_found")
            with transaction(Actor.agent(agent.id)) as tx:
                if self.mode == "note":
                    message_service.add_internal_note(
                        tx,
                        agent_id=agent.id,
                        ticket_id=ticket_id,
                        body=form.get("body", ""),
                        client_id=client_id,
                    )
                else:
                    message_service.post_agent_reply(
                        tx,
                        agent_id=agent.id,
                        ticket_id=ticket_id,
                        body=form.get("body", ""),
                        client_id=client_id,
                    )
            clear_replying(ticket_id, agent.id)
            publish_console_event(
                "replying", ticket_id=ticket_id, agent_id=agent.id, name=agent.name, done=True
            )
            self._reload(ticket_id)
        except SebaError as exc:
            self._error(exc)
            return None
        return rx.call_script(
            f"window.sebaConsole && window.sebaConsole.sent({json.dumps(draft_key(ticket_id))})"
        )

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
