"""When each ladder step is due: per-priority delays and steps, quiet hours at night (Asia/Dhaka)
and, optionally, a pause after each call to prayer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from backend.config import Settings


@dataclass(frozen=True)
class QuietHours:
    """A local-time window such as 22:00-08:00 (may wrap past midnight)."""

    start: time
    end: time
    tz: ZoneInfo

    @classmethod
    def parse(cls, spec: str, timezone: str) -> QuietHours | None:
        """'22:00-08:00' -> QuietHours; '' -> None (no quiet hours)."""
        spec = spec.strip()
        if not spec:
            return None
        try:
            first, second = (part.strip() for part in spec.split("-"))
            start, end = time.fromisoformat(first), time.fromisoformat(second)
        except ValueError as exc:
            raise ValueError(f"QUIET_HOURS must look like 22:00-08:00, got {spec!r}") from exc
        return cls(start, end, ZoneInfo(timezone))

    def contains(self, moment: datetime) -> bool:
        local = moment.astimezone(self.tz).time()
        if self.start <= self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def end_after(self, moment: datetime) -> datetime:
        """When the quiet window containing `moment` ends (`moment` itself when outside it)."""
        if not self.contains(moment):
            return moment
        local = moment.astimezone(self.tz)
        end = datetime.combine(local.date(), self.end, tzinfo=self.tz)
        if end <= local:
            end += timedelta(days=1)
        return end.astimezone(moment.tzinfo)


PRAYERS_THAT_PAUSE = ("fajr", "dhuhr", "asr", "maghrib", "isha")


@lru_cache(maxsize=512)
def _prayer_starts(city: str, day: date) -> tuple[datetime, ...]:
    from backend.calendar.prayer import prayer_times

    times = prayer_times(city, day)
    return tuple(getattr(times, name) for name in PRAYERS_THAT_PAUSE)


@dataclass(frozen=True)
class PrayerPause:
    """No alert in the first `minutes` after each call to prayer in `city` (Karachi method, Hanafi
    Asr: backend/calendar/prayer.py); a step due then waits until the window ends."""

    city: str
    minutes: int

    def end_after(self, moment: datetime) -> datetime:
        local_day = moment.astimezone(ZoneInfo("Asia/Dhaka")).date()
        window = timedelta(minutes=self.minutes)
        for day in (local_day - timedelta(days=1), local_day):
            for start in _prayer_starts(self.city, day):
                if start <= moment < start + window:
                    return (start + window).astimezone(moment.tzinfo)
        return moment


@dataclass(frozen=True)
class LadderPolicy:
    """How one reply climbs the ladder: push after `push_after`, SMS/email after `sms_after`,
    only the `steps` this priority takes, the alert by the first of `alert_channels` that reaches
    the customer."""

    priority: str
    push_after: timedelta
    sms_after: timedelta
    quiet_hours: QuietHours | None  # None: this priority ignores quiet hours
    steps: tuple[str, ...] = ("push", "sms")
    alert_channels: tuple[str, ...] = ("sms", "email")
    prayer_pause: PrayerPause | None = None

    def _held(self, due: datetime) -> datetime:
        """Put a due time past quiet hours and prayer windows (each may end inside the other)."""
        for _ in range(4):
            held = self.quiet_hours.end_after(due) if self.quiet_hours else due
            held = self.prayer_pause.end_after(held) if self.prayer_pause else held
            if held == due:
                return due
            due = held
        return due

    def takes(self, step: str) -> bool:
        return step in self.steps

    def push_due(self, replied_at: datetime) -> datetime:
        return self._held(replied_at + self.push_after)

    def sms_due(self, replied_at: datetime) -> datetime:
        """T2 after the reply, and never sooner after the push than the gap between the steps
        (a push held back by the night is not followed by an SMS the same minute)."""
        due = self._held(replied_at + self.sms_after)
        if not self.takes("push"):
            return due
        gap = max(self.sms_after - self.push_after, timedelta(0))
        return max(due, self.push_due(replied_at) + gap)


def policy_for(priority: str, settings: Settings) -> LadderPolicy:
    override = settings.ladder_priority_overrides.get(priority, {})
    push_after = float(override.get("push_after_seconds", settings.ladder_push_after_seconds))
    sms_after = float(override.get("sms_after_seconds", settings.ladder_sms_after_seconds))
    exempt = {p.strip() for p in settings.quiet_hours_exempt_priorities.split(",") if p.strip()}
    quiet = None if priority in exempt else QuietHours.parse(settings.quiet_hours, settings.timezone)
    prayer = None
    if settings.ladder_prayer_aware and priority not in exempt:
        prayer = PrayerPause(settings.ladder_prayer_city, settings.ladder_prayer_minutes)
    steps = settings.ladder_steps_by_priority.get(priority, ["push", "sms"])
    channels = [c.strip() for c in settings.ladder_alert_channels.split(",") if c.strip()]
    return LadderPolicy(
        priority=priority,
        push_after=timedelta(seconds=push_after),
        sms_after=timedelta(seconds=max(sms_after, push_after)),
        quiet_hours=quiet,
        steps=tuple(s for s in ("push", "sms") if s in steps),
        alert_channels=tuple(channels),
        prayer_pause=prayer,
    )
