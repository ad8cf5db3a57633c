"""Flows about one order, through the commerce adapter: track it, its refund, cancel it, change its
address, return an item, ask for a refund, report a problem with photos."""

from __future__ import annotations

from backend.bot import catalog, slots
from backend.bot.context import NEEDS_AGENT, SLOT_NOT_GIVEN, FlowOutcome, TurnContext
from backend.commerce.base import OrderInfo
from backend.models.enums import TicketPriority

# Orders that have left the warehouse: cancelling or re-addressing needs the courier (a person).
SHIPPED = ("shipped", "out_for_delivery", "delivered", "returned")
ASK_LIMIT = 2  # ask for a slot at most twice, then a person takes over


def order_from_message(ctx: TurnContext) -> str | None:
    text = ctx.message.body
    ref = slots.find_order_ref(text)
    if ref is None and ctx.conversation.awaiting == "order":
        ref = slots.find_bare_order_number(text)
    return ref


def need_order(ctx: TurnContext) -> OrderInfo | FlowOutcome:
    """The order the customer means (from this message, the conversation or the ticket), checked
    against the adapter and the customer; else the question to ask (or a hand-off when asked twice)."""
    ref = order_from_message(ctx) or ctx.slots.get("order") or ctx.ticket.order_ref
    if ref:
        order = ctx.commerce.order(ref)
        if order is not None and order.customer_id == ctx.customer.id:
            ctx.fill("order", order.order_ref)
            if ctx.conversation.awaiting == "order":
                ctx.answered()
            if ctx.ticket.order_ref != order.order_ref:
                ctx.ticket.order_ref = order.order_ref
            return order
        # Somebody else's order is reported exactly like an unknown one (no data leaks).
        return _ask_again(ctx, ctx.say("order_not_found", order=ref.upper()))
    recent = ctx.commerce.orders_for_customer(ctx.customer.id, limit=3)
    if recent:
        return _ask_again(ctx, ctx.say("ask_order_choices", orders=", ".join(o.order_ref for o in recent)))
    return _ask_again(ctx, ctx.say("ask_order"))


def _ask_again(ctx: TurnContext, question: str) -> FlowOutcome:
    if ctx.conversation.awaiting == "order" and ctx.conversation.asked_count >= ASK_LIMIT:
        return FlowOutcome(handoff=SLOT_NOT_GIVEN)
    ctx.ask("order")
    return FlowOutcome([question])


def _date(ctx: TurnContext, moment: object) -> str:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from backend.config import get_settings

    assert isinstance(moment, datetime)
    local = moment.astimezone(ZoneInfo(get_settings().timezone))
    return catalog.date_words(local.day, local.month, ctx.language)


def track_order(ctx: TurnContext) -> FlowOutcome:
    order = need_order(ctx)
    if isinstance(order, FlowOutcome):
        return order
    if order.status == "delivered" and order.delivered_at:
        eta = ctx.say("eta_delivered", date=_date(ctx, order.delivered_at))
    elif order.expected_delivery_at and order.status not in ("cancelled", "returned"):
        eta = ctx.say("eta_expected", date=_date(ctx, order.expected_delivery_at))
    else:
        eta = ""
    if order.courier and order.tracking_code and order.status in ("shipped", "out_for_delivery"):
        eta += ctx.say("tracking", courier=order.courier, code=order.tracking_code)
    status = catalog.word(catalog.ORDER_STATUS, order.status, ctx.language)
    answer = ctx.say("track_status", order=order.order_ref, status=status, eta=eta)
    return FlowOutcome([answer, ctx.say("anything_else")], done=True)


def refund_status(ctx: TurnContext) -> FlowOutcome:
    order = need_order(ctx)
    if isinstance(order, FlowOutcome):
        return order
    refunds = ctx.commerce.refunds_for_order(order.order_ref)
    if not refunds:
        return FlowOutcome([ctx.say("refund_none", order=order.order_ref)], done=True)
    refund = refunds[0]
    answer = ctx.say(
        "refund_found",
        order=order.order_ref,
        amount=catalog.localise_digits(slots.format_amount(refund.amount_paisa), ctx.language),
        method=catalog.word(catalog.METHOD_NAMES, refund.method, ctx.language),
        status=catalog.word(catalog.REFUND_STATUS, refund.status, ctx.language),
    )
    return FlowOutcome([answer, ctx.say("anything_else")], done=True)


def cancel_order(ctx: TurnContext) -> FlowOutcome:
    """Cancel through the adapter when it can and the order has not shipped; otherwise the request
    goes to agents (the demo adapter is read-only, so agents confirm every cancellation)."""
    order = need_order(ctx)
    if isinstance(order, FlowOutcome):
        return order
    if order.status in SHIPPED:
        return FlowOutcome([ctx.say("cancel_shipped", order=order.order_ref)], handoff=NEEDS_AGENT)
    if order.status == "cancelled":
        status = catalog.word(catalog.ORDER_STATUS, order.status, ctx.language)
        return FlowOutcome([ctx.say("track_status", order=order.order_ref, status=status, eta="")], done=True)
    cancel = getattr(ctx.commerce, "cancel_order", None)
    if callable(cancel) and cancel(order.order_ref):
        ctx.tx.audit("bot.order_cancelled", "ticket", ctx.ticket.id, order=order.order_ref)
        return FlowOutcome(
            [ctx.say("cancel_done", order=order.order_ref), ctx.say("anything_else")], done=True
        )
    return FlowOutcome(
        [ctx.say("cancel_requested", order=order.order_ref)], handoff=NEEDS_AGENT, category="cancel_request"
    )


def change_address(ctx: TurnContext) -> FlowOutcome:
    order = need_order(ctx)
    if isinstance(order, FlowOutcome):
        return order
    if order.status in SHIPPED:
        return FlowOutcome([ctx.say("address_shipped", order=order.order_ref)], handoff=NEEDS_AGENT)
    new_address = ctx.slots.get("new_address")
    if new_address is None and ctx.conversation.awaiting == "new_address":
        new_address = " ".join(ctx.message.body.split())[:300]
        ctx.fill("new_address", new_address)
        ctx.answered()
    if not new_address:
        if ctx.conversation.awaiting == "new_address" and ctx.conversation.asked_count >= ASK_LIMIT:
            return FlowOutcome(handoff=SLOT_NOT_GIVEN)
        ctx.ask("new_address")
        return FlowOutcome([ctx.say("ask_new_address", order=order.order_ref)])
    update = getattr(ctx.commerce, "update_address", None)
    if callable(update) and update(order.order_ref, new_address):
        ctx.tx.audit("bot.address_changed", "ticket", ctx.ticket.id, order=order.order_ref)
        return FlowOutcome([ctx.say("address_updated", order=order.order_ref)], done=True)
    return FlowOutcome(
        [ctx.say("address_requested", order=order.order_ref)], handoff=NEEDS_AGENT, category="address_change"
    )


def return_item(ctx: TurnContext) -> FlowOutcome:
    return _policy_then_request(ctx, "return_policy", "return_opened", "return_request")


def request_refund(ctx: TurnContext) -> FlowOutcome:
    return _policy_then_request(ctx, "refund_policy", "refund_opened", "refund_request")


def _policy_then_request(ctx: TurnContext, policy: str, opened: str, category: str) -> FlowOutcome:
    """Explain the policy once, then open the request for the order (agents carry it out)."""
    first_time = not ctx.slots.get("policy_told")
    if first_time:
        ctx.fill("policy_told", True)
    order = need_order(ctx)
    if isinstance(order, FlowOutcome):
        if first_time:
            order.replies.insert(0, ctx.say(policy))
        return order
    replies = [ctx.say(policy)] if first_time else []
    replies.append(ctx.say(opened, order=order.order_ref))
    return FlowOutcome(replies, handoff=NEEDS_AGENT, category=category)


def item_problem(ctx: TurnContext) -> FlowOutcome:
    """Ask for photos (and the order), raise the priority to high, then give it to a person."""
    photos = slots.photo_count(ctx.message.attachments)
    if photos:
        ctx.fill("photos", int(ctx.slots.get("photos", 0)) + photos)
    ref = order_from_message(ctx)
    if ref and ctx.commerce.order(ref) is not None:
        ctx.fill("order", ref)
    if not ctx.slots.get("photos"):
        if ctx.conversation.awaiting == "photos" and ctx.conversation.asked_count >= ASK_LIMIT:
            return FlowOutcome(handoff=SLOT_NOT_GIVEN, priority=TicketPriority.high)
        key = "ask_photos" if ctx.conversation.awaiting != "photos" else "ask_photos_again"
        ctx.ask("photos")
        return FlowOutcome([ctx.say(key)], priority=TicketPriority.high)
    ctx.answered()
    order = ctx.slots.get("order") or ctx.ticket.order_ref or "-"
    return FlowOutcome(
        [ctx.say("item_problem_opened", order=order)],
        handoff=NEEDS_AGENT,
        priority=TicketPriority.high,
        category="item_problem",
    )
