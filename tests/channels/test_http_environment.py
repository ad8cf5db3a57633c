"""The senders' HTTP sessions read the environment once: a CA bundle is kept in the session; a proxy or
a .netrc makes requests go on reading the environment per request."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from backend.channels.http import environment_needs_rereading, settle_environment

VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NETRC")


@pytest.fixture
def bare_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    return monkeypatch


def test_without_proxy_or_netrc_the_session_stops_reading_the_environment(
    bare_environment: pytest.MonkeyPatch,
) -> None:
    assert environment_needs_rereading() is False
    session = settle_environment(requests.Session())
    assert session.trust_env is False and session.verify is True


@pytest.mark.parametrize("name", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_a_ca_bundle_from_the_environment_is_kept_in_the_session(
    bare_environment: pytest.MonkeyPatch, name: str
) -> None:
    bare_environment.setenv(name, "/etc/ssl/company-ca.pem")
    session = settle_environment(requests.Session())
    assert session.trust_env is False and session.verify == "/etc/ssl/company-ca.pem"
    # What requests would have used for a request, read per request, is the same file.
    bare_environment.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/company-ca.pem")
    reading = requests.Session()
    settings = reading.merge_environment_settings("https://api.twilio.com/", {}, None, None, None)
    assert settings["verify"] == session.verify


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HTTPS_PROXY", "http://proxy.internal:3128"),
        ("https_proxy", "http://proxy.internal:3128"),
        ("NETRC", "/etc/seba/netrc"),
    ],
)
def test_a_configured_proxy_or_netrc_keeps_requests_reading_the_environment(
    bare_environment: pytest.MonkeyPatch, name: str, value: str
) -> None:
    bare_environment.setenv(name, value)
    assert environment_needs_rereading() is True
    assert settle_environment(requests.Session()).trust_env is True


def test_a_netrc_in_the_home_folder_keeps_requests_reading_it(
    bare_environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".netrc").write_text("machine api.twilio.com login x password y\n")
    assert settle_environment(requests.Session()).trust_env is True
