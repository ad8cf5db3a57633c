"""Mutation kinds: each checks its args and applies them through the backend services.

A handler raises a `SebaError` for a permanent refusal (the push engine records it as a rejection
and acknowledges the mutation); it never commits: the engine owns the transaction.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

from sqlmodel import select

from backend.channels.push import subscriptions as push_subscriptions
from backend.db import Tx
from backend.errors import NotFound, ValidationFailed
from backend.models import Message, Ticket
from backend.models.enums import ChannelKind
from backend.services import feedback
from backend.services import messages as message_service
from backend.services import tickets as ticket_service
from backend.services.message_batches import NewCustomerMessage
from sync.batch import Mutation
from sync.schema_versions import check_schema_v, upgrade_args

_CATEGORY = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
MAX_ATTACHMENTS = 10


@dataclass(frozen=True)
class Caller:
    customer_id: uuid.UUID
    device_id: str


class Args:
    """Typed access to a mutation's args; every problem is an `invalid_args` rejection."""

    def __init__(self, args: Any, allowed: set[str]) -> None:
        if not isinstance(args, dict):
            raise ValidationFailed(
                "invalid_args", detail=f"args must be an object, got {type(args).__name__}"
            )
        unexpected = sorted(set(args) - allowed)
        if unexpected:
            raise ValidationFailed("invalid_args", detail=f"unexpected argument {unexpected[0]!r}")
        self.raw: dict[str, Any] = args

    def uuid(self, name: str, *, required: bool = True) -> uuid.UUID | None:
        value = self.raw.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, str):
            _bad(name, "a UUID string")
        try:
            return uuid.UUID(value)
        except ValueError:
            _bad(name, "a UUID string")

    def text(self, name: str, *, required: bool = True) -> str | None:
        value = self.raw.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, str):
            _bad(name, "a string")
        return value


def _bad(name: str, what: str) -> NoReturn:
    raise ValidationFailed("invalid_args", detail=f"{name} must be {what}")


def _ticket_id(args: Args) -> uuid.UUID:
    ticket_id = args.uuid("ticket_id")
    assert ticket_id is not None
    return ticket_id


def ticket_create(tx: Tx, caller: Caller, raw: Any) -> None:
    args = Args(raw, {"ticket_id", "subject", "body", "category", "order_ref", "message_id"})
    ticket_id = _ticket_id(args)
    message_id = args.uuid("message_id", required=False)
    category = args.text("category", required=False)
    if category is not None and not _CATEGORY.match(category):
        _bad("category", "lower-case letters, digits and _ (at most 60)")
    new_ticket = tx.session.get(Ticket, ticket_id) is None
    if message_id is not None and new_ticket and tx.session.get(Message, message_id) is not None:
        _bad("message_id", "a new id (it is already used by another message)")
    ticket_service.open_ticket(
        tx,
        customer_id=caller.customer_id,
        subject=args.text("subject") or "",
        body=args.text("body") or "",
        channel=ChannelKind.web,
        category=category,
        order_ref=args.text("order_ref", required=False),
        ticket_id=ticket_id,
        message_id=message_id,
    )


def attachments_arg(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_ATTACHMENTS:
        _bad("attachments", f"a list of at most {MAX_ATTACHMENTS} objects")
    cleaned = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("url"), str) or len(item["url"]) > 2000:
            _bad("attachments", "objects with a 'url' string")
        cleaned.append(
            {k: item[k] for k in ("url", "name", "type", "size") if isinstance(item.get(k), str | int)}
        )
    return cleaned


def message_send(tx: Tx, caller: Caller, raw: Any) -> None:
    args = Args(raw, {"message_id", "ticket_id", "body", "attachments"})
    message_id = args.uuid("message_id")
    ticket_id = _ticket_id(args)
    attachments = attachments_arg(args.raw.get("attachments"))
    existing = tx.session.exec(select(Message.ticket_id).where(Message.id == message_id)).first()
    if existing is not None:
        owner = tx.session.exec(select(Ticket.customer_id).where(Ticket.id == existing)).first()
        if owner != caller.customer_id:
            _bad("message_id", "a new id (it is already used by another message)")
        return  # a retry of a message already stored: nothing to do
    message_service.post_customer_message(
        tx,
        customer_id=caller.customer_id,
        ticket_id=ticket_id,
        body=args.text("body") or "",
        attachments=attachments,
        message_id=message_id,
    )


def message_send_item(mutation: Mutation) -> NewCustomerMessage:
    """A `message.send` mutation's args, upgraded and checked, for the batched write."""
    raw = mutation.args
    if not isinstance(raw, dict):
        check_schema_v(mutation.schema_v)
        raise ValidationFailed("invalid_args", detail=f"args must be an object, got {type(raw).__name__}")
    args = Args(
        upgrade_args(mutation.kind, raw, mutation.schema_v),
        {"message_id", "ticket_id", "body", "attachments"},
    )
    message_id = args.uuid("message_id")
    assert message_id is not None
    return NewCustomerMessage(
        message_id=message_id,
        ticket_id=_ticket_id(args),
        body=args.text("body") or "",
        attachments=attachments_arg(args.raw.get("attachments")),
    )


def ticket_update_customer_fields(tx: Tx, caller: Caller, raw: Any) -> None:
    args = Args(raw, {"ticket_id", "fields"})
    ticket_id = _ticket_id(args)
    fields: Any = args.raw.get("fields")
    if not isinstance(fields, dict):
        _bad("fields", "an object")
    for name, value in fields.items():
        if (
            name in ticket_service.CUSTOMER_EDITABLE_FIELDS
            and value is not None
            and not isinstance(value, str)
        ):
            _bad(f"fields.{name}", "a string or null")
    ticket_service.update_customer_fields(
        tx, customer_id=caller.customer_id, ticket_id=ticket_id, fields=fields
    )


def ticket_reopen(tx: Tx, caller: Caller, raw: Any) -> None:
    args = Args(raw, {"ticket_id"})
    ticket_service.reopen_ticket(tx, customer_id=caller.customer_id, ticket_id=_ticket_id(args))


def csat_submit(tx: Tx, caller: Caller, raw: Any) -> None:
    args = Args(raw, {"ticket_id", "score", "comment"})
    ticket_id = _ticket_id(args)
    score: Any = args.raw.get("score")  # checked by the service
    feedback.submit_csat(
        tx,
        customer_id=caller.customer_id,
        ticket_id=ticket_id,
        score=score,
        comment=args.text("comment", required=False),
    )


def customer_set_sms_script(tx: Tx, caller: Caller, raw: Any) -> None:
    """How our SMS are written to this customer: Bengali script or Banglish (the same choice the
    BANGLA / BANGLISH SMS keywords make)."""
    from backend.models import Customer
    from backend.services.sms_inbound import set_sms_script

    args = Args(raw, {"sms_script"})
    customer = tx.session.get(Customer, caller.customer_id, with_for_update=True)
    if customer is None:
        raise NotFound("customer_not_found")
    set_sms_script(tx, customer, str(args.text("sms_script") or ""))


def push_subscribe(tx: Tx, caller: Caller, raw: Any) -> None:
    """The browser's PushSubscription.toJSON(), for this device: a device keeps one subscription
    (a newer endpoint replaces its older one); the same endpoint again only refreshes its keys."""
    args = Args(raw, {"endpoint", "keys", "expiration_time", "expirationTime"})
    expires: Any = args.raw.get("expiration_time", args.raw.get("expirationTime"))
    if expires is not None and (isinstance(expires, bool) or not isinstance(expires, int | float)):
        _bad("expiration_time", "a number (milliseconds since 1970) or null")
    subscription = push_subscriptions.parse_subscription(
        {"endpoint": args.raw.get("endpoint"), "keys": args.raw.get("keys")}
    )
    push_subscriptions.subscribe_customer_device(
        tx, customer_id=caller.customer_id, device_id=caller.device_id, subscription=subscription
    )


def push_unsubscribe(tx: Tx, caller: Caller, raw: Any) -> None:
    """The app turned notifications off: forget this device's subscription for `endpoint`. An
    endpoint already gone (or never stored) is not an error: the outcome is the same."""
    args = Args(raw, {"endpoint"})
    endpoint = args.text("endpoint")
    if not endpoint or len(endpoint) > push_subscriptions.MAX_ENDPOINT_LENGTH:
        _bad("endpoint", f"a URL of at most {push_subscriptions.MAX_ENDPOINT_LENGTH} characters")
    push_subscriptions.unsubscribe_customer_device(
        tx, customer_id=caller.customer_id, device_id=caller.device_id, endpoint=endpoint
    )


def kb_feedback(tx: Tx, caller: Caller, raw: Any) -> None:
    """A "was this helpful?" answer on a help article, given (perhaps offline) on this device; one
    answer per device and article counts (the first)."""
    from backend.knowledge.feedback import record_feedback

    args = Args(raw, {"article_id", "helpful", "comment"})
    article_id = args.uuid("article_id")
    helpful: Any = args.raw.get("helpful")
    if not isinstance(helpful, bool):
        _bad("helpful", "true or false")
    record_feedback(
        tx,
        article_id,
        helpful=helpful,
        customer_id=caller.customer_id,
        client_id=f"{caller.device_id}:{article_id}"[:64],
        comment=args.text("comment", required=False) or "",
    )


Handler = Callable[[Tx, Caller, Any], None]
HANDLERS: dict[str, Handler] = {
    "ticket.create": ticket_create,
    "message.send": message_send,
    "ticket.update_customer_fields": ticket_update_customer_fields,
    "ticket.reopen": ticket_reopen,
    "csat.submit": csat_submit,
    "customer.set_sms_script": customer_set_sms_script,
    "push.subscribe": push_subscribe,
    "push.unsubscribe": push_unsubscribe,
    "kb.feedback": kb_feedback,
}
KINDS = tuple(HANDLERS)


def apply_mutation(tx: Tx, caller: Caller, mutation: Mutation) -> None:
    """Apply one mutation or raise the `SebaError` that rejects it for good."""
    args = mutation.args
    if isinstance(args, dict):
        args = upgrade_args(mutation.kind, args, mutation.schema_v)
    else:
        check_schema_v(mutation.schema_v)
    handler = HANDLERS.get(mutation.kind)
    if handler is None:
        raise ValidationFailed("unknown_kind", kind=mutation.kind[:60])
    handler(tx, caller, args)
