"""The customer's pages: my tickets, a new ticket, one ticket's thread with a reply box."""

from __future__ import annotations

import uuid

import reflex as rx

from backend.db import Actor, read_session, transaction
from backend.errors import NotFound, SebaError
from backend.queries import tickets as ticket_queries
from backend.services import messages as message_service
from backend.services import tickets as ticket_service
from state.formatting import message_rows, ticket_rows
from state.session import SessionState


class CustomerTicketsState(SessionState):
    tickets: list[dict[str, str]] = []
    loaded: bool = False

    @rx.event
    def load(self):
        self.error = ""
        customer = self._customer()
        if customer is None:
            return rx.redirect("/login")
        with read_session() as session:
            self.tickets = ticket_rows(ticket_queries.customer_tickets(session, customer.id), self.locale)
        self.loaded = True
        return None


class NewTicketState(SessionState):
    busy: bool = False

    @rx.event
    def submit(self, form: dict):
        self.error = ""
        customer = self._customer()
        if customer is None:
            return rx.redirect("/login")
        try:
            with transaction(Actor.customer(customer.id)) as tx:
                opened = ticket_service.open_ticket(
                    tx,
                    customer_id=customer.id,
                    subject=form.get("subject", ""),
                    body=form.get("body", ""),
                    order_ref=form.get("order_ref") or None,
                )
        except SebaError as exc:
            self._error(exc)
            return None
        return rx.redirect(f"/t/{opened.ticket.id}")


class CustomerThreadState(SessionState):
    ticket: dict[str, str] = {}
    messages: list[dict[str, str]] = []
    draft: str = ""
    found: bool = True

    def _ticket_id(self) -> uuid.UUID | None:
        try:
            return uuid.UUID(str(self.router.page.params.get("ticket_id", "")))
        except ValueError:
            return None

    def _reload(self, customer_id: uuid.UUID, ticket_id: uuid.UUID) -> None:
        with read_session() as session:
            detail = ticket_queries.ticket_detail(session, ticket_id, customer_id=customer_id)
        self.ticket = ticket_rows([detail.ticket], self.locale)[0]
        self.messages = message_rows(detail.messages, self.locale, viewer="customer")
        self.found = True

    @rx.event
    def load(self):
        self.error = ""
        customer = self._customer()
        if customer is None:
            return rx.redirect("/login")
        ticket_id = self._ticket_id()
        try:
            if ticket_id is None:
                raise NotFound("ticket_not_found")
            self._reload(customer.id, ticket_id)
        except SebaError as exc:
            self.found = False
            self.ticket, self.messages = {}, []
            self._error(exc)
        return None

    @rx.event
    def set_draft(self, value: str) -> None:
        self.draft = value

    @rx.event
    def send(self, form: dict | None = None):
        self.error = ""
        customer = self._customer()
        ticket_id = self._ticket_id()
        if customer is None:
            return rx.redirect("/login")
        body = (form or {}).get("body", self.draft)
        try:
            if ticket_id is None:
                raise NotFound("ticket_not_found")
            with transaction(Actor.customer(customer.id)) as tx:
                message_service.post_customer_message(
                    tx, customer_id=customer.id, ticket_id=ticket_id, body=body
                )
            self.draft = ""
            self._reload(customer.id, ticket_id)
        except SebaError as exc:
            self._error(exc)
        return None
