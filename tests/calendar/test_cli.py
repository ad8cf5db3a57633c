"""`seba calendar holidays` and `seba sla due`: JSON shapes, shipped-data fallback, errors, exit codes."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlmodel import select

from backend import logging_setup
from backend.calendar import admin
from backend.calendar.loader import load_shipped_calendars
from backend.cli.main import cli
from backend.db import Actor, read_session, transaction
from backend.models import CalendarHoliday
from backend.services.organisation import ensure_organisation

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def keep_test_logging() -> Iterator[None]:
    """The CLI configures process-wide logging; put pytest's logging back afterwards."""
    root = logging.getLogger()
    handlers, level, configured = root.handlers[:], root.level, logging_setup._configured
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging_setup._configured = configured


def seba(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_holidays_json_shape_and_2026_content() -> None:
    result = seba("calendar", "holidays", "2026", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {"year", "calendar", "holidays"}
    assert payload["year"] == 2026 and payload["calendar"] == "default"
    holidays = payload["holidays"]
    assert len(holidays) == 25
    assert [h["date"] for h in holidays] == sorted(h["date"] for h in holidays)
    assert all(set(h) == {"date", "name_en", "name_bn", "kind", "status"} for h in holidays)
    may_day = next(h for h in holidays if h["date"] == "2026-05-01")
    assert may_day["name_en"] == "May Day; Buddha Purnima" and may_day["kind"] == "general"
    assert holidays[0] == {
        "date": "2026-02-04",
        "name_en": "Shab-e-Barat",
        "name_bn": "শবে বরাত",
        "kind": "executive",
        "status": "confirmed",
    }
    assert [
        h["date"] for h in holidays if h["date"].startswith("2026-03-1") or h["date"].startswith("2026-03-2")
    ] == [
        "2026-03-17",
        "2026-03-19",
        "2026-03-20",
        "2026-03-21",
        "2026-03-22",
        "2026-03-23",
        "2026-03-26",
    ]


def test_holidays_table_and_other_calendars_and_years() -> None:
    table = seba("calendar", "holidays", "2027", "--calendar", "payments")
    assert table.exit_code == 0
    assert "payments 2027" in table.stdout and "2027-03-10" in table.stdout and "estimated" in table.stdout
    later = json.loads(seba("calendar", "holidays", "2028", "--json").stdout)
    assert {"2028-02-27", "2028-12-16"} <= {h["date"] for h in later["holidays"]}
    assert all(h["status"] == "estimated" for h in later["holidays"])


def test_sla_due_json_shape() -> None:
    result = seba("sla", "due", "--start", "2026-03-18T15:00:00+06:00", "--minutes", "180", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "start": "2026-03-18T15:00:00+06:00",
        "minutes": 180,
        "calendar": "default",
        "due_at": "2026-03-24T12:00:00+06:00",
    }


def test_sla_due_reads_a_start_without_offset_as_dhaka_time_and_normalises_utc() -> None:
    naive = json.loads(
        seba(
            "sla", "due", "--start", "2026-04-09T16:00", "--minutes", "90", "--calendar", "payments", "--json"
        ).stdout
    )
    assert naive["start"] == "2026-04-09T16:00:00+06:00"
    assert naive["due_at"] == "2026-04-12T10:30:00+06:00"
    utc = json.loads(seba("sla", "due", "--start", "2026-04-09T10:00:00Z", "--minutes", "0", "--json").stdout)
    assert utc["start"] == "2026-04-09T10:00:00+00:00" and utc["due_at"] == "2026-04-09T16:00:00+06:00"
    table = seba("sla", "due", "--start", "2026-04-09T16:00", "--minutes", "90")
    assert table.exit_code == 0 and "due at" in table.stdout


@pytest.mark.parametrize(
    ("args", "english"),
    [
        (["calendar", "holidays", "1899", "--json"], "between 1900 and 2100"),
        (["calendar", "holidays", "2101"], "between 1900 and 2100"),
        (["calendar", "holidays", "twenty", "--json"], "between 1900 and 2100"),
        (["calendar", "holidays", "2026", "--calendar", "nope", "--json"], 'no calendar named "nope"'),
        (["sla", "due", "--start", "yesterday", "--minutes", "5", "--json"], "ISO 8601"),
        (["sla", "due", "--start", "2026-04-09T10:00", "--minutes", "-1", "--json"], "zero or more"),
        (["sla", "due", "--start", "2026-04-09T10:00", "--minutes", "ten"], "zero or more"),
        (
            ["sla", "due", "--start", "2026-04-09T10:00", "--minutes", "5", "--calendar", "nope"],
            "no calendar named",
        ),
    ],
)
def test_bad_input_exits_2_with_a_bilingual_message(args: list[str], english: str) -> None:
    result = seba(*args)
    assert result.exit_code == 2
    assert english in result.stderr and "ত্রুটি:" in result.stderr
    assert result.stdout == ""


def test_the_database_wins_once_calendars_are_loaded() -> None:
    with transaction(Actor.system()) as tx:
        load_shipped_calendars(tx, ensure_organisation(tx).id)
    with read_session() as session:
        christmas = session.exec(
            select(CalendarHoliday).where(CalendarHoliday.start_date == date(2026, 12, 25))
        ).one()
    with transaction(Actor.system()) as tx:
        admin.remove_holiday(tx, holiday_id=christmas.id)
        admin.add_holiday(
            tx, start=date(2026, 12, 31), name_en="Year end", name_bn="বছর শেষ", calendar_name="default"
        )
    dates = [h["date"] for h in json.loads(seba("calendar", "holidays", "2026", "--json").stdout)["holidays"]]
    assert "2026-12-25" not in dates and dates[-1] == "2026-12-31"
    assert seba("calendar", "holidays", "2026", "--calendar", "nope").exit_code == 2


def test_a_fresh_checkout_without_database_answers_from_the_shipped_files(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "TEST_"))}
    env.update(DATA_DIR=str(tmp_path), REDIS_URL="redis://127.0.0.1:1/0", SEBA_ENV="development")
    command = [sys.executable, "-m", "backend.cli.main"]
    holidays = subprocess.run(
        [*command, "calendar", "holidays", "2026", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert holidays.returncode == 0, holidays.stderr
    assert len(json.loads(holidays.stdout)["holidays"]) == 25
    due = subprocess.run(
        [*command, "sla", "due", "--start", "2026-03-18T15:00", "--minutes", "180", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(due.stdout)["due_at"] == "2026-03-24T12:00:00+06:00"
    bad = subprocess.run(
        [*command, "calendar", "holidays", "3000", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "1900" in bad.stderr
    assert list(tmp_path.iterdir()) == []  # no database file was created


def test_prayer_times_command() -> None:
    result = seba("calendar", "prayers", "2026-03-20", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "date": "2026-03-20",
        "city": "dhaka",
        "fajr": "04:47",
        "sunrise": "06:03",
        "dhuhr": "12:07",
        "asr": "16:28",
        "maghrib": "18:09",
        "isha": "19:25",
    }
    assert seba("calendar", "prayers", "2026-03-20", "--city", "sylhet").stdout.startswith("fajr")
    for bad in (["2026-13-01"], ["2026-03-20", "--city", "delhi"]):
        refused = seba("calendar", "prayers", *bad)
        assert refused.exit_code == 2 and "ত্রুটি:" in refused.stderr
