"""Notification jobs per second through RQ to LOCAL peers (a Twilio REST peer and an RFC 8030 push
service peer, tests/peers; not the real services), end to end: from enqueueing N
`deliver_notification` jobs to every notification recorded `sent`.

Setup (not timed): customers with a push subscription at the push peer and a phone, and N queued
notifications, half web push (payload encrypted by pywebpush, VAPID-signed; the peer verifies and
decrypts each) and half SMS (the twilio SDK; the peer checks Basic auth and the form). Then
`--workers` worker processes start (`seba worker`'s loop: RQ, the scheduler, job modules preloaded),
the N jobs are enqueued in one Redis pipeline, and the clock runs until all N are `sent`.

`--worker-class seba` (the default) is exactly `seba worker`'s loop (workers/run.py: SebaWorker, a
SimpleWorker with fewer Redis round trips, jobs in the worker process); `simple` is RQ's plain
SimpleWorker; `fork` is RQ's default Worker (a forked work horse per job, what `seba worker` ran before
2026-11-25) and `fork-frozen` the same after `gc.freeze()` of the preloaded heap. `--profile` also runs
300 jobs in this process under cProfile with the `seba` worker and prints where a job spends its time
(`--profile-sort tottime` for the functions themselves).

CPU per job is read from /proc: the worker processes with every process under them (RQ's scheduler,
reaped work horses), this process (the local peers and the polling), and, when the stores are
PostgreSQL and Redis on this host, the PostgreSQL backends serving the bench's database and the
Redis server (shared with anything else using it while the bench runs). The ceiling is 2 cores
divided by all of it.

Stores: DATABASE_URL / REDIS_URL when set (use a fresh database made with `seba db upgrade`; the
Redis db is FLUSHED), else an embedded SQLite file and an embedded Redis in a temporary directory.
Usage: `.venv/bin/python -m bench.notify_throughput [--notifications 3000] [--workers 2]
[--worker-class seba|simple|fork|fork-frozen] [--profile [--profile-sort tottime]]`.
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

if sys.argv[1] == "seba":
    run_worker(with_sweeps=False)  # exactly `seba worker`
    sys.exit(0)
configure_logging(get_settings().log_level)
preload_jobs()
if sys.argv[1] == "fork-frozen":
    import gc

    gc.freeze()  # a horse's garbage collector then leaves the preloaded pages shared
queues = [Queue(str(name), connection=get_redis()) for name in ALL_QUEUES]
worker_class = SimpleWorker if sys.argv[1] == "simple" else Worker
worker_class(queues, connection=get_redis()).work(with_scheduler=True, logging_level="WARNING")
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

    from backend.queue import QueueName, get_queue, job_options

    queue = get_queue(QueueName.high)
    deliver = "workers.jobs.notifications.deliver_notification"
    jobs = [
        Queue.prepare_data(deliver, args=(str(nid),), job_id=f"deliver-{nid}", **job_options(deliver))
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
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int) -> dict[int, float]:
    """CPU seconds of `pid` and of every live process under it (RQ's scheduler is a forked child)."""
    cpu = {pid: process_cpu(pid)}
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            cpu.update(tree_cpu(int(child)))
    return cpu


def store_processes() -> dict[str, list[int]]:
    """Server processes doing the bench's work: PostgreSQL backends connected to its database and
    the Redis server (only when they run on this host, which /proc tells)."""
    import sqlalchemy as sa

    from backend.db import get_engine
    from backend.redis_store import get_redis

    found: dict[str, list[int]] = {"postgres": [], "redis": []}
    engine = get_engine()
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            pids = conn.execute(
                sa.text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
            ).scalars()
            found["postgres"] = [pid for pid in pids if Path(f"/proc/{pid}").exists()]
    info = get_redis().info("server")
    redis_pid = int(info.get("process_id", 0)) if isinstance(info, dict) else 0
    if redis_pid and Path(f"/proc/{redis_pid}").exists():
        found["redis"] = [redis_pid]
    return found


def stores_cpu(before: dict[str, dict[int, float]]) -> dict[str, float]:
    """CPU seconds the stores' processes used since `before` (a backend born since counts whole)."""
    used: dict[str, float] = {}
    for kind, pids in store_processes().items():
        used[kind] = sum(process_cpu(pid) - before.get(kind, {}).get(pid, 0.0) for pid in pids)
    return used


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
        workers_before = {pid: cpu for proc in procs for pid, cpu in tree_cpu(proc.pid).items()}
        stores_before = {
            kind: {pid: process_cpu(pid) for pid in pids} for kind, pids in store_processes().items()
        }
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
        # CPU used meanwhile: the workers with what runs under them, this process (the peers), the stores.
        bench_cpu = time.process_time() - bench_cpu
        workers_after = {pid: cpu for proc in procs for pid, cpu in tree_cpu(proc.pid).items()}
        workers_cpu = sum(cpu - workers_before.get(pid, 0.0) for pid, cpu in workers_after.items())
        servers_cpu = stores_cpu(stores_before)
        load = os.getloadavg()[0]
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
        profile(push_peer_env=env, count=300, customers=args.customers, sort=args.profile_sort)
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
        "postgres_cpu_ms_per_job": 1000 * servers_cpu.get("postgres", 0.0) / max(sent, 1),
        "redis_cpu_ms_per_job": 1000 * servers_cpu.get("redis", 0.0) / max(sent, 1),
        "load_average": load,
    }


def profile(push_peer_env: dict[str, str], count: int, customers: int, sort: str) -> None:
    """Run `count` jobs in this process with `seba worker`'s worker (burst) under cProfile."""
    from backend.channels.registry import reset_channels
    from backend.config import reset_settings_cache
    from backend.redis_store import get_redis
    from tests.peers.push.server import PushPeer
    from tests.peers.twilio.server import TwilioPeer
    from workers.run import build_worker, preload_jobs

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
    worker = build_worker()
    profiler = cProfile.Profile()
    started = time.monotonic()
    profiler.enable()
    worker.work(burst=True, logging_level="WARNING")
    profiler.disable()
    elapsed = time.monotonic() - started
    twilio.stop()
    push.stop()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats(sort).print_stats(35)
    print(
        f"\nprofile: {count} jobs in one process (`seba worker`'s worker, peers in the same process): "
        f"{elapsed:.2f} s, {1000 * elapsed / count:.1f} ms per job (profiler overhead included)"
    )
    print(text.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notifications", type=int, default=3000)
    parser.add_argument("--customers", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", choices=("seba", "simple", "fork", "fork-frozen"), default="seba")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-sort", choices=("cumulative", "tottime"), default="cumulative")
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
    clients = figures["worker_cpu_ms_per_job"] + figures["peer_cpu_ms_per_job"]
    servers = figures["postgres_cpu_ms_per_job"] + figures["redis_cpu_ms_per_job"]
    print(
        f"CPU per job: workers {figures['worker_cpu_ms_per_job']:.2f} ms, local peers and this process "
        f"{figures['peer_cpu_ms_per_job']:.2f} ms, "
        f"PostgreSQL backends {figures['postgres_cpu_ms_per_job']:.2f} ms, "
        f"Redis server {figures['redis_cpu_ms_per_job']:.2f} ms (shared); all {clients + servers:.2f} ms: "
        f"at most {2000 / (clients + servers):.0f} jobs/s on 2 otherwise idle cores "
        f"({2000 / clients:.0f}/s without the servers); load average {figures['load_average']:.1f} at the end"
    )


if __name__ == "__main__":
    main()
