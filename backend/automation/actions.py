"""What rules do: each allow-listed action run through the existing ticket services (`run_action`),
and the same action only described, writing nothing, for the dry run (`plan_action`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, or_, select

from backend.automation.outbound import post_automated_message
from backend.automation.schema import (
    Action,
    AddTag,
    AssignAgent,
    AssignTeam,
    CloseAfter,
    Escalate,
    SendCanned,
    SendSurvey,
    SetPriority,
)
from backend.automation.silence import customer_wrote_since
from backend.db import Tx
from backend.errors import ValidationFailed
from backend.events import TicketEscalated
from backend.i18n.formatting import format_number
from backend.i18n.messages import message
from backend.models import (
    Agent,
    AgentNotification,
    CannedResponse,
    Customer,
    Team,
    TeamMembership,
    Ticket,
    TicketCloseSchedule,
)
from backend.models.enums import Role, TicketPriority, TicketStatus
from backend.services import ticket_ops
from backend.services.activity import add_activity
from backend.services.canned import render_canned
from backend.ticket_status import DONE

_PRIORITIES = [str(p) for p in TicketPriority]


@dataclass(frozen=True)
class ActionContext:
    rule_id: uuid.UUID
    rule_name: str
    event_key: str
    index: int  # the action's place in the rule
    now: datetime

    @property
    def key(self) -> str:
        """The idempotency key of this action's external effect (a message, a notice)."""
        return f"rule:{self.rule_id}:{self.event_key}:{self.index}"


# References by the names admins write in rules --------------------------------------------------


def find_team(session: Session, slug: str) -> Team | None:
    return session.exec(select(Team).where(Team.slug == slug)).first()


def find_agent(session: Session, email: str) -> Agent | None:
    return session.exec(select(Agent).where(Agent.email == email.strip().lower())).first()


def find_canned(session: Session, shortcut: str) -> CannedResponse | None:
    return session.exec(
        select(CannedResponse).where(CannedResponse.shortcut == shortcut.strip().lstrip("/"))
    ).first()


def check_references(session: Session, actions: list[Action]) -> None:
    """Refuse (bilingual) a rule naming a team, agent or canned response that does not exist."""
    for action in actions:
        if isinstance(action, AssignTeam) and find_team(session, action.team) is None:
            raise ValidationFailed("automation_reference_unknown", kind="team", value=action.team)
        if isinstance(action, AssignAgent):
            agent = find_agent(session, action.agent)
            if agent is None or not agent.is_active:
                raise ValidationFailed("automation_reference_unknown", kind="agent", value=action.agent)
        if isinstance(action, SendCanned) and find_canned(session, action.canned) is None:
            raise ValidationFailed(
                "automation_reference_unknown", kind="canned response", value=action.canned
            )
        if isinstance(action, AddTag):
            ticket_ops.normalise_tag(action.tag)


def _raised(priority: str) -> str:
    rank = _PRIORITIES.index(priority) if priority in _PRIORITIES else 1
    return _PRIORITIES[min(rank + 1, len(_PRIORITIES) - 1)]


def supervisors_of(session: Session, team_id: uuid.UUID | None) -> list[Agent]:
    """The active supervisors (and admins) of the team; every active supervisor when it has none."""
    staff = (
        select(Agent)
        .where(col(Agent.is_active).is_(True), or_(Agent.role == Role.supervisor, Agent.role == Role.admin))
        .order_by(col(Agent.email))
    )
    if team_id is not None:
        in_team = session.exec(
            staff.join(TeamMembership, col(TeamMembership.agent_id) == col(Agent.id)).where(
                TeamMembership.team_id == team_id
            )
        ).all()
        if in_team:
            return list(in_team)
    return list(session.exec(staff.where(Agent.role == Role.supervisor)).all())


# Running -------------------------------------------------------------------------------------------


def run_action(tx: Tx, ticket: Ticket, action: Action, ctx: ActionContext) -> dict[str, Any]:
    """Do one action on the (locked) ticket inside the rule's transaction; returns what was done:
    `outcome` is done, unchanged (already so) or skipped (with a reason)."""
    if isinstance(action, AssignTeam):
        team = find_team(tx.session, action.team)
        if team is None:
            raise ValidationFailed("automation_reference_unknown", kind="team", value=action.team)
        if ticket.team_id == team.id:
            return {"outcome": "unchanged", "team": team.slug}
        ticket_ops.transfer_ticket(tx, ticket_id=ticket.id, team_id=team.id)
        return {"outcome": "done", "team": team.slug}
    if isinstance(action, AssignAgent):
        agent = find_agent(tx.session, action.agent)
        if agent is None:
            raise ValidationFailed("automation_reference_unknown", kind="agent", value=action.agent)
        if ticket.assignee_id == agent.id:
            return {"outcome": "unchanged", "agent": agent.email}
        ticket_ops.transfer_ticket(tx, ticket_id=ticket.id, agent_id=agent.id)
        return {"outcome": "done", "agent": agent.email}
    if isinstance(action, SetPriority):
        old = ticket.priority
        if old == action.priority:
            return {"outcome": "unchanged", "priority": old}
        ticket_ops.set_priority(tx, ticket_id=ticket.id, priority=action.priority)
        return {"outcome": "done", "old": old, "priority": action.priority}
    if isinstance(action, AddTag):
        tag = ticket_ops.normalise_tag(action.tag)
        if tag in (ticket.tags or []):
            return {"outcome": "unchanged", "tag": tag}
        ticket_ops.add_tags(tx, ticket_id=ticket.id, tags=[tag])
        return {"outcome": "done", "tag": tag}
    if isinstance(action, SendCanned):
        return _send_canned(tx, ticket, action, ctx)
    if isinstance(action, SendSurvey):
        return _send_survey(tx, ticket)
    if isinstance(action, Escalate):
        return _escalate(tx, ticket, ctx)
    if isinstance(action, CloseAfter):
        return _close_notice(tx, ticket, action, ctx)
    raise ValueError(f"action {action!r} is not in the allow-list")


def _send_canned(tx: Tx, ticket: Ticket, action: SendCanned, ctx: ActionContext) -> dict[str, Any]:
    canned = find_canned(tx.session, action.canned)
    if canned is None:
        raise ValidationFailed("automation_reference_unknown", kind="canned response", value=action.canned)
    if ticket.status == TicketStatus.closed:
        return {"outcome": "skipped", "reason": "ticket closed"}
    rendered = render_canned(tx.session, canned.id, ticket.id)
    sent = post_automated_message(tx, ticket, rendered.body, key=ctx.key)
    return {
        "outcome": "done",
        "canned": canned.shortcut,
        "locale": rendered.locale,
        "message_id": str(sent.id),
    }


def _send_survey(tx: Tx, ticket: Ticket) -> dict[str, Any]:
    from backend.csat.surveys import send_survey

    if ticket.status not in DONE:
        return {"outcome": "skipped", "reason": f"ticket is {ticket.status}, not resolved"}
    sent = send_survey(tx, ticket_id=ticket.id)
    if not sent.created:
        return {"outcome": "unchanged", "channel": sent.survey.channel}
    return {"outcome": "done", "channel": sent.survey.channel, "status": sent.survey.status}


def _escalate(tx: Tx, ticket: Ticket, ctx: ActionContext) -> dict[str, Any]:
    old = ticket.priority
    new = _raised(old)
    if new != old:
        ticket_ops.set_priority(tx, ticket_id=ticket.id, priority=new)
    supervisors = supervisors_of(tx.session, ticket.team_id)
    for supervisor in supervisors:
        tx.session.add(
            AgentNotification(
                agent_id=supervisor.id,
                kind="escalation",
                ticket_id=ticket.id,
                data={
                    "rule": ctx.rule_name,
                    "rule_id": str(ctx.rule_id),
                    "priority": new,
                    "number": ticket.number,
                },
            )
        )
    add_activity(tx, ticket, "activity_escalated", rule=ctx.rule_name)
    tx.emit(TicketEscalated(ticket.id, tuple(s.id for s in supervisors), ctx.rule_name))
    return {
        "outcome": "done",
        "old": old,
        "priority": new,
        "notified": [str(s.id) for s in supervisors],
    }


def _close_notice(tx: Tx, ticket: Ticket, action: CloseAfter, ctx: ActionContext) -> dict[str, Any]:
    if ticket.status in DONE:
        return {"outcome": "skipped", "reason": f"ticket is {ticket.status}"}
    pending = tx.session.exec(
        select(TicketCloseSchedule).where(
            TicketCloseSchedule.ticket_id == ticket.id, TicketCloseSchedule.status == "scheduled"
        )
    ).first()
    if pending is not None:
        if not customer_wrote_since(tx.session, ticket.id, pending.noticed_at):
            return {"outcome": "unchanged", "close_at": pending.close_at.isoformat()}
        pending.status, pending.finished_at = "cancelled", ctx.now  # they answered that notice
        tx.session.add(pending)
    customer = tx.session.get(Customer, ticket.customer_id)
    locale = customer.locale if customer else "bn"
    body = message(
        "automation_close_notice",
        locale,
        days=format_number(action.days, locale),
        number=format_number(ticket.number, locale),
    )
    notice = post_automated_message(tx, ticket, body, key=ctx.key)
    close_at = notice.created_at + timedelta(days=action.days)
    tx.session.add(
        TicketCloseSchedule(
            ticket_id=ticket.id,
            rule_id=ctx.rule_id,
            rule_name=ctx.rule_name,
            notice_message_id=notice.id,
            noticed_at=notice.created_at,
            close_at=close_at,
        )
    )
    return {"outcome": "done", "days": action.days, "close_at": close_at.isoformat()}


# Describing (dry run) ------------------------------------------------------------------------------


def plan_action(session: Session, ticket: Ticket, action: Action) -> dict[str, Any]:
    """What `run_action` would do to this ticket now, without doing it."""
    base: dict[str, Any] = {"type": action.type}
    if isinstance(action, AssignTeam):
        team = find_team(session, action.team)
        if team is None:
            return {**base, "outcome": "error", "reason": f"team {action.team} not found"}
        return {**base, "outcome": "unchanged" if ticket.team_id == team.id else "done", "team": team.slug}
    if isinstance(action, AssignAgent):
        agent = find_agent(session, action.agent)
        if agent is None:
            return {**base, "outcome": "error", "reason": f"agent {action.agent} not found"}
        return {
            **base,
            "outcome": "unchanged" if ticket.assignee_id == agent.id else "done",
            "agent": agent.email,
        }
    if isinstance(action, SetPriority):
        same = ticket.priority == action.priority
        return {
            **base,
            "outcome": "unchanged" if same else "done",
            "old": ticket.priority,
            "priority": action.priority,
        }
    if isinstance(action, AddTag):
        tag = action.tag.strip().lower()
        return {**base, "outcome": "unchanged" if tag in (ticket.tags or []) else "done", "tag": tag}
    if isinstance(action, SendCanned):
        if find_canned(session, action.canned) is None:
            return {**base, "outcome": "error", "reason": f"canned response {action.canned} not found"}
        if ticket.status == TicketStatus.closed:
            return {**base, "outcome": "skipped", "reason": "ticket closed"}
        return {**base, "outcome": "done", "canned": action.canned}
    if isinstance(action, SendSurvey):
        if ticket.status not in DONE:
            return {**base, "outcome": "skipped", "reason": f"ticket is {ticket.status}, not resolved"}
        return {**base, "outcome": "done"}
    if isinstance(action, Escalate):
        return {**base, "outcome": "done", "old": ticket.priority, "priority": _raised(ticket.priority)}
    if isinstance(action, CloseAfter):
        if ticket.status in DONE:
            return {**base, "outcome": "skipped", "reason": f"ticket is {ticket.status}"}
        return {**base, "outcome": "done", "days": action.days}
    raise ValueError(f"action {action!r} is not in the allow-list")
