"""Notification jobs per second through RQ to LOCAL peers (a Twilio REST peer and an RFC 8030 push
service peer, tests/peers; not the real services), end to end: from enqueueing N
`deliver_notification` jobs to every notification recorded `sent`.

Setup (not timed): customers with a push subscription at the push peer and a phone, and N queued
notifications, half web push (payload encrypted by pywebpush, VAPID-signed; the peer verifies and
decrypts each) and half SMS (the twilio SDK; the peer checks Basic auth and the form). Then
`--workers` worker processes start (`seba worker`'s loop: RQ, the scheduler, job modules preloaded),
the N jobs are enqueued in one Redis pipeline, and the clock runs until all N are `sent`.

`--worker-class fork` is RQ's default Worker (what `seba worker` runs: a forked work horse per job);
`fork-frozen` the same after `gc.freeze()` of the preloaded heap (a horse's first garbage collection
otherwise writes to every preloaded object, copying the pages fork shared); `simple` is RQ's
SimpleWorker (jobs run in the worker process itself, nothing forked). `--profile` also runs 300 jobs
in this process under cProfile with a SimpleWorker and prints where a job spends its time.

Stores: DATABASE_URL / REDIS_URL when set (use a fresh database made with `seba db upgrade`; the
Redis db is FLUSHED), else an embedded SQLite file and an embedded Redis in a temporary directory.
Usage: `.venv/bin/python -m bench.notify_throughput [--notifications 3000] [--workers 2]
[--worker-class fork|fork-frozen|simple] [--profile]`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

WORKER_SCRIPT = """
import sys
from rq import Queue, SimpleWorker, Worker
from backend.config import get_settings
from backend.logging_setup import configure_logging
from backend.queue import ALL_QUEUES
from backend.redis_store import get_redis
from workers.run import preload_jobs, run_worker

if sys.argv[1] == "fork":
    run_worker(with_sweeps=False)  # exactly `seba worker`
elif sys.argv[1] == "fork-frozen":
    import gc
    import workers.run

    def preload_and_freeze():
        preload_jobs()
        gc.freeze()  # a horse's garbage collector then leaves the preloaded pages shared

    workers.run.preload_jobs = preload_and_freeze
    run_worker(with_sweeps=False)
else:
    configure_logging(get_settings().log_level)
    preload_jobs()
    queues = [Queue(str(name), connection=get_redis()) for name in ALL_QUEUES]
    SimpleWorker(queues, connection=get_redis()).work(with_scheduler=True, logging_level="WARNING")
"""


def prepare_environment(tmp: Path) -> None:
    """Embedded stores in `tmp` unless DATABASE_URL / REDIS_URL are set; development settings."""
    os.environ.setdefault("SEBA_ENV", "development")
    os.environ["DATA_DIR"] = str(tmp)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["QUIET_HOURS"] = ""


def start_peers() -> tuple[object, object, dict[str, str]]:
    from backend.channels.push.vapid import generate_vapid_keys
    from tests.peers.push.server import PushPeer
    from tests.peers.twilio.server import TwilioPeer, new_sid

    twilio = TwilioPeer(account_sid=new_sid("AC"), from_number="+8809610001234").start()
    push = PushPeer().start()
    keys = generate_vapid_keys()
    env = {
        "TWILIO_ACCOUNT_SID": twilio.account_sid,
        "TWILIO_AUTH_TOKEN": twilio.auth_token,
        "TWILIO_FROM_NUMBER": twilio.from_number,
        "TWILIO_API_BASE_URL": twilio.base_url,
        "VAPID_PUBLIC_KEY": keys.public_key,
        "VAPID_PRIVATE_KEY": keys.private_key,
        "VAPID_SUBJECT": "mailto:bench@seba.test",
    }
    os.environ.update(env)
    return twilio, push, env


def create_notifications(push_peer: object, count: int, customers: int) -> list[uuid.UUID]:
    """`count` queued notifications (half push, half SMS) for `customers` customers (not timed)."""
    from backend.channels.push import payloads
    from backend.db import Actor, transaction
    from backend.models import Notification
    from backend.models.base import uuid7
    from tests.delivery.support import customer_with_push, reply

    people = []
    for _ in range(customers):
        customer, sub = customer_with_push(push_peer, locale="en")  # type: ignore[arg-type]
        ticket_id, message_id = reply(customer)
        people.append((customer, sub["endpoint"], ticket_id, message_id))
    ids: list[uuid.UUID] = []
    with transaction(Actor.system()) as tx:
        for i in range(count):
            customer, endpoint, ticket_id, message_id = people[i % customers]
            nid = uuid7()
            common: dict[str, Any] = {
                "id": nid,
                "customer_id": customer.id,
                "ticket_id": ticket_id,
                "message_id": message_id,
                "purpose": "reply_alert",
                "idempotency_key": f"bench:{nid}",
            }
            if i % 2 == 0:
                body = payloads.reply_payload(notification_id=nid, ticket_id=ticket_id, number=i, locale="en")
                body.update(ttl=3600, urgency="normal", topic=payloads.topic_for(f"n{nid.hex}"))
                tx.session.add(
                    Notification(**common, channel="push", to_address=endpoint, body=payloads.encode(body))
                )
            else:
                text = f"Seba: Ticket #{100000 + i} e notun uttor esechhe. App khule dekhun."
                tx.session.add(
                    Notification(**common, channel="sms", to_address=customer.phone or "", body=text)
                )
            ids.append(nid)
    return ids


def empty_bench_database() -> None:
    """Every run starts from empty tables (the fixture helpers number phones from the start again);
    a configured database must be a benchmark one (its name contains "bench")."""
    from sqlalchemy.engine import make_url

    from backend.config import get_settings
    from tests.support.stores import reset_stores

    url = make_url(get_settings().effective_database_url)
    if url.get_backend_name() != "sqlite" and "bench" not in (url.database or ""):
        raise SystemExit(f"refusing to empty {url.database!r}: use a database made for this bench")
    reset_stores()


def enqueue_all(ids: list[uuid.UUID]) -> None:
    from rq import Queue

    from backend.queue import QueueName, get_queue

    queue = get_queue(QueueName.high)
    jobs = [
        Queue.prepare_data(
            "workers.jobs.notifications.deliver_notification",
            args=(str(nid),),
            job_id=f"deliver-{nid}",
            failure_ttl=7 * 24 * 3600,
        )
        for nid in ids
    ]
    for start in range(0, len(jobs), 500):
        with queue.connection.pipeline() as pipe:
            queue.enqueue_many(jobs[start : start + 500], pipeline=pipe)
            pipe.execute()


def sent_count(ids: list[uuid.UUID]) -> tuple[int, int]:
    import sqlalchemy as sa
    from sqlmodel import col

    from backend.db import get_engine
    from backend.models import Notification

    with get_engine().connect() as conn:
        rows = conn.execute(
            sa.select(col(Notification.status), sa.func.count()).group_by(col(Notification.status))
        ).all()
    counts = {status: n for status, n in rows}
    return counts.get("sent", 0), counts.get("failed", 0) + counts.get("suppressed", 0)


def process_cpu(pid: int) -> float:
    """CPU seconds of a process and of its children it has waited for (RQ reaps each work horse)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def run(args: argparse.Namespace) -> dict[str, float]:
    from rq import Worker

    from backend.config import reset_settings_cache
    from backend.redis_store import get_redis

    twilio, push, env = start_peers()
    reset_settings_cache()
    from backend.migrations import upgrade_database

    upgrade_database()
    empty_bench_database()
    ids = create_notifications(push, args.notifications, args.customers)
    get_redis().flushdb()  # the replies' own jobs (ladder planning) are not what is measured
    log = Path(os.environ["DATA_DIR"]) / "bench-workers.log"
    procs = []
    with log.open("ab") as out:
        for _ in range(args.workers):
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-c", WORKER_SCRIPT, args.worker_class],
                    env={**os.environ, **env},
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
    try:
        deadline = time.monotonic() + 60
        while len(Worker.all(connection=get_redis())) < args.workers:
            if time.monotonic() > deadline:
                raise SystemExit(f"workers did not start; see {log}")
            time.sleep(0.1)
        time.sleep(1.0)  # let the schedulers settle
        workers_cpu = sum(process_cpu(proc.pid) for proc in procs)
        bench_cpu = time.process_time()
        started = time.monotonic()
        enqueue_all(ids)
        enqueued = time.monotonic()
        sent = failed = 0
        deadline = started + args.timeout
        while time.monotonic() < deadline:
            sent, failed = sent_count(ids)
            if sent + failed >= len(ids):
                break
            time.sleep(0.05)
        elapsed = time.monotonic() - started
        # CPU used meanwhile: the workers with their reaped work horses, and this process (the peers).
        workers_cpu = sum(process_cpu(proc.pid) for proc in procs) - workers_cpu
        bench_cpu = time.process_time() - bench_cpu
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=20)
    at_twilio = len(twilio.messages)  # type: ignore[attr-defined]
    at_push = len(push.received)  # type: ignore[attr-defined]
    twilio.stop()  # type: ignore[attr-defined]
    push.stop()  # type: ignore[attr-defined]
    if args.profile:
        profile(push_peer_env=env, count=300, customers=args.customers)
    return {
        "notifications": len(ids),
        "sent": sent,
        "failed": failed,
        "enqueue_s": enqueued - started,
        "elapsed_s": elapsed,
        "jobs_per_s": sent / elapsed if elapsed else 0.0,
        "twilio_messages": at_twilio,
        "push_messages": at_push,
        "worker_cpu_ms_per_job": 1000 * workers_cpu / max(sent, 1),
        "peer_cpu_ms_per_job": 1000 * bench_cpu / max(sent, 1),
    }


def profile(push_peer_env: dict[str, str], count: int, customers: int) -> None:
    """Run `count` jobs in this process with a SimpleWorker (burst) under cProfile."""
    from rq import SimpleWorker

    from backend.channels.registry import reset_channels
    from backend.config import reset_settings_cache
    from backend.queue import ALL_QUEUES, get_queue
    from backend.redis_store import get_redis
    from tests.peers.push.server import PushPeer
    from tests.peers.twilio.server import TwilioPeer
    from workers.run import preload_jobs

    twilio = TwilioPeer(
        account_sid=push_peer_env["TWILIO_ACCOUNT_SID"],
        auth_token=push_peer_env["TWILIO_AUTH_TOKEN"],
        from_number=push_peer_env["TWILIO_FROM_NUMBER"],
    ).start()
    push = PushPeer().start()
    os.environ["TWILIO_API_BASE_URL"] = twilio.base_url
    reset_settings_cache()
    reset_channels()
    preload_jobs()
    ids = create_notifications(push, count, customers)
    get_redis().flushdb()
    enqueue_all(ids)
    worker = SimpleWorker([get_queue(name) for name in ALL_QUEUES], connection=get_redis())
    profiler = cProfile.Profile()
    started = time.monotonic()
    profiler.enable()
    worker.work(burst=True, logging_level="WARNING")
    profiler.disable()
    elapsed = time.monotonic() - started
    twilio.stop()
    push.stop()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(35)
    print(
        f"\nprofile: {count} jobs in one process (SimpleWorker, peers in the same process): "
        f"{elapsed:.2f} s, {1000 * elapsed / count:.1f} ms per job (profiler overhead included)"
    )
    print(text.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notifications", type=int, default=3000)
    parser.add_argument("--customers", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", choices=("fork", "fork-frozen", "simple"), default="fork")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="seba-bench-notify-"))
    prepare_environment(tmp)
    from backend.config import get_settings

    settings = get_settings()
    embedded = None
    if not os.environ.get("REDIS_URL"):
        from backend.embedded_redis import EmbeddedRedis

        embedded = EmbeddedRedis(tmp / "redis", persist=False)
        os.environ["REDIS_URL"] = embedded.start()
    try:
        figures = run(args)
    finally:
        if embedded is not None:
            embedded.stop()
    db = "PostgreSQL" if settings.effective_database_url.startswith("postgresql") else "SQLite"
    redis_kind = "embedded Redis" if embedded else "Redis"
    print(
        f"stores: {db} + {redis_kind}; {args.workers} x {args.worker_class} worker; "
        f"N={figures['notifications']:.0f} (half push, half SMS); sent {figures['sent']:.0f}, "
        f"failed {figures['failed']:.0f}; enqueue {figures['enqueue_s']:.2f} s; "
        f"end to end {figures['elapsed_s']:.1f} s = {figures['jobs_per_s']:.0f} jobs/s; "
        f"at the peers: {figures['twilio_messages']:.0f} SMS, {figures['push_messages']:.0f} pushes"
    )
    per_job = figures["worker_cpu_ms_per_job"] + figures["peer_cpu_ms_per_job"]
    print(
        f"CPU per job: workers {figures['worker_cpu_ms_per_job']:.1f} ms, local peers and this process "
        f"{figures['peer_cpu_ms_per_job']:.1f} ms (database and Redis servers not counted): at most "
        f"{2000 / per_job:.0f} jobs/s on 2 otherwise idle cores; load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
