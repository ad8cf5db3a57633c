"""Business-time computations per second on one core: add_business_minutes and business_minutes_between.

    python -m bench.calendar_bench [--n 200000] [--seed 7]

Inputs are drawn beforehand (starts across 2026-2027 in Dhaka time, 0-5 days of business minutes),
so only the arithmetic is timed. The calendars are the shipped "default" (every day, Jumu'ah break,
Ramadan range, holidays) and "payments" (bank hours, Friday-Saturday weekend), already indexed for
the two years (the one-off index build is reported separately). No database, no Redis: this is the
hot path the SLA engine calls.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from backend.calendar.business_time import add_business_minutes, business_minutes_between
from backend.calendar.shipped import shipped_spec
from backend.calendar.spec import CalendarSpec

DHAKA = ZoneInfo("Asia/Dhaka")


def _inputs(n: int, seed: int) -> list[tuple[datetime, int, datetime]]:
    rng = random.Random(seed)
    origin = datetime(2026, 1, 1, tzinfo=DHAKA)
    rows = []
    for _ in range(n):
        start = origin + timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60 - 10 * 24 * 60))
        end = start + timedelta(minutes=rng.randrange(0, 10 * 24 * 60))
        rows.append((start, rng.randrange(0, 5 * 24 * 60), end))
    return rows


def _index_build_seconds(name: str) -> float:
    fresh = shipped_spec(name)
    spec = CalendarSpec(
        fresh.name,
        fresh.timezone,
        fresh.weekly_hours,
        fresh.holidays,
        fresh.hour_ranges,
        fresh.jumuah_break,
        fresh.closed_kinds,
        estimate_holidays=fresh.estimate_holidays,
    )
    began = time.perf_counter()
    spec.year_index(2026)
    return time.perf_counter() - began


def run(n: int, seed: int) -> None:
    rows = _inputs(n, seed)
    print(f"python {platform.python_version()} on {platform.machine()}, load average {os.getloadavg()}")
    for name in ("default", "payments"):
        print(f"{name}: building one year's index took {_index_build_seconds(name) * 1000:.1f} ms")
    for name in ("default", "payments"):
        cal = shipped_spec(name)
        for year in (2026, 2027, 2028):
            cal.year_index(year)
        began = time.perf_counter()
        for start, minutes, _ in rows:
            add_business_minutes(cal, start, minutes)
        add_rate = n / (time.perf_counter() - began)
        began = time.perf_counter()
        for start, _, end in rows:
            business_minutes_between(cal, start, end)
        between_rate = n / (time.perf_counter() - began)
        began = time.perf_counter()
        for i, (start, minutes, end) in enumerate(rows):
            if i % 2:
                add_business_minutes(cal, start, minutes)
            else:
                business_minutes_between(cal, start, end)
        mixed_rate = n / (time.perf_counter() - began)
        print(
            f"{name}: add {add_rate:,.0f}/s, between {between_rate:,.0f}/s, mixed {mixed_rate:,.0f}/s "
            f"({n:,} each, one thread)"
        )
    print(f"load average after: {os.getloadavg()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    run(args.n, args.seed)


if __name__ == "__main__":
    main()
