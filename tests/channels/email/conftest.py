"""Email tests against the local SendGrid peer (tests/peers/sendgrid): the product's own settings
point the sendgrid SDK at it, exactly as they would point at api.sendgrid.com."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from backend.config import Settings, get_settings, reset_settings_cache
from tests.peers.sendgrid.server import SendGridPeer, inbound_post

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)
    from fastapi.testclient import TestClient

INBOUND_SECRET = "inbound-secret-for-tests-7f3a9c"
FROM_EMAIL = "support@seba.example"
REPLY_DOMAIN = "reply.seba.example"


@pytest.fixture
def sendgrid_peer(monkeypatch: pytest.MonkeyPatch) -> Iterator[SendGridPeer]:
    with SendGridPeer() as peer:
        monkeypatch.setenv("SENDGRID_API_KEY", peer.api_key)
        monkeypatch.setenv("SENDGRID_FROM_EMAIL", FROM_EMAIL)
        monkeypatch.setenv("SENDGRID_API_BASE_URL", peer.base_url)
        monkeypatch.setenv("SENDGRID_INBOUND_SECRET", INBOUND_SECRET)
        monkeypatch.setenv("SENDGRID_EVENT_WEBHOOK_PUBLIC_KEY", peer.public_key_b64)
        monkeypatch.setenv("EMAIL_REPLY_DOMAIN", REPLY_DOMAIN)
        monkeypatch.setenv("EMAIL_ATTACHMENT_MAX_BYTES", "50000")
        reset_settings_cache()
        yield peer
    reset_settings_cache()


@pytest.fixture
def settings(sendgrid_peer: SendGridPeer) -> Settings:
    return get_settings()


@pytest.fixture
def client(sendgrid_peer: SendGridPeer) -> Iterator[TestClient]:
    from app.api import make_api

    with TestClient(make_api()) as test_client:
        yield test_client


def post_inbound(client: TestClient, fixture: str, *, secret: str = INBOUND_SECRET, **replace: str) -> Any:
    replace.setdefault("TO", FROM_EMAIL)
    replace.setdefault("IN_REPLY_TO", "")
    replace.setdefault("REFERENCES", "")
    replace.setdefault("NUMBER", "0")
    body, content_type = inbound_post(fixture, **replace)
    url = f"/api/webhooks/sendgrid/inbound/{secret}" if secret else "/api/webhooks/sendgrid/inbound"
    return client.post(url, content=body, headers={"Content-Type": content_type})
