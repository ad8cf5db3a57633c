"""Push throughput: batches of 1, 10 and 100 `message.send` through the real /api/sync/push.

Usage (PostgreSQL and Redis; the database is migrated and filled with benchmark customers):

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/seba_bench REDIS_URL=redis://127.0.0.1:6379/12 \
        .venv/bin/python bench/sync_push.py [--mutations 6000] [--clients 4] [--per-mutation]

Each simulated device belongs to its own customer and writes into its own ticket; `--clients`
devices push concurrently through httpx's ASGI transport into the composed API (the endpoint,
the push engine, the services, the change feed and the after-commit pokes all run).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import time
import uuid

import httpx


async def _device_loop(
    client: httpx.AsyncClient, token: str, ticket_id: str, batch: int, batches: int, latencies: list[float]
) -> None:
    device_id = f"bench-{uuid.uuid4().hex[:12]}"
    headers = {"Authorization": f"Bearer {token}"}
    seq = 0
    from backend.models.base import uuid7

    for _ in range(batches):
        mutations = []
        for _ in range(batch):
            seq += 1
            args = {"message_id": str(uuid7()), "ticket_id": ticket_id, "body": f"বার্তা {seq}"}
            mutations.append(
                {"seq": seq, "kind": "message.send", "args": args, "schema_v": 2, "client_ts": seq}
            )
        started = time.perf_counter()
        response = await client.post(
            "/api/sync/push", json={"device_id": device_id, "mutations": mutations}, headers=headers
        )
        latencies.append(time.perf_counter() - started)
        assert response.status_code == 200 and response.json()["last_seq"] == seq, response.text


def _customers(count: int) -> list[tuple[str, str]]:
    from backend.auth.sessions import create_session
    from backend.db import Actor, transaction
    from backend.services.customers import find_or_create_by_phone
    from backend.services.tickets import open_ticket

    made = []
    base = int(time.time()) % 10_000_000
    for i in range(count):
        with transaction(Actor.system()) as tx:
            customer, _ = find_or_create_by_phone(tx, phone=f"+88019{(base * 37 + i) % 100_000_000:08d}")
            token = create_session(tx, customer_id=customer.id)
        with transaction(Actor.customer(customer.id)) as tx:
            ticket = open_ticket(tx, customer_id=customer.id, subject="bench", body="bench").ticket
        made.append((token, str(ticket.id)))
    return made


async def run(batch: int, mutations: int, clients: int) -> dict[str, float]:
    from app.api import make_api

    api = make_api()
    customers = _customers(clients)
    batches_each = max(1, mutations // (batch * clients))
    latencies: list[float] = []
    transport = httpx.ASGITransport(app=api)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        started = time.perf_counter()
        await asyncio.gather(
            *[
                _device_loop(client, token, ticket, batch, batches_each, latencies)
                for token, ticket in customers
            ]
        )
        elapsed = time.perf_counter() - started
    total = batches_each * batch * clients
    latencies.sort()
    return {
        "batch": batch,
        "mutations": total,
        "seconds": elapsed,
        "per_second": total / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutations", type=int, default=6000, help="per batch size")
    parser.add_argument("--clients", type=int, default=4, help="devices pushing concurrently")
    parser.add_argument("--batches", default="1,10,100")
    parser.add_argument("--per-mutation", action="store_true", help="one transaction per mutation")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database (and REDIS_URL)")
    import logging

    logging.disable(logging.WARNING)
    from backend.migrations import upgrade_database
    from sync import api as sync_api

    upgrade_database()
    sync_api.ONE_TRANSACTION_PER_BATCH = not args.per_mutation
    mode = "one transaction per mutation" if args.per_mutation else "one transaction per batch + savepoints"
    print(f"# {platform.node()} {os.cpu_count()} cpus, Python {platform.python_version()}, {mode}")
    print("batch  mutations  seconds  mutations/s  p50 ms  p95 ms")
    for batch in (int(b) for b in args.batches.split(",")):
        mutations = args.mutations if batch > 1 else min(args.mutations, 2000)
        r = asyncio.run(run(batch, mutations, args.clients))
        print(
            f"{r['batch']:>5}  {r['mutations']:>9}  {r['seconds']:>7.2f}  {r['per_second']:>11.0f}  "
            f"{r['p50_ms']:>6.1f}  {r['p95_ms']:>6.1f}"
        )


if __name__ == "__main__":
    main()
