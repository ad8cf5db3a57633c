"""The SLA engine: policies as data, one timer per ticket per metric in business time, warnings,
breaches and escalation (see backend/sla/README.md)."""

from __future__ import annotations

import enum


class Metric(enum.StrEnum):
    first_response = "first_response"
    next_response = "next_response"
    resolution = "resolution"


class TimerState(enum.StrEnum):
    running = "running"
    paused = "paused"  # the ticket waits on the customer (status pending)
    met = "met"
    stopped = "stopped"  # no longer applies (resolved without a reply, closed as spam, merged)


class ClockKind(enum.StrEnum):
    business = "business"  # open minutes of the ticket team's business calendar
    calendar = "calendar"  # wall-clock minutes (legal limits such as "within 72 hours")


class BreachAction(enum.StrEnum):
    notify_supervisors = "notify_supervisors"
    raise_priority = "raise_priority"
    reassign = "reassign"


METRICS: tuple[Metric, ...] = (Metric.first_response, Metric.next_response, Metric.resolution)
ACTIVE_STATES = (TimerState.running, TimerState.paused)
