"""Pytest fixtures: the local push service peer, and Seba configured with fresh VAPID keys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backend.channels.push.vapid import VapidKeyPair, generate_vapid_keys
from backend.channels.registry import reset_channels
from backend.config import reset_settings_cache
from tests.peers.push.server import PushPeer


@pytest.fixture
def push_peer() -> Iterator[PushPeer]:
    """A local peer speaking RFC 8030 on 127.0.0.1 (no real push service is reachable)."""
    peer = PushPeer().start()
    yield peer
    peer.stop()


@pytest.fixture
def vapid(monkeypatch: pytest.MonkeyPatch) -> Iterator[VapidKeyPair]:
    keys = generate_vapid_keys()
    monkeypatch.setenv("VAPID_PUBLIC_KEY", keys.public_key)
    monkeypatch.setenv("VAPID_PRIVATE_KEY", keys.private_key)
    monkeypatch.setenv("VAPID_SUBJECT", "mailto:support@seba.test")
    reset_settings_cache()
    reset_channels()
    yield keys
    monkeypatch.undo()
    reset_settings_cache()
    reset_channels()
