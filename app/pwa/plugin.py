"""A Reflex plugin that makes the production build reproducible and writes the service worker."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from reflex_base.plugins.base import Plugin

TEMPLATE = Path(__file__).with_name("sw_template.js")
# Never precached: compressed twins (the server picks them), the worker itself, the 404 page.
_SKIP_SUFFIXES = (".gz", ".br", ".map", ".txt")
_SKIP_NAMES = {"sw.js", "404.html"}


def precache_urls(static_dir: Path) -> list[str]:
    """URLs of everything the app needs offline, from the built client directory, sorted."""
    urls = set()
    for path in static_dir.rglob("*"):
        if not path.is_file() or path.name in _SKIP_NAMES or path.suffix in _SKIP_SUFFIXES:
            continue
        rel = path.relative_to(static_dir).as_posix()
        if rel.endswith(".html") and rel != "__spa-fallback.html" and rel != "offline.html":
            # Pages are served as /route/ (from route/index.html); route.html is the same page.
            if not rel.endswith("index.html"):
                continue
            rel = rel[: -len("index.html")]
        urls.add("/" + rel)
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


def write_service_worker(static_dir: Path) -> str:
    urls = precache_urls(static_dir)
    version = build_version(static_dir, urls)
    source = TEMPLATE.read_text(encoding="utf-8")
    source = source.replace("__SEBA_VERSION__", version)
    source = source.replace("__SEBA_PRECACHE__", json.dumps(urls, indent=0))
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
