"""HTTP sessions for the senders: the environment (proxies, CA bundle, .netrc) read once, not per send.

A requests Session with `trust_env` walks os.environ for proxy variables twice per request and looks
for ~/.netrc: about a tenth of a notification job's CPU at hundreds of sends a second
(bench/RESULTS.md). A CA bundle named by REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE is read once into the
session (what requests would pick per request); with a proxy or a .netrc configured the session keeps
reading the environment as requests always does (proxies have per-host exceptions)."""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path

import requests

_CA_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")  # requests' order of precedence


def environment_needs_rereading() -> bool:
    """True when a proxy or a .netrc is configured for this process."""
    if urllib.request.getproxies() or os.environ.get("NETRC"):
        return True
    home = Path("~").expanduser()
    return any((home / name).exists() for name in (".netrc", "_netrc"))


def settle_environment(session: requests.Session) -> requests.Session:
    """Stop `session` re-reading the environment on every request, keeping what it would read."""
    if environment_needs_rereading():
        return session
    session.trust_env = False
    bundle = next((os.environ[name] for name in _CA_VARIABLES if os.environ.get(name)), None)
    if bundle and session.verify is True:
        session.verify = bundle
    return session
