"""Agents' ticket text search (`quick_search` with words) over a million tickets on PostgreSQL.

Usage (a database seeded by bench/seed_volume.py; needle messages are added once):

    .venv/bin/python -m bench.ticket_text_search --database-url postgresql://postgres@127.0.0.1:5432/bench_kb_tickets

Adds 1,000 messages carrying a unique bKash TrxID to random tickets (as customers paste them), then
times quick_search, the whole path an agent's search box takes (SQL plus inbox rows), for: a TrxID
found in one message, words most tickets contain (English, Bengali, Banglish), a two-word phrase,
and a word no ticket contains. --runs timed runs per query after one warm-up.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

NEEDLE_PREFIX = "bKash TrxID "


def add_needles(url: str) -> list[str]:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        count = conn.execute(
            "SELECT count(*) FROM message WHERE body LIKE %s", (NEEDLE_PREFIX + "%",)
        ).fetchone()
        if not count or count[0] == 0:
            conn.execute(
                """
                INSERT INTO message (id, ticket_id, direction, author_type, body, attachments, channel,
                                     delivery_status, created_at)
                SELECT gen_random_uuid(), t.id, 'inbound', 'customer',
                       %s || upper(substr(md5(t.id::text), 1, 10)) || ' charged twice for order', '[]',
                       'web', 'delivered', now()
                FROM (SELECT id FROM ticket ORDER BY random() LIMIT 1000) t
                """,
                (NEEDLE_PREFIX,),
            )
            conn.execute("ANALYZE message")
        rows = conn.execute(
            "SELECT substr(body, %s, 10) FROM message WHERE body LIKE %s ORDER BY id LIMIT 20",
            (len(NEEDLE_PREFIX) + 1, NEEDLE_PREFIX + "%"),
        ).fetchall()
    return [r[0] for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        parser.error("a PostgreSQL --database-url seeded by bench/seed_volume.py is required")
    os.environ["DATABASE_URL"] = args.database_url

    from sqlmodel import Session

    from backend.db import get_engine
    from backend.queries.search import quick_search

    trxids = add_needles(args.database_url)
    cases = {
        "TrxID in one message": trxids,
        "'order' (most tickets)": ["order"],
        "'refund status'": ["refund status"],
        "Bengali 'ভাঙা পণ্য'": ["ভাঙা পণ্য"],
        "Banglish 'taka kete geche'": ["taka kete geche"],
        "'courier' (agents' replies)": ["courier"],
        "a word no ticket has": ["zqxvkw"],
    }
    print(f"load average at start {os.getloadavg()}")
    engine = get_engine()
    for label, queries in cases.items():
        timings, sizes = [], []
        with Session(engine) as session:
            quick_search(session, queries[0])
            for i in range(args.runs):
                query = queries[i % len(queries)]
                started = time.perf_counter()
                found = quick_search(session, query)
                timings.append((time.perf_counter() - started) * 1000)
                sizes.append(len(found))
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        print(
            f"{label:<30} p50 {statistics.median(timings):6.1f} ms  p95 {p95:6.1f} ms  "
            f"max {timings[-1]:6.1f} ms  results {min(sizes)}-{max(sizes)}"
        )
    print(f"load average at end {os.getloadavg()}")


if __name__ == "__main__":
    main()
