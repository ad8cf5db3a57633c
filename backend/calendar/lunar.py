"""Estimates of Bangladesh's Islamic (lunar) holidays for any year by Hijri conversion, plus fixed-date days.

Bangladesh follows local moon sighting, which usually lands one day after the Umm al-Qura calendar
(hijridate's tables); so each Islamic day is its Umm al-Qura date plus `BANGLADESH_SIGHTING_LAG_DAYS`.
That rule reproduces every Islamic holiday of the government's 2026 list and the 2027 estimates in
BANGLADESH.md exactly. Every estimate has status "estimated"; an admin confirms or moves it once
the moon is sighted. Hindu and Buddhist days follow lunisolar calendars this module does not compute.
"""

from __future__ import annotations

from datetime import date, timedelta

from hijridate import Gregorian, Hijri

from backend.calendar.spec import Holiday

BANGLADESH_SIGHTING_LAG_DAYS = 1
# hijridate's Umm al-Qura tables cover 1343-1500 AH, i.e. 1924-2077 CE.
FIRST_LUNAR_YEAR, LAST_LUNAR_YEAR = 1925, 2076
LUNAR_SOURCE = "Estimated: Umm al-Qura date (hijridate 2.6.0) + 1 day for moon sighting in Bangladesh"
FIXED_SOURCE = "Estimated: fixed Gregorian date, not yet in a government notification"
EID_BLOCK_DAYS_AFTER = 2  # Eid day plus two days, as the 2027 estimates (10-12 Mar, 17-19 May)

# (observance, Hijri month, Hijri day, kind, English, Bengali)
ISLAMIC_DAYS = (
    ("shab_e_barat", 8, 15, "executive", "Shab-e-Barat", "শবে বরাত"),
    ("shab_e_qadr", 9, 27, "executive", "Shab-e-Qadr", "শবে কদর"),
    ("eid_ul_fitr", 10, 1, "general", "Eid-ul-Fitr", "ঈদুল ফিতর"),
    ("eid_ul_adha", 12, 10, "general", "Eid-ul-Adha", "ঈদুল আযহা"),
    ("ashura", 1, 10, "executive", "Ashura", "আশুরা"),
    ("eid_e_miladunnabi", 3, 12, "general", "Eid-e-Miladunnabi", "ঈদে মিলাদুন্নবী"),
)
EID_BLOCKS = {
    "eid_ul_fitr": ("eid_ul_fitr_block", "Eid-ul-Fitr holidays", "ঈদুল ফিতরের ছুটি"),
    "eid_ul_adha": ("eid_ul_adha_block", "Eid-ul-Adha holidays", "ঈদুল আযহার ছুটি"),
}
# (observance, month, day, English, Bengali, first year it is a holiday)
FIXED_DAYS = (
    ("shaheed_day", 2, 21, "Shaheed Day and International Mother Language Day",
     "শহীদ দিবস ও আন্তর্জাতিক মাতৃভাষা দিবস", 1953),
    ("independence_day", 3, 26, "Independence Day", "স্বাধীনতা দিবস", 1972),
    ("pohela_boishakh", 4, 14, "Pohela Boishakh (Bengali New Year)", "পহেলা বৈশাখ (বাংলা নববর্ষ)", 1972),
    ("may_day", 5, 1, "May Day", "মে দিবস", 1972),
    ("july_uprising_day", 8, 5, "July Mass Uprising Day", "জুলাই গণঅভ্যুত্থান দিবস", 2025),
    ("victory_day", 12, 16, "Victory Day", "বিজয় দিবস", 1972),
    ("christmas", 12, 25, "Christmas Day", "বড়দিন", 1972),
)  # fmt: skip


def bangladesh_date(hijri_year: int, month: int, day: int) -> date:
    """The Bangladesh civil date of a Hijri date (Umm al-Qura + the moon-sighting lag)."""
    umm_al_qura = Hijri(hijri_year, month, day).to_gregorian()
    return date(umm_al_qura.year, umm_al_qura.month, umm_al_qura.day) + timedelta(
        days=BANGLADESH_SIGHTING_LAG_DAYS
    )


def _hijri_years_touching(year: int) -> range:
    first = Gregorian(year, 1, 1).to_hijri().year
    last = Gregorian(year, 12, 31).to_hijri().year
    return range(first, last + 1)


def estimate_islamic_holidays(year: int) -> list[Holiday]:
    """Estimated Islamic holidays of a Gregorian year (empty outside hijridate's 1925-2076)."""
    if not FIRST_LUNAR_YEAR <= year <= LAST_LUNAR_YEAR:
        return []
    found: list[Holiday] = []
    for hijri_year in _hijri_years_touching(year):
        for observance, month, day, kind, name_en, name_bn in ISLAMIC_DAYS:
            try:
                when = bangladesh_date(hijri_year, month, day)
            except (ValueError, OverflowError):
                continue  # outside the Umm al-Qura tables
            found.append(_estimate(when, when, name_en, name_bn, kind, observance, LUNAR_SOURCE))
            if observance == "eid_ul_fitr":
                found.append(_jumatul_bidah(when))
            if observance in EID_BLOCKS:
                block, block_en, block_bn = EID_BLOCKS[observance]
                found.append(
                    _estimate(
                        when + timedelta(days=1),
                        when + timedelta(days=EID_BLOCK_DAYS_AFTER),
                        block_en,
                        block_bn,
                        "executive",
                        block,
                        LUNAR_SOURCE,
                    )
                )
    in_year = [h for h in found if h.start.year == year]
    return sorted(in_year, key=lambda h: (h.start, h.observance))


def _jumatul_bidah(eid: date) -> Holiday:
    """The last Friday of Ramadan: the Friday before Eid-ul-Fitr's day."""
    friday = eid - timedelta(days=(eid.weekday() - 4) % 7 or 7)
    return _estimate(friday, friday, "Jumatul Bidah", "জুমাতুল বিদা", "general", "jumatul_bidah", LUNAR_SOURCE)


def estimate_fixed_holidays(year: int) -> list[Holiday]:
    """The national days on fixed Gregorian dates for a year, as estimates."""
    return [
        _estimate(date(year, m, d), date(year, m, d), en, bn, "general", obs, FIXED_SOURCE)
        for obs, m, d, en, bn, since in FIXED_DAYS
        if year >= since
    ]


def estimate_year(year: int) -> list[Holiday]:
    """Every holiday this module can estimate for a year (fixed-date and Islamic), sorted by date."""
    return sorted(
        estimate_fixed_holidays(year) + estimate_islamic_holidays(year),
        key=lambda h: (h.start, h.observance),
    )


def _estimate(
    start: date, end: date, name_en: str, name_bn: str, kind: str, observance: str, note: str
) -> Holiday:
    return Holiday(
        start=start,
        end=end,
        name_en=name_en,
        name_bn=name_bn,
        kind=kind,
        status="estimated",
        observance=observance,
        source_note=note,
    )
