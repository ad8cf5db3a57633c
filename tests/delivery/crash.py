"""Crash helpers: worker process trees killed with SIGKILL, and LOCAL peers (not Twilio, not a real push
service) that hold their answer after the message exists, so a kill lands between the provider call and
the worker recording it."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from backend.config import PROJECT_ROOT
from tests.peers.push.server import PushPeer
from tests.peers.twilio import server as twilio_server
from tests.peers.twilio.server import TwilioPeer

WORKER = "from workers.run import run_worker; run_worker(with_sweeps=False)"


class HoldingCounter:
    """How many requests a peer is holding right now (accepted, answer not yet written)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.holding = 0
        self.held_total = 0

    def hold(self, low: float, high: float) -> None:
        if high <= 0:
            return
        with self._lock:
            self.holding += 1
            self.held_total += 1
        try:
            time.sleep(random.uniform(low, high))
        finally:
            with self._lock:
                self.holding -= 1


class HoldingTwilioPeer(TwilioPeer):
    """The local Twilio peer, which also holds each create's answer AFTER the message exists (the
    window in which a killed worker leaves a sent SMS unrecorded) and can answer some Messages list
    calls (find_sent's lookup) with 503 as an outage of that API would."""

    def __init__(self, *args: Any, hold: tuple[float, float] = (0.0, 0.0), **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.hold_range = hold
        self.counter = HoldingCounter()
        self.list_failure_rate = 0.0
        self.list_calls = 0
        self.list_failures = 0

    def _create(self, path: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        status, payload = super()._create(path, form)
        if status == 201:
            self.counter.hold(*self.hold_range)
        return status, payload

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        if method == "GET":
            with self._lock:
                self.list_calls += 1
                fail = random.random() < self.list_failure_rate
                self.list_failures += fail
            if fail:
                error = twilio_server._error(20503, "Service Unavailable", 503)
                return twilio_server._answer(handler, 503, error)
        return super()._handle(handler, method)

    def messages_to(self, to: str, body: str) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self.messages if m["to"] == to and m["body"] == body]


class HoldingPushPeer(PushPeer):
    """The local RFC 8030 push peer, holding its 201 after the message is stored (and after any Topic
    replacement), counting what it holds."""

    def __init__(self, *args: Any, hold: tuple[float, float] = (0.0, 0.0), **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.hold_range = hold
        self.counter = HoldingCounter()

    def handle(self, sub_id: str, headers: Any, body: bytes) -> tuple[int, dict[str, str]]:
        status, extra = super().handle(sub_id, headers, body)
        if status == 201:
            self.counter.hold(*self.hold_range)
        return status, extra


def start_worker(log: Path, env: Mapping[str, str]) -> subprocess.Popen[bytes]:
    """`seba worker`'s loop (RQ worker, forked work horses, RQ scheduler) as a new process."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-c", WORKER],
            cwd=PROJECT_ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def process_tree(pid: int) -> list[int]:
    tree, out, todo = _children(), [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(tree.get(current, []))
    return out


def kill_tree(proc: subprocess.Popen[bytes]) -> int:
    """SIGKILL the worker and every process it forked (RQ's work horse runs in its own process group,
    the scheduler is a forked child): what a machine or container crash does. The worker is stopped
    first so it cannot fork while its tree is collected. Returns how many processes died."""
    try:
        os.kill(proc.pid, signal.SIGSTOP)
    except ProcessLookupError:
        proc.wait()
        return 0
    pids = process_tree(proc.pid)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    proc.wait()
    return len(pids)


def stop_worker(proc: subprocess.Popen[bytes]) -> None:
    """A graceful stop (SIGTERM: RQ finishes the current job), SIGKILL after 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        kill_tree(proc)
