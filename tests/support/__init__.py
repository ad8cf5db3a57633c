"""Helpers shared by tests: store reset, factories, running queued jobs, a live server."""
