"""Prayer times for Dhaka and the other division cities, computed offline (adhanpy, Karachi, Hanafi Asr).

Used for agents' prayer breaks, the Friday Jumu'ah break and "an agent will reply after prayer"
texts. The Karachi method (Fajr and Isha at 18 degrees) is the one used in Bangladesh; Asr follows
the Hanafi madhab (shadow twice the object's length), which most of Bangladesh observes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from adhanpy.calculation.CalculationMethod import CalculationMethod
from adhanpy.calculation.CalculationParameters import CalculationParameters
from adhanpy.calculation.Madhab import Madhab
from adhanpy.PrayerTimes import PrayerTimes

DHAKA_ZONE = ZoneInfo("Asia/Dhaka")
PRAYERS = ("fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha")


@dataclass(frozen=True)
class City:
    key: str
    name_en: str
    name_bn: str
    latitude: float
    longitude: float


# The eight division headquarters.
DIVISION_CITIES = {
    city.key: city
    for city in (
        City("dhaka", "Dhaka", "ঢাকা", 23.8103, 90.4125),
        City("chattogram", "Chattogram", "চট্টগ্রাম", 22.3569, 91.7832),
        City("khulna", "Khulna", "খুলনা", 22.8456, 89.5403),
        City("rajshahi", "Rajshahi", "রাজশাহী", 24.3745, 88.6042),
        City("barishal", "Barishal", "বরিশাল", 22.7010, 90.3535),
        City("sylhet", "Sylhet", "সিলেট", 24.8949, 91.8687),
        City("rangpur", "Rangpur", "রংপুর", 25.7439, 89.2752),
        City("mymensingh", "Mymensingh", "ময়মনসিংহ", 24.7471, 90.4203),
    )
}


@dataclass(frozen=True)
class DayPrayerTimes:
    city: City
    day: date
    fajr: datetime
    sunrise: datetime
    dhuhr: datetime
    asr: datetime
    maghrib: datetime
    isha: datetime

    def as_dict(self) -> dict[str, str]:
        return {name: f"{getattr(self, name):%H:%M}" for name in PRAYERS}


def _parameters() -> CalculationParameters:
    parameters = CalculationParameters(method=CalculationMethod.KARACHI)
    parameters.madhab = Madhab.HANAFI
    return parameters


def prayer_times(city_key: str, day: date) -> DayPrayerTimes:
    """The day's prayer times in Asia/Dhaka for a division city ("dhaka", "sylhet", ...)."""
    try:
        city = DIVISION_CITIES[city_key]
    except KeyError:
        raise ValueError(f"unknown city {city_key!r}; known: {', '.join(DIVISION_CITIES)}") from None
    times = PrayerTimes(
        (city.latitude, city.longitude),
        datetime(day.year, day.month, day.day),
        calculation_parameters=_parameters(),
        time_zone=DHAKA_ZONE,
    )
    return DayPrayerTimes(city, day, *(getattr(times, name) for name in PRAYERS))
