/* The agent console's keyboard shortcuts and drafts that survive a reload.
 *
 * Shortcuts are declared by the page: an element with data-shortcut="r" is clicked (or focused,
 * for fields) when the agent presses r outside a text field. Labels stay in Reflex, in both
 * languages; this file only knows keys. A composer textarea with data-draft-key keeps its text in
 * localStorage together with a client id; the reply is sent with that id, so sending again after a
 * reload mid-send never duplicates it (the server answers the existing message). The page clears a
 * draft by calling window.sebaConsole.sent(key) once the server has stored the message. */
(function () {
  "use strict";
  if (window.sebaConsole) return;
  var PREFIX = "seba:draft:";
  var MAX_AGE_MS = 7 * 24 * 3600 * 1000;

  function store() {
    try {
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }
  function newClientId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "d-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }
  function readDraft(key) {
    var s = store();
    if (!s || !key) return null;
    try {
      var d = JSON.parse(s.getItem(PREFIX + key) || "null");
      if (d && Date.now() - (d.at || 0) < MAX_AGE_MS) return d;
    } catch (e) {}
    return null;
  }
  function writeDraft(key, text, clientId) {
    var s = store();
    if (!s || !key) return;
    if (!text) {
      s.removeItem(PREFIX + key);
      return;
    }
    s.setItem(PREFIX + key, JSON.stringify({ text: text, client_id: clientId, at: Date.now() }));
  }
  function composer() {
    return document.querySelector("textarea[data-draft-key]");
  }
  function clientIdField(area) {
    var form = area && area.form;
    return form ? form.querySelector("input[name=client_id]") : null;
  }

  /* Restore the draft into an empty composer and give the form the draft's client id. */
  function prepare(area) {
    var key = area.getAttribute("data-draft-key");
    if (area.getAttribute("data-draft-ready") === key) return;
    area.setAttribute("data-draft-ready", key);
    var draft = readDraft(key);
    var idField = clientIdField(area);
    if (draft && document.querySelector('[data-client-id="' + draft.client_id + '"]')) {
      writeDraft(key, "", "");  // the server already has it: the draft was sent before the reload
      draft = null;
    }
    if (draft && !area.value) area.value = draft.text;
    if (idField) idField.value = (draft && draft.client_id) || newClientId();
  }
  function save(area) {
    var key = area.getAttribute("data-draft-key");
    var idField = clientIdField(area);
    if (idField && !idField.value) idField.value = newClientId();
    writeDraft(key, area.value, idField ? idField.value : "");
  }

  document.addEventListener("input", function (e) {
    var area = e.target;
    if (area && area.matches && area.matches("textarea[data-draft-key]")) save(area);
  });
  new MutationObserver(function () {
    var area = composer();
    if (area) prepare(area);
  }).observe(document.documentElement, { childList: true, subtree: true });

  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }
  function visible(el) {
    return !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  }
  function moveSelection(step) {
    var rows = Array.prototype.slice.call(document.querySelectorAll("[data-inbox-row]"));
    if (!rows.length) return;
    var index = rows.indexOf(document.activeElement);
    var next = rows[Math.max(0, Math.min(rows.length - 1, index < 0 ? 0 : index + step))];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && e.target && e.target.form) {
      var send = e.target.form.querySelector("[type=submit]");
      if (send) {
        e.preventDefault();
        send.click();
      }
      return;
    }
    if (e.key === "Escape") {
      var help = document.getElementById("shortcut-help");
      if (help && !help.hidden) help.hidden = true;
      else if (typing(document.activeElement)) document.activeElement.blur();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    var key = e.key;
    if (key === "?") {
      var panel = document.getElementById("shortcut-help");
      if (panel) panel.hidden = !panel.hidden;
      e.preventDefault();
      return;
    }
    if ((key === "j" || key === "k") && document.querySelector("[data-inbox-row]")) {
      moveSelection(key === "j" ? 1 : -1);
      e.preventDefault();
      return;
    }
    var targets = document.querySelectorAll('[data-shortcut="' + key.replace(/"/g, "") + '"]');
    for (var i = 0; i < targets.length; i++) {
      var target = targets[i];
      if (!visible(target) || target.disabled) continue;
      e.preventDefault();
      if (typing(target)) target.focus();
      else target.click();
      var focus = target.getAttribute("data-focus");
      if (focus) {
        setTimeout(function () {
          var f = document.querySelector(focus);
          if (f) f.focus();
        }, 50);
      }
      return;
    }
  });

  /* Web push opt-in: the header button #enable-push (rendered by Reflex, labelled in both languages).
   * Permission is asked only inside its click; the browser's subscription (made through the same
   * /sw.js as the customer app) goes to POST /api/agent/push-subscriptions, which pushes new
   * assignments and @mentions to this browser. */
  var PUSH_MARK = "seba:agent-push";
  var pushPosted = false;
  function pushSupported() {
    return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  }
  function pushState() {
    if (!pushSupported()) return "unsupported";
    if (Notification.permission === "denied") return "denied";
    var s = store();
    if (Notification.permission === "granted" && s && s.getItem(PUSH_MARK)) return "on";
    return "off";
  }
  function workerReady() {
    return Promise.race([
      navigator.serviceWorker.ready,
      new Promise(function (resolve) { setTimeout(function () { resolve(null); }, 8000); }),
    ]);
  }
  function serverKey(text) {
    var b64 = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
  }
  function api(method, path, body) {
    return fetch(path, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) throw new Error((data && data.error && data.error.message) || "HTTP " + res.status);
        return data;
      });
    });
  }
  function subscribe(registration, key) {
    var options = { userVisibleOnly: true, applicationServerKey: serverKey(key) };
    return registration.pushManager.getSubscription().then(function (existing) {
      if (existing) return existing;
      return registration.pushManager.subscribe(options);
    });
  }
  function remember(subscription) {
    var s = store();
    if (s) s.setItem(PUSH_MARK, subscription.endpoint);
    pushPosted = true;
    markPushButton();
  }
  function enablePush(button) {
    button.disabled = true;
    button.setAttribute("data-push-state", "asking");
    Promise.resolve(Notification.requestPermission())
      .then(function (answer) {
        if (answer !== "granted") throw new Error("permission " + answer);
        return Promise.all([workerReady(), api("GET", "/api/agent/push-key")]);
      })
      .then(function (r) {
        if (!r[0] || !r[1].enabled) throw new Error("web push unavailable");
        return subscribe(r[0], r[1].public_key);
      })
      .then(function (subscription) {
        return api("POST", "/api/agent/push-subscriptions", subscription.toJSON()).then(function () {
          remember(subscription);
        });
      })
      .catch(function (error) {
        button.disabled = Notification.permission === "denied";
        button.setAttribute("data-push-state", Notification.permission === "denied" ? "denied" : "failed");
        button.setAttribute("data-push-error", String((error && error.message) || error));
      });
  }
  /* Once per page load while permission stands: post the subscription again, so that it belongs to
   * whoever is signed in on this browser now (the server moves an endpoint to its latest poster). */
  function refreshPush() {
    if (pushPosted || pushState() !== "on") return;
    pushPosted = true;
    workerReady()
      .then(function (registration) { return registration && registration.pushManager.getSubscription(); })
      .then(function (subscription) {
        if (!subscription) {
          var s = store();
          if (s) s.removeItem(PUSH_MARK);  // the browser dropped it: offer the button again
          markPushButton();
          return null;
        }
        return api("POST", "/api/agent/push-subscriptions", subscription.toJSON());
      })
      .catch(function () {});
  }
  function markPushButton() {
    var button = document.getElementById("enable-push");
    if (!button) return;
    var state = pushState();
    var shown = button.getAttribute("data-push-state");
    if (shown !== state && shown !== "failed" && shown !== "asking") button.setAttribute("data-push-state", state);
    var hide = state === "unsupported" || state === "on";
    if (button.hidden !== hide) button.hidden = hide;
    if (state === "denied" && !button.disabled) button.disabled = true;
    refreshPush();
  }
  document.addEventListener("click", function (e) {
    var button = e.target && e.target.closest ? e.target.closest("#enable-push") : null;
    if (!button || button.disabled || !pushSupported()) return;
    e.preventDefault();
    enablePush(button);
  });
  new MutationObserver(markPushButton).observe(document.documentElement, { childList: true, subtree: true });
  markPushButton();

  window.sebaConsole = {
    /* The server stored the message sent with this draft: forget it and start a new one. */
    sent: function (key) {
      writeDraft(key, "", "");
      var area = composer();
      if (area && area.getAttribute("data-draft-key") === key) {
        area.value = "";
        var idField = clientIdField(area);
        if (idField) idField.value = newClientId();
      }
    },
    /* Insert text (a canned response, a mention) at the cursor and keep it in the draft. */
    insert: function (text) {
      var area = composer();
      if (!area) return;
      var start = area.selectionStart || 0;
      var end = area.selectionEnd || 0;
      var before = area.value.slice(0, start);
      var after = area.value.slice(end);
      area.value = before + text + after;
      area.focus();
      var at = before.length + text.length;
      area.setSelectionRange(at, at);
      save(area);
      area.dispatchEvent(new Event("input", { bubbles: true }));
    },
    draft: readDraft,
  };
})();
