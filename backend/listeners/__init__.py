"""Listeners react to committed domain events, one module per concern; they enqueue jobs (the
console and poke listeners publish on Redis directly, for latency)."""

from backend.listeners import (
    automation,
    bot,
    calendar,
    console,
    counters,
    delivery,
    knowledge,
    notifications,
    routing,
    sla,
    sync_poke,
    ticket_ops,
)

__all__ = [
    "automation",
    "bot",
    "calendar",
    "console",
    "counters",
    "delivery",
    "knowledge",
    "notifications",
    "routing",
    "sla",
    "sync_poke",
    "ticket_ops",
]
