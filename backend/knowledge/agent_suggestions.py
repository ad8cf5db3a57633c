"""Article suggestions for an agent's ticket: searched from the conversation, in the customer's language."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, col, select

from backend.errors import ValidationFailed
from backend.knowledge.search import search_articles
from backend.models import Customer, Message, Ticket

RECENT_CUSTOMER_MESSAGES = 3
CONVERSATION_CHARS = 300  # the subject and the latest words say what the ticket is about


@dataclass(frozen=True)
class ArticleSuggestion:
    """An article an agent can send: its link and an excerpt, in the customer's language."""

    id: str
    slug: str
    title: str
    lang: str
    link: str  # absolute when PUBLIC_BASE_URL is set, so it works in SMS and email replies too
    excerpt: str

    def reply_text(self) -> str:
        """What "insert excerpt" puts into the reply box."""
        return f"{self.title}\n{self.excerpt}\n{self.link}"


def customer_language(session: Session, ticket: Ticket) -> str:
    """bn or en: the ticket's detected language (Banglish reads Bengali articles), else the customer's."""
    if ticket.language in ("bn", "banglish"):
        return "bn"
    if ticket.language == "en":
        return "en"
    customer = session.get(Customer, ticket.customer_id)
    return "en" if customer is not None and customer.locale == "en" else "bn"


def conversation_query(session: Session, ticket: Ticket) -> str:
    """The subject and the customer's latest messages, cut to what a search takes."""
    bodies = session.exec(
        select(Message.body)
        .where(Message.ticket_id == ticket.id, Message.direction == "inbound")
        .order_by(col(Message.created_at).desc())
        .limit(RECENT_CUSTOMER_MESSAGES)
    ).all()
    text = " ".join([ticket.subject, *reversed(bodies)])
    return " ".join(text.split())[:CONVERSATION_CHARS]


def _absolute(url: str) -> str:
    from backend.config import get_settings

    base = (get_settings().public_base_url or "").rstrip("/")
    return f"{base}{url}" if base else url


def suggest(query: str, lang: str, limit: int = 3) -> list[ArticleSuggestion]:
    """Articles for `query` in `lang` (an empty query suggests nothing)."""
    if not query.strip():
        return []
    try:
        hits = search_articles(query[:CONVERSATION_CHARS], lang=lang, limit=limit)
    except ValidationFailed:
        return []
    return [ArticleSuggestion(h.id, h.slug, h.title, h.lang, _absolute(h.url), h.excerpt) for h in hits]


def suggest_for_ticket(session: Session, ticket_id: uuid.UUID, limit: int = 3) -> list[ArticleSuggestion]:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        return []
    return suggest(conversation_query(session, ticket), customer_language(session, ticket), limit)
