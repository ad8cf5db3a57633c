"""One flow per intent of INTENTS.md: what the bot does with what the customer wants."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from backend.bot import flows_orders, flows_payments
from backend.bot.context import NEEDS_AGENT, TALK_TO_AGENT, FlowOutcome, TurnContext
from backend.intents import INTENTS
from backend.models.enums import TicketPriority

KB_LIMIT = 1
EXCERPT_MAX = 220


def greeting(ctx: TurnContext) -> FlowOutcome:
    return FlowOutcome([ctx.say("greeting")])


def thanks_goodbye(ctx: TurnContext) -> FlowOutcome:
    return FlowOutcome([ctx.say("goodbye")], resolve=True, done=True)


def out_of_scope(ctx: TurnContext) -> FlowOutcome:
    return FlowOutcome([ctx.say("capabilities")])


_CALL_WORDS = re.compile(r"\b(call|callback|phone|kol|fon)\b|কল|ফোন", re.IGNORECASE)


def talk_to_agent(ctx: TurnContext) -> FlowOutcome:
    """A person takes over; a customer who asks to be called gets a call-back request (tagged, in
    the summary) that agents work when they are in."""
    if _CALL_WORDS.search(ctx.message.body):
        ctx.fill("callback", ctx.customer.phone or True)
        return FlowOutcome(
            [ctx.say("handoff"), ctx.say("callback_noted")], handoff=TALK_TO_AGENT, category="callback"
        )
    return FlowOutcome(handoff=TALK_TO_AGENT)


def account_help(ctx: TurnContext) -> FlowOutcome:
    return FlowOutcome([ctx.say("account_help")], done=True)


def promo_coupon(ctx: TurnContext) -> FlowOutcome:
    """Guidance first; when the customer comes back with the code (or says it still fails), a
    person checks the coupon."""
    if not ctx.slots.get("promo_told"):
        ctx.fill("promo_told", True)
        ctx.ask("coupon")
        return FlowOutcome([ctx.say("promo_help")])
    ctx.answered()
    ctx.fill("coupon_message", " ".join(ctx.message.body.split())[:200])
    return FlowOutcome([ctx.say("promo_opened")], handoff=NEEDS_AGENT, category="promo_coupon")


def complaint(ctx: TurnContext) -> FlowOutcome:
    """A complaint is recorded as such and given to a person; strong anger makes it urgent."""
    priority = TicketPriority.urgent if ctx.strong_negative else TicketPriority.high
    return FlowOutcome(
        [ctx.say("complaint_received")], handoff=NEEDS_AGENT, priority=priority, category="complaint"
    )


def _knowledge(ctx: TurnContext) -> FlowOutcome:
    """Answer from the knowledge base (the best article in the customer's language); without the
    knowledge base or a hit, offer a person."""
    hits: list[Any] = []
    if ctx.kb_search is not None:
        # Articles exist in Bengali and English; Banglish readers get the Latin-script (English) one.
        lang = "bn" if ctx.language == "bn" else "en"
        hits = ctx.kb_search(ctx.message.body, lang, KB_LIMIT) or ctx.kb_search(
            ctx.message.body, None, KB_LIMIT
        )
    if not hits:
        ctx.fill("kb_answer", None)
        return FlowOutcome([ctx.say("kb_missing")])
    hit = hits[0]
    excerpt = " ".join(str(getattr(hit, "excerpt", "")).split())
    if len(excerpt) > EXCERPT_MAX:
        excerpt = excerpt[: EXCERPT_MAX - 1] + "…"
    ctx.fill("kb_article", str(getattr(hit, "id", "")))
    answer = ctx.say(
        "kb_answer", title=getattr(hit, "title", ""), excerpt=excerpt, url=getattr(hit, "url", "")
    )
    return FlowOutcome([answer.strip(), ctx.say("anything_else")], done=True)


FLOWS: dict[str, Callable[[TurnContext], FlowOutcome]] = {
    "track_order": flows_orders.track_order,
    "cancel_order": flows_orders.cancel_order,
    "return_item": flows_orders.return_item,
    "item_problem": flows_orders.item_problem,
    "refund_status": flows_orders.refund_status,
    "request_refund": flows_orders.request_refund,
    "payment_issue": flows_payments.payment_issue,
    "payment_methods": _knowledge,
    "delivery_info": _knowledge,
    "change_address": flows_orders.change_address,
    "account_help": account_help,
    "promo_coupon": promo_coupon,
    "complaint": complaint,
    "talk_to_agent": talk_to_agent,
    "greeting": greeting,
    "thanks_goodbye": thanks_goodbye,
    "out_of_scope": out_of_scope,
}
assert set(FLOWS) == set(INTENTS), "one flow per intent label"


def run_flow(intent: str, ctx: TurnContext) -> FlowOutcome:
    return FLOWS[intent](ctx)


def answers_awaited_slot(ctx: TurnContext) -> bool:
    """Does this message answer what the bot asked for? Then it continues the current flow, whatever
    the classifier thinks of "ORD-240117" or "500 tk" on their own."""
    from backend.bot import slots

    awaiting = ctx.conversation.awaiting
    text = ctx.message.body
    if awaiting == "order":
        return flows_orders.order_from_message(ctx) is not None
    if awaiting == "photos":
        return slots.has_photos(ctx.message.attachments)
    if awaiting in ("new_address", "coupon"):
        return True
    if awaiting in flows_payments.PAYMENT_SLOTS or awaiting == "payment_details":
        return any(
            (
                slots.find_method(text),
                slots.find_trx_id(text, awaiting=awaiting == "trx_id"),
                slots.find_amount_paisa(text, awaiting=awaiting == "amount_paisa"),
                slots.find_time(text, ctx.now),
            )
        )
    return False
