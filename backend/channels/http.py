"""HTTP sessions for the senders: the environment (proxies, CA bundle, .netrc) read once, not per send.

A requests Session with `trust_env` walks os.environ for proxy variables twice per request and looks
for ~/.netrc: about a tenth of a notification job's CPU at hundreds of sends a second
(bench/RESULTS.md). When the process has none of those settings, nothing is lost by not looking
again; when it has any, the session keeps reading them as requests always does."""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path

import requests

_CA_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")


def environment_configures_http() -> bool:
    """True when a proxy, a CA bundle or a .netrc is configured for this process."""
    if urllib.request.getproxies() or any(os.environ.get(name) for name in _CA_VARIABLES):
        return True
    if os.environ.get("NETRC"):
        return True
    home = Path("~").expanduser()
    return any((home / name).exists() for name in (".netrc", "_netrc"))


def settle_environment(session: requests.Session) -> requests.Session:
    """Stop `session` re-reading the environment on every request when it configures nothing."""
    if not environment_configures_http():
        session.trust_env = False
    return session
