"""Fixtures for SMS tests: a LOCAL Twilio peer (tests/peers/twilio) that the product's twilio SDK
is pointed at through TWILIO_API_BASE_URL, Seba's HTTP API, and signed webhook posts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backend.config import reset_settings_cache
from tests.peers.twilio.server import TwilioPeer, twilio_signature

FIXTURES = Path(__file__).resolve().parents[2] / "peers" / "twilio" / "fixtures"
# The account the recorded payloads were made for.
ACCOUNT_SID = "AC5f1c0e2b9a7d4c3e8f6a1b2c3d4e5f60"
AUTH_TOKEN = "9c1e5b7a3f2d4e6b8a0c1d2e3f4a5b6c"
FROM_NUMBER = "+8809610001234"
PUBLIC_BASE_URL = "https://seba.example.test"


def fixture_form(name: str) -> dict[str, str]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return dict(data["form"])


@pytest.fixture
def twilio_peer(monkeypatch: pytest.MonkeyPatch) -> Iterator[TwilioPeer]:
    """A local Twilio peer, and Seba configured to use it (as it would use Twilio)."""
    peer = TwilioPeer(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, from_number=FROM_NUMBER).start()
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    monkeypatch.setenv("TWILIO_FROM_NUMBER", FROM_NUMBER)
    monkeypatch.setenv("TWILIO_API_BASE_URL", peer.base_url)
    monkeypatch.setenv("PUBLIC_BASE_URL", PUBLIC_BASE_URL)
    reset_settings_cache()
    try:
        yield peer
    finally:
        peer.stop()
        monkeypatch.undo()
        reset_settings_cache()


@pytest.fixture
def api(twilio_peer: TwilioPeer) -> Iterator[TestClient]:
    """Seba's HTTP API, reached at its public address (what Twilio signs)."""
    from app.api import make_api

    with TestClient(make_api(), base_url=PUBLIC_BASE_URL) as client:
        yield client


def post_signed(
    client: TestClient,
    path: str,
    form: dict[str, str],
    *,
    signed_url: str | None = None,
    token: str = AUTH_TOKEN,
    signature: str | None = None,
) -> Any:
    """POST `form` the way Twilio does, signed for `signed_url` (default: the public URL + path)."""
    url = signed_url or PUBLIC_BASE_URL + path
    headers = {
        "X-Twilio-Signature": signature if signature is not None else twilio_signature(token, url, form)
    }
    return client.post(path, data=form, headers=headers)
