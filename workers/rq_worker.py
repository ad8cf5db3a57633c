"""The RQ worker class `seba worker` runs: jobs in this process, fewer Redis round trips per job.

RQ's SimpleWorker sends its heartbeat (HSET plus two EXPIREs, one round trip each) three times per
job and writes its `idle` state twice: about 20 round trips per job, as much CPU as a notification
job's own SQL (bench/RESULTS.md). Here a heartbeat is one pipelined round trip and is skipped when
one went out less than a second ago with an expiry that still covers what is asked; the state is
written when it changes; the job's own heartbeat after it ran is skipped when no callback follows
(it only stretched the job's deadline over the callback). What RQ keeps: the worker key never
outlives its last expiry, /healthz sees a heartbeat at least every `dequeue_timeout` seconds while
idle (WORKER_HEARTBEAT_SECONDS) and after every job while busy, `rq suspend` is checked before
every job."""

from __future__ import annotations

import time
from typing import Any

from redis.client import Pipeline
from rq import SimpleWorker
from rq.job import Job
from rq.queue import Queue
from rq.utils import now

SKIP_WITHIN_SECONDS = 1.0


class SebaWorker(SimpleWorker):
    """SimpleWorker with the duplicate heartbeats and state writes left out."""

    log_result_lifespan = False  # a log call per job about how long RQ keeps a result

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._beat_at = float("-inf")  # monotonic time of the last heartbeat sent
        self._alive_until = float("-inf")  # ... and when the worker key expires after it
        self._state_written_at = float("-inf")

    def heartbeat(self, timeout: int | None = None, pipeline: Pipeline | None = None) -> None:
        wanted = timeout or self.worker_ttl + 60
        now = time.monotonic()
        if (
            now - self._beat_at < SKIP_WITHIN_SECONDS
            and self._alive_until - now >= wanted - SKIP_WITHIN_SECONDS
        ):
            return
        if pipeline is None:
            with self.connection.pipeline(transaction=False) as own:
                super().heartbeat(timeout, pipeline=own)
                own.execute()
        else:
            super().heartbeat(timeout, pipeline=pipeline)
        self._beat_at, self._alive_until = now, now + wanted

    def set_state(self, state: str, pipeline: Pipeline | None = None) -> None:
        now = time.monotonic()
        if (
            pipeline is None
            and state == self.get_state()
            and now - self._state_written_at < SKIP_WITHIN_SECONDS
        ):
            return
        super().set_state(state, pipeline=pipeline)
        self._state_written_at = now

    def handle_execution_ended(self, job: Job, queue: Queue, heartbeat_ttl: int) -> None:
        if job.success_callback or job.failure_callback:
            super().handle_execution_ended(job, queue, heartbeat_ttl)
        else:
            job.ended_at = now()
