"""The inbox filters: what an agent can narrow the list by, parsed and checked from request values."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from backend.errors import ValidationFailed
from backend.intents import INTENTS
from backend.models.enums import ChannelKind, TicketPriority, TicketStatus

SNOOZED = "snoozed"
STATUS_FILTERS = (*(s.value for s in TicketStatus), SNOOZED)
SLA_FILTERS = ("overdue", "none", "due_within")
TAG_MATCHES = ("any", "all")
MAX_VALUES = 20
_LANGUAGE = re.compile(r"^[a-z_]{2,10}$")
_SLA_DUE_WITHIN = re.compile(r"^(?:due_within:)?(\d{1,5})m?$")


@dataclass(frozen=True)
class InboxFilters:
    """Each tuple is "any of these" (empty: no filter).

    statuses: new, open, pending, on_hold (not snoozed), resolved, closed, snoozed (active tickets
    snoozed until later). Without statuses the list holds the active, not snoozed tickets. Merged
    tickets are never listed (they live on in the ticket they were merged into).
    sla: overdue (deadline passed), due_within (not yet due, due within `sla_within_minutes`),
    none (no deadline running). tags: any of them (`tags_match="any"`) or all of them ("all").
    """

    statuses: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    tags_match: str = "any"
    sla: str | None = None
    sla_within_minutes: int | None = None

    @classmethod
    def parse(
        cls,
        *,
        status: Iterable[str] = (),
        channel: Iterable[str] = (),
        priority: Iterable[str] = (),
        language: Iterable[str] = (),
        intent: Iterable[str] = (),
        tag: Iterable[str] = (),
        tag_match: str | None = None,
        sla: str | None = None,
    ) -> InboxFilters:
        """Filters from request values (repeated or comma-separated); `inbox_filter_invalid` if not."""
        sla_kind, minutes = _parse_sla(sla)
        match = (tag_match or "any").strip()
        if match not in TAG_MATCHES:
            raise ValidationFailed("inbox_filter_invalid", name="tag_match", value=match[:40])
        return cls(
            statuses=_values("status", status, allowed=STATUS_FILTERS),
            channels=_values("channel", channel, allowed=tuple(c.value for c in ChannelKind)),
            priorities=_values("priority", priority, allowed=tuple(p.value for p in TicketPriority)),
            languages=_values("language", language, pattern=_LANGUAGE),
            intents=_values("intent", intent, allowed=INTENTS),
            tags=_values("tag", tag, max_length=40),
            tags_match=match,
            sla=sla_kind,
            sla_within_minutes=minutes,
        )


def _values(
    name: str,
    raw: Iterable[str],
    *,
    allowed: tuple[str, ...] | None = None,
    pattern: re.Pattern[str] | None = None,
    max_length: int = 40,
) -> tuple[str, ...]:
    values: list[str] = []
    for item in raw:
        for value in (part.strip() for part in item.split(",")):
            if not value:
                continue
            if (
                len(value) > max_length
                or (allowed is not None and value not in allowed)
                or (pattern is not None and not pattern.match(value))
            ):
                raise ValidationFailed("inbox_filter_invalid", name=name, value=value[:40])
            if value not in values:
                values.append(value)
    if len(values) > MAX_VALUES:
        raise ValidationFailed("inbox_filter_invalid", name=name, value=f"{len(values)} values")
    return tuple(values)


def _parse_sla(raw: str | None) -> tuple[str | None, int | None]:
    """overdue | none | due_within:N (minutes; "N" and "Nm" also accepted)."""
    value = (raw or "").strip()
    if not value:
        return None, None
    if value in ("overdue", "none"):
        return value, None
    match = _SLA_DUE_WITHIN.match(value)
    if match and 1 <= int(match.group(1)) <= 7 * 24 * 60:
        return "due_within", int(match.group(1))
    raise ValidationFailed("inbox_filter_invalid", name="sla", value=value[:40])
