"""Run the real product for browser tests: `reflex run --env prod` and an RQ worker, on test stores."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import redis

from backend.cli.supervisor import WORKER_COMMAND, reflex_environment, web_command
from backend.config import PROJECT_ROOT, get_settings


def neighbour_redis_url(url: str) -> str:
    """The same Redis server, the next database number: the live server's worker must not take
    the jobs that in-process tests enqueue and inspect."""
    parsed = urlsplit(url)
    if parsed.scheme == "unix":
        query = dict(parse_qsl(parsed.query))
        query["db"] = str(int(query.get("db", "0")) + 1)
        return f"unix://{parsed.path}?{urlencode(query)}"
    db = int(parsed.path.strip("/") or "0")
    return urlunsplit((parsed.scheme, parsed.netloc, f"/{db + 1}", parsed.query, ""))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    base_url: str
    port: int
    log_dir: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def worker_log(self) -> Path:
        return self.log_dir / "worker.log"

    def dev_sms(self, phone: str) -> list[str]:
        """SMS bodies the worker wrote to its log for `phone` (development mode only)."""
        bodies = []
        for line in self.worker_log.read_text(encoding="utf-8", errors="replace").splitlines():
            if '"seba.dev_sms"' not in line:
                continue
            with contextlib.suppress(json.JSONDecodeError):
                msg = json.loads(line)["msg"]
                if f" to {phone}:" in msg:
                    bodies.append(msg.split(f" to {phone}: ", 1)[1])
        return bodies

    def wait_for_sms(self, phone: str, count: int = 1, timeout: float = 20.0) -> list[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            bodies = self.dev_sms(phone)
            if len(bodies) >= count:
                return bodies
            time.sleep(0.2)
        raise AssertionError(f"no SMS to {phone} in the worker log within {timeout} s")

    def stop(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.processes:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _spawn(args: list[str], cwd: Path, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "ab") as out:
        # Its own process group, so that stopping it stops its helpers (granian workers) too.
        return subprocess.Popen(
            args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def start_live_server(
    log_dir: Path,
    *,
    project_root: Path = PROJECT_ROOT,
    with_worker: bool = True,
    port: int | None = None,
    build_timeout: float = 600.0,
) -> LiveServer:
    """Start the web process (and a worker) from `project_root`; wait until it serves pages."""
    settings = get_settings()
    port = port or free_port()
    env = reflex_environment()
    redis_url = neighbour_redis_url(settings.effective_redis_url)
    redis.Redis.from_url(redis_url).flushdb()
    env.update(
        {
            "SEBA_ENV": "development",
            "DATA_DIR": str(settings.data_dir),
            "SECRET_KEY": settings.secret_key,
            "REDIS_URL": redis_url,
            "REFLEX_REDIS_URL": redis_url,
            "LOG_LEVEL": "INFO",
            "PORT": str(port),
        }
    )
    if settings.database_url:
        env["DATABASE_URL"] = settings.database_url
    log_dir.mkdir(parents=True, exist_ok=True)
    server = LiveServer(base_url=f"http://127.0.0.1:{port}", port=port, log_dir=log_dir)
    if project_root != PROJECT_ROOT:
        env["PYTHONPATH"] = str(project_root)
    if with_worker:
        server.processes.append(_spawn(WORKER_COMMAND, project_root, env, log_dir / "worker.log"))
    server.processes.append(_spawn(web_command(port), project_root, env, log_dir / "web.log"))
    deadline = time.monotonic() + build_timeout
    while time.monotonic() < deadline:
        for proc in server.processes:
            if proc.poll() is not None:
                server.stop()
                tail = (log_dir / "web.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"a server process exited early ({proc.args}):\n{tail}")
        try:
            health = httpx.get(server.base_url + "/healthz", timeout=2)
            login = httpx.get(server.base_url + "/login/", timeout=5)
            worker_ok = health.status_code == 200 and (health.json()["worker"]["ok"] or not with_worker)
            if worker_ok and login.status_code == 200:
                return server
        except (httpx.HTTPError, ValueError, KeyError):
            pass
        time.sleep(1)
    server.stop()
    raise RuntimeError(f"the live server did not become healthy in {build_timeout} s")
