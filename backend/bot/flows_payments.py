"""The payment-issue flow: collect method, TrxID, amount and time, then open a structured
PaymentDispute and give the ticket to the team that handles payment issues."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from backend.bot import catalog, slots
from backend.bot.context import PAYMENT_DISPUTE, SLOT_NOT_GIVEN, FlowOutcome, TurnContext
from backend.config import get_settings
from backend.models import PaymentDispute, Team
from backend.models.enums import TicketPriority
from backend.services.tickets import assign_ticket

PAYMENT_SLOTS = ("method", "trx_id", "amount_paisa", "occurred_at")
_QUESTION = {
    "method": "ask_method",
    "trx_id": "ask_trx",
    "amount_paisa": "ask_amount",
    "occurred_at": "ask_time",
}
ASK_LIMIT = 2


def _collect(ctx: TurnContext) -> None:
    """Take every payment slot this message gives (several at once is the common case)."""
    text = ctx.message.body
    awaiting = ctx.conversation.awaiting
    found: dict[str, object] = {}
    method = slots.find_method(text)
    if method:
        found["method"] = method
    trx = slots.find_trx_id(text, awaiting=awaiting == "trx_id")
    if trx:
        found["trx_id"] = trx
    amount = slots.find_amount_paisa(text, awaiting=awaiting == "amount_paisa")
    if amount:
        found["amount_paisa"] = amount
    moment = slots.find_time(text, ctx.now, get_settings().timezone)
    if moment:
        found["occurred_at"] = moment.isoformat()
    order = slots.find_order_ref(text)
    if order:
        found["order"] = order
    for name, value in found.items():
        if name == "order" or not ctx.slots.get(name):
            ctx.fill(name, value)


def payment_issue(ctx: TurnContext) -> FlowOutcome:
    asked_before = ctx.conversation.awaiting in (*PAYMENT_SLOTS, "payment_details")
    first_time = not asked_before and not any(ctx.slots.get(s) for s in PAYMENT_SLOTS)
    _collect(ctx)
    missing = [name for name in PAYMENT_SLOTS if not ctx.slots.get(name)]
    if missing:
        if first_time and len(missing) > 1:
            ctx.ask("payment_details")
            return FlowOutcome([ctx.say("ask_payment_details")], priority=TicketPriority.high)
        slot = missing[0]
        if ctx.conversation.awaiting == slot and ctx.conversation.asked_count >= ASK_LIMIT:
            return FlowOutcome(handoff=SLOT_NOT_GIVEN, priority=TicketPriority.high)
        ctx.ask(slot)
        return FlowOutcome([ctx.say(_QUESTION[slot])], priority=TicketPriority.high)
    ctx.answered()
    dispute = open_payment_dispute(ctx)
    reply = ctx.say(
        "dispute_opened",
        method=catalog.word(catalog.METHOD_NAMES, dispute.method, ctx.language),
        trx=dispute.trx_id,
        amount=catalog.localise_digits(slots.format_amount(dispute.amount_paisa), ctx.language),
    )
    return FlowOutcome(
        [reply], handoff=PAYMENT_DISPUTE, priority=TicketPriority.high, category="payment_dispute"
    )


def payments_team(ctx: TurnContext) -> Team | None:
    """The team whose `handles` names payment_issue (the first by slug), as routing would choose."""
    teams = ctx.tx.session.exec(select(Team).order_by(col(Team.slug))).all()
    return next((t for t in teams if "payment_issue" in (t.handles or [])), None)


def open_payment_dispute(ctx: TurnContext) -> PaymentDispute:
    """One dispute per ticket (a second complete set of details updates it), and the ticket goes to
    the payments team with the payment_issue intent, so routing picks a payments agent."""
    values = ctx.slots
    dispute = ctx.tx.session.exec(
        select(PaymentDispute).where(PaymentDispute.ticket_id == ctx.ticket.id)
    ).first()
    if dispute is None:
        dispute = PaymentDispute(
            ticket_id=ctx.ticket.id,
            customer_id=ctx.customer.id,
            method=values["method"],
            trx_id=values["trx_id"],
            amount_paisa=int(values["amount_paisa"]),
            occurred_at=datetime.fromisoformat(values["occurred_at"]),
        )
    else:
        dispute.method, dispute.trx_id = values["method"], values["trx_id"]
        dispute.amount_paisa = int(values["amount_paisa"])
        dispute.occurred_at = datetime.fromisoformat(values["occurred_at"])
    dispute.order_ref = values.get("order") or ctx.ticket.order_ref
    ctx.tx.session.add(dispute)
    ctx.tx.session.flush()
    ctx.tx.audit(
        "payment_dispute.opened",
        "ticket",
        ctx.ticket.id,
        dispute_id=dispute.id,
        method=dispute.method,
        trx_id=dispute.trx_id,
        amount_paisa=dispute.amount_paisa,
        occurred_at=dispute.occurred_at,
    )
    ctx.ticket.intent = "payment_issue"
    team = payments_team(ctx)
    if team is not None and ctx.ticket.team_id != team.id:
        # Audited and announced like any transfer; routing then picks a payments agent.
        assign_ticket(
            ctx.tx, ticket_id=ctx.ticket.id, assignee_id=None, team_id=team.id, reason="payment_dispute"
        )
    ctx.tx.session.add(ctx.ticket)
    return dispute
