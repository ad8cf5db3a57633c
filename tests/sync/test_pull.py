"""The change feed and GET /api/sync/pull: what is synced, paging, resets, delivery, pokes."""

from __future__ import annotations

import time
import uuid
from typing import Any

from sqlmodel import select

from backend.db import Actor, read_session, transaction
from backend.events import MessageDelivered, listens_to
from backend.models import ChangeLog, Message, MessageDelivery, SyncScope
from backend.queries.delivery import delivered_devices, is_delivered_to_customer
from backend.realtime import CUSTOMER_CHANNEL
from backend.services import messages as message_service
from backend.services import tickets as ticket_service
from sync.pull import server_projection
from tests.support.factories import make_agent, make_customer, open_ticket
from tests.support.sync_client import SyncCustomer, message_send, ticket_create

DELIVERED: list[MessageDelivered] = []


@listens_to(MessageDelivered)
def _remember_delivery(event: MessageDelivered) -> None:
    DELIVERED.append(event)


def _open(customer: SyncCustomer) -> str:
    args = ticket_create()
    assert customer.push(customer.mutation("ticket.create", args)).status_code == 200
    return str(args["ticket_id"])


def _reply(ticket_id: str, body: str = "আমরা দেখছি", **extra: Any) -> Message:
    agent = make_agent()
    with transaction(Actor.agent(agent.id)) as tx:
        return message_service.post_agent_reply(
            tx, agent_id=agent.id, ticket_id=uuid.UUID(ticket_id), body=body, **extra
        )


def _feed(customer_id: uuid.UUID) -> list[ChangeLog]:
    with read_session() as session:
        return list(
            session.exec(
                select(ChangeLog).where(ChangeLog.customer_id == customer_id).order_by(ChangeLog.server_seq)
            )
        )


def test_the_feed_carries_customer_visible_changes_only(customer: SyncCustomer) -> None:
    ticket_id = _open(customer)
    agent = make_agent(name="Nusrat")
    tid = uuid.UUID(ticket_id)
    with transaction(Actor.agent(agent.id)) as tx:
        ticket_service.assign_ticket(tx, ticket_id=tid, assignee_id=agent.id)
    with transaction(Actor.agent(agent.id)) as tx:
        ticket_service.change_priority(tx, ticket_id=tid, priority="urgent")
    with transaction(Actor.agent(agent.id)) as tx:
        message_service.add_internal_note(tx, agent_id=agent.id, ticket_id=tid, body="গোপন নোট")
    assert [c.kind for c in _feed(customer.customer_id)] == ["ticket.created", "message.created"]
    with transaction(Actor.agent(agent.id)) as tx:
        message_service.post_agent_reply(
            tx, agent_id=agent.id, ticket_id=tid, body="উত্তর", then_status="pending"
        )
    feed = _feed(customer.customer_id)
    assert [c.server_seq for c in feed] == [1, 2, 3, 4]
    assert [c.kind for c in feed[2:]] == ["ticket.updated", "message.created"]
    ticket_data, reply_data = feed[2].payload, feed[3].payload
    assert ticket_data["status"] == "pending"
    assert not {"assignee_id", "priority", "tags", "team_id", "category"} & set(ticket_data)
    assert reply_data["direction"] == "outbound" and reply_data["author_name"] == "Nusrat"
    assert "গোপন নোট" not in str([c.payload for c in feed])
    with read_session() as session:
        scope = session.get(SyncScope, customer.customer_id)
    assert scope is not None and scope.last_server_seq == 4


def test_pull_pages_in_order_and_the_projection_matches(customer: SyncCustomer) -> None:
    ticket_id = _open(customer)
    for i in range(4):
        customer.push(customer.mutation("message.send", message_send(ticket_id, f"বার্তা {i}")))
    # A first pull (cursor 0) is a snapshot: it also carries what predates the change feed.
    first = customer.pull(0).json()
    assert first["reset"] is True and first["has_more"] is False and first["last_seq"] == 5
    head = first["next_cursor"]
    assert all(c["server_seq"] == head for c in first["changes"])
    assert {c["entity_id"]: c["data"] for c in first["changes"]} == server_projection(customer.customer_id)
    # From a known cursor the feed pages in order, without gaps.
    page = customer.pull(1, limit=2).json()
    assert [c["server_seq"] for c in page["changes"]] == [2, 3]
    assert page["has_more"] is True and page["next_cursor"] == 3 and page["reset"] is False
    changes, cursor = customer.pull_all(1)
    assert [c["server_seq"] for c in changes] == list(range(2, cursor + 1)) and cursor == head
    store: dict[str, Any] = {c["entity_id"]: c["data"] for c in customer.pull(0).json()["changes"]}
    for change in customer.pull_all(1)[0]:
        store[change["entity_id"]] = change["data"]
    assert store == server_projection(customer.customer_id)
    assert customer.pull(cursor).json()["changes"] == []


def test_an_unknown_cursor_answers_a_snapshot_reset(customer: SyncCustomer) -> None:
    ticket_id = _open(customer)
    _reply(ticket_id)
    with transaction(Actor.system()) as tx:
        agent = make_agent()
        message_service.add_internal_note(tx, agent_id=agent.id, ticket_id=uuid.UUID(ticket_id), body="নোট")
    head = customer.pull_all(0)[1]
    for cursor in (head + 1, 10_000, -1):
        page = customer.pull(cursor).json()
        assert page["reset"] is True and page["has_more"] is False and page["next_cursor"] == head
        kinds = [c["kind"] for c in page["changes"]]
        assert kinds == ["ticket.snapshot", "message.snapshot", "message.snapshot"]
        assert {c["entity_id"]: c["data"] for c in page["changes"]} == server_projection(customer.customer_id)


def test_a_reply_is_delivered_when_the_cursor_passes_it_once_per_device(customer: SyncCustomer) -> None:
    DELIVERED.clear()
    ticket_id = _open(customer)
    reply = _reply(ticket_id)
    with read_session() as session:
        reply_seq = session.exec(
            select(ChangeLog.server_seq).where(ChangeLog.entity_id == str(reply.id))
        ).one()
    assert customer.pull(reply_seq - 1).status_code == 200
    assert not is_delivered_to_customer_now(reply.id)
    page = customer.pull(reply_seq).json()
    assert is_delivered_to_customer_now(reply.id)
    # The delivered status is itself a change, carried by the same answer.
    assert [(c["kind"], c["data"]["delivery_status"]) for c in page["changes"]] == [
        ("message.updated", "delivered")
    ]
    customer.pull(reply_seq)
    customer.pull(page["next_cursor"])
    second_device = SyncCustomer(customer.client, customer.customer_id, customer.token, "second-device")
    _, second_cursor = second_device.pull_all(0)
    second_device.pull(second_cursor)  # the next pull says what the device has applied
    with read_session() as session:
        assert len(session.exec(select(MessageDelivery)).all()) == 2
        assert delivered_devices(session, reply.id) == [customer.device_id, "second-device"]
    assert [(e.message_id, e.device_id, e.first_for_customer) for e in DELIVERED] == [
        (reply.id, customer.device_id, True),
        (reply.id, "second-device", False),
    ]


def is_delivered_to_customer_now(message_id: uuid.UUID) -> bool:
    with read_session() as session:
        return is_delivered_to_customer(session, message_id)


def test_a_committed_change_pokes_the_customer_channel(customer: SyncCustomer, redis_client: Any) -> None:
    ticket_id = _open(customer)
    pubsub = redis_client.pubsub()
    pubsub.subscribe(CUSTOMER_CHANNEL.format(customer_id=customer.customer_id))
    assert pubsub.get_message(timeout=2)["type"] == "subscribe"
    _reply(ticket_id)
    message = pubsub.get_message(timeout=5)
    assert message is not None and message["type"] == "message" and message["data"] == b"pull"
    # Changes invisible to the customer do not poke.
    other = make_customer()
    open_ticket(other)
    time.sleep(0.1)
    assert pubsub.get_message(timeout=0.3) is None
    pubsub.close()


def test_first_writers_of_a_new_scope_race_safely() -> None:
    """Two transactions create the counter row of a new customer at once: gapless, no error."""
    import threading

    customer = make_customer()
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            barrier.wait()
            open_ticket(customer)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [c.server_seq for c in _feed(customer.id)] == list(range(1, 9))
    with read_session() as session:
        assert session.get(SyncScope, customer.id).last_server_seq == 8  # type: ignore[union-attr]
