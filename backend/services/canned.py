"""Canned responses: supervisors keep them (Bengali and English bodies with {variables}), agents
list the ones for their teams and render one for a ticket in the customer's language.

Variables: {customer_name}, {order_number}, {ticket_number}, {agent_name}. A body naming any other
variable (or with a stray brace) is refused when saved. When rendering, a value that is missing is
replaced by words that read naturally ("আপনার অর্ডার" / "your order"), never by the raw variable.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, col, or_, select

from backend.db import Tx
from backend.errors import Conflict, NotFound, ValidationFailed
from backend.i18n.formatting import format_number
from backend.i18n.messages import message, normalise_locale
from backend.models import Agent, CannedResponse, Customer, Team, TeamMembership, Ticket
from backend.models.base import utcnow
from backend.services.organisation import organisation_id
from backend.validation import BODY_MAX, clean_text

VARIABLES = ("customer_name", "order_number", "ticket_number", "agent_name")
TITLE_MAX = 120
_SHORTCUT = re.compile(r"^[a-z0-9][a-z0-9_-]{1,39}$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_FALLBACK_CODES = {
    "customer_name": "canned_fallback_customer_name",
    "order_number": "canned_fallback_order_number",
    "agent_name": "canned_fallback_agent_name",
}


class CannedView(BaseModel):
    id: str
    shortcut: str
    title: str
    body_bn: str
    body_en: str
    team_id: str | None
    team_name: str | None


class RenderedCanned(BaseModel):
    canned_id: str
    locale: str
    body: str
    # Variables that had no value for this ticket and were given their fallback wording.
    fallbacks: list[str]


def check_template(body: str) -> str:
    """The body, cleaned; refused if it names an unknown variable or has an unmatched brace."""
    text = clean_text(body)
    if not text:
        raise ValidationFailed("canned_body_required")
    if len(text) > BODY_MAX:
        raise ValidationFailed("body_too_long", max=BODY_MAX)
    for name in _PLACEHOLDER.findall(text):
        if name.strip() not in VARIABLES:
            raise ValidationFailed("canned_unknown_variable", variable=name[:40], allowed=_allowed())
    stray = _PLACEHOLDER.sub("", text)
    if "{" in stray or "}" in stray:
        raise ValidationFailed("canned_unknown_variable", variable="", allowed=_allowed())
    return text


def _allowed() -> str:
    return ", ".join("{" + v + "}" for v in VARIABLES)


def _shortcut(value: str) -> str:
    shortcut = clean_text(value).lstrip("/").lower()
    if not _SHORTCUT.match(shortcut):
        raise ValidationFailed("canned_shortcut_invalid")
    return shortcut


def _title(value: str) -> str:
    title = " ".join(clean_text(value).split())
    if not title or len(title) > TITLE_MAX:
        raise ValidationFailed("canned_title_required", max=TITLE_MAX)
    return title


def _check_team(tx: Tx, team_id: uuid.UUID | None) -> None:
    if team_id is not None and tx.session.get(Team, team_id) is None:
        raise NotFound("team_not_found")


def _check_shortcut_free(tx: Tx, shortcut: str, except_id: uuid.UUID | None = None) -> None:
    query = select(CannedResponse.id).where(CannedResponse.shortcut == shortcut)
    if except_id is not None:
        query = query.where(CannedResponse.id != except_id)
    if tx.session.exec(query).first() is not None:
        raise Conflict("canned_shortcut_taken", shortcut=shortcut)


def create_canned(
    tx: Tx,
    *,
    shortcut: str,
    title: str,
    body_bn: str,
    body_en: str,
    team_id: uuid.UUID | None = None,
) -> CannedResponse:
    """A new canned response (for everyone, or for one team's agents)."""
    canned = CannedResponse(
        organisation_id=organisation_id(tx.session),
        shortcut=_shortcut(shortcut),
        title=_title(title),
        body_bn=check_template(body_bn),
        body_en=check_template(body_en),
        team_id=team_id,
        created_by_agent_id=uuid.UUID(tx.actor.id) if tx.actor.type == "agent" and tx.actor.id else None,
    )
    _check_team(tx, team_id)
    _check_shortcut_free(tx, canned.shortcut)
    tx.session.add(canned)
    tx.session.flush()
    tx.audit("canned.created", "canned_response", canned.id, shortcut=canned.shortcut, team_id=team_id)
    return canned


def update_canned(tx: Tx, *, canned_id: uuid.UUID, changes: dict[str, Any]) -> CannedResponse:
    """Change some of shortcut, title, body_bn, body_en, team_id (None there: for everyone)."""
    unknown = set(changes) - {"shortcut", "title", "body_bn", "body_en", "team_id"}
    if unknown:
        raise ValidationFailed("invalid_request", detail=f"unknown fields {sorted(unknown)}")
    canned = tx.session.get(CannedResponse, canned_id, with_for_update=True)
    if canned is None:
        raise NotFound("canned_not_found")
    cleaned: dict[str, Any] = {}
    if "shortcut" in changes:
        cleaned["shortcut"] = _shortcut(changes["shortcut"])
        _check_shortcut_free(tx, cleaned["shortcut"], except_id=canned.id)
    if "title" in changes:
        cleaned["title"] = _title(changes["title"])
    for name in ("body_bn", "body_en"):
        if name in changes:
            cleaned[name] = check_template(changes[name])
    if "team_id" in changes:
        _check_team(tx, changes["team_id"])
        cleaned["team_id"] = changes["team_id"]
    changed = {k: v for k, v in cleaned.items() if getattr(canned, k) != v}
    if changed:
        for name, value in changed.items():
            setattr(canned, name, value)
        canned.updated_at = utcnow()
        tx.session.add(canned)
        tx.audit("canned.updated", "canned_response", canned.id, fields=sorted(changed))
    return canned


def delete_canned(tx: Tx, *, canned_id: uuid.UUID) -> None:
    canned = tx.session.get(CannedResponse, canned_id, with_for_update=True)
    if canned is None:
        raise NotFound("canned_not_found")
    tx.session.delete(canned)
    tx.audit("canned.deleted", "canned_response", canned_id, shortcut=canned.shortcut)


def _view(canned: CannedResponse, team_name: str | None) -> CannedView:
    return CannedView(
        id=str(canned.id),
        shortcut=canned.shortcut,
        title=canned.title,
        body_bn=canned.body_bn,
        body_en=canned.body_en,
        team_id=str(canned.team_id) if canned.team_id else None,
        team_name=team_name,
    )


def list_canned(
    session: Session, *, agent_id: uuid.UUID | None = None, search: str | None = None
) -> list[CannedView]:
    """Every canned response (agent_id None: the supervisor's list), or those an agent may use:
    the ones for everyone and the ones of their teams; `search` matches shortcut and title."""
    query = select(CannedResponse, Team.name).outerjoin(Team, col(Team.id) == col(CannedResponse.team_id))
    if agent_id is not None:
        their_teams = select(TeamMembership.team_id).where(TeamMembership.agent_id == agent_id)
        query = query.where(
            or_(col(CannedResponse.team_id).is_(None), col(CannedResponse.team_id).in_(their_teams))
        )
    if search and search.strip():
        needle = f"%{search.strip().lstrip('/').lower()}%"
        query = query.where(
            or_(col(CannedResponse.shortcut).like(needle), col(CannedResponse.title).ilike(needle))
        )
    rows = session.exec(query.order_by(col(CannedResponse.shortcut))).all()
    return [_view(canned, team_name) for canned, team_name in rows]


def render_canned(
    session: Session,
    canned_id: uuid.UUID,
    ticket_id: uuid.UUID,
    locale: str | None = None,
    *,
    agent_id: uuid.UUID | None = None,
) -> RenderedCanned:
    """The canned response filled in for `ticket_id`, in `locale` or else the customer's language.

    {agent_name} is the rendering agent (`agent_id`), else the ticket's assignee; {order_number}
    the ticket's order reference; {ticket_number} in the language's digits.
    """
    canned = session.get(CannedResponse, canned_id)
    if canned is None:
        raise NotFound("canned_not_found")
    row = session.exec(
        select(Ticket, Customer)
        .join(Customer, col(Customer.id) == col(Ticket.customer_id))
        .where(Ticket.id == ticket_id)
    ).first()
    if row is None:
        raise NotFound("ticket_not_found")
    ticket, customer = row
    lang = normalise_locale(locale or customer.locale)
    agent_name = None
    speaking_agent = agent_id or ticket.assignee_id
    if speaking_agent is not None:
        agent_name = session.exec(select(Agent.name).where(Agent.id == speaking_agent)).first()
    values: dict[str, str | None] = {
        "customer_name": (customer.name or "").strip() or None,
        "order_number": ticket.order_ref,
        "ticket_number": f"#{format_number(ticket.number, lang)}",
        "agent_name": (agent_name or "").strip() or None,
    }
    fallbacks: list[str] = []

    def fill(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        value = values.get(name)
        if value:
            return value
        if name not in fallbacks:
            fallbacks.append(name)
        code = _FALLBACK_CODES.get(name)
        return message(code, lang) if code else ""

    template = canned.body_en if lang == "en" else canned.body_bn
    return RenderedCanned(
        canned_id=str(canned.id), locale=lang, body=_PLACEHOLDER.sub(fill, template), fallbacks=fallbacks
    )
