"""Helpers for the delivery tests: a real worker process (with the RQ scheduler) and replies."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import select

from backend.channels.push.subscriptions import parse_subscription, subscribe_customer_device
from backend.config import PROJECT_ROOT
from backend.db import Actor, get_engine, read_session, transaction
from backend.models import Customer, Notification, SyncDevice, Ticket
from backend.services import messages as message_service
from tests.peers.push.server import PushPeer
from tests.support.factories import make_agent, make_customer, open_ticket

WORKER = "from workers.run import run_worker; run_worker(with_sweeps=False)"


@contextmanager
def worker_process(log: Path, **env: str) -> Iterator[subprocess.Popen[bytes]]:
    """`seba worker`'s loop (RQ worker + scheduler) in its own process, with extra settings."""
    full_env = {**os.environ, **env}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", WORKER],
            cwd=PROJECT_ROOT,
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        # Ready when the worker has registered and its scheduler holds the queues' locks.
        from rq import Worker

        from backend.redis_store import get_redis

        wait_for(
            lambda: Worker.all(connection=get_redis()) and get_redis().exists("rq:scheduler-lock:high"), 30
        )
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def customer_with_push(peer: PushPeer, *, locale: str = "bn") -> tuple[Customer, dict]:
    """A customer whose phone app has a sync device and a push subscription at the peer."""
    customer = make_customer(locale=locale)
    sub = peer.new_subscription()
    with transaction(Actor.customer(customer.id)) as tx:
        tx.session.add(SyncDevice(device_id=device_of(customer), customer_id=customer.id))
        tx.session.flush()
        subscribe_customer_device(
            tx, customer_id=customer.id, device_id=device_of(customer), subscription=parse_subscription(sub)
        )
    return customer, sub


def device_of(customer: Customer) -> str:
    return f"phone-{customer.id.hex[:12]}"


def reply(
    customer: Customer, *, priority: str = "normal", body: str = "আপনার অর্ডার আজ পৌঁছাবে"
) -> tuple[uuid.UUID, uuid.UUID]:
    ticket_id = open_ticket(customer).ticket.id
    if priority != "normal":
        with get_engine().begin() as conn:
            conn.execute(sa.update(Ticket).where(Ticket.id == ticket_id).values(priority=priority))  # type: ignore[arg-type]
    agent = make_agent()
    with transaction(Actor.agent(agent.id)) as tx:
        message = message_service.post_agent_reply(tx, agent_id=agent.id, ticket_id=ticket_id, body=body)
    return ticket_id, message.id


def notifications(message_id: uuid.UUID) -> list[Notification]:
    with read_session() as session:
        return list(session.exec(select(Notification).where(Notification.message_id == message_id)))


def wait_for(predicate: Callable[[], object], timeout: float, step: float = 0.05) -> float:
    """Poll until `predicate()` is truthy; returns the monotonic time it became so."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return time.monotonic()
        time.sleep(step)
    raise AssertionError(f"not within {timeout} s")
