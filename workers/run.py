"""The worker process: RQ workers on high/default/low with the RQ scheduler, plus periodic sweeps."""

from __future__ import annotations

import logging
import threading

from rq import Queue

from backend.config import get_settings
from backend.logging_setup import configure_logging
from backend.queue import ALL_QUEUES, QueueName, enqueue
from backend.redis_store import get_redis
from workers.rq_worker import SebaWorker

log = logging.getLogger(__name__)

# (job, every N seconds). Each sweep is idempotent; a Redis key makes one worker enqueue it per period.
SWEEPS: tuple[tuple[str, int], ...] = (
    ("workers.jobs.notifications.requeue_stuck_notifications", 60),
    ("workers.jobs.delivery.sweep_ladder", 30),
    ("workers.jobs.counters.refresh_ticket_counters", 300),
    ("workers.jobs.routing.routing_sweep", 30),
    ("workers.jobs.routing.requeue_unassigned_tickets", 300),
    ("workers.jobs.snooze.wake_due_tickets", 60),
    # Automation (issue 6): customer_silent rules, due close-after-silence notices.
    ("workers.jobs.automation.customer_silent_sweep", 300),
    ("workers.jobs.automation.close_silent_tickets", 300),
    # SLA engine: warnings and breaches whose scheduled job was lost (backend/sla/README.md).
    ("workers.jobs.sla.sla_sweep", 60),
    # Support bot: stalled bot tickets to people, idle bot conversations resolved (backend/bot/).
    ("workers.jobs.bot.bot_sweep", 60),
)


def enqueue_due_sweeps() -> list[str]:
    """Enqueue every sweep whose period has elapsed (across all worker processes)."""
    r = get_redis()
    enqueued = []
    for func_name, every in SWEEPS:
        if r.set(f"seba:sweep:{func_name}", "1", nx=True, ex=every):
            enqueue(func_name, queue=QueueName.low, job_id=f"sweep-{func_name.rsplit('.', 1)[-1]}")
            enqueued.append(func_name)
    return enqueued


def _sweep_loop(stop: threading.Event) -> None:
    while not stop.wait(5.0):
        try:
            enqueue_due_sweeps()
        except Exception:
            log.exception("sweep scheduling failed")


def preload_jobs() -> None:
    """Import every job module (and so the backend) once at start, not on a job's first run (about
    two seconds, which a job's timeout would otherwise include)."""
    import importlib
    import pkgutil

    import workers.jobs

    for module in pkgutil.iter_modules(workers.jobs.__path__):
        importlib.import_module(f"workers.jobs.{module.name}")
    importlib.import_module("backend.listeners")


def build_worker() -> SebaWorker:
    """The worker on high/default/low. Jobs run in this process: forking a work horse per job cost
    ~10x the CPU of the job itself (fresh connections, SDK clients and keys each time;
    bench/RESULTS.md); crash recovery does not depend on the fork (sends are claimed in the database
    before they go out). An idle worker wakes every WORKER_HEARTBEAT_SECONDS to report itself alive
    (RQ's default, 405 s, is longer than /healthz's two minutes)."""
    settings = get_settings()
    connection = get_redis()
    queues = [Queue(str(name), connection=connection) for name in ALL_QUEUES]
    return SebaWorker(
        queues,
        connection=connection,
        worker_ttl=settings.worker_heartbeat_seconds + 15,  # RQ blocks for worker_ttl - 15 s
    )


def run_worker(*, burst: bool = False, with_sweeps: bool = True) -> bool:
    """Work the queues in priority order until stopped (or until empty with `burst`)."""
    configure_logging(get_settings().log_level)
    preload_jobs()
    worker = build_worker()
    stop = threading.Event()
    if with_sweeps and not burst:
        threading.Thread(target=_sweep_loop, args=(stop,), name="seba-sweeps", daemon=True).start()
    log.info("worker starting", extra={"queues": worker.queue_names()})
    try:
        # RQ's own lines per job (dequeued, OK, completed) are 3-4 INFO lines per job, over a
        # thousand a second at full speed; its failures still log at ERROR with the traceback.
        return worker.work(with_scheduler=True, burst=burst, logging_level="WARNING")
    finally:
        stop.set()
