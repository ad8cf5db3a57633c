/* Development and kill-switch service worker: it removes itself and every Seba cache, then
 * reloads open pages from the network. Production builds replace this file (app/pwa/plugin.py);
 * SEBA_SW_KILL_SWITCH=1 makes the server answer /sw.js with this file again. */
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith("seba-")).map((n) => caches.delete(n)));
      await self.registration.unregister();
      const pages = await self.clients.matchAll({ type: "window" });
      pages.forEach((page) => page.navigate(page.url));
    })(),
  );
});
