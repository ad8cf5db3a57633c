"""POST /api/sync/push: exactly-once application in seq order, rejections, kinds, schema versions."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
from sqlmodel import func, select

from backend.db import Actor, read_session, transaction
from backend.models import (
    AuditEvent,
    CsatResponse,
    Message,
    PushSubscription,
    SyncDevice,
    SyncRejection,
    Ticket,
)
from backend.services import tickets as ticket_service
from sync.batch import parse_batch
from sync.push import push
from tests.support.factories import make_agent
from tests.support.sync_client import SyncCustomer, message_send, new_sync_customer, ticket_create


def _count(model: type, *where: Any) -> int:
    with read_session() as session:
        return int(session.exec(select(func.count()).select_from(model).where(*where)).one())


def _ticket(ticket_id: str) -> Ticket:
    with read_session() as session:
        ticket = session.get(Ticket, uuid.UUID(ticket_id))
    assert ticket is not None
    return ticket


def _open(customer: SyncCustomer, **overrides: Any) -> str:
    args = ticket_create(**overrides)
    response = customer.push(customer.mutation("ticket.create", args))
    assert response.status_code == 200, response.text
    assert response.json() == {"last_seq": customer.next_seq - 1, "rejections": []}
    return str(args["ticket_id"])


def _set_status(ticket_id: str, status: str) -> None:
    agent = make_agent()
    with transaction(Actor.agent(agent.id)) as tx:
        ticket_service.change_status(tx, ticket_id=uuid.UUID(ticket_id), status=status)


def _rejections(response: Any) -> dict[int, str]:
    assert response.status_code == 200, response.text
    return {r["seq"]: r["code"] for r in response.json()["rejections"]}


def test_a_batch_is_applied_in_order_and_a_retry_changes_nothing(customer: SyncCustomer) -> None:
    t = ticket_create()
    batch = [
        customer.mutation("ticket.create", t),
        customer.mutation("message.send", message_send(t["ticket_id"], "দ্বিতীয় বার্তা")),
        customer.mutation("message.send", message_send(t["ticket_id"], "তৃতীয় বার্তা")),
    ]
    first = customer.push(*batch)
    assert first.status_code == 200 and first.json() == {"last_seq": 3, "rejections": []}
    counts = (_count(Ticket), _count(Message))
    assert counts == (1, 3)
    again = customer.push(*batch)  # the answer was lost: the client sends the same batch again
    assert again.json() == {"last_seq": 3, "rejections": []}
    assert (_count(Ticket), _count(Message)) == counts
    with read_session() as session:
        device = session.get(SyncDevice, customer.device_id)
    assert device is not None and device.last_seq == 3 and device.customer_id == customer.customer_id


def test_a_gap_stops_the_batch_with_409_and_what_came_before_is_kept(customer: SyncCustomer) -> None:
    t = ticket_create()
    first = customer.mutation("ticket.create", t)
    second = customer.mutation("message.send", message_send(t["ticket_id"]))
    third = customer.mutation("message.send", message_send(t["ticket_id"]))
    response = customer.push(first, third)
    assert response.status_code == 409
    body = response.json()
    assert body["error"]["code"] == "seq_gap" and body["last_seq"] == 1 and body["expected_seq"] == 2
    assert "send change 2 first" in body["error"]["message_en"] and body["error"]["message_bn"]
    assert _count(Message) == 1
    assert customer.push(second, third).json() == {"last_seq": 3, "rejections": []}
    assert _count(Message) == 3


def test_a_poison_mutation_is_rejected_acknowledged_and_does_not_block_the_rest(
    customer: SyncCustomer,
) -> None:
    t = ticket_create()
    response = customer.push(
        customer.mutation("ticket.create", t),
        customer.mutation("message.send", message_send(t["ticket_id"], body="   ")),
        customer.mutation("sticker.send", {"ticket_id": t["ticket_id"]}),
        customer.mutation("message.send", message_send(t["ticket_id"], "after the poison")),
    )
    assert _rejections(response) == {2: "body_required", 3: "unknown_kind"}
    assert response.json()["last_seq"] == 4
    rejection = response.json()["rejections"][1]
    assert rejection["detail"] and "sticker.send" in rejection["message_en"] and rejection["message_bn"]
    with read_session() as session:
        bodies = [m.body for m in session.exec(select(Message))]
        stored = session.exec(select(SyncRejection).order_by(SyncRejection.seq)).all()
    assert sorted(bodies) == sorted(["আমার অর্ডার কোথায়?", "after the poison"])
    assert [(r.seq, r.code, r.kind) for r in stored] == [
        (2, "body_required", "message.send"),
        (3, "unknown_kind", "sticker.send"),
    ]
    # A retry of the whole batch reports the same rejections again (the first answer may be lost).
    retry = customer.push(*customer.sent)
    assert _rejections(retry) == {2: "body_required", 3: "unknown_kind"}


def test_each_mutation_in_its_own_transaction_gives_the_same_answers(customer: SyncCustomer) -> None:
    t = ticket_create()
    mutations = [
        customer.mutation("ticket.create", t),
        customer.mutation("ticket.reopen", {"ticket_id": t["ticket_id"]}),
        customer.mutation("message.send", message_send(t["ticket_id"])),
    ]
    raw = {"device_id": customer.device_id, "mutations": mutations}
    import json

    outcome = push(customer.customer_id, parse_batch(json.dumps(raw).encode()), one_transaction=False)
    assert outcome.last_seq == 3 and outcome.gap is None
    assert [(r["seq"], r["code"]) for r in outcome.rejections] == [(2, "ticket_not_resolved")]
    again = push(customer.customer_id, parse_batch(json.dumps(raw).encode()), one_transaction=False)
    assert again.last_seq == 3 and _count(Message) == 2


def test_a_device_of_another_customer_is_refused_whole(
    customer: SyncCustomer, other_customer: SyncCustomer
) -> None:
    _open(customer)
    t = ticket_create()
    response = other_customer.push(other_customer.mutation("ticket.create", t), device_id=customer.device_id)
    assert response.status_code == 403 and response.json()["error"]["code"] == "device_not_yours"
    assert _count(Ticket) == 1
    pulled = other_customer.pull(0, device_id=customer.device_id)
    assert pulled.status_code == 403


def test_a_mutation_cannot_touch_another_customers_ticket(
    customer: SyncCustomer, other_customer: SyncCustomer
) -> None:
    theirs = _open(other_customer)
    _set_status(theirs, "resolved")
    response = customer.push(
        customer.mutation("message.send", message_send(theirs)),
        customer.mutation("ticket.reopen", {"ticket_id": theirs}),
        customer.mutation("ticket.update_customer_fields", {"ticket_id": theirs, "fields": {"subject": "x"}}),
        customer.mutation("csat.submit", {"ticket_id": theirs, "score": 1}),
        customer.mutation("ticket.create", ticket_create(ticket_id=theirs)),
    )
    assert _rejections(response) == {s: "ticket_not_found" for s in range(1, 6)}
    assert _ticket(theirs).status == "resolved" and _count(Message) == 1 and _count(CsatResponse) == 0


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "closed"},
        {"assignee": "me"},
        {"assignee_id": str(uuid.uuid4())},
        {"priority": "urgent"},
        {"tags": ["vip"]},
        {"team": "payments"},
        {"team_id": str(uuid.uuid4())},
        {"category": "refund"},
        {"subject": "allowed", "priority": "urgent"},
        {"favourite_colour": "blue"},
    ],
)
def test_agent_owned_fields_are_rejected_and_nothing_changes(
    customer: SyncCustomer, fields: dict[str, Any]
) -> None:
    ticket_id = _open(customer)
    before = _ticket(ticket_id)
    response = customer.push(
        customer.mutation("ticket.update_customer_fields", {"ticket_id": ticket_id, "fields": fields})
    )
    assert _rejections(response) == {2: "agent_owned_field"}
    assert response.json()["last_seq"] == 2
    after = _ticket(ticket_id)
    assert after.model_dump() == before.model_dump()


def test_customer_fields_subject_and_order_ref_are_updated(customer: SyncCustomer) -> None:
    ticket_id = _open(customer)
    response = customer.push(
        customer.mutation(
            "ticket.update_customer_fields",
            {"ticket_id": ticket_id, "fields": {"subject": "  নতুন   বিষয় ", "order_ref": "bd-12345"}},
        ),
        customer.mutation(
            "ticket.update_customer_fields", {"ticket_id": ticket_id, "fields": {"order_ref": "#"}}
        ),
    )
    assert _rejections(response) == {3: "order_ref_invalid"}
    ticket = _ticket(ticket_id)
    assert ticket.subject == "নতুন বিষয়" and ticket.order_ref == "BD-12345"
    assert ticket.status == "new" and ticket.assignee_id is None and ticket.priority == "normal"


def test_reopen_only_from_resolved(customer: SyncCustomer) -> None:
    ticket_id = _open(customer)
    not_yet = customer.push(customer.mutation("ticket.reopen", {"ticket_id": ticket_id}))
    assert _rejections(not_yet) == {2: "ticket_not_resolved"}
    assert "'new'" in not_yet.json()["rejections"][0]["message_en"]
    _set_status(ticket_id, "resolved")
    assert _rejections(customer.push(customer.mutation("ticket.reopen", {"ticket_id": ticket_id}))) == {}
    assert _ticket(ticket_id).status == "open" and _ticket(ticket_id).resolved_at is None
    _set_status(ticket_id, "resolved")
    _set_status(ticket_id, "closed")
    closed = customer.push(customer.mutation("ticket.reopen", {"ticket_id": ticket_id}))
    assert _rejections(closed) == {4: "ticket_closed"}


def test_csat_once_per_resolved_or_closed_ticket(customer: SyncCustomer) -> None:
    ticket_id = _open(customer)
    early = customer.push(customer.mutation("csat.submit", {"ticket_id": ticket_id, "score": 5}))
    assert _rejections(early) == {2: "csat_not_allowed"}
    _set_status(ticket_id, "resolved")
    response = customer.push(
        customer.mutation("csat.submit", {"ticket_id": ticket_id, "score": 0}),
        customer.mutation("csat.submit", {"ticket_id": ticket_id, "score": True}),
        customer.mutation("csat.submit", {"ticket_id": ticket_id, "score": 4, "comment": "ধন্যবাদ"}),
        customer.mutation("csat.submit", {"ticket_id": ticket_id, "score": 5}),
    )
    assert _rejections(response) == {3: "invalid_args", 4: "invalid_args", 6: "csat_already_submitted"}
    with read_session() as session:
        answer = session.exec(select(CsatResponse)).one()
    assert (answer.score, answer.comment, answer.customer_id) == (4, "ধন্যবাদ", customer.customer_id)


def test_push_subscribe_stores_and_updates_per_endpoint(customer: SyncCustomer) -> None:
    # Real key material (a P-256 point, a 16-byte secret): the channel validates it
    # (backend/channels/push/subscriptions.py); more in tests/sync/test_push_subscriptions.py.
    from tests.sync.test_push_subscriptions import browser_subscription

    endpoint = "https://push.example.net/send/abc123"
    first, second = browser_subscription()["keys"], browser_subscription()["keys"]
    response = customer.push(
        customer.mutation("push.subscribe", {"endpoint": endpoint, "keys": first}),
        customer.mutation("push.subscribe", {"endpoint": endpoint, "keys": second}),
        customer.mutation("push.subscribe", {"endpoint": "http://insecure.example/x", "keys": first}),
        customer.mutation(
            "push.subscribe", {"endpoint": endpoint, "keys": {"p256dh": "not base64!", "auth": "a"}}
        ),
        customer.mutation("push.subscribe", {"endpoint": endpoint}),
    )
    assert _rejections(response) == {
        3: "push_subscription_invalid",
        4: "push_subscription_invalid",
        5: "push_subscription_invalid",
    }
    with read_session() as session:
        subscription = session.exec(select(PushSubscription)).one()
    assert (subscription.p256dh, subscription.auth, subscription.device_id) == (
        second["p256dh"],
        second["auth"],
        customer.device_id,
    )


def test_schema_v1_carries_text_and_is_upgraded_older_and_newer_are_rejected(customer: SyncCustomer) -> None:
    t = ticket_create()
    v1_ticket = {k: v for k, v in t.items() if k != "body"} | {"text": "পুরনো অ্যাপ থেকে"}
    v1_message = {"message_id": str(uuid.uuid4()), "ticket_id": t["ticket_id"], "text": "v1 message"}
    response = customer.push(
        customer.mutation("ticket.create", v1_ticket, schema_v=1),
        customer.mutation("message.send", v1_message, schema_v=1),
        customer.mutation("message.send", message_send(t["ticket_id"]), schema_v=1),  # body in v1: wrong
        customer.mutation("message.send", message_send(t["ticket_id"]), schema_v=0),
        customer.mutation("message.send", message_send(t["ticket_id"]), schema_v=3),
        customer.mutation("message.send", v1_message | {"message_id": str(uuid.uuid4())}, schema_v=2),
    )
    assert _rejections(response) == {
        3: "invalid_args",
        4: "schema_unsupported",
        5: "schema_unsupported",
        6: "invalid_args",
    }
    details = {r["seq"]: r["detail"] for r in response.json()["rejections"]}
    assert details[4] == "schema_v 0 is not supported: this server accepts 1 to 2"
    assert details[6] == "unexpected argument 'text'"
    with read_session() as session:
        assert sorted(m.body for m in session.exec(select(Message))) == ["v1 message", "পুরনো অ্যাপ থেকে"]
        assert session.get(SyncDevice, customer.device_id).schema_v == 2  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("kind", "args", "code"),
    [
        ("ticket.create", {"ticket_id": "not-a-uuid", "subject": "s", "body": "b"}, "invalid_args"),
        ("ticket.create", {"ticket_id": str(uuid.uuid4()), "subject": "", "body": "b"}, "subject_required"),
        (
            "ticket.create",
            {"ticket_id": str(uuid.uuid4()), "subject": "s", "body": "b", "category": "Bad!"},
            "invalid_args",
        ),
        (
            "message.send",
            {"message_id": str(uuid.uuid4()), "ticket_id": str(uuid.uuid4()), "body": "b"},
            "ticket_not_found",
        ),
        ("message.send", {"message_id": 5, "ticket_id": str(uuid.uuid4()), "body": "b"}, "invalid_args"),
        (
            "message.send",
            {
                "ticket_id": str(uuid.uuid4()),
                "body": "b",
                "message_id": str(uuid.uuid4()),
                "attachments": "x",
            },
            "invalid_args",
        ),
        ("ticket.reopen", ["not", "an", "object"], "invalid_args"),
        (
            "ticket.update_customer_fields",
            {"ticket_id": str(uuid.uuid4()), "fields": "subject"},
            "invalid_args",
        ),
    ],
)
def test_bad_args_are_rejected_with_a_precise_code(
    customer: SyncCustomer, kind: str, args: Any, code: str
) -> None:
    response = customer.push(customer.mutation(kind, args))
    assert _rejections(response) == {1: code}
    assert _count(Ticket) == 0


def test_a_ticket_create_with_its_first_message_id_is_idempotent(customer: SyncCustomer) -> None:
    message_id = str(uuid.uuid4())
    t = ticket_create(message_id=message_id)
    customer.push(customer.mutation("ticket.create", t))
    other = new_sync_customer(customer.client)
    # The same client ids from another device of the same customer: a no-op, not a second ticket.
    same_customer_device = SyncCustomer(
        customer.client, customer.customer_id, customer.token, "second-device"
    )
    assert _rejections(same_customer_device.push(same_customer_device.mutation("ticket.create", t))) == {}
    assert _count(Ticket) == 1 and _count(Message, Message.id == uuid.UUID(message_id)) == 1
    # Another customer reusing them is refused.
    refused = other.push(other.mutation("ticket.create", t))
    assert _rejections(refused) == {1: "ticket_not_found"}


def test_two_workers_racing_on_one_device_apply_each_mutation_once(customer: SyncCustomer) -> None:
    t = ticket_create()
    batch = [customer.mutation("ticket.create", t)] + [
        customer.mutation("message.send", message_send(t["ticket_id"], f"বার্তা {i}")) for i in range(20)
    ]
    answers: list[Any] = []
    start = threading.Barrier(2)

    def worker(mutations: list[dict[str, Any]]) -> None:
        start.wait()
        answers.append(customer.push(*mutations))

    threads = [
        threading.Thread(target=worker, args=(batch,)),
        threading.Thread(target=worker, args=(batch[:12],)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) == [200, 200]
    assert max(a.json()["last_seq"] for a in answers) == 21
    assert _count(Message) == 21
    with read_session() as session:
        pushed = session.exec(select(AuditEvent).where(AuditEvent.action == "sync.pushed")).all()
    applied = sorted(seq for event in pushed for seq in event.data["applied"])
    assert applied == list(range(1, 22))


def test_an_answer_reports_the_rejections_of_every_seq_it_settles(customer: SyncCustomer) -> None:
    """A batch delayed in the network is answered after a later one was applied: the answer
    settles seqs it did not carry, so it reports their rejections too."""
    t = ticket_create()
    first = customer.mutation("ticket.create", t)
    poison = customer.mutation("ticket.delete", {"ticket_id": t["ticket_id"]})
    later = customer.push(first, poison)  # its answer is lost
    assert later.status_code == 200
    delayed = customer.push(first)  # the earlier batch arrives at last
    assert delayed.json() == {"last_seq": 2, "rejections": [delayed.json()["rejections"][0]]}
    assert delayed.json()["rejections"][0]["seq"] == 2
    assert delayed.json()["rejections"][0]["code"] == "unknown_kind"
