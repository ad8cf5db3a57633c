"""Automation rules as data: triggers, allow-listed conditions and actions, the engine that runs
them after committed events and periodic sweeps, and the dry run (see README.md)."""
