"""Inbox page latency at a million tickets: every view x filter x sort, first and a deeper page.

Usage (a database filled by bench/seed_volume.py):

    .venv/bin/python bench/inbox_latency.py --database-url postgresql://postgres@127.0.0.1:5432/bench_inbox

Server time is the wall time of `inbox_page` in this process (SQL, row mapping, read models; the
view counts included), measured `--runs` times per case after one warm-up; statements are counted
with a `before_cursor_execute` listener. The deeper page is page `--deep` (reached through the
cursors). Exits 1 when any p95 is above 100 ms or any page takes more than 5 statements. Quick
search is timed the same way for each kind of query.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

P95_BUDGET_MS = 100.0
STATEMENT_BUDGET = 5
FILTERS: dict[str, dict[str, Any]] = {
    "-": {},
    "status=open": {"status": ["open"]},
    "status=pending,on_hold": {"status": ["pending,on_hold"]},
    "status=resolved": {"status": ["resolved"]},
    "status=closed": {"status": ["closed"]},
    "status=snoozed": {"status": ["snoozed"]},
    "channel=whatsapp": {"channel": ["whatsapp"]},
    "priority=urgent": {"priority": ["urgent"]},
    "sla=overdue": {"sla": "overdue"},
    "sla=due_within:60": {"sla": "due_within:60"},
    "sla=none": {"sla": "none"},
    "language=en": {"language": ["en"]},
    "intent=payment_issue": {"intent": ["payment_issue"]},
    "tag=vip": {"tag": ["vip"]},
    "tag=vip+cod (all)": {"tag": ["vip,cod"], "tag_match": "all"},
    "urgent+en+tag=legal": {"priority": ["urgent"], "language": ["en"], "tag": ["legal"]},
}


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--deep", type=int, default=5, help="which page is the deeper one")
    parser.add_argument("--search-only", action="store_true", help="time quick search only")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql")):
        parser.error("--database-url (or DATABASE_URL) must be a postgresql:// URL")
    os.environ["DATABASE_URL"] = args.database_url

    from backend.db import get_engine, read_session
    from backend.queries.inbox import SORTS, VIEWS, inbox_page
    from backend.queries.inbox_filters import InboxFilters
    from backend.queries.search import quick_search

    engine = get_engine()
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    with read_session() as session:
        tickets = session.execute(sa.text("SELECT count(*) FROM ticket")).scalar_one()
        messages = session.execute(sa.text("SELECT count(*) FROM message")).scalar_one()
        # The agent in two teams with the most active tickets: the heaviest "mine" and "my_teams".
        agent_id = session.execute(
            sa.text(
                "SELECT m.agent_id FROM team_membership m JOIN ticket t ON t.assignee_id = m.agent_id"
                " AND t.status IN ('new', 'open', 'pending', 'on_hold')"
                " GROUP BY m.agent_id ORDER BY count(DISTINCT m.team_id) DESC, count(*) DESC LIMIT 1"
            )
        ).scalar_one()
    print(
        f"{tickets:,} tickets, {messages:,} messages; {platform.node()}, {os.cpu_count()} cores", flush=True
    )
    print(
        f"{'view':<11} {'filter':<22} {'sort':<13} {'page':>4} {'rows':>4} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'stmts':>5}"
    )

    failures: list[str] = []
    all_p95: list[float] = []
    started = time.perf_counter()
    for view in () if args.search_only else VIEWS:
        for label, raw in FILTERS.items():
            filters = InboxFilters.parse(**raw)
            for sort in SORTS:
                with read_session() as session:
                    cursors: dict[int, str | None] = {1: None}
                    page = None
                    for number in range(1, args.deep):
                        page = inbox_page(
                            session,
                            agent_id=agent_id,
                            view=view,
                            filters=filters,
                            sort=sort,
                            cursor=cursors[number],
                            with_counts=False,
                        )
                        cursors[number + 1] = page.next_cursor
                        if page.next_cursor is None:
                            break
                    for number in (1, args.deep):
                        if number not in cursors or (number > 1 and cursors[number] is None):
                            continue
                        timings: list[float] = []
                        most = 0
                        rows = 0
                        for run in range(args.runs + 1):
                            statements.clear()
                            t0 = time.perf_counter()
                            page = inbox_page(
                                session,
                                agent_id=agent_id,
                                view=view,
                                filters=filters,
                                sort=sort,
                                cursor=cursors[number],
                            )
                            elapsed = (time.perf_counter() - t0) * 1000
                            if run:  # the first run warms caches and the statement cache
                                timings.append(elapsed)
                            most = max(most, len([s for s in statements if s.strip().upper() != "BEGIN"]))
                            rows = len(page.tickets)
                        p50, p95 = statistics.median(timings), _percentile(timings, 0.95)
                        all_p95.append(p95)
                        print(
                            f"{view:<11} {label:<22} {sort:<13} {number:>4} {rows:>4} "
                            f"{p50:>7.1f} {p95:>7.1f} {max(timings):>7.1f} {most:>5}",
                            flush=True,
                        )
                        if p95 > P95_BUDGET_MS or most > STATEMENT_BUDGET:
                            failures.append(
                                f"{view} {label} {sort} page {number}: p95 {p95:.1f} ms, {most} stmts"
                            )

    if all_p95:
        print(
            f"\n{len(all_p95)} cases in {time.perf_counter() - started:.0f} s; "
            f"worst p95 {max(all_p95):.1f} ms, median p95 {statistics.median(all_p95):.1f} ms"
        )

    with read_session() as session:
        number = session.execute(sa.text("SELECT number FROM ticket ORDER BY id DESC LIMIT 1")).scalar_one()
        phone = session.execute(
            sa.text(
                "SELECT c.phone FROM customer c JOIN ticket t ON t.customer_id = c.id ORDER BY t.id LIMIT 1"
            )
        ).scalar_one()
        email = session.execute(
            sa.text(
                "SELECT c.email FROM customer c JOIN ticket t ON t.customer_id = c.id"
                " WHERE c.email IS NOT NULL ORDER BY t.id DESC LIMIT 1"
            )
        ).scalar_one()
        local = "0" + phone[4:]
        searches = {
            "#number": f"#{number}",
            "number (Bengali digits)": str(number).translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")),
            "phone 01...": local,
            "phone +880...": phone,
            "email (upper case)": email.upper(),
            "subject words": "refund kobe",
            "subject, no match": "zzzz nothing",
        }
        print(f"\n{'quick search':<24} {'rows':>4} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'stmts':>5}")
        for label, q in searches.items():
            timings = []
            for run in range(args.runs + 1):
                statements.clear()
                t0 = time.perf_counter()
                found = quick_search(session, q)
                if run:
                    timings.append((time.perf_counter() - t0) * 1000)
            p95 = _percentile(timings, 0.95)
            print(
                f"{label:<24} {len(found):>4} {statistics.median(timings):>7.1f} {p95:>7.1f} "
                f"{max(timings):>7.1f} {len(statements):>5}"
            )
            if p95 > P95_BUDGET_MS:
                failures.append(f"search {label}: p95 {p95:.1f} ms")

    if failures:
        print("\nOVER BUDGET:\n  " + "\n  ".join(failures))
        return 1
    print(f"\nall within budget (p95 <= {P95_BUDGET_MS:.0f} ms, <= {STATEMENT_BUDGET} statements)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
