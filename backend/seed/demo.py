"""Seed the demo once: staff in two teams, a dozen customers and tickets with threads."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from backend.bot.admin import connect_demo_inboxes
from backend.calendar.loader import seed_demo_calendars
from backend.config import get_settings
from backend.db import Actor, read_session, transaction
from backend.models import Agent, AuditEvent
from backend.seed.demo_console import seed_console_demo
from backend.seed.demo_content import CUSTOMERS, STAFF, TEAMS, TICKETS
from backend.services import agents as agent_service
from backend.services import customers as customer_service
from backend.services import messages as message_service
from backend.services import tickets as ticket_service
from backend.services.organisation import organisation_id

SEEDED_ACTION = "demo.seeded"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


class SeedRefused(RuntimeError):
    pass


def demo_logins() -> list[DemoLogin]:
    return [DemoLogin(s["role"], s["email"], s["password"]) for s in STAFF]


def already_seeded() -> bool:
    with read_session() as session:
        return (
            session.exec(select(AuditEvent.id).where(AuditEvent.action == SEEDED_ACTION)).first() is not None
        )


def seed_demo() -> bool:
    """Create the demo data unless it exists; returns True when it seeded now."""
    if not get_settings().is_development:
        raise SeedRefused("the demo has known passwords; it is only seeded when SEBA_ENV=development")
    if already_seeded():
        with transaction(Actor.system()) as tx:
            seed_console_demo(tx)  # a demo seeded before canned responses and orders existed
            seed_demo_calendars(tx, organisation_id(tx.session))  # ... or before business calendars
            connect_demo_inboxes(tx)  # ... or before the support bot
        return False
    with transaction(Actor.system()) as tx:
        teams = {
            t["slug"]: agent_service.create_team(
                tx, slug=t["slug"], name=t["name"], name_bn=t["name_bn"], handles=t["handles"]
            )
            for t in TEAMS
        }
        for s in STAFF:
            agent_service.create_agent(
                tx,
                email=s["email"],
                name=s["name"],
                password=s["password"],
                role=s["role"],
                skills=s.get("skills", []),
                languages=s["languages"],
                gender=s["gender"],
                team_ids=[teams[slug].id for slug in s["teams"]],
            )
        customers = []
        for c in CUSTOMERS:
            customer, _ = customer_service.find_or_create_by_phone(
                tx, phone=c["phone"], locale=c["locale"], name=c["name"]
            )
            customer_service.update_profile(
                tx,
                customer_id=customer.id,
                sms_script=c.get("sms_script", "bengali"),
                tier=c.get("tier", "standard"),
            )
            customers.append(customer)
        tx.session.flush()
        agent_ids = {a.email: a.id for a in tx.session.exec(select(Agent))}
        for t in TICKETS:
            customer = customers[t["customer"]]
            opened = ticket_service.open_ticket(
                tx,
                customer_id=customer.id,
                subject=t["subject"],
                body=t["body"],
                category=t.get("category"),
                order_ref=t.get("order_ref"),
                language=t["language"],
            )
            ticket = opened.ticket
            if t.get("category") == "payment_issue":
                ticket_service.assign_ticket(
                    tx,
                    ticket_id=ticket.id,
                    assignee_id=None,
                    team_id=teams["payments"].id,
                    reason="demo: payments team",
                )
            for who, text in t["turns"]:
                if who == "customer":
                    message_service.post_customer_message(
                        tx, customer_id=customer.id, ticket_id=ticket.id, body=text
                    )
                elif who.startswith("agent:"):
                    message_service.post_agent_reply(
                        tx, agent_id=agent_ids[who[6:]], ticket_id=ticket.id, body=text
                    )
                else:
                    message_service.add_internal_note(
                        tx, agent_id=agent_ids[who[5:]], ticket_id=ticket.id, body=text
                    )
            if t["status"] != ticket.status:
                if ticket.status == "new" and t["status"] != "open":
                    ticket_service.apply_status(tx, ticket, "open", tx.actor.type)
                ticket_service.apply_status(tx, ticket, t["status"], tx.actor.type)
        seed_console_demo(tx)
        seed_demo_calendars(tx, organisation_id(tx.session))  # payments team -> bank-hours calendar
        connect_demo_inboxes(tx)  # the bot answers new web, sms and email tickets
        tx.audit(SEEDED_ACTION, "organisation", "demo", customers=len(customers), tickets=len(TICKETS))
    return True
