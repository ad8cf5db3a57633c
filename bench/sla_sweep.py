"""The SLA sweep over 100,000 open tickets on PostgreSQL: how long one pass takes, and proof that it
finds due clocks through the partial indexes (EXPLAIN), not by scanning.

Usage (an empty database; it is migrated first; Redis for the events the sweep dispatches):

    createdb -h 127.0.0.1 -U postgres bench_sla
    .venv/bin/python bench/sla_sweep.py --database-url postgresql://postgres@127.0.0.1:5432/bench_sla \
        --redis-url redis://127.0.0.1:6379/5

Shape: N open tickets (default 100,000), each with a running first-response and resolution clock
(2N timer rows) due between 1 hour and 5 days ahead; of those, `--due` first-response clocks are
already past due (a breach each, escalated to the supervisors by the normal-priority preset) and
`--warn` are inside their warning window. Tickets, customers and timers are streamed with COPY.

Measured: (1) the sweep pass that warns and breaches the pending clocks, (2) the next pass, which
finds nothing (the steady state every 60 s when the scheduled jobs did their work), (3) EXPLAIN of
the two lookups. Refuses a database that already has tickets unless `--force` (empties it first).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _psycopg_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _ts(moment: datetime | None) -> str:
    return "\\N" if moment is None else moment.isoformat()


def _copy(conn: psycopg.Connection, table: str, columns: list[str], lines: Iterator[str]) -> int:
    count = 0
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        buffer: list[str] = []
        for line in lines:
            buffer.append(line)
            count += 1
            if len(buffer) >= 20000:
                copy.write("".join(buffer))
                buffer.clear()
        if buffer:
            copy.write("".join(buffer))
    return count


def seed(
    conn: psycopg.Connection, *, tickets: int, due: int, warn: int, rng: random.Random
) -> dict[str, int]:
    """Customers, open tickets and two running clocks per ticket (first response, resolution)."""
    from sqlmodel import select

    from backend.db import Actor, transaction
    from backend.models import Inbox, SlaPolicy
    from backend.services import agents as agent_service
    from backend.services.organisation import organisation_id

    with transaction(Actor.system()) as tx:
        org_id = organisation_id(tx.session)
        inbox_id = tx.session.exec(select(Inbox.id).where(Inbox.channel == "web")).one()
        normal = tx.session.exec(select(SlaPolicy).where(SlaPolicy.preset == "priority_normal")).one()
        team = agent_service.create_team(tx, slug="care", name="Customer care", handles=[])
        for i in range(2):
            agent_service.create_agent(
                tx,
                email=f"lead{i}@bench.test",
                name=f"Lead {i}",
                password="bench-password-123",
                role="supervisor",
                team_ids=[team.id],
            )
        team_id = team.id
    now = datetime.now(UTC)
    customers = max(1, tickets // 10)
    customer_ids = [str(uuid.uuid4()) for _ in range(customers)]
    _copy(
        conn,
        "customer",
        ["id", "organisation_id", "name", "locale", "sms_script", "tier", "created_at", "updated_at"],
        (
            f"{cid}\t{org_id}\tBench {i}\tbn\tbengali\tstandard\t{_ts(now)}\t{_ts(now)}\n"
            for i, cid in enumerate(customer_ids)
        ),
    )
    ticket_rows: list[tuple[str, datetime, datetime, datetime | None, datetime]] = []
    for i in range(tickets):
        created = now - timedelta(minutes=rng.randint(10, 600))
        if i < due:
            fr_due = now - timedelta(minutes=rng.randint(1, 30))
            fr_warn: datetime | None = fr_due - timedelta(minutes=48)
        elif i < due + warn:
            fr_due = now + timedelta(minutes=rng.randint(5, 40))
            fr_warn = now - timedelta(minutes=rng.randint(1, 4))
        else:
            fr_due = now + timedelta(minutes=rng.randint(60, 5 * 24 * 60))
            fr_warn = fr_due - timedelta(minutes=48)
        res_due = fr_due + timedelta(hours=26)
        ticket_rows.append((str(uuid.uuid4()), created, fr_due, fr_warn, res_due))
    _copy(
        conn,
        "ticket",
        [
            "id",
            "organisation_id",
            "number",
            "subject",
            "status",
            "priority",
            "customer_id",
            "inbox_id",
            "channel",
            "team_id",
            "tags",
            "created_at",
            "updated_at",
            "last_activity_at",
            "waiting_since",
            "sla_due_at",
        ],
        (
            f"{tid}\t{org_id}\t{n + 1}\tBench ticket {n + 1}\topen\tnormal\t{customer_ids[n % customers]}\t"
            f"{inbox_id}\tweb\t{team_id}\t[]\t{_ts(created)}\t{_ts(created)}\t{_ts(created)}\t{_ts(created)}\t"
            f"{_ts(fr_due)}\n"
            for n, (tid, created, fr_due, _, _) in enumerate(ticket_rows)
        ),
    )

    def timers() -> Iterator[str]:
        for tid, created, fr_due, fr_warn, res_due in ticket_rows:
            for metric, target, due_at, warn_at in (
                ("first_response", 240, fr_due, fr_warn),
                ("resolution", 1800, res_due, res_due - timedelta(hours=6)),
            ):
                yield (
                    f"{uuid.uuid4()}\t{tid}\t{metric}\trunning\t{normal.id}\tbusiness\t{target}\t0\t1\t"
                    f"{_ts(created)}\t{_ts(created)}\t{_ts(due_at)}\t{_ts(warn_at)}\t{_ts(created)}\n"
                )

    count = _copy(
        conn,
        "sla_timer",
        [
            "id",
            "ticket_id",
            "metric",
            "state",
            "policy_id",
            "clock",
            "target_minutes",
            "consumed_minutes",
            "cycle",
            "started_at",
            "running_since",
            "due_at",
            "warn_at",
            "updated_at",
        ],
        timers(),
    )
    conn.commit()
    with conn.cursor() as cur:
        cur.execute("ANALYZE ticket")
        cur.execute("ANALYZE sla_timer")
    conn.commit()
    return {"tickets": tickets, "timers": count, "customers": customers}


def explain(conn: psycopg.Connection) -> dict[str, str]:
    from backend.models.sla import RUNNING_UNBREACHED, RUNNING_UNWARNED

    plans = {}
    queries = {
        "breaches": f"SELECT ticket_id, metric FROM sla_timer WHERE {RUNNING_UNBREACHED} AND due_at <= now() "
        "ORDER BY due_at LIMIT 1000",
        "warnings": f"SELECT ticket_id, metric FROM sla_timer WHERE {RUNNING_UNWARNED} AND warn_at <= now() "
        "AND due_at > now() ORDER BY warn_at LIMIT 1000",
    }
    with conn.cursor() as cur:
        for name, sql in queries.items():
            cur.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)
            plans[name] = "\n".join(row[0] for row in cur.fetchall())
    conn.rollback()
    return plans


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{model or platform.processor()} ({os.cpu_count()} cores), {platform.system()} {platform.release()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=100, help="first-response clocks already past due")
    parser.add_argument("--warn", type=int, default=100, help="first-response clocks in their warning window")
    parser.add_argument("--force", action="store_true", help="empty a database that has tickets")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.database_url
    os.environ["REDIS_URL"] = args.redis_url
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    from backend.config import reset_settings_cache

    reset_settings_cache()
    from backend.logging_setup import configure_logging
    from backend.migrations import upgrade_database
    from backend.redis_store import get_redis
    from backend.sla.sweep import run_sweep

    configure_logging("WARNING")
    upgrade_database()
    conn = psycopg.connect(_psycopg_url(args.database_url))
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM ticket")
        existing = cur.fetchone()[0]  # type: ignore[index]
    if existing:
        if not args.force:
            print(f"the database already has {existing} tickets; use --force to empty it", file=sys.stderr)
            return 2
        with conn.cursor() as cur:
            cur.execute(
                "SELECT tablename FROM pg_tables "
                "WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
            tables = [row[0] for row in cur.fetchall()]
            cur.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
        conn.commit()
        upgrade_database()
    get_redis().flushdb()
    started = time.perf_counter()
    shape = seed(conn, tickets=args.tickets, due=args.due, warn=args.warn, rng=random.Random(6))
    seeded_s = time.perf_counter() - started
    plans = explain(conn)
    load_before = os.getloadavg()
    busy = run_sweep(limit=max(1000, args.due + args.warn))
    steady = [run_sweep() for _ in range(5)]
    load_after = os.getloadavg()
    report = {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": machine(),
        "database": "PostgreSQL " + conn.info.parameter_status("server_version"),  # type: ignore[operator]
        "shape": shape,
        "seed_seconds": round(seeded_s, 1),
        "busy_pass": busy.as_dict(),
        "steady_passes_seconds": [s.seconds for s in steady],
        "load_average_1m": [round(load_before[0], 2), round(load_after[0], 2)],
        "index_used": {
            name: ("ix_sla_timer_due" in plan or "ix_sla_timer_warn" in plan) for name, plan in plans.items()
        },
    }
    print(json.dumps(report, indent=2))
    for name, plan in plans.items():
        print(f"\n--- {name} lookup ---\n{plan}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
