"""Channels: one folder per channel/provider, each with its own send, verify and parse."""
