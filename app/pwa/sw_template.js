/* Seba service worker, generated at build time (app/pwa/plugin.py). Do not edit the built copy.
 * Precache: the app shell, every JS/CSS chunk, the Bengali font, the locale bundles, the offline page.
 * Data never lives here (it is in IndexedDB); API, websocket and uploads are never touched. */
"use strict";

const VERSION = "__SEBA_VERSION__";
const PRECACHE = __SEBA_PRECACHE__;
const CACHE_PREFIX = "seba-shell-";
const CACHE = CACHE_PREFIX + VERSION;
const KEEP_OLD_VERSIONS = 1; // a page still running the previous version can load its lazy chunks
const NAVIGATION_TIMEOUT_MS = 3500;
const BYPASS = [/^\/_event/, /^\/api\//, /^\/ping/, /^\/_health/, /^\/_upload/, /^\/healthz/, /^\/sw\.js$/];

// The outbox's background half: the offline core the pages use too (one download, one cache
// entry) and the Background Sync handler (assets/pwa/sync-worker.js, inlined at build time). Pages
// push on load, online, visibility and a timer anyway.
importScripts("/pwa/sync-core.js");
__SEBA_SYNC_WORKER__

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // Hashed assets may come from the HTTP cache (they are immutable); pages are revalidated.
      await cache.addAll(PRECACHE);
      const meta = await caches.open("seba-meta");
      await meta.put("/__seba_installed", new Response(JSON.stringify({ version: VERSION, at: Date.now() })));
    })(),
  );
  // No skipWaiting here: the new version waits until the person accepts "update available".
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = (await caches.keys()).filter((n) => n.startsWith(CACHE_PREFIX) && n !== CACHE);
      const meta = await caches.open("seba-meta");
      const order = JSON.parse((await (await meta.match("/__seba_versions"))?.text()) || "[]");
      const history = [...order.filter((v) => v !== VERSION), VERSION];
      const keep = new Set(history.slice(-(KEEP_OLD_VERSIONS + 1)).map((v) => CACHE_PREFIX + v));
      await Promise.all(names.filter((n) => !keep.has(n)).map((n) => caches.delete(n)));
      await meta.put("/__seba_versions", new Response(JSON.stringify(history.slice(-5))));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "SKIP_WAITING") self.skipWaiting();
  if (data.type === "VERSION") event.source?.postMessage({ type: "VERSION", version: VERSION });
});

function sameOrigin(url) {
  return url.origin === self.location.origin;
}

async function matchAnyVersion(request) {
  // The current cache first, then older ones (a page from the previous version may still ask).
  // Vary is ignored: the server varies on Origin (CORS), which module scripts send and precache
  // requests do not, and a hashed asset is the same bytes whoever asks.
  const current = await caches.open(CACHE);
  const hit = await current.match(request, { ignoreSearch: true, ignoreVary: true });
  if (hit) return hit;
  return caches.match(request, { ignoreSearch: true, ignoreVary: true });
}

async function cacheFirst(request) {
  const hit = await matchAnyVersion(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

async function staleWhileRevalidate(event) {
  const hit = await matchAnyVersion(event.request);
  const refresh = fetch(event.request)
    .then(async (response) => {
      if (response.ok) await (await caches.open(CACHE)).put(event.request, response.clone());
      return response;
    })
    .catch(() => undefined);
  if (hit) {
    event.waitUntil(refresh);
    return hit;
  }
  return (await refresh) || new Response("", { status: 504 });
}

function navigationKeys(url) {
  const path = url.pathname;
  const keys = [path];
  if (!path.endsWith("/")) keys.push(path + "/");
  if (path.endsWith("/index.html")) keys.push(path.slice(0, -"index.html".length));
  return keys;
}

async function cachedPage(url) {
  for (const key of navigationKeys(url)) {
    const hit = await matchAnyVersion(new Request(key));
    if (hit) return hit;
  }
  return (await matchAnyVersion(new Request("/__spa-fallback.html"))) || matchAnyVersion(new Request("/offline.html"));
}

async function networkFirstPage(event) {
  const url = new URL(event.request.url);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NAVIGATION_TIMEOUT_MS);
  try {
    const response = await fetch(event.request, { signal: controller.signal });
    clearTimeout(timer);
    if (response.ok && !response.redirected) {
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => cache.put(url.pathname, copy)));
    }
    return response;
  } catch (error) {
    clearTimeout(timer);
    const hit = await cachedPage(url);
    if (hit) return hit;
    throw error;
  }
}

const PRECACHED = new Set(PRECACHE);
// Customer pages with an id in the path (a ticket written offline has no page of its own yet):
// the app shell renders them from IndexedDB.
const CUSTOMER_DYNAMIC = /^\/(t\/[^/]+|help\/(bn|en)\/[^/]+)\/?$/; // a ticket; a help article (issue 8)

function isPrecached(url) {
  return PRECACHED.has(url.pathname) || (!url.pathname.endsWith("/") && PRECACHED.has(url.pathname + "/"));
}

async function shellPage(event) {
  // The customer app's pages belong to this version's shell: served from the cache, no network.
  // A new build brings a new worker with new pages ("update available").
  const url = new URL(event.request.url);
  const hit = await cachedPage(url);
  return hit || fetch(event.request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (!sameOrigin(url) || BYPASS.some((re) => re.test(url.pathname))) return;
  if (request.mode === "navigate") {
    // The customer app's pages come from this version's shell. Anything else (the console, which
    // needs the live server anyway, or an unknown address, which deserves a real 404) goes to the
    // network first and to the cache only when offline.
    const shell = isPrecached(url) || CUSTOMER_DYNAMIC.test(url.pathname);
    event.respondWith(shell ? shellPage(event) : networkFirstPage(event));
  } else if (url.pathname.startsWith("/assets/") || isPrecached(url)) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(staleWhileRevalidate(event));
  }
});

// ---- web push (payloads from backend/channels/push/payloads.py: {title, body, url, tag}) ----------
// The payload names a ticket number only, never the message text: the app shows the reply after
// the tap, behind the sign-in. The same tag replaces a notification already on screen, so a send
// repeated after a crash (same Topic, same tag) still shows one alert.
// Only this site's pages: a payload naming another origin (or "//host") opens the home page.
function ownPath(value) {
  try {
    const url = new URL(typeof value === "string" ? value : "/", self.location.origin);
    return url.origin === self.location.origin ? url.pathname + url.search + url.hash : "/";
  } catch (error) {
    return "/";
  }
}

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  const lang = data.lang === "en" ? "en" : "bn";
  const title = data.title || (lang === "en" ? "Seba" : "সেবা");
  const url = ownPath(data.url);
  event.waitUntil(
    (async () => {
      // A re-sent copy of the same notification (the worker died after the push service took it)
      // replaces the one shown without alerting again; a new reply on the same ticket alerts.
      const shown = data.tag ? await self.registration.getNotifications({ tag: data.tag }) : [];
      const resent = Boolean(data.id) && shown.some((n) => n.data && n.data.id === data.id);
      await self.registration.showNotification(title, {
        body: data.body || "",
        tag: data.tag || undefined,
        renotify: Boolean(data.tag) && !resent,
        icon: "/icons/icon-192.png",
        badge: "/icons/icon-192.png",
        lang,
        data: { url, id: data.id || "" },
      });
    })(),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(ownPath(event.notification.data && event.notification.data.url), self.location.origin);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      // The page already showing that address first, then any open Seba window, else a new one.
      const exact = windows.find((c) => new URL(c.url).pathname === target.pathname);
      const any = exact || windows.find((c) => sameOrigin(new URL(c.url)));
      if (exact) return exact.focus();
      if (any) {
        try {
          const moved = await any.navigate(target.href); // null when the window is not ours to steer
          if (moved) return moved.focus();
        } catch (error) {
          // not controlled by this worker: open a window instead
        }
      }
      return self.clients.openWindow(target.href);
    })(),
  );
});

// The browser renewed or dropped the subscription by itself: queue the new one through the outbox
// (customers) so the server replaces the device's old endpoint; the console re-subscribes on load.
self.addEventListener("pushsubscriptionchange", (event) => {
  const options = event.oldSubscription && event.oldSubscription.options;
  if (!options || !options.applicationServerKey || !self.SebaSync) return;
  event.waitUntil(
    (async () => {
      const session = await self.SebaSync.session();
      if (!session || !session.token) return;
      const subscription = await self.registration.pushManager.subscribe(options);
      await self.SebaSync.subscribePush(subscription);
      await self.SebaSync.pushAll("").catch(() => undefined);
    })(),
  );
});
