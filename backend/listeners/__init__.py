"""Listeners react to committed domain events, one module per concern; they enqueue jobs (the
console and poke listeners publish on Redis directly, for latency)."""

from backend.listeners import console, counters, delivery, notifications, routing, sla, sync_poke, ticket_ops

__all__ = ["console", "counters", "delivery", "notifications", "routing", "sla", "sync_poke", "ticket_ops"]
