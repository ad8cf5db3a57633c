"""Listeners react to committed domain events, one module per concern; they enqueue jobs (the
console and poke listeners publish on Redis directly, for latency)."""

from backend.listeners import (
    automation,
    calendar,
    console,
    counters,
    delivery,
    notifications,
    routing,
    sla,
    sync_poke,
    ticket_ops,
)

__all__ = [
    "automation",
    "calendar",
    "console",
    "counters",
    "delivery",
    "notifications",
    "routing",
    "sla",
    "sync_poke",
    "ticket_ops",
]
