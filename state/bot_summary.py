"""The bot's summary at the top of a ticket in the agent console: why it handed off, what the
customer wants, the details it collected, language and sentiment."""

from __future__ import annotations

import uuid

import reflex as rx

from backend.bot.handoff import REASON_NAMES
from backend.bot.queries import ticket_bot_summary
from backend.db import read_session
from backend.intents import intent_name
from backend.models.enums import Role
from state.session import SessionState


class BotSummaryState(SessionState):
    shown: bool = False
    status: str = ""  # active | handed_off | resolved
    reason: str = ""
    intent: str = ""
    details: str = ""
    language: str = ""
    sentiment: str = ""

    def _route_ticket_id(self) -> uuid.UUID | None:
        try:
            return uuid.UUID(str(self.router.page.params.get("ticket_id", "")))
        except ValueError:
            return None

    @rx.event
    def load(self):
        self.shown = False
        principal = self._principal()
        if principal is None or not principal.has_role(Role.agent):
            return
        ticket_id = self._route_ticket_id()
        if ticket_id is None:
            return
        with read_session() as session:
            summary = ticket_bot_summary(session, ticket_id)
        if summary is None:
            return
        index = 1 if self.locale == "en" else 0
        reason = summary.get("reason") or ""
        self.status = str(summary.get("status") or "")
        self.reason = REASON_NAMES.get(reason, (reason, reason))[index] if reason else ""
        self.intent = intent_name(summary["intent"], self.locale) if summary.get("intent") else "—"
        slots = summary.get("slots") or {}
        self.details = ", ".join(f"{k}: {v}" for k, v in slots.items()) or "—"
        self.language = str(summary.get("language") or "—")
        score = summary.get("sentiment_score")
        self.sentiment = str(summary.get("sentiment") or "—") + (
            f" ({score:.2f})" if isinstance(score, float) else ""
        )
        self.shown = True
