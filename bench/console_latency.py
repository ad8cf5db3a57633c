"""Time from a customer's message to its appearance in an agent's browser (Chromium).

Starts its own `seba run` (embedded stores by default; DATABASE_URL/REDIS_URL are passed through
when set), signs an agent in, opens a ticket in the console, then sends customer messages through
the sync endpoint (the way the phone does) and records, in the page, the moment each message's
text appears in the thread (a MutationObserver stamping Date.now()). The clock is the same machine's.
Usage: `.venv/bin/python -m bench.console_latency [--messages 60]`.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

from bench.pwa_client import ARGS, ROOT, customer_token, free_port

WATCH = """(prefix) => {
  window.__seen = {};
  const thread = document.querySelector('#thread');
  new MutationObserver(() => {
    const text = thread.innerText;
    for (const m of text.matchAll(new RegExp(prefix + '(\\\\d+)', 'g'))) {
      if (!(m[1] in window.__seen)) window.__seen[m[1]] = Date.now();
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def start(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, DATA_DIR=str(data_dir), PORT=str(port))
    with open(data_dir / "run.log", "wb") as log:
        proc = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "seba"), "run"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
            if health.status_code == 200 and health.json()["worker"]["ok"]:
                return proc
        except (httpx.HTTPError, ValueError, KeyError):
            pass
        time.sleep(1)
    raise SystemExit("seba run did not become healthy")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=60)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="seba-bench-latency-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    seba = start(data_dir, port)
    try:
        token = customer_token(data_dir, "+8801700000888", external_stores="DATABASE_URL" in os.environ)
        auth = {"Authorization": f"Bearer {token}"}
        device = f"bench-{uuid.uuid4().hex[:8]}"
        ticket_id = str(uuid.uuid4())
        seq = 1

        def push(kind: str, mutation_args: dict[str, object]) -> None:
            nonlocal seq
            body = {
                "device_id": device,
                "mutations": [
                    {"seq": seq, "kind": kind, "args": mutation_args, "schema_v": 2, "client_ts": "x"}
                ],
            }
            seq += 1
            httpx.post(f"{base}/api/sync/push", json=body, headers=auth, timeout=10).raise_for_status()

        push("ticket.create", {"ticket_id": ticket_id, "subject": "latency", "body": "শুরু"})
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
            page.goto(base + "/agent/login")
            page.fill("#email", "nusrat@seba.test")
            page.fill("#password", "seba-agent-2026")
            page.click("#agent-sign-in")
            page.wait_for_selector("#inbox-list")
            page.goto(f"{base}/agent/t/{ticket_id}")
            page.wait_for_selector("#thread")
            time.sleep(2)  # the live listener subscribes
            page.evaluate(WATCH, "latency-probe-")
            sent: dict[str, float] = {}
            for i in range(args.messages):
                sent[str(i)] = time.time() * 1000
                push(
                    "message.send",
                    {"message_id": str(uuid.uuid4()), "ticket_id": ticket_id, "body": f"latency-probe-{i}"},
                )
                time.sleep(0.25)
            time.sleep(3)
            seen: dict[str, float] = page.evaluate("window.__seen")
            browser.close()
        latencies = sorted(seen[k] - sent[k] for k in sent if k in seen)
        missing = len(sent) - len(latencies)
        p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else None
        print(
            json.dumps(
                {
                    "messages": len(sent),
                    "seen": len(latencies),
                    "missing": missing,
                    "p50_ms": round(statistics.median(latencies)) if latencies else None,
                    "p95_ms": round(p95) if p95 is not None else None,
                    "max_ms": round(latencies[-1]) if latencies else None,
                    "store": "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite",
                },
                indent=2,
            )
        )
    finally:
        os.killpg(seba.pid, signal.SIGINT)
        seba.wait(60)


if __name__ == "__main__":
    main()
