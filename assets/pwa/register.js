/* Registers the service worker and offers new versions: "update available" in Bengali and English.
 * The new version only takes over when the person accepts, then the page reloads once. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var TEXT = {
    bn: { title: "নতুন সংস্করণ এসেছে", update: "আপডেট করুন", later: "পরে" },
    en: { title: "A new version is available", update: "Update", later: "Later" },
  };
  function locale() {
    var m = document.cookie.match(/(?:^|; )seba_locale=([^;]+)/);
    return m && decodeURIComponent(m[1]) === "en" ? "en" : "bn";
  }
  var reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (reloading || !window.__sebaUpdateAccepted) return;
    reloading = true;
    window.location.reload();
  });
  function offer(worker) {
    if (document.getElementById("seba-update")) return;
    var t = TEXT[locale()];
    var bar = document.createElement("div");
    bar.id = "seba-update";
    bar.setAttribute("role", "alert");
    bar.className = "update-bar";
    var label = document.createElement("span");
    label.textContent = t.title;
    var accept = document.createElement("button");
    accept.id = "seba-update-accept";
    accept.className = "button primary";
    accept.textContent = t.update;
    accept.onclick = function () {
      window.__sebaUpdateAccepted = true;
      accept.disabled = true;
      worker.postMessage({ type: "SKIP_WAITING" });
    };
    var later = document.createElement("button");
    later.className = "link-button";
    later.textContent = t.later;
    later.onclick = function () { bar.remove(); };
    bar.appendChild(label);
    bar.appendChild(accept);
    bar.appendChild(later);
    document.body.appendChild(bar);
  }
  function watch(registration) {
    if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
    registration.addEventListener("updatefound", function () {
      var worker = registration.installing;
      if (!worker) return;
      worker.addEventListener("statechange", function () {
        // Only an update (a page already controlled) is offered; the first install just works.
        if (worker.state === "installed" && navigator.serviceWorker.controller) offer(worker);
      });
    });
  }
  window.addEventListener("load", function () {
    navigator.serviceWorker
      .register("/sw.js", { scope: "/", updateViaCache: "none" })
      .then(function (registration) {
        window.__sebaSW = registration;
        watch(registration);
        // Look for a new version when the app comes back to the foreground or the network returns.
        var check = function () { registration.update().catch(function () {}); };
        document.addEventListener("visibilitychange", function () {
          if (document.visibilityState === "visible") check();
        });
        window.addEventListener("online", check);
      })
      .catch(function (error) {
        console.warn("service worker not registered", error);
      });
  });
})();
