"""Inbound SMS webhook -> ticket visible to an agent (the console event), p50/p95/max.

Posts N signed Twilio inbound-SMS forms (X-Twilio-Signature computed as Twilio does) to a Seba
server, one at a time, each from a new number (so each creates a customer and a ticket) or, with
--thread, all from one number (each adds a message to the open ticket). The clock starts just
before the POST and stops when the matching console event (`ticket.created` / `message.created`
on the Redis channel every agent console listens to) arrives: the moment an open console shows it.

Either against a running server (`--base-url`, `--redis-url`, `--account-sid`, `--auth-token`,
and `--public-base-url` when it differs from --base-url) or, by default, a `seba run` it starts
itself with Twilio settings of its own (embedded stores unless DATABASE_URL/REDIS_URL are set).
Usage: `.venv/bin/python -m bench.sms_inbound [--messages 200] [--thread]`.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import redis

from tests.peers.twilio.server import new_sid, twilio_signature

PATH = "/api/webhooks/twilio/sms"
CONSOLE_CHANNEL = "seba:console"


@dataclass(frozen=True)
class Target:
    base_url: str
    public_base_url: str
    redis_url: str
    account_sid: str
    auth_token: str
    to_number: str = "+8809610001234"


def inbound_form(target: Target, phone: str, body: str) -> dict[str, str]:
    sid = new_sid()
    return {
        "ToCountry": "BD",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "SmsSid": sid,
        "SmsStatus": "received",
        "Body": body,
        "FromCountry": "BD",
        "To": target.to_number,
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": target.account_sid,
        "From": phone,
        "ApiVersion": "2010-04-01",
    }


def post_signed_inbound(client: httpx.Client, target: Target, form: dict[str, str]) -> httpx.Response:
    """POST one inbound SMS form to Seba, signed exactly as Twilio signs it."""
    url = target.public_base_url.rstrip("/") + PATH
    signature = twilio_signature(target.auth_token, url, form)
    return client.post(
        target.base_url.rstrip("/") + PATH, data=form, headers={"X-Twilio-Signature": signature}
    )


def measure(target: Target, messages: int, thread: bool) -> list[float]:
    """Milliseconds from POST to the console event, one per inbound SMS."""
    pubsub = redis.Redis.from_url(target.redis_url).pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(CONSOLE_CHANNEL)
    # The first text from a number opens a ticket (ticket.created); later ones add messages.
    wanted = {"ticket.created", "message.created"} if thread else {"ticket.created"}
    latencies: list[float] = []
    base = 700_000_000 + secrets.randbelow(200_000_000)  # 017.. to 018..: valid mobile prefixes
    with httpx.Client(timeout=30) as client:
        for n in range(messages):
            phone = f"+8801{base:09d}" if thread else f"+8801{base + n:09d}"
            form = inbound_form(target, phone, f"bench sms {n}: amar order kothay?")
            while pubsub.get_message(timeout=0):  # drop what came before
                pass
            started = time.perf_counter()
            response = post_signed_inbound(client, target, form)
            if response.status_code != 200:
                raise SystemExit(f"webhook answered {response.status_code}: {response.text}")
            deadline = started + 30
            while time.perf_counter() < deadline:
                event = pubsub.get_message(timeout=1)
                if event and json.loads(event["data"]).get("kind") in wanted:
                    latencies.append((time.perf_counter() - started) * 1000)
                    break
            else:
                raise SystemExit(f"no console event for SMS {n} within 30 s")
    pubsub.close()
    return latencies


def report(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "count": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
        "max_ms": round(ordered[-1], 1),
    }


@contextmanager
def own_server() -> Iterator[Target]:
    from bench.console_latency import start
    from bench.pwa_client import free_port

    data_dir = Path(tempfile.mkdtemp(prefix="seba-bench-sms-"))
    port = free_port()
    target = Target(
        base_url=f"http://127.0.0.1:{port}",
        public_base_url=f"http://127.0.0.1:{port}",
        redis_url=os.environ.get("REDIS_URL") or f"unix://{data_dir / 'redis.sock'}",
        account_sid=new_sid("AC"),
        auth_token=secrets.token_hex(16),
    )
    os.environ.update(
        TWILIO_ACCOUNT_SID=target.account_sid,
        TWILIO_AUTH_TOKEN=target.auth_token,
        TWILIO_FROM_NUMBER=target.to_number,
        PUBLIC_BASE_URL=target.public_base_url,
    )
    seba = start(data_dir, port)
    try:
        yield target
    finally:
        os.killpg(seba.pid, signal.SIGINT)
        seba.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--thread", action="store_true", help="all from one number, into one ticket")
    parser.add_argument("--base-url")
    parser.add_argument("--public-base-url")
    parser.add_argument("--redis-url")
    parser.add_argument("--account-sid")
    parser.add_argument("--auth-token")
    args = parser.parse_args()
    if args.base_url:
        target = Target(
            base_url=args.base_url,
            public_base_url=args.public_base_url or args.base_url,
            redis_url=args.redis_url,
            account_sid=args.account_sid,
            auth_token=args.auth_token,
        )
        print(json.dumps(report(measure(target, args.messages, args.thread))))
        return
    with own_server() as target:
        measure(target, 5, args.thread)  # warm-up
        print(json.dumps(report(measure(target, args.messages, args.thread))))


if __name__ == "__main__":
    main()
