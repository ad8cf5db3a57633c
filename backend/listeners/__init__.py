"""Listeners react to committed domain events, one module per concern; they only enqueue jobs."""

from backend.listeners import counters, notifications

__all__ = ["counters", "notifications"]
