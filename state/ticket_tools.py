"""The side of the ticket page: customer panel, tags, priority, intent, transfer, merge, snooze,
canned responses and mentions. The thread itself refreshes from the console's live events."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import reflex as rx
from sqlmodel import col, select

from backend.db import Actor, Tx, read_session, transaction
from backend.errors import NotFound, SebaError, ValidationFailed
from backend.i18n.formatting import format_datetime, format_number
from backend.i18n.labels import label
from backend.i18n.messages import message
from backend.intents import INTENTS, intent_name
from backend.models import Agent, Team, Ticket
from backend.models.enums import Role, TicketPriority
from backend.queries.customer_panel import CustomerPanel, customer_panel
from backend.routing.board import agent_board
from backend.routing.override import supervisor_assign
from backend.services import canned as canned_service
from backend.services import mentions as mention_service
from backend.services import snooze as snooze_service
from backend.services import ticket_ops
from backend.services import tickets as ticket_service
from state.agent_ticket import AgentTicketState
from state.session import SessionState

DHAKA = timedelta(hours=6)  # Bangladesh Standard Time, no daylight saving


def _taka(paisa: int, locale: str) -> str:
    return "৳" + format_number(paisa // 100, locale)


def parse_local_time(value: str) -> datetime:
    """A datetime-local field (Dhaka wall time, "2026-11-25T18:30") as an aware UTC datetime."""
    try:
        naive = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValidationFailed("snooze_time_invalid") from None
    if naive.tzinfo is not None:
        return naive.astimezone(UTC)
    return (naive - DHAKA).replace(tzinfo=UTC)


class TicketToolsState(SessionState):
    profile: dict[str, str] = {}
    past_tickets: list[dict[str, str]] = []
    orders: list[dict[str, str]] = []
    panel_loaded: bool = False
    canned_options: list[list[str]] = []
    mention_options: list[list[str]] = []
    team_options: list[list[str]] = []
    agent_options: list[list[str]] = []
    # For supervisors: every agent with presence and load, to assign by hand.
    board_options: list[list[str]] = []
    intent_options: list[list[str]] = []
    priority_options: list[list[str]] = []
    notice: str = ""

    def _ticket_id(self) -> uuid.UUID | None:
        try:
            return uuid.UUID(str(self.router.page.params.get("ticket_id", "")))
        except ValueError:
            return None

    @rx.var
    def is_supervisor(self) -> bool:
        return self.role in (Role.supervisor, Role.admin)

    @rx.event
    def load(self):
        agent = self._agent()
        ticket_id = self._ticket_id()
        self.panel_loaded = False
        self.notice = ""
        if agent is None or ticket_id is None:
            return None
        loc = self.locale
        try:
            with read_session() as session:
                panel = customer_panel(session, ticket_id)
                canned = canned_service.list_canned(session, agent_id=agent.id)
                teams = session.exec(select(Team).order_by(col(Team.name))).all()
                agents = session.exec(
                    select(Agent).where(col(Agent.is_active)).order_by(col(Agent.name))
                ).all()
                mentions = mention_service.mention_candidates(session, "", limit=50)
                board = agent_board(session) if agent.has_role(Role.supervisor) else []
        except SebaError as exc:
            self._error(exc)
            return None
        self._show_panel(panel)
        self.canned_options = [[c.id, f"/{c.shortcut} · {c.title}"] for c in canned]
        self.mention_options = [[m.handle, f"{m.name} (@{m.handle})"] for m in mentions]
        self.team_options = [[str(t.id), t.name_bn if loc == "bn" and t.name_bn else t.name] for t in teams]
        self.agent_options = [[str(a.id), a.name] for a in agents]
        self.intent_options = [[i, intent_name(i, loc)] for i in INTENTS]
        presence_names = {
            "online": ("অনলাইন", "online"),
            "away": ("দূরে", "away"),
            "offline": ("অফলাইন", "offline"),
        }
        self.board_options = [
            [
                str(r.id),
                f"{r.name} · {presence_names[r.presence][0 if loc == 'bn' else 1]} · "
                f"{format_number(r.load, loc)}/{format_number(r.capacity, loc)}",
            ]
            for r in board
        ]
        self.priority_options = [[p.value, label("priority", p.value, loc)] for p in TicketPriority]
        self.panel_loaded = True
        return None

    def _show_panel(self, panel: CustomerPanel) -> None:
        loc = self.locale
        p = panel.profile
        self.profile = {
            "name": p.name,
            "phone": p.phone or "",
            "email": p.email or "",
            "locale": "বাংলা" if p.locale == "bn" else "English",
            "tier": label("tier", p.tier, loc),
            "vip": "1" if p.tier == "vip" else "",
            "since": format_datetime(p.customer_since, loc),
        }
        self.past_tickets = [
            {
                "id": t.id,
                "number": format_number(t.number, loc),
                "subject": t.subject,
                "status": t.status,
                "status_label": label("status_agent", t.status, loc),
                "when": format_datetime(t.created_at, loc),
            }
            for t in panel.past_tickets
        ]
        self.orders = [
            {
                "ref": o.order_ref,
                "status": o.status,
                "total": _taka(o.total_paisa, loc),
                "payment": f"{o.payment_method} · {o.payment_status}",
                "items": ", ".join(o.items)[:120],
                "expected": format_datetime(o.expected_delivery_at, loc) if o.expected_delivery_at else "",
                "courier": " ".join(x for x in (o.courier, o.tracking_code) if x),
                "refunds": "; ".join(
                    f"{_taka(r.amount_paisa, loc)} {r.method} · {r.status}" for r in o.refunds
                ),
                "this": "1" if o.is_ticket_order else "",
            }
            for o in panel.orders
        ]

    def _act(self, write: Callable[[Tx, uuid.UUID], object], *, done: str = "") -> object:
        """Run one write for the open ticket as the signed-in agent; refresh the thread after."""
        self.error = ""
        self.notice = ""
        agent = self._agent()
        ticket_id = self._ticket_id()
        if agent is None:
            return rx.redirect("/agent/login")
        try:
            if ticket_id is None:
                raise NotFound("ticket_not_found")
            with transaction(Actor.agent(agent.id)) as tx:
                write(tx, ticket_id)
        except SebaError as exc:
            self._error(exc)
            return None
        self.notice = message(done, self.locale) if done else ""
        return AgentTicketState.refresh

    @rx.event
    def add_tag(self, form: dict):
        tag = str(form.get("tag", ""))
        return self._act(lambda tx, tid: ticket_ops.add_tags(tx, ticket_id=tid, tags=[tag]))

    @rx.event
    def remove_tag(self, tag: str):
        return self._act(lambda tx, tid: ticket_ops.remove_tags(tx, ticket_id=tid, tags=[tag]))

    @rx.event
    def set_priority(self, priority: str):
        return self._act(lambda tx, tid: ticket_ops.set_priority(tx, ticket_id=tid, priority=priority))

    @rx.event
    def set_intent(self, intent: str):
        return self._act(lambda tx, tid: ticket_ops.set_intent(tx, ticket_id=tid, intent=intent or None))

    @rx.event
    def assign_to_me(self):
        agent = self._agent()
        if agent is None:
            return rx.redirect("/agent/login")
        return self._act(
            lambda tx, tid: ticket_service.assign_ticket(
                tx, ticket_id=tid, assignee_id=agent.id, reason="self"
            )
        )

    @rx.event
    def transfer(self, form: dict):
        team = str(form.get("team_id", "") or "")
        to_agent = str(form.get("agent_id", "") or "")
        note = str(form.get("note", "") or "").strip() or None
        try:
            team_id = uuid.UUID(team) if team else None
            agent_id = uuid.UUID(to_agent) if to_agent else None
        except ValueError:
            team_id = agent_id = None
        if team_id is None and agent_id is None:
            self.error = SebaError("transfer_target_required").message(self.locale)
            return None
        return self._act(
            lambda tx, tid: ticket_ops.transfer_ticket(
                tx, ticket_id=tid, team_id=team_id, agent_id=agent_id, note=note
            ),
            done="transfer_done",
        )

    @rx.event
    def merge(self, form: dict):
        raw = str(form.get("target_number", "")).strip().lstrip("#")
        digits = raw.translate(str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789"))

        def write(tx: Tx, tid: uuid.UUID) -> None:
            if not digits.isdigit():
                raise ValidationFailed("merge_target_number_invalid")
            target_id = tx.session.exec(select(Ticket.id).where(Ticket.number == int(digits))).first()
            if target_id is None:
                raise NotFound("ticket_not_found")
            ticket_ops.merge_tickets(tx, source_id=tid, target_id=target_id)

        return self._act(write, done="action_done")

    @rx.event
    def snooze(self, form: dict):
        value = str(form.get("until", ""))
        return self._act(
            lambda tx, tid: snooze_service.snooze_ticket(tx, ticket_id=tid, until=parse_local_time(value)),
            done="action_done",
        )

    @rx.event
    def unsnooze(self):
        return self._act(lambda tx, tid: snooze_service.unsnooze_ticket(tx, ticket_id=tid))

    @rx.event
    def insert_canned(self, canned_id: str):
        """Fill the chosen canned response for this ticket and put it into the composer."""
        agent = self._agent()
        ticket_id = self._ticket_id()
        if agent is None or ticket_id is None or not canned_id:
            return None
        try:
            with read_session() as session:
                rendered = canned_service.render_canned(
                    session, uuid.UUID(canned_id), ticket_id, agent_id=agent.id
                )
        except (SebaError, ValueError) as exc:
            if isinstance(exc, SebaError):
                self._error(exc)
            return None
        return rx.call_script(f"window.sebaConsole && window.sebaConsole.insert({json.dumps(rendered.body)})")

    @rx.event
    def insert_mention(self, handle: str):
        if not handle:
            return None
        return rx.call_script(
            f"window.sebaConsole && window.sebaConsole.insert({json.dumps('@' + handle + ' ')})"
        )

    @rx.event
    def override_assign(self, form: dict):
        """A supervisor assigns by hand, even to a full or away agent (audited as an override)."""
        if self._agent(Role.supervisor) is None:
            self.error = SebaError("forbidden_role").message(self.locale)
            return None
        try:
            agent_id = uuid.UUID(str(form.get("agent_id", "")))
        except ValueError:
            self.error = SebaError("assignment_target_required").message(self.locale)
            return None
        return self._act(
            lambda tx, tid: supervisor_assign(tx, ticket_id=tid, agent_id=agent_id), done="action_done"
        )
