"""PostgreSQL concurrency: out-of-order commits never make a pull skip a change; a held device is a 503."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import select

from backend.config import reset_settings_cache
from backend.db import Actor, get_engine, read_session, transaction
from backend.models import Ticket
from backend.services import messages as message_service
from tests.support.factories import make_agent
from tests.support.sync_client import SyncCustomer, ticket_create

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _needs_postgres() -> None:
    if get_engine().dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL (row locks and commit order across connections): set TEST_DATABASE_URL")


class HeldReply(threading.Thread):
    """An agent reply in a transaction kept open until `release` is set (optionally after taking
    its server_seq early), then committed."""

    def __init__(self, agent_id: uuid.UUID, ticket_id: str, *, take_seq_early: bool = False) -> None:
        super().__init__()
        self.agent_id, self.ticket_id, self.take_seq_early = agent_id, uuid.UUID(ticket_id), take_seq_early
        self.ready, self.release, self.done = threading.Event(), threading.Event(), threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with transaction(Actor.agent(self.agent_id)) as tx:
                message_service.post_agent_reply(
                    tx, agent_id=self.agent_id, ticket_id=self.ticket_id, body="held"
                )
                if self.take_seq_early:
                    tx.feed.write(tx.session)  # locks the customer's counter row now
                self.ready.set()
                assert self.release.wait(30)
        except BaseException as exc:  # surfaced by the test
            self.error = exc
        finally:
            self.ready.set()
            self.done.set()


class Reply(threading.Thread):
    def __init__(self, agent_id: uuid.UUID, ticket_id: str) -> None:
        super().__init__()
        self.agent_id, self.ticket_id = agent_id, uuid.UUID(ticket_id)
        self.done = threading.Event()

    def run(self) -> None:
        with transaction(Actor.agent(self.agent_id)) as tx:
            message_service.post_agent_reply(
                tx, agent_id=self.agent_id, ticket_id=self.ticket_id, body="quick"
            )
        self.done.set()


def _seqs(page: dict[str, Any]) -> list[int]:
    return [c["server_seq"] for c in page["changes"]]


def test_out_of_order_commits_are_never_skipped_by_a_pull(customer: SyncCustomer) -> None:
    agent = make_agent()
    tickets = [ticket_create() for _ in range(4)]
    assert customer.push(*[customer.mutation("ticket.create", t) for t in tickets]).status_code == 200
    _, cursor = customer.pull_all(0)
    assert cursor == 8  # four tickets with their first messages

    # T1 starts first and stays open; T2 starts later and commits first; a pull runs in between.
    t1 = HeldReply(agent.id, tickets[0]["ticket_id"])
    t1.start()
    assert t1.ready.wait(10) and t1.error is None
    t2 = Reply(agent.id, tickets[1]["ticket_id"])
    t2.start()
    t2.join(10)
    assert t2.done.is_set()
    between = customer.pull(cursor).json()
    assert _seqs(between) == [9, 10]  # T2's ticket update and reply
    cursor = between["next_cursor"]
    t1.release.set()
    t1.join(10)
    assert t1.error is None
    after = customer.pull(cursor).json()
    # T1 was numbered at its commit, after T2: nothing skipped. (The pull at cursor 10 also
    # acknowledged T2's reply, whose "delivered" status is the change after T1's.)
    assert _seqs(after) == [11, 12, 13]
    assert [c["kind"] for c in after["changes"]] == ["ticket.updated", "message.created", "message.updated"]
    assert after["changes"][0]["entity_id"] == tickets[0]["ticket_id"]
    cursor = after["next_cursor"]
    # Acknowledge T1's reply now: recording its delivery is a write that takes the counter row too.
    while page := customer.pull(cursor).json():
        if not page["changes"]:
            break
        cursor = page["next_cursor"]

    # Why the counter row makes this safe: a writer that has taken its number holds the row lock,
    # so a later writer of the same customer waits for that commit before it can take the next one.
    t3 = HeldReply(agent.id, tickets[2]["ticket_id"], take_seq_early=True)
    t3.start()
    assert t3.ready.wait(10) and t3.error is None
    t4 = Reply(agent.id, tickets[3]["ticket_id"])
    t4.start()
    assert not t4.done.wait(1.0), "T4 committed while T3 held an earlier server_seq"
    assert customer.pull(cursor).json()["changes"] == []  # neither is visible yet
    t3.release.set()
    t3.join(10)
    t4.join(10)
    assert t3.error is None and t4.done.is_set()
    last = customer.pull(cursor).json()
    seqs = _seqs(last)
    assert seqs == list(range(cursor + 1, cursor + 1 + len(seqs)))
    entities = [c["entity_id"] for c in last["changes"] if c["kind"] == "ticket.updated"]
    assert entities[-2:] == [tickets[2]["ticket_id"], tickets[3]["ticket_id"]]  # T3 before T4


def test_a_bare_sequence_would_skip_a_change(customer: SyncCustomer) -> None:
    """The contrast: numbers from a PostgreSQL sequence are taken at insert, not at commit."""
    engine = get_engine()
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS seba_seq_demo"))
        conn.execute(sa.text("CREATE TABLE seba_seq_demo (seq bigserial PRIMARY KEY, what text)"))
    try:
        t1, t2 = engine.connect(), engine.connect()
        t1.begin()
        t1.execute(sa.text("INSERT INTO seba_seq_demo (what) VALUES ('T1')"))  # takes 1
        t2.begin()
        t2.execute(sa.text("INSERT INTO seba_seq_demo (what) VALUES ('T2')"))  # takes 2
        t2.commit()
        with engine.connect() as reader:
            seen = reader.execute(sa.text("SELECT seq FROM seba_seq_demo WHERE seq > 0")).scalars().all()
        cursor = max(seen)
        t1.commit()
        with engine.connect() as reader:
            later = reader.execute(
                sa.text("SELECT seq FROM seba_seq_demo WHERE seq > :c"), {"c": cursor}
            ).all()
        assert seen == [2] and later == []  # change 1 was committed and never pulled
        t1.close()
        t2.close()
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS seba_seq_demo"))


def test_a_device_row_held_too_long_is_a_503_with_retry_after_and_nothing_applied(
    customer: SyncCustomer, monkeypatch: pytest.MonkeyPatch
) -> None:

    assert customer.push().status_code == 200  # registers the device
    monkeypatch.setenv("SYNC_LOCK_TIMEOUT_MS", "300")
    reset_settings_cache()
    holder = get_engine().connect()
    try:
        holder.begin()
        holder.execute(
            sa.text("SELECT * FROM sync_device WHERE device_id = :d FOR UPDATE"), {"d": customer.device_id}
        )
        t = ticket_create()
        answer = customer.push(customer.mutation("ticket.create", t))
        assert answer.status_code == 503
        assert answer.headers["retry-after"] == "2"
        assert answer.json()["error"]["code"] == "service_unavailable"
        with read_session() as session:
            assert session.exec(select(Ticket)).all() == []
        holder.rollback()
        again = customer.push(*customer.sent)  # the client resends the same batch
        assert again.status_code == 200 and again.json() == {"last_seq": 1, "rejections": []}
    finally:
        holder.close()
        monkeypatch.delenv("SYNC_LOCK_TIMEOUT_MS")
        reset_settings_cache()
