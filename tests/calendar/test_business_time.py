"""Business-time arithmetic: hand-checked examples on the shipped calendars and properties (hypothesis)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.calendar.business_time import (
    CalendarNeverOpen,
    add_business_minutes,
    business_minutes_between,
    closure_reason,
    is_open,
    next_open,
)
from backend.calendar.shipped import shipped_spec
from backend.calendar.spec import CalendarSpec, Holiday, HourRange

pytestmark = pytest.mark.no_stores

DHAKA = ZoneInfo("Asia/Dhaka")
DEFAULT = shipped_spec("default")
PAYMENTS = shipped_spec("payments")


def dhaka(*args: int) -> datetime:
    return datetime(*args, tzinfo=DHAKA)  # type: ignore[misc]


def local(moment: datetime) -> datetime:
    return moment.astimezone(DHAKA)


# --- hand-checked examples ---------------------------------------------------------------------


def test_eid_week_skips_the_whole_eid_ul_fitr_block_and_ramadan_hours() -> None:
    # Wed 18 Mar 2026, Ramadan hours 10:00-16:00; 19-23 Mar are holidays (Jumatul Bidah, Eid, block).
    start = dhaka(2026, 3, 18, 15, 0)
    assert local(add_business_minutes(DEFAULT, start, 60)) == dhaka(2026, 3, 18, 16, 0)
    assert local(add_business_minutes(DEFAULT, start, 61)) == dhaka(2026, 3, 24, 10, 1)
    assert local(add_business_minutes(DEFAULT, start, 180)) == dhaka(2026, 3, 24, 12, 0)
    assert business_minutes_between(DEFAULT, start, dhaka(2026, 3, 24, 12, 0)) == 180
    for day in range(19, 24):
        closure = closure_reason(DEFAULT, dhaka(2026, 3, day, 12, 0))
        assert closure is not None and closure.reason == "holiday"
        assert local(closure.reopens_at) == dhaka(2026, 3, 24, 10, 0)


def test_friday_crossing_the_jumuah_break() -> None:
    friday = dhaka(2026, 4, 3, 12, 0)  # an ordinary Friday, 10:00-12:30 and 14:30-20:00
    assert local(add_business_minutes(DEFAULT, friday, 30)) == dhaka(2026, 4, 3, 12, 30)
    assert local(add_business_minutes(DEFAULT, friday, 45)) == dhaka(2026, 4, 3, 14, 45)
    assert business_minutes_between(DEFAULT, friday, dhaka(2026, 4, 3, 15, 0)) == 60
    closure = closure_reason(DEFAULT, dhaka(2026, 4, 3, 13, 0))
    assert closure is not None and closure.reason == "jumuah_break"
    assert local(next_open(DEFAULT, dhaka(2026, 4, 3, 13, 0))) == dhaka(2026, 4, 3, 14, 30)
    assert is_open(DEFAULT, dhaka(2026, 4, 2, 13, 0))  # Thursday: no break


def test_ramadan_range_shortens_the_day_and_keeps_the_jumuah_break() -> None:
    assert is_open(DEFAULT, dhaka(2026, 3, 1, 15, 59))
    closure = closure_reason(DEFAULT, dhaka(2026, 3, 1, 17, 0))
    assert closure is not None and closure.reason == "outside_hours"
    assert closure.hour_range is not None and closure.hour_range.name_en == "Ramadan hours"
    # Friday 27 Feb 2026 in Ramadan: 10:00-12:30 and 14:30-16:00 = 240 minutes.
    assert business_minutes_between(DEFAULT, dhaka(2026, 2, 27), dhaka(2026, 2, 28)) == 240
    # The day before Ramadan is a normal 10-hour day.
    assert business_minutes_between(DEFAULT, dhaka(2026, 2, 18), dhaka(2026, 2, 19)) == 600


def test_overnight_counts_from_the_next_opening() -> None:
    assert local(add_business_minutes(DEFAULT, dhaka(2026, 4, 6, 19, 30), 60)) == dhaka(2026, 4, 7, 10, 30)
    assert local(add_business_minutes(DEFAULT, dhaka(2026, 4, 7, 2, 0), 0)) == dhaka(2026, 4, 7, 10, 0)
    assert business_minutes_between(DEFAULT, dhaka(2026, 4, 6, 19, 30), dhaka(2026, 4, 7, 10, 30)) == 60


def test_payments_weekend_and_bank_hours() -> None:
    thursday = dhaka(2026, 4, 9, 16, 0)  # Thu; Fri 10 and Sat 11 Apr are the weekend
    assert local(add_business_minutes(PAYMENTS, thursday, 90)) == dhaka(2026, 4, 12, 10, 30)
    closure = closure_reason(PAYMENTS, dhaka(2026, 4, 10, 11, 0))
    assert closure is not None and closure.reason == "weekend" and closure.name_en == "Weekend"
    assert business_minutes_between(PAYMENTS, dhaka(2026, 4, 5), dhaka(2026, 4, 12)) == 5 * 7 * 60


def test_year_boundary_and_closing_instant() -> None:
    start = dhaka(2026, 12, 31, 19, 0)
    assert local(add_business_minutes(DEFAULT, start, 60)) == dhaka(
        2026, 12, 31, 20, 0
    )  # the closing instant
    assert local(add_business_minutes(DEFAULT, start, 61)) == dhaka(2027, 1, 1, 10, 1)
    assert business_minutes_between(DEFAULT, start, dhaka(2027, 1, 1, 11, 0)) == 120
    assert not is_open(DEFAULT, dhaka(2026, 12, 31, 20, 0)) and is_open(DEFAULT, dhaka(2026, 12, 31, 10, 0))


def test_zero_minutes_and_results_in_utc() -> None:
    inside = dhaka(2026, 4, 6, 11, 0)
    assert add_business_minutes(DEFAULT, inside, 0) == inside
    assert add_business_minutes(DEFAULT, inside, 0).tzinfo == UTC
    assert business_minutes_between(DEFAULT, inside, inside) == 0
    assert business_minutes_between(DEFAULT, inside, inside - timedelta(hours=3)) == 0


def test_fractional_minutes_to_the_microsecond() -> None:
    start = dhaka(2026, 4, 6, 19, 59, 45)
    assert local(add_business_minutes(DEFAULT, start, 0.25)) == dhaka(2026, 4, 6, 20, 0)
    assert local(add_business_minutes(DEFAULT, start, 0.5)) == dhaka(2026, 4, 7, 10, 0, 15)
    assert business_minutes_between(DEFAULT, start, dhaka(2026, 4, 7, 10, 0, 15)) == 0.5


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        add_business_minutes(DEFAULT, dhaka(2026, 4, 6), -1)
    with pytest.raises(ValueError):
        add_business_minutes(DEFAULT, datetime(2026, 4, 6, 10, 0), 5)
    never = CalendarSpec("never", "Asia/Dhaka", ((),) * 7)
    with pytest.raises(CalendarNeverOpen):
        add_business_minutes(never, dhaka(2026, 4, 6), 1)


def test_years_without_stored_holidays_use_the_computed_estimates() -> None:
    # 2028: no data shipped; Eid-ul-Fitr estimated on 27 Feb 2028 closes the desk.
    closure = closure_reason(DEFAULT, dhaka(2028, 2, 27, 12, 0))
    assert closure is not None and closure.reason == "holiday"
    assert closure.holiday is not None and closure.holiday.status == "estimated"


# --- properties --------------------------------------------------------------------------------

# A synthetic calendar with everything at once: split days, a closed weekday, holidays, a range.
MIXED = CalendarSpec(
    name="mixed",
    timezone="Asia/Dhaka",
    weekly_hours=(
        ((540, 780), (840, 1080)),
        ((540, 1080),),
        ((0, 1440),),
        ((600, 1200),),
        ((600, 1200),),
        (),
        ((1320, 1440),),
    ),
    holidays=(
        Holiday(date(2026, 12, 30), date(2027, 1, 2), "Block", "ব্লক", "executive"),
        Holiday(date(2026, 6, 10), date(2026, 6, 10), "Optional", "ঐচ্ছিক", "optional"),
    ),
    hour_ranges=(HourRange(date(2026, 5, 1), date(2026, 5, 31), (((600, 840),),) * 7, "Short", "ছোট"),),
    jumuah_break=(750, 870),
)
CALENDARS = st.sampled_from([DEFAULT, PAYMENTS, MIXED])
STARTS = st.datetimes(
    min_value=datetime(2025, 12, 1), max_value=datetime(2028, 2, 1), timezones=st.just(DHAKA)
).map(lambda moment: moment.replace(second=0, microsecond=0))
MINUTES = st.integers(min_value=0, max_value=60 * 24 * 40)


@settings(max_examples=300, deadline=None)
@given(CALENDARS, STARTS, MINUTES, MINUTES)
def test_monotonic_in_minutes(cal: CalendarSpec, start: datetime, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert add_business_minutes(cal, start, low) <= add_business_minutes(cal, start, high)


@settings(max_examples=300, deadline=None)
@given(CALENDARS, STARTS, MINUTES)
def test_between_undoes_add(cal: CalendarSpec, start: datetime, minutes: int) -> None:
    assert business_minutes_between(cal, start, add_business_minutes(cal, start, minutes)) == minutes


@settings(max_examples=300, deadline=None)
@given(CALENDARS, STARTS, MINUTES, MINUTES.filter(lambda m: m > 0))
def test_additive_for_positive_second_leg(cal: CalendarSpec, start: datetime, a: int, b: int) -> None:
    assert add_business_minutes(cal, add_business_minutes(cal, start, a), b) == add_business_minutes(
        cal, start, a + b
    )


@settings(max_examples=300, deadline=None)
@given(CALENDARS, STARTS, MINUTES)
def test_lands_in_open_time_or_exactly_at_a_closing(cal: CalendarSpec, start: datetime, minutes: int) -> None:
    due = add_business_minutes(cal, start, minutes)
    if minutes == 0:
        assert is_open(cal, due)
    elif not is_open(cal, due):
        # The only closed result: the count ran out exactly when the desk closed.
        assert is_open(cal, due - timedelta(microseconds=1))
        assert closure_reason(cal, due) is not None


@settings(max_examples=300, deadline=None)
@given(CALENDARS, STARTS, STARTS)
def test_between_is_consistent_with_subtraction(cal: CalendarSpec, a: datetime, b: datetime) -> None:
    low, high = sorted((a, b))
    middle = low + (high - low) / 2
    whole = business_minutes_between(cal, low, high)
    assert whole == business_minutes_between(cal, low, middle) + business_minutes_between(cal, middle, high)
    assert 0 <= whole <= (high - low).total_seconds() / 60
    assert business_minutes_between(cal, high, low) == 0


@settings(max_examples=200, deadline=None)
@given(CALENDARS, STARTS)
def test_next_open_is_open_and_nothing_open_before_it(cal: CalendarSpec, start: datetime) -> None:
    opening = next_open(cal, start)
    assert is_open(cal, opening) and opening >= start
    assert business_minutes_between(cal, start, opening) == 0
    assert (closure_reason(cal, start) is None) == (opening == start)


# --- against a plain day-by-day oracle ------------------------------------------------------------


def oracle_between(cal: CalendarSpec, start: datetime, end: datetime) -> float:
    """Open minutes in [start, end) from `open_hours` of each local day, without the index."""
    total = 0.0
    day = start.astimezone(DHAKA).date() - timedelta(days=1)
    while day <= end.astimezone(DHAKA).date():
        for open_minute, close_minute in cal.open_hours(day):
            opening = datetime.combine(day, datetime.min.time(), DHAKA) + timedelta(minutes=open_minute)
            closing = datetime.combine(day, datetime.min.time(), DHAKA) + timedelta(minutes=close_minute)
            overlap = (min(closing, end) - max(opening, start)).total_seconds() / 60
            total += max(0.0, overlap)
        day += timedelta(days=1)
    return total


def oracle_add(cal: CalendarSpec, start: datetime, minutes: int) -> datetime:
    day = start.astimezone(DHAKA).date()
    left = minutes
    while True:
        for open_minute, close_minute in cal.open_hours(day):
            opening = datetime.combine(day, datetime.min.time(), DHAKA) + timedelta(minutes=open_minute)
            closing = datetime.combine(day, datetime.min.time(), DHAKA) + timedelta(minutes=close_minute)
            begin = max(opening, start)
            if begin >= closing:
                continue
            room = (closing - begin).total_seconds() / 60
            if left == 0 and room > 0:
                return begin
            if left <= room and left > 0:
                return begin + timedelta(minutes=left)
            left -= int(room)
        day += timedelta(days=1)


SHORT = st.integers(min_value=0, max_value=60 * 24 * 12)


@settings(max_examples=150, deadline=None)
@given(CALENDARS, STARTS, SHORT)
def test_add_and_between_agree_with_the_day_by_day_oracle(
    cal: CalendarSpec, start: datetime, minutes: int
) -> None:
    due = add_business_minutes(cal, start, minutes)
    assert due == oracle_add(cal, start, minutes)
    end = start + timedelta(minutes=minutes)
    assert business_minutes_between(cal, start, end) == oracle_between(cal, start, end)
