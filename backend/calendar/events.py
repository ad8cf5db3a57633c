"""The calendar's domain event: something a spec is built from changed (the listener drops the caches)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CalendarChanged:
    subject_type: str  # calendar | holiday | hour_range | team | organisation
    subject_id: str
