"""`seba run`: prepare the stores, then run the web process and a worker until Ctrl-C."""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import click

from backend.config import PROJECT_ROOT, get_settings

OFFLINE_REFLEX_ENV = {
    # Reflex must not reach the internet: bun comes from the npm registry, no telemetry or probes.
    "REFLEX_USE_SYSTEM_BUN": "1",
    "REFLEX_TELEMETRY_ENABLED": "false",
    "REFLEX_CHECK_LATEST_VERSION": "false",
    "DO_NOT_TRACK": "1",
    "REFLEX_HTTP_CLIENT_BIND_ADDRESS": "0.0.0.0",
}


WORKER_COMMAND = [sys.executable, "-m", "backend.cli.main", "worker"]


def web_command(port: int) -> list[str]:
    """The web process: Reflex in production mode, frontend and backend on one port."""
    return [sys.executable, "-m", "reflex", "run", "--env", "prod", "--single-port",
            "--frontend-port", str(port), "--backend-port", str(port)]  # fmt: skip


def reflex_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment under which `reflex` builds and runs without calling out."""
    env = dict(os.environ if base is None else base)
    env.update(OFFLINE_REFLEX_ENV)
    tools_bin = PROJECT_ROOT / ".tools" / "node_modules" / ".bin"
    venv_bin = Path(sys.executable).parent
    env["PATH"] = os.pathsep.join([str(venv_bin), str(tools_bin), env.get("PATH", "")])
    env.setdefault("NPM_CONFIG_REGISTRY", _npm_registry())
    return env


def _npm_registry() -> str:
    try:
        out = subprocess.run(
            ["npm", "config", "get", "registry"], capture_output=True, text=True, timeout=20
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        out = ""
    return out or "https://registry.npmjs.org/"


class Supervisor:
    def __init__(self) -> None:
        self.children: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.stopping = False

    def start(self, name: str, args: list[str], env: dict[str, str]) -> None:
        # Each child leads its own process group so that stopping it stops its helpers too.
        proc = subprocess.Popen(args, cwd=PROJECT_ROOT, env=env, start_new_session=True)
        self.children.append((name, proc))

    def stop(self) -> None:
        self.stopping = True
        for _, proc in self.children:
            if proc.poll() is None:
                _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for name, proc in self.children:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                click.echo(f"{name} did not stop in time; killing it.", err=True)
                _signal_group(proc, signal.SIGKILL)
                proc.wait()

    def wait(self) -> int:
        while not self.stopping:
            for name, proc in self.children:
                code = proc.poll()
                if code is not None:
                    click.echo(f"{name} exited with code {code}; stopping Seba.", err=True)
                    return code or 1
            time.sleep(0.5)
        return 0


def _signal_group(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)


@click.command()
@click.option("--no-seed", is_flag=True, help="Do not seed the demo data.")
def run(no_seed: bool) -> None:
    """Start Seba: embedded Redis when REDIS_URL is unset, migrations, demo, worker and web."""
    from backend.embedded_redis import EmbeddedRedis
    from backend.migrations import upgrade_database

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    lock = _lock_data_dir(settings.data_dir)
    env = reflex_environment()
    env["SEBA_ENV"] = str(settings.seba_env)
    embedded = None
    if not settings.redis_url:
        embedded = EmbeddedRedis(settings.data_dir)
        env["REDIS_URL"] = embedded.start()
        os.environ["REDIS_URL"] = env["REDIS_URL"]
        click.echo(f"Embedded Redis listening on {embedded.socket_path}")
    env["REFLEX_REDIS_URL"] = env.get("REDIS_URL") or settings.effective_redis_url
    supervisor = Supervisor()

    def _on_signal(signum: int, _frame: object) -> None:
        supervisor.stopping = True

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        from backend.config import reset_settings_cache

        reset_settings_cache()
        revision = upgrade_database()
        click.echo(f"Database ready at revision {revision} ({_describe_db()}).")
        if settings.is_development and not no_seed:
            from backend.cli.main import print_logins
            from backend.seed.demo import demo_logins, seed_demo

            click.echo("Demo seeded." if seed_demo() else "Demo already present.")
            print_logins(demo_logins())
        supervisor.start("worker", WORKER_COMMAND, env)
        supervisor.start("web", web_command(settings.port), env)
        click.echo(f"Seba is starting at http://localhost:{settings.port} (Ctrl-C stops everything).")
        code = supervisor.wait()
    finally:
        click.echo("Stopping Seba...")
        supervisor.stop()
        if embedded is not None:
            embedded.stop()
        lock.close()
        click.echo("Stopped.")
    raise SystemExit(code)


def _lock_data_dir(data_dir: Path) -> IO[str]:
    """One `seba run` per data directory: a second one would share, then stop, the first's Redis."""
    handle = open(data_dir / "seba-run.lock", "w")  # noqa: SIM115 - held until Seba stops
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise click.ClickException(
            f"Seba is already running with the data directory {data_dir} (or still stopping): "
            "stop it first, or set DATA_DIR to another directory."
        ) from None
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def _describe_db() -> str:
    url = get_settings().effective_database_url
    return "PostgreSQL" if url.startswith("postgresql") else f"SQLite {url.removeprefix('sqlite:///')}"
