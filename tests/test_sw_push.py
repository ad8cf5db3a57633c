"""The service worker's web push half (app/pwa/sw_template.js, as the build plugin writes it): 'push'
shows the notification from the JSON payload, 'notificationclick' focuses or opens the ticket. The
generated sw.js runs in Node against a small stand-in for the ServiceWorkerGlobalScope (the browser
half is exercised by the lead's Chromium tests)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from app.pwa.plugin import write_service_worker
from backend.config import PROJECT_ROOT

NODE = shutil.which("node")
pytestmark = [pytest.mark.no_stores, pytest.mark.skipif(NODE is None, reason="needs Node.js")]

# A stand-in ServiceWorkerGlobalScope: records showNotification / focus / navigate / openWindow.
HARNESS = r"""
const fs = require("fs");
const scenario = JSON.parse(process.argv[3]);
const log = [];
const handlers = {};
function client(url, controlled) {
  return {
    url,
    focus() { log.push(["focus", url]); return Promise.resolve(this); },
    navigate(to) {
      log.push(["navigate", url, to]);
      return Promise.resolve(controlled ? client(to, true) : null);
    },
  };
}
const self = {
  location: new URL("https://seba.example/sw.js"),
  addEventListener(type, fn) { handlers[type] = fn; },
  registration: {
    showNotification(title, options) { log.push(["show", title, options]); return Promise.resolve(); },
    getNotifications(filter) {
      const shown = scenario.shown || [];
      return Promise.resolve(shown.filter((n) => !filter || !filter.tag || n.tag === filter.tag));
    },
  },
  clients: {
    matchAll(opts) {
      log.push(["matchAll", opts]);
      return Promise.resolve(scenario.clients.map((c) => client(c.url, c.controlled)));
    },
    openWindow(url) { log.push(["open", url]); return Promise.resolve(null); },
    claim() { return Promise.resolve(); },
  },
};
globalThis.self = self;
globalThis.importScripts = () => {};
globalThis.caches = { open: async () => ({}), keys: async () => [] };
const source = fs.readFileSync(process.argv[2], "utf8");
new Function("self", "importScripts", source)(self, globalThis.importScripts);
const waits = [];
const event = {
  waitUntil(p) { waits.push(p); },
  data: scenario.data === undefined ? null : {
    json() { return JSON.parse(scenario.data); },
    text() { return scenario.data; },
  },
  notification: {
    data: scenario.notification_data,
    close() { log.push(["close"]); },
  },
};
handlers[scenario.event](event);
Promise.all(waits).then(
  () => console.log(JSON.stringify({ log, handlers: Object.keys(handlers).sort() })),
  (error) => { console.log(JSON.stringify({ error: String(error), log })); },
);
"""


@pytest.fixture(scope="module")
def service_worker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    build = tmp_path_factory.mktemp("build")
    (build / "pwa").mkdir()
    shutil.copy(PROJECT_ROOT / "assets" / "pwa" / "sync-worker.js", build / "pwa" / "sync-worker.js")
    (build / "index.html").write_text("<!doctype html>")
    write_service_worker(build)
    return build / "sw.js"


def _run(sw: Path, tmp_path: Path, **scenario: Any) -> dict[str, Any]:
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS)
    scenario.setdefault("clients", [])
    out = subprocess.run(
        [str(NODE), str(harness), str(sw), json.dumps(scenario)],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    assert "error" not in result, result
    return result


def test_a_push_shows_the_payloads_notification_with_the_app_icon(
    service_worker: Path, tmp_path: Path
) -> None:
    payload = {
        "title": "নতুন উত্তর",
        "body": "টিকিট #১২৩৪-এ উত্তর এসেছে",
        "url": "/t/0192f7c2-aaaa-7bbb-8ccc-123456789abc",
        "tag": "ticket-0192f7c2",
        "lang": "bn",
        "id": "n-1",
    }
    result = _run(service_worker, tmp_path, event="push", data=json.dumps(payload, ensure_ascii=False))
    assert {"push", "notificationclick", "install", "activate", "fetch", "sync"} <= set(result["handlers"])
    [[kind, title, options]] = result["log"]
    assert (kind, title) == ("show", "নতুন উত্তর")
    assert options["body"] == payload["body"]
    assert options["tag"] == "ticket-0192f7c2" and options["renotify"] is True
    assert options["icon"] == "/icons/icon-192.png"
    assert options["data"] == {"url": payload["url"], "id": "n-1"}
    assert options["lang"] == "bn"


def test_a_resent_copy_replaces_silently_and_a_new_reply_alerts(service_worker: Path, tmp_path: Path) -> None:
    """The worker died after the push service took the message and sent it again: the phone shows
    one notification and does not alert twice; another reply on the same ticket alerts."""
    payload = {"title": "New reply", "body": "Ticket #1234", "url": "/t/x", "tag": "ticket-x", "id": "n-1"}
    shown = [{"tag": "ticket-x", "data": {"url": "/t/x", "id": "n-1"}}]
    resent = _run(service_worker, tmp_path, event="push", data=json.dumps(payload), shown=shown)
    [[_, _, options]] = resent["log"]
    assert options["tag"] == "ticket-x" and options["renotify"] is False
    newer = _run(
        service_worker, tmp_path, event="push", data=json.dumps({**payload, "id": "n-2"}), shown=shown
    )
    [[_, _, options]] = newer["log"]
    assert options["renotify"] is True and options["data"]["id"] == "n-2"


@pytest.mark.parametrize(
    ("data", "title", "url"),
    [
        ("not json", "সেবা", "/"),
        (json.dumps({"title": "New reply", "lang": "en", "url": "https://evil.example/x"}), "New reply", "/"),
        (json.dumps({"lang": "en", "url": "//evil.example/x"}), "Seba", "/"),
        (json.dumps({"title": "x", "url": "/t/abc?from=push#end"}), "x", "/t/abc?from=push#end"),
    ],
)
def test_a_malformed_or_foreign_payload_still_shows_a_safe_notification(
    service_worker: Path, tmp_path: Path, data: str, title: str, url: str
) -> None:
    [[kind, shown, options]] = _run(service_worker, tmp_path, event="push", data=data)["log"]
    assert (kind, shown) == ("show", title)
    assert options["data"]["url"] == url


def test_a_tap_never_leaves_this_site(service_worker: Path, tmp_path: Path) -> None:
    for foreign in ("https://evil.example/x", "//evil.example/x", "javascript:alert(1)"):
        log = _run(service_worker, tmp_path, event="notificationclick", notification_data={"url": foreign})[
            "log"
        ]
        assert log[-1] == ["open", "https://seba.example/"], foreign


def test_a_tap_focuses_the_window_already_showing_the_ticket(service_worker: Path, tmp_path: Path) -> None:
    log = _run(
        service_worker,
        tmp_path,
        event="notificationclick",
        notification_data={"url": "/t/abc"},
        clients=[
            {"url": "https://seba.example/", "controlled": True},
            {"url": "https://seba.example/t/abc", "controlled": True},
        ],
    )["log"]
    assert log[0] == ["close"]
    assert log[-1] == ["focus", "https://seba.example/t/abc"]
    assert not any(entry[0] in ("open", "navigate") for entry in log)


def test_a_tap_moves_an_open_window_to_the_ticket_or_opens_one(service_worker: Path, tmp_path: Path) -> None:
    moved = _run(
        service_worker,
        tmp_path,
        event="notificationclick",
        notification_data={"url": "/agent/t/xyz"},
        clients=[{"url": "https://seba.example/agent", "controlled": True}],
    )["log"]
    assert ["navigate", "https://seba.example/agent", "https://seba.example/agent/t/xyz"] in moved
    assert moved[-1] == ["focus", "https://seba.example/agent/t/xyz"]
    # A window this worker does not control cannot be steered: a new one opens.
    uncontrolled = _run(
        service_worker,
        tmp_path,
        event="notificationclick",
        notification_data={"url": "/t/abc"},
        clients=[{"url": "https://seba.example/", "controlled": False}],
    )["log"]
    assert uncontrolled[-1] == ["open", "https://seba.example/t/abc"]
    none_open = _run(service_worker, tmp_path, event="notificationclick", notification_data={"url": "/t/abc"})
    assert none_open["log"][-1] == ["open", "https://seba.example/t/abc"]
