"""Customer app over the wire, in Chromium: first visit and repeat visit bytes, opening offline
to a rendered ticket list, and the first visit on an emulated slow 3G link.

Starts its own Seba (`seba run` on a temporary data directory, embedded stores) behind a byte-
counting proxy (bench/netproxy.py): every byte the browser and its service worker exchange with
the server, websocket included, passes through it. Usage: `.venv/bin/python -m bench.pwa_client`.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import BrowserContext, Page, sync_playwright

from bench.netproxy import SLOW_3G, NetProxy

ROOT = Path(__file__).resolve().parent.parent
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_seba(data_dir: Path, server_port: int, public_port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(
        DATA_DIR=str(data_dir),
        PORT=str(server_port),
        # The page talks to the proxy (pages and the websocket), the proxy to the server.
        REFLEX_API_URL=f"http://localhost:{public_port}",
    )
    with open(data_dir / "run.log", "wb") as log:
        proc = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "seba"), "run", "--no-seed"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{server_port}/healthz", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            sys.exit((data_dir / "run.log").read_text()[-3000:])
        time.sleep(1)
    sys.exit("seba run did not become healthy")


def customer_token(data_dir: Path, phone: str, *, external_stores: bool = False) -> str:
    """A customer's token from the stores of the server under test: the embedded ones in
    `data_dir`, or DATABASE_URL/REDIS_URL from the environment with `external_stores`."""
    env = dict(os.environ, DATA_DIR=str(data_dir))
    if not external_stores:
        env.pop("DATABASE_URL", None)
        env["REDIS_URL"] = f"unix://{data_dir / 'redis.sock'}"
    out = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "seba"), "dev", "customer-token", "--phone", phone],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return out.strip().splitlines()[-1].split()[-1]


def seed_tickets(base: str, token: str, count: int) -> None:
    for i in range(count):
        httpx.post(
            f"{base}/api/customer/tickets",
            headers={"Authorization": f"Bearer {token}"},
            json={"subject": f"অর্ডার {i + 1} এখনো আসেনি", "body": "কবে পাবো? ORD-2401" + str(i)},
            timeout=10,
        ).raise_for_status()


def wait_shell_cached(page: Page) -> None:
    page.wait_for_function(
        "navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=120_000
    )
    page.wait_for_function(
        "caches.keys().then(k => k.some(n => n.startsWith('seba-shell-')))", timeout=120_000
    )


def sign_in(context: BrowserContext, base: str, token: str) -> None:
    page = context.new_page()
    page.goto(base + "/login")
    page.wait_for_selector("#customer-app[data-hydrated='1']")
    page.evaluate("t => self.SebaSync.saveSession({token: t, customer_id: '', name: '', phone: ''})", token)
    page.evaluate("t => { document.cookie = 'seba_session=' + t + '; path=/'; }", token)
    page.goto(base + "/")
    page.wait_for_selector("#ticket-list", timeout=60_000)
    page.close()


def quiet(proxy: NetProxy, seconds: float = 2.0, timeout: float = 60.0) -> None:
    """Wait until no byte has moved for `seconds` (background fetches done)."""
    deadline = time.monotonic() + timeout
    last = (-1, -1)
    still_since = time.monotonic()
    while time.monotonic() < deadline:
        now = (proxy.counters.down, proxy.counters.up)
        if now != last:
            last, still_since = now, time.monotonic()
        elif time.monotonic() - still_since >= seconds:
            return
        time.sleep(0.1)


def main() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="seba-bench-pwa-"))
    server_port, public_port = free_port(), free_port()
    proxy = NetProxy(listen_port=public_port, target_port=server_port)
    proxy.start()
    proxy.reset()
    seba = start_seba(data_dir, server_port, public_port)
    base = f"http://localhost:{public_port}"
    results: dict[str, object] = {}
    try:
        token = customer_token(data_dir, "+8801700000999")
        seed_tickets(f"http://127.0.0.1:{server_port}", token, 20)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)

            # First visit of a new customer (the sign-in page), until the shell is cached.
            context = browser.new_context(viewport={"width": 360, "height": 740})
            proxy.reset()
            page = context.new_page()
            page.goto(base + "/")
            page.wait_for_selector("#customer-app[data-hydrated='1']")
            wait_shell_cached(page)
            quiet(proxy)
            results["first_visit_bytes"] = {
                "down": proxy.counters.down,
                "up": proxy.counters.up,
                "by_request": dict(sorted(proxy.counters.by_request.items(), key=lambda kv: -kv[1][0])),
            }
            page.close()

            # Repeat visit, same phone, not signed in.
            proxy.reset()
            page = context.new_page()
            page.goto(base + "/login")
            page.wait_for_selector("#customer-app[data-hydrated='1']")
            quiet(proxy)
            results["repeat_visit_bytes"] = {
                "down": proxy.counters.down,
                "up": proxy.counters.up,
                "by_request": proxy.counters.by_request,
            }
            page.close()

            # Repeat visit of a signed-in customer with 20 tickets (pull, poke stream, websocket).
            sign_in(context, base, token)
            proxy.reset()
            page = context.new_page()
            page.goto(base + "/")
            page.wait_for_selector("#ticket-list li >> nth=19")
            quiet(proxy)
            results["repeat_visit_signed_in_bytes"] = {
                "down": proxy.counters.down,
                "up": proxy.counters.up,
                "by_request": proxy.counters.by_request,
            }
            page.close()

            # Opening offline to a rendered list of 20 tickets.
            context.set_offline(True)
            timings = []
            for _ in range(7):
                page = context.new_page()
                page.goto(base + "/")
                page.wait_for_selector("#ticket-list li >> nth=19", timeout=10_000)
                timings.append(page.evaluate("performance.now()"))
                page.close()
            context.set_offline(False)
            results["offline_open_ms"] = {
                "median": round(statistics.median(timings)),
                "max": round(max(timings)),
                "runs": [round(t) for t in timings],
            }
            context.close()

            # First visit on slow 3G (400 kbit/s each way, 400 ms round trip), through the proxy.
            context = browser.new_context(viewport={"width": 360, "height": 740})
            proxy.reset(SLOW_3G)
            page = context.new_page()
            started = time.monotonic()
            page.goto(base + "/login", timeout=120_000)
            page.wait_for_selector("#customer-app[data-hydrated='1'] #send-code", timeout=120_000)
            interactive = time.monotonic() - started
            wait_shell_cached(page)
            shell_cached = time.monotonic() - started
            results["slow_3g"] = {
                "interactive_s": round(interactive, 2),
                "shell_cached_s": round(shell_cached, 2),
            }
            proxy.reset()
            context.close()
            browser.close()
    finally:
        os.killpg(seba.pid, signal.SIGINT)
        seba.wait(60)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
