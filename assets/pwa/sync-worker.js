/* The service worker's Background Sync handler (inlined into sw.js at build time, which imports
 * sync-core.js first): it pushes the outbox when the browser allows, even after the tab was closed.
 * Pages never depend on it (Safari and iOS have no Background Sync). */
importScripts("/pwa/sync-core.js");

self.addEventListener("sync", (event) => {
  if (event.tag !== "seba-outbox") return;
  event.waitUntil(
    self.SebaSync.pushAll("").catch((error) => {
      // Rejecting tells the browser to retry later with its own backoff; auth problems wait for the app.
      if (error && error.code === "auth_required") return undefined;
      throw error;
    }),
  );
});
