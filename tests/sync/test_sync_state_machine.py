"""The sync protocol's eight properties (SYNC.md), checked by a Hypothesis state machine.

Simulated clients (outbox, synced store, cursor) talk to the real composed API on the real database
through a faulty network: requests and answers are dropped, batches duplicated, delayed and
delivered out of order, split into chunks that leave gaps; clients crash between steps; two server
workers race on the same device; agents reply and change tickets between steps; poison mutations
are mixed in. After quiescence every property is asserted.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections import Counter
from typing import Any, ClassVar

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlmodel import col, select

from backend.db import Actor, read_session, transaction
from backend.errors import SebaError
from backend.models import AuditEvent, Message, SyncDevice, SyncScope, Ticket
from backend.services import messages as message_service
from backend.services import tickets as ticket_service
from backend.ticket_status import can_transition
from sync.pull import server_projection
from tests.support.factories import make_agent
from tests.support.sync_client import customer_token
from tests.sync.sim_client import SimDevice, device_name, new_id, server_last_seq

SEEN: Counter[str] = Counter()  # what the examples covered, printed at the end (pytest -s)
EXAMPLES = int(os.environ.get("SEBA_SYNC_EXAMPLES", "200"))
STEPS = int(os.environ.get("SEBA_SYNC_STEPS", "30"))
AGENT_OWNED = ("priority", "assignee_id", "team_id", "tags", "category")
WRITES = st.sampled_from(
    [
        "ticket",
        "message",
        "message",
        "message_v1",
        "fields",
        "fields_agent_owned",
        "reopen",
        "csat",
        "poison_kind",
        "poison_args",
        "poison_schema",
    ]
)
PUSH_FAULTS = st.sampled_from(["ok", "ok", "drop_request", "drop_response", "duplicate", "delay", "chunk"])


class SyncMachine(RuleBasedStateMachine):
    client: ClassVar[Any]
    agent_id: ClassVar[uuid.UUID]

    @initialize()
    def start(self) -> None:
        self.customer_id, token = customer_token()
        self.headers = {"Authorization": f"Bearer {token}"}
        self.devices = [SimDevice(device_name()), SimDevice(device_name())]
        self.in_flight: list[tuple[int, dict[str, Any], bool]] = []  # (device, batch, answer wanted)
        self.agent_fields: dict[str, dict[str, Any]] = {}

    # --- the client writes (local row + outbox entry in one IndexedDB transaction) ---------------

    @rule(d=st.integers(0, 1), whats=st.lists(WRITES, min_size=1, max_size=3), data=st.data())
    def write(self, d: int, whats: list[str], data: st.DataObject) -> None:
        for what in whats:
            self._write_one(self.devices[d], what, data)

    def _write_one(self, device: SimDevice, what: str, data: st.DataObject) -> None:
        tickets = device.known_tickets
        ticket = data.draw(st.sampled_from(tickets)) if tickets else None
        if what == "ticket" or (
            ticket is None and what in ("message", "message_v1", "fields", "reopen", "csat")
        ):
            ticket_id = new_id()
            device.write("ticket.create", {"ticket_id": ticket_id, "subject": "অর্ডার", "body": "কোথায়?"})
            tickets.append(ticket_id)
        elif what == "message":
            device.write("message.send", {"message_id": new_id(), "ticket_id": ticket, "body": "আর কত দিন?"})
        elif what == "message_v1":
            device.write(
                "message.send", {"message_id": new_id(), "ticket_id": ticket, "text": "v1"}, schema_v=1
            )
        elif what == "fields":
            ref = data.draw(st.sampled_from(["BD-1001", "BD-2002", None]))
            device.write("ticket.update_customer_fields", {"ticket_id": ticket, "fields": {"order_ref": ref}})
        elif what == "fields_agent_owned":
            field = data.draw(st.sampled_from(["status", "priority", "assignee_id", "tags", "team_id"]))
            args = {"ticket_id": ticket or new_id(), "fields": {field: "closed", "subject": "x"}}
            device.write("ticket.update_customer_fields", args, poison="agent_owned_field")
        elif what == "reopen":
            device.write("ticket.reopen", {"ticket_id": ticket})
        elif what == "csat":
            device.write("csat.submit", {"ticket_id": ticket, "score": data.draw(st.integers(1, 5))})
        elif what == "poison_kind":
            device.write("ticket.delete", {"ticket_id": ticket or new_id()}, poison="unknown_kind")
        elif what == "poison_args":
            device.write(
                "message.send",
                {"message_id": "nope", "ticket_id": ticket, "body": "x"},
                poison="invalid_args",
            )
        else:
            args = {"message_id": new_id(), "ticket_id": ticket, "body": "x"}
            device.write(
                "message.send", args, schema_v=data.draw(st.sampled_from([0, 3])), poison="schema_unsupported"
            )

    # --- the network ---------------------------------------------------------------------------

    def _send(self, batch: dict[str, Any]) -> Any:
        return self.client.post("/api/sync/push", json=batch, headers=self.headers)

    @rule(d=st.integers(0, 1), fault=PUSH_FAULTS, data=st.data())
    def push(self, d: int, fault: str, data: st.DataObject) -> None:
        device = self.devices[d]
        if fault == "chunk":
            batch = device.batch(data.draw(st.integers(0, 3)), data.draw(st.integers(1, 4)))
        else:
            batch = device.batch()
        if fault == "drop_request":
            return
        if fault == "delay":
            self.in_flight.append((d, batch, data.draw(st.booleans())))
            return
        answer = self._send(batch)
        if fault == "drop_response":
            return  # applied on the server, the answer lost on the way back
        device.on_push_answer(answer, batch)
        if fault == "duplicate":
            device.on_push_answer(self._send(batch), batch)

    @precondition(lambda self: self.in_flight)
    @rule(data=st.data())
    def deliver_delayed(self, data: st.DataObject) -> None:
        index = data.draw(st.integers(0, len(self.in_flight) - 1))  # out of order
        d, batch, answered = self.in_flight.pop(index)
        answer = self._send(batch)
        if answered:
            self.devices[d].on_push_answer(answer, batch)

    @rule(d=st.integers(0, 1), data=st.data())
    def crash(self, d: int, data: st.DataObject) -> None:
        """The app is killed: answers still on the way are lost; IndexedDB survives."""
        self.in_flight = [(i, b, answered and i != d) for i, b, answered in self.in_flight]

    @rule(d=st.integers(0, 1), prefix=st.integers(0, 6))
    def two_workers_race(self, d: int, prefix: int) -> None:
        device = self.devices[d]
        full = device.batch()
        overlapping = {"device_id": device.device_id, "mutations": full["mutations"][prefix:]}
        answers: list[tuple[Any, dict[str, Any]]] = []
        barrier = threading.Barrier(2)

        def worker(batch: dict[str, Any]) -> None:
            barrier.wait()
            answers.append((self._send(batch), batch))

        threads = [threading.Thread(target=worker, args=(b,)) for b in (full, overlapping)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for answer, batch in answers:
            device.on_push_answer(answer, batch)

    @rule(
        d=st.integers(0, 1),
        fault=st.sampled_from(["ok", "drop_response", "twice"]),
        limit=st.sampled_from([1, 3, 200]),
    )
    def pull(self, d: int, fault: str, limit: int) -> None:
        device = self.devices[d]
        params = {"cursor": device.cursor, "device_id": device.device_id, "limit": limit}
        answer = self.client.get("/api/sync/pull", params=params, headers=self.headers)
        assert answer.status_code == 200, answer.text
        if fault != "drop_response":
            device.check_and_apply_pull(answer.json(), twice=fault == "twice")

    # --- agents, server side -------------------------------------------------------------------

    @rule(
        action=st.sampled_from(
            [
                *("reply", "reply", "reply", "resolve", "resolve", "pending"),
                "close",
                "note",
                "assign",
                "priority",
                "sms_ticket",
            ]
        ),
        data=st.data(),
    )
    def agent_acts(self, action: str, data: st.DataObject) -> None:
        with read_session() as session:
            ids = list(
                session.exec(
                    select(Ticket.id).where(Ticket.customer_id == self.customer_id).order_by(col(Ticket.id))
                )
            )
        if not ids or action == "sms_ticket":
            # The customer also writes by SMS: a ticket the devices learn about only by pulling.
            with transaction(Actor.customer(self.customer_id)) as tx:
                ticket_service.open_ticket(
                    tx, customer_id=self.customer_id, subject="SMS", body="sms text", channel="sms"
                )
            return
        ticket_id = data.draw(st.sampled_from(ids))
        try:
            with transaction(Actor.agent(self.agent_id)) as tx:
                if action == "reply":
                    message_service.post_agent_reply(
                        tx, agent_id=self.agent_id, ticket_id=ticket_id, body="উত্তর"
                    )
                elif action == "note":
                    message_service.add_internal_note(
                        tx, agent_id=self.agent_id, ticket_id=ticket_id, body="নোট"
                    )
                elif action == "assign":
                    ticket_service.assign_ticket(tx, ticket_id=ticket_id, assignee_id=self.agent_id)
                elif action == "priority":
                    ticket_service.change_priority(
                        tx, ticket_id=ticket_id, priority=data.draw(st.sampled_from(["high", "low"]))
                    )
                else:
                    status = {"resolve": "resolved", "pending": "pending", "close": "closed"}[action]
                    ticket_service.change_status(tx, ticket_id=ticket_id, status=status)
        except SebaError:
            return  # e.g. a transition the table refuses
        with read_session() as session:
            ticket = session.get(Ticket, ticket_id)
            assert ticket is not None
            self.agent_fields[str(ticket_id)] = {f: getattr(ticket, f) for f in AGENT_OWNED}

    # --- quiescence and the properties ---------------------------------------------------------

    def teardown(self) -> None:
        if not hasattr(self, "devices"):
            return
        for d, batch, answered in self.in_flight:
            answer = self._send(batch)
            if answered:
                self.devices[d].on_push_answer(answer, batch)
        for device in self.devices:
            for _ in range(10):
                if not device.outbox:
                    break
                batch = device.batch()
                device.on_push_answer(self._send(batch), batch)
            assert not device.outbox, f"outbox not drained: {sorted(device.outbox)}"
        for _ in range(5):  # pulls acknowledge deliveries, which are changes too: until nothing moves
            moved = False
            for device in self.devices:
                while True:
                    params = {"cursor": device.cursor, "device_id": device.device_id}
                    page = self.client.get("/api/sync/pull", params=params, headers=self.headers).json()
                    moved = moved or bool(page["changes"])
                    device.check_and_apply_pull(page, twice=True)
                    if not page["has_more"]:
                        break
            if not moved:
                break
        self._assert_properties()

    def _assert_properties(self) -> None:
        with read_session() as session:
            pushed = session.exec(
                select(AuditEvent).where(
                    AuditEvent.subject_type == "customer",
                    AuditEvent.subject_id == str(self.customer_id),
                    AuditEvent.action == "sync.pushed",
                )
            ).all()
            head = session.get(SyncScope, self.customer_id)
            tickets = session.exec(select(Ticket).where(Ticket.customer_id == self.customer_id)).all()
            on_tickets = (
                AuditEvent.subject_type == "ticket",
                col(AuditEvent.subject_id).in_([str(t.id) for t in tickets]),
            )
            message_ids = {
                str(m)
                for m in session.exec(
                    select(Message.id).join(Ticket).where(Ticket.customer_id == self.customer_id)
                )
            }
            status_moves = session.exec(
                select(AuditEvent).where(
                    *on_tickets,
                    AuditEvent.action == "ticket.status_changed",
                    AuditEvent.actor_type == "customer",
                )
            ).all()
            agent_moves = session.exec(
                select(AuditEvent).where(
                    *on_tickets,
                    col(AuditEvent.action).in_(["ticket.assigned", "ticket.priority_changed"]),
                    AuditEvent.actor_type == "customer",
                )
            ).all()
            devices = {
                d.device_id: d
                for d in session.exec(select(SyncDevice).where(SyncDevice.customer_id == self.customer_id))
            }
        projection = server_projection(self.customer_id)
        total = sum(d.next_seq - 1 for d in self.devices)
        SEEN["examples"] += 1
        SEEN["mutations"] += total
        SEEN["rejections"] += sum(len(d.rejected) for d in self.devices)
        SEEN["synced replies"] += sum(v.get("direction") == "outbound" for v in projection.values())
        SEEN["feed changes"] += head.last_server_seq if head else 0
        event(f"mutations: {'0' if not total else '1-9' if total < 10 else '10+'}")
        event(f"rejections: {'yes' if any(d.rejected for d in self.devices) else 'no'}")
        replies = any(v.get("direction") == "outbound" for v in projection.values())
        event(f"replies synced: {'yes' if replies else 'no'}")
        event(f"feed length: {'0' if not head else '1-9' if head.last_server_seq < 10 else '10+'}")
        for device in self.devices:
            k = device.next_seq - 1
            # Properties 1 and 2: each committed outbox entry applied (or rejected) exactly once, 1..k.
            events = [e.data for e in pushed if e.data["device_id"] == device.device_id]
            applied = [s for e in events for s in e["applied"]]
            rejected = [s for e in events for s in e["rejected"]]
            everything = sorted(applied + rejected)
            assert everything == list(range(1, k + 1)) == sorted(device.committed), (everything, k)
            assert server_last_seq(device.device_id) == k
            if k:
                assert devices[device.device_id].last_seq == k
            assert set(device.rejected) == set(rejected), "the client missed a rejection"
            # Property 7: every poison mutation was rejected with its code and did not block the rest.
            for seq, code in device.poison.items():
                assert device.rejected.get(seq) == code, (seq, code, device.rejected.get(seq))
            for seq in applied:
                entry = device.committed[seq]
                if entry["kind"] == "message.send":
                    assert entry["args"]["message_id"] in message_ids
            for seq in rejected:
                entry = device.committed[seq]
                if entry["kind"] == "message.send" and isinstance(entry["args"].get("message_id"), str):
                    assert entry["args"]["message_id"] not in message_ids
            # Property 4: after quiescence the client's synced store is the server's projection.
            assert device.store == projection
            # Property 5: the cursor reached the head of the feed without skipping (pages checked on the way).
            assert device.cursor == (head.last_server_seq if head else 0)
        # Property 1: no duplicate message ids (client ids sent once per mutation, unique in the table).
        sent_ids = [
            e["args"].get("message_id")
            for d in self.devices
            for seq, e in d.committed.items()
            if e["kind"] == "message.send" and seq not in d.poison
        ]
        assert len(sent_ids) == len(set(sent_ids))
        # Property 8: customer mutations never changed an agent-owned field.
        for ticket in tickets:
            expected = self.agent_fields.get(
                str(ticket.id),
                {"priority": "normal", "assignee_id": None, "team_id": None, "tags": [], "category": None},
            )
            assert {f: getattr(ticket, f) for f in AGENT_OWNED} == expected
        for move in status_moves:
            assert can_transition(move.data["old"], move.data["new"], "customer"), move.data  # type: ignore[arg-type]
        assert agent_moves == []


def test_sync_protocol_properties(client: Any) -> None:
    SyncMachine.client = client
    SyncMachine.agent_id = make_agent(name="Race Agent").id
    run_state_machine_as_test(
        SyncMachine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    print(f"\nsync state machine covered: {dict(SEEN)}")
