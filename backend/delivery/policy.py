"""When each ladder step is due: per-priority delays and quiet hours at night (Asia/Dhaka)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
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


@dataclass(frozen=True)
class LadderPolicy:
    """How one reply climbs the ladder: push after `push_after`, SMS/email after `sms_after`."""

    priority: str
    push_after: timedelta
    sms_after: timedelta
    quiet_hours: QuietHours | None  # None: this priority ignores quiet hours

    def push_due(self, replied_at: datetime) -> datetime:
        due = replied_at + self.push_after
        return self.quiet_hours.end_after(due) if self.quiet_hours else due

    def sms_due(self, replied_at: datetime) -> datetime:
        """T2 after the reply, and never sooner after the push than the gap between the steps
        (a push held back by the night is not followed by an SMS the same minute)."""
        due = replied_at + self.sms_after
        if self.quiet_hours:
            due = self.quiet_hours.end_after(due)
        gap = max(self.sms_after - self.push_after, timedelta(0))
        return max(due, self.push_due(replied_at) + gap)


def policy_for(priority: str, settings: Settings) -> LadderPolicy:
    override = settings.ladder_priority_overrides.get(priority, {})
    push_after = float(override.get("push_after_seconds", settings.ladder_push_after_seconds))
    sms_after = float(override.get("sms_after_seconds", settings.ladder_sms_after_seconds))
    exempt = {p.strip() for p in settings.quiet_hours_exempt_priorities.split(",") if p.strip()}
    quiet = None if priority in exempt else QuietHours.parse(settings.quiet_hours, settings.timezone)
    return LadderPolicy(
        priority=priority,
        push_after=timedelta(seconds=push_after),
        sms_after=timedelta(seconds=max(sms_after, push_after)),
        quiet_hours=quiet,
    )
