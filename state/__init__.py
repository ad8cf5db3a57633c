"""Reflex state classes, one per page or feature; they call backend services, never SQL."""
