"""One bot turn, end to end in the database: a customer's message read, classified with the shipped
model, the flow run (commerce look-up, slots), the reply and the turn written and committed.

Creates N web tickets on an inbox the bot answers (Bengali script, Banglish and English openings
that customers really send), then times `backend.bot.engine.run_turn` for each opening message and
for a follow-up carrying the order number. Uses DATABASE_URL / REDIS_URL when set (PostgreSQL,
Redis), else a fresh SQLite file and an embedded Redis in a temporary directory.
Usage: `.venv/bin/python -m bench.bot_turn [--tickets 300]`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

OPENINGS = (
    "amar order ORD-{n} kothay?",
    "আমার অর্ডার ORD-{n} কবে পাবো?",
    "where is my order ORD-{n}?",
    "bkash e taka kete nise kintu order unpaid",
    "ORD-{n} er refund kobe pabo",
    "কিভাবে পেমেন্ট করা যায়?",
)


def _stores() -> None:
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        from backend.embedded_redis import EmbeddedRedis

        data_dir = Path(tempfile.mkdtemp(prefix="seba-bench-bot-"))
        os.environ["DATA_DIR"] = str(data_dir)
        os.environ.pop("DATABASE_URL", None)
        os.environ["REDIS_URL"] = EmbeddedRedis(data_dir / "redis", persist=False).start()


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(len(ordered) * q))]  # noqa: E731
    return {
        "count": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(pick(0.95), 1),
        "p99_ms": round(pick(0.99), 1),
        "max_ms": round(ordered[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=300)
    args = parser.parse_args()
    _stores()
    from backend.bot import engine
    from backend.bot.admin import set_inbox_connection
    from backend.db import Actor, get_engine, transaction
    from backend.migrations import upgrade_database
    from backend.models import CommerceOrder
    from backend.models.base import utcnow
    from backend.services import customers, messages, tickets
    from backend.services.organisation import ensure_organisation

    upgrade_database()
    with transaction(Actor.system()) as tx:
        ensure_organisation(tx)
    with transaction(Actor.system()) as tx:
        set_inbox_connection(tx, "web", on=True)
    base = 500_000 + int(time.time()) % 400_000
    opened = []
    for i in range(args.tickets):
        n = base + i
        with transaction(Actor.system()) as tx:
            customer, _ = customers.find_or_create_by_phone(tx, phone=f"+88019{n:08d}")
            tx.session.add(
                CommerceOrder(
                    order_ref=f"ORD-{n}",
                    customer_id=customer.id,
                    status="shipped",
                    payment_method="bkash",
                    payment_status="paid",
                    total_paisa=99900,
                    placed_at=utcnow(),
                    courier="Pathao",
                    tracking_code=f"PTH{n}",
                )
            )
            ticket = tickets.open_ticket(
                tx, customer_id=customer.id, subject="bench", body=OPENINGS[i % len(OPENINGS)].format(n=n)
            )
        opened.append((customer.id, ticket.ticket.id, ticket.first_message.id, n))
    engine.run_turn(opened[0][2])  # load the model once (measured separately by bench/bot_classify.py)
    first, follow = [], []
    for customer_id, ticket_id, message_id, n in opened[1:]:
        started = time.perf_counter()
        engine.run_turn(message_id)
        first.append((time.perf_counter() - started) * 1000)
        with transaction(Actor.customer(customer_id)) as tx:
            reply = messages.post_customer_message(
                tx, customer_id=customer_id, ticket_id=ticket_id, body=f"{n}"
            )
        started = time.perf_counter()
        engine.run_turn(reply.id)
        follow.append((time.perf_counter() - started) * 1000)
    print(
        json.dumps(
            {
                "database": get_engine().dialect.name,
                "first_turn": _percentiles(first),
                "follow_up_turn": _percentiles(follow),
                "load_average": os.getloadavg(),
            }
        )
    )


if __name__ == "__main__":
    main()
