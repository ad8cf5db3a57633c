"""The agent inbox: views with counts, filters, sort, keyset "load more", quick search, live updates."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import reflex as rx

from backend.db import read_session
from backend.errors import SebaError
from backend.i18n.formatting import format_datetime, format_number
from backend.intents import INTENTS, intent_name
from backend.queries.inbox import SORTS, VIEWS, inbox_page
from backend.queries.inbox_filters import InboxFilters
from backend.queries.search import quick_search
from backend.queries.views import InboxTicket
from state.formatting import ticket_rows
from state.live import LiveState

PAGE_SIZE = 30
# Events after which the list may have changed; bursts are folded into one refresh per second.
_REFRESHING = ("ticket.created", "ticket.updated", "message.created")
FILTER_NAMES = ("status", "channel", "priority", "sla", "language", "intent", "tag")


def inbox_rows(tickets: list[InboxTicket], locale: str, now: datetime) -> list[dict[str, str]]:
    rows = ticket_rows(tickets, locale, agent=True)
    for row, ticket in zip(rows, tickets, strict=True):
        due = ticket.sla_due_at
        if due is not None and due.tzinfo is None:
            due = due.replace(tzinfo=UTC)
        row.update(
            preview=ticket.preview,
            tags=", ".join(ticket.tags),
            intent=intent_name(ticket.intent, locale) if ticket.intent else "",
            due=format_datetime(due, locale) if due else "",
            due_state=""
            if due is None
            else ("overdue" if due <= now else "soon" if (due - now).total_seconds() < 3600 else "later"),
        )
    return rows


class InboxState(LiveState):
    view: str = "mine"
    sort: str = "sla_due"
    filters: dict[str, str] = {}
    # The view, sort and filters survive a reload (the browser remembers them).
    saved: str = rx.LocalStorage("", name="seba_inbox", sync=True)
    tickets: list[dict[str, str]] = []
    counts: dict[str, str] = {}
    next_cursor: str = ""
    loaded: bool = False
    loading_more: bool = False
    search_query: str = ""
    search_results: list[dict[str, str]] = []
    searched: bool = False
    _dirty_since: float = 0.0
    _last_refresh: float = 0.0

    @rx.var
    def intent_options(self) -> list[list[str]]:
        return [[i, intent_name(i, self.locale)] for i in INTENTS]

    @rx.var
    def filtering(self) -> bool:
        return any(self.filters.values())

    def _parsed_filters(self) -> InboxFilters:
        f = self.filters
        return InboxFilters.parse(
            status=[f["status"]] if f.get("status") else [],
            channel=[f["channel"]] if f.get("channel") else [],
            priority=[f["priority"]] if f.get("priority") else [],
            language=[f["language"]] if f.get("language") else [],
            intent=[f["intent"]] if f.get("intent") else [],
            tag=[f["tag"]] if f.get("tag") else [],
            sla=f.get("sla") or None,
        )

    def _fetch(self, *, cursor: str | None, limit: int) -> tuple[list[dict[str, str]], str]:
        agent = self._agent()
        assert agent is not None
        with read_session() as session:
            page = inbox_page(
                session,
                agent_id=agent.id,
                view=self.view,
                filters=self._parsed_filters(),
                sort=self.sort,
                cursor=cursor,
                limit=limit,
            )
        if page.counts is not None:
            c = page.counts
            self.counts = {v: format_number(getattr(c, v), self.locale) for v in VIEWS}
        return inbox_rows(page.tickets, self.locale, datetime.now(UTC)), page.next_cursor or ""

    def _refresh(self) -> bool:
        """Reload what is on screen (at least one page, as many rows as were loaded)."""
        if self._agent() is None:
            return False
        try:
            self.tickets, self.next_cursor = self._fetch(
                cursor=None, limit=max(PAGE_SIZE, min(len(self.tickets), 100))
            )
        except SebaError as exc:
            self.filters = {}
            self._error(exc)
            self.tickets, self.next_cursor = self._fetch(cursor=None, limit=PAGE_SIZE)
        self.loaded = True
        self._dirty_since = 0.0
        self._last_refresh = time.monotonic()
        return True

    def _remember(self) -> None:
        self.saved = json.dumps({"view": self.view, "sort": self.sort, "filters": self.filters})

    def _restore(self) -> None:
        try:
            saved = json.loads(self.saved or "{}")
        except ValueError:
            return
        if saved.get("view") in VIEWS:
            self.view = saved["view"]
        if saved.get("sort") in SORTS:
            self.sort = saved["sort"]
        filters = saved.get("filters")
        if isinstance(filters, dict):
            self.filters = {k: str(v)[:40] for k, v in filters.items() if k in FILTER_NAMES and v}

    @rx.event
    def load(self):
        self.error = ""
        self.loaded = False
        self._restore()
        if not self._refresh():
            return rx.redirect("/agent/login")
        return InboxState.listen

    @rx.event(background=True)
    async def listen(self):
        await self._listen()

    def _on_console_event(self, event: dict) -> None:
        """Refresh at once, but at most twice a second: a burst of events becomes one more refresh
        on the next tick instead of a query per event."""
        if event.get("kind") not in _REFRESHING:
            return
        if time.monotonic() - self._last_refresh >= 0.5:
            self._refresh()
        elif not self._dirty_since:
            self._dirty_since = time.monotonic()

    def _on_tick(self, now: float) -> None:
        super()._on_tick(now)
        if self._dirty_since:
            self._refresh()

    @rx.event
    def show(self, view: str):
        self.view = view if view in VIEWS else "all"
        self.tickets = []
        self._remember()
        if not self._refresh():
            return rx.redirect("/agent/login")
        return None

    @rx.event
    def set_filter(self, name: str, value: str):
        if name not in FILTER_NAMES:
            return None
        self.error = ""
        self.filters = {**self.filters, name: value.strip()[:40]}
        self.tickets = []
        self._remember()
        self._refresh()
        return None

    @rx.event
    def set_tag_filter(self, form: dict):
        return InboxState.set_filter("tag", str(form.get("tag", "")))

    @rx.event
    def set_sort(self, sort: str):
        self.sort = sort if sort in SORTS else "sla_due"
        self.tickets = []
        self._remember()
        self._refresh()

    @rx.event
    def clear_filters(self):
        self.filters = {}
        self.tickets = []
        self._remember()
        self._refresh()

    @rx.event
    def load_more(self):
        if not self.next_cursor or self._agent() is None:
            return
        self.loading_more = True
        yield
        try:
            rows, self.next_cursor = self._fetch(cursor=self.next_cursor, limit=PAGE_SIZE)
            known = {r["id"] for r in self.tickets}
            self.tickets = self.tickets + [r for r in rows if r["id"] not in known]
        except SebaError as exc:
            self._error(exc)
        self.loading_more = False

    @rx.event
    def search(self, form: dict):
        self.error = ""
        query = str(form.get("q", "")).strip()
        self.search_query = query
        if not query:
            self.search_results, self.searched = [], False
            return
        if self._agent() is None:
            return
        try:
            with read_session() as session:
                found = quick_search(session, query)
        except SebaError as exc:
            self._error(exc)
            return
        self.search_results = inbox_rows(found, self.locale, datetime.now(UTC))
        self.searched = True

    @rx.event
    def clear_search(self):
        self.search_query = ""
        self.search_results, self.searched = [], False
