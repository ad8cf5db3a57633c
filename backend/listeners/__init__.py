"""Listeners react to committed domain events, one module per concern; they only enqueue jobs."""

from backend.listeners import counters, notifications, sync_poke

__all__ = ["counters", "notifications", "sync_poke"]
