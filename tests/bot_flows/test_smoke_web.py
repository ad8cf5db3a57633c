"""Smoke: a web ticket through the sync push reaches the bot and gets an answer."""

from __future__ import annotations

import uuid

from tests.bot_flows.conftest import add_order, bot_replies, conversation, ticket
from tests.support.jobs import run_queued_jobs
from tests.support.sync_client import new_sync_customer, ticket_create


def test_track_order_on_web(api, bot_inboxes, classifier) -> None:
    customer = new_sync_customer(api)
    add_order(customer.customer_id)
    args = ticket_create(subject="order", body="amar order ORD-240117 kothay?")
    response = customer.push(customer.mutation("ticket.create", args))
    assert response.status_code == 200, response.text
    run_queued_jobs()
    tid = uuid.UUID(args["ticket_id"])
    replies = bot_replies(tid)
    assert replies, "the bot answered"
    assert "ORD-240117" in replies[0]
    assert conversation(tid).intent == "track_order"
    assert ticket(tid).status == "pending"
