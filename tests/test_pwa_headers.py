"""HTTP caching of what the web process serves, and the service-worker kill switch (ASGI level)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from app.pwa.headers import KILL_SWITCH_WORKER, cache_headers
from app.pwa.plugin import precache_urls, write_service_worker
from tests.support.async_runner import run_async

pytestmark = pytest.mark.no_stores


def _inner() -> Starlette:
    async def page(request):  # type: ignore[no-untyped-def]
        return PlainTextResponse("x", headers={"Cache-Control": "public, max-age=60"})

    async def api(request):  # type: ignore[no-untyped-def]
        return PlainTextResponse("{}")

    async def api_with_policy(request):  # type: ignore[no-untyped-def]
        return PlainTextResponse("{}", headers={"Cache-Control": "private, max-age=5"})

    return Starlette(
        routes=[
            Route("/assets/entry-abc123.js", page),
            Route("/login/", page),
            Route("/sw.js", page),
            Route("/fonts/f.woff2", page),
            Route("/api/thing", api),
            Route("/api/cached", api_with_policy),
        ]
    )


def _get(path: str) -> httpx.Response:
    async def get() -> httpx.Response:
        transport = httpx.ASGITransport(app=cache_headers(_inner()))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.get(path)

    return run_async(get())


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/assets/entry-abc123.js", "public, max-age=31536000, immutable"),
        ("/login/", "no-cache"),
        ("/sw.js", "no-cache"),
        ("/fonts/f.woff2", "no-cache"),
        ("/api/thing", "no-store"),
        ("/api/cached", "private, max-age=5"),
    ],
)
def test_cache_control_by_kind_of_file(path: str, expected: str) -> None:
    response = _get(path)
    assert response.headers.get_list("cache-control") == [expected]


def test_kill_switch_serves_the_self_unregistering_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    normal = _get("/sw.js")
    assert normal.text == "x"
    monkeypatch.setenv("SEBA_SW_KILL_SWITCH", "1")
    killed = _get("/sw.js")
    assert killed.status_code == 200
    assert killed.headers["content-type"].startswith("text/javascript")
    assert killed.text == KILL_SWITCH_WORKER.read_text()
    assert "unregister()" in killed.text and "caches.delete" in killed.text


def _fake_build(root: Path) -> Path:
    files = {
        "index.html": "<html>home</html>",
        "login/index.html": "<html>login</html>",
        "login.html": "<html>login</html>",
        "agent/index.html": "<html>console</html>",
        "tickets/new/index.html": "<html>new</html>",
        "__spa-fallback.html": "<html>spa</html>",
        "offline.html": "<html>offline</html>",
        "assets/entry-1.js": "js",
        "assets/entry-1.js.gz": "gz",
        "assets/_agent_._index-2.js": "console chunk",
        "assets/customer-app-3.js": "app",
        "fonts/noto.woff2": "font",
        "fonts/OFL-LICENSE.txt": "licence",
        "icons/icon-192.png": "png",
        "icons/icon-512.png": "big png",
        "pwa/sync-core.js": "core",
        "pwa/sync-worker.js": "importScripts('/pwa/sync-core.js');\nself.addEventListener('sync', () => {});",
        "pwa/customer-app.js": "raw source, bundled elsewhere",
        "seba.css": "css",
        "manifest.webmanifest": "{}",
        "pwa/register.js": "reg",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_precache_holds_the_customer_shell_and_not_the_console(tmp_path: Path) -> None:
    urls = precache_urls(_fake_build(tmp_path))
    assert urls == [
        "/",
        "/__spa-fallback.html",
        "/assets/customer-app-3.js",
        "/assets/entry-1.js",
        "/fonts/noto.woff2",
        "/icons/icon-192.png",
        "/login/",
        "/manifest.webmanifest",
        "/offline.html",
        "/pwa/register.js",
        "/pwa/sync-core.js",
        "/seba.css",
        "/tickets/new/",
    ]


def test_worker_version_follows_content(tmp_path: Path) -> None:
    build = _fake_build(tmp_path)
    first = write_service_worker(build)
    assert write_service_worker(build) == first
    sw = (build / "sw.js").read_text()
    assert first in sw and '"/assets/entry-1.js"' in sw
    assert "self.addEventListener('sync'" in sw and "importScripts('/pwa/sync-core.js')" not in sw
    (build / "assets" / "entry-1.js").write_text("js changed")
    assert write_service_worker(build) != first
