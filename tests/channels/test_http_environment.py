"""The senders' HTTP sessions read proxies, CA bundles and .netrc once: re-read per request only when
the environment configures one of them."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from backend.channels.http import environment_configures_http, settle_environment

VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NETRC")


@pytest.fixture
def bare_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    return monkeypatch


def test_without_proxy_ca_bundle_or_netrc_the_session_stops_reading_the_environment(
    bare_environment: pytest.MonkeyPatch,
) -> None:
    assert environment_configures_http() is False
    assert settle_environment(requests.Session()).trust_env is False


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HTTPS_PROXY", "http://proxy.internal:3128"),
        ("https_proxy", "http://proxy.internal:3128"),
        ("REQUESTS_CA_BUNDLE", "/etc/ssl/company-ca.pem"),
        ("NETRC", "/etc/seba/netrc"),
    ],
)
def test_a_configured_proxy_ca_bundle_or_netrc_keeps_requests_reading_it(
    bare_environment: pytest.MonkeyPatch, name: str, value: str
) -> None:
    bare_environment.setenv(name, value)
    assert environment_configures_http() is True
    assert settle_environment(requests.Session()).trust_env is True


def test_a_netrc_in_the_home_folder_keeps_requests_reading_it(
    bare_environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".netrc").write_text("machine api.twilio.com login x password y\n")
    assert settle_environment(requests.Session()).trust_env is True
