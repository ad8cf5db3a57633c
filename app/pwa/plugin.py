"""A Reflex plugin that makes the production build reproducible and writes the service worker."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from reflex_base.plugins.base import Plugin

TEMPLATE = Path(__file__).with_name("sw_template.js")
# The customer app's pages (dynamic ones such as /t/<id> open from __spa-fallback.html).
CUSTOMER_PAGES = ("/", "/login/", "/tickets/new/", "/help/", "/__spa-fallback.html", "/offline.html")
# Static files the shell needs offline besides the hashed chunks under /assets/.
SHELL_FILES = (
    "/seba.css",
    "/manifest.webmanifest",
    "/icons/icon-192.png",
    "/pwa/register.js",
    "/pwa/sync-core.js",
)
SHELL_DIRS = ("/assets/", "/fonts/")
# Route chunks of the agent console and admin pages: not part of the phone's app.
CONSOLE_CHUNKS = ("/assets/_agent_.", "/assets/_admin_.")
_SKIP_SUFFIXES = (".gz", ".br", ".map", ".txt")


def precache_urls(static_dir: Path) -> list[str]:
    """What the customer app needs offline: its pages, every JS/CSS chunk (lazy ones too), the
    Bengali font and the locale bundles (bundled into the customer-app chunk), the offline page.
    The agent console's and admin pages' HTML and route chunks are not part of the phone's app."""
    urls = set()
    for path in static_dir.rglob("*"):
        if not path.is_file() or path.suffix in _SKIP_SUFFIXES:
            continue
        url = "/" + path.relative_to(static_dir).as_posix()
        if url.startswith(CONSOLE_CHUNKS):
            continue
        if url.startswith(SHELL_DIRS) or url in SHELL_FILES:
            urls.add(url)
        elif url.endswith("index.html") and url[: -len("index.html")] in CUSTOMER_PAGES:
            urls.add(url[: -len("index.html")])
        elif url in CUSTOMER_PAGES:
            urls.add(url)
    return sorted(urls)


def build_version(static_dir: Path, urls: list[str]) -> str:
    """A content hash of every precached file: the same build always gets the same version."""
    digest = hashlib.sha256()
    for url in urls:
        rel = url.lstrip("/")
        path = static_dir / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)
        digest.update(url.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def sync_worker_source(static_dir: Path) -> str:
    """The Background Sync handler, inlined (the worker imports the core itself)."""
    handler = (static_dir / "pwa" / "sync-worker.js").read_text(encoding="utf-8")
    return "\n".join(line for line in handler.splitlines() if not line.startswith("importScripts("))


def write_service_worker(static_dir: Path) -> str:
    urls = precache_urls(static_dir)
    version = build_version(static_dir, urls)
    source = TEMPLATE.read_text(encoding="utf-8")
    source = source.replace("__SEBA_SYNC_WORKER__", sync_worker_source(static_dir))
    source = source.replace("__SEBA_VERSION__", version)
    source = source.replace("__SEBA_PRECACHE__", json.dumps(urls, separators=(",", ":")))
    (static_dir / "sw.js").write_text(source, encoding="utf-8")
    (static_dir / "build-version.json").write_text(json.dumps({"version": version}), encoding="utf-8")
    return version


def pin_reflex_json() -> None:
    """Reflex stamps each build with the current time and a random project id, which bundlers
    inline into a JS chunk: every restart would ship new asset names to phones on 2G. Write
    constants instead, derived from what is actually being built."""
    from reflex.utils import prerequisites
    from reflex_base import constants
    from reflex_base.config import get_config

    def write_fixed() -> None:
        path = prerequisites.get_web_dir() / constants.Reflex.JSON
        app_name = get_config().app_name
        fixed = {
            "version": constants.Reflex.VERSION,
            "project_hash": int(hashlib.sha256(f"seba:{app_name}".encode()).hexdigest()[:30], 16),
            "last_reflex_run_datetime": "reproducible-build",
        }
        path.write_text(json.dumps(fixed), encoding="utf-8")

    prerequisites.set_last_reflex_run_time = write_fixed


class PwaPlugin(Plugin):
    """Reproducible builds and the generated service worker."""

    def pre_compile(self, **context: Any) -> None:
        pin_reflex_json()

    def post_build(self, **context: Any) -> None:
        write_service_worker(Path(context["static_dir"]))
