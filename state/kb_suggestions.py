"""Help-article suggestions beside a ticket: from the conversation, or what the agent searches."""

from __future__ import annotations

import json
import uuid

import reflex as rx

from backend.db import read_session
from backend.knowledge.agent_suggestions import customer_language, suggest, suggest_for_ticket
from backend.models import Ticket
from state.session import SessionState


class KbSuggestionsState(SessionState):
    suggestions: list[dict[str, str]] = []

    def _ticket_id(self) -> uuid.UUID | None:
        try:
            return uuid.UUID(str(self.router.page.params.get("ticket_id", "")))
        except ValueError:
            return None

    @staticmethod
    def _rows(found: list) -> list[dict[str, str]]:
        return [
            {"title": s.title, "link": s.link, "excerpt": s.excerpt, "reply": s.reply_text(), "lang": s.lang}
            for s in found
        ]

    @rx.event
    def load(self) -> None:
        ticket_id = self._ticket_id()
        if self._agent() is None or ticket_id is None:
            self.suggestions = []
            return
        with read_session() as session:
            self.suggestions = self._rows(suggest_for_ticket(session, ticket_id))

    @rx.event
    def search(self, form: dict) -> None:
        ticket_id = self._ticket_id()
        if self._agent() is None or ticket_id is None:
            return
        with read_session() as session:
            ticket = session.get(Ticket, ticket_id)
            lang = customer_language(session, ticket) if ticket is not None else "bn"
        query = str(form.get("q", "")).strip()
        self.suggestions = self._rows(suggest(query, lang, limit=5)) if query else self.suggestions

    def _insert(self, text: str):
        return rx.call_script(f"window.sebaConsole && window.sebaConsole.insert({json.dumps(text)})")

    @rx.event
    def insert_link(self, index: int):
        if 0 <= index < len(self.suggestions):
            return self._insert(self.suggestions[index]["link"] + " ")
        return None

    @rx.event
    def insert_excerpt(self, index: int):
        if 0 <= index < len(self.suggestions):
            return self._insert(self.suggestions[index]["reply"])
        return None
