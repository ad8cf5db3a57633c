/* The customer app: my tickets, a new ticket, a ticket's thread, sign-in. Everything it shows
 * comes from IndexedDB (sync-core.js), so it opens and works with no network; writes go to the
 * outbox and are pushed exactly once when a connection exists. Rendered by Reflex as a local
 * component (components/customer_app.py); no Reflex state is involved. */
import React, { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { useLocation, useNavigate } from "react-router";
import bn from "./locales/bn.json";
import en from "./locales/en.json";
import { HelpArticle, HelpHome } from "./help-centre.js";

const h = React.createElement;
const LOCALES = { bn, en };
const BASE = "";

// ---- a small store the React tree reads with useSyncExternalStore -------------------------------
const EMPTY = {
  ready: false, tickets: [], messages: [], outbox: [], session: null, cursor: 0, lastSyncAt: null,
  online: true, syncing: false, error: null, storageError: null, locale: "bn", hydrated: false,
  agentTyping: null, // {ticketId, until}: "the support team is typing", from the poke stream
};
let current = EMPTY;
const watchers = new Set();

function setState(patch) {
  current = Object.assign({}, current, patch);
  watchers.forEach((fn) => fn());
}
function subscribe(fn) {
  watchers.add(fn);
  return () => watchers.delete(fn);
}
const getSnapshot = () => current;
const getServerSnapshot = () => EMPTY;

function sync() {
  return globalThis.SebaSync;
}

// The offline core is one classic script shared with the service worker (importScripts), so the
// phone downloads and caches it once instead of twice.
let coreLoading = null;
function loadCore() {
  if (globalThis.SebaSync) return Promise.resolve(globalThis.SebaSync);
  if (!coreLoading) {
    coreLoading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = "/pwa/sync-core.js";
      script.onload = () => resolve(globalThis.SebaSync);
      script.onerror = () => {
        coreLoading = null;
        reject(new Error("offline core not loaded"));
      };
      document.head.appendChild(script);
    });
  }
  return coreLoading;
}

function readCookie(name) {
  const m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
  return m ? decodeURIComponent(m[1]) : "";
}
function writeCookie(name, value, days) {
  const expires = new Date(Date.now() + days * 864e5).toUTCString();
  document.cookie = `${name}=${encodeURIComponent(value)}; expires=${expires}; path=/; SameSite=Lax`;
}

async function reload() {
  const snap = await (await loadCore()).snapshot();
  setState({ ...snap, ready: true });
}

// ---- the sync engine: push on load, online, visibility, a jittered backoff timer, and pokes ----
let engineStarted = false;
let timer = null;
let failures = 0;
let events = null;

function jitter(ms) {
  return Math.round(ms * (0.5 + Math.random()));
}

function schedule(ms) {
  clearTimeout(timer);
  timer = setTimeout(() => kick("timer"), ms);
}

function debug(...args) {
  // Field debugging on a customer's phone: localStorage.seba_debug = "1" logs the sync engine.
  try {
    if (window.localStorage.getItem("seba_debug") === "1") console.log("[seba]", ...args);
  } catch (error) {
    // storage may be blocked; debugging is optional
  }
}

async function kick(reason) {
  const s = await loadCore();
  debug("kick", reason, { online: navigator.onLine, outbox: current.outbox.length });
  const session = current.session;
  if (!session || !session.token) return;
  if (!navigator.onLine) {
    setState({ online: false });
    schedule(jitter(30000));
    return;
  }
  setState({ syncing: true });
  try {
    const started = Date.now();
    const pushed = await s.pushAll(BASE);
    debug("pushed", reason, pushed, Date.now() - started, "ms");
    await s.pullAll(BASE);
    failures = 0;
    setState({ online: true, syncing: false, error: null });
    openEvents();
    // Pokes bring replies at once; without a live poke stream, pull more often. When another tab
    // or the service worker held the push lock, look again shortly: it may have left work.
    const live = events && events.readyState === 1;
    debug("synced", reason, { live });
    if (pushed === "busy") schedule(1000);
    else schedule(jitter(current.outbox.length ? 5000 : live ? 60000 : 15000));
  } catch (error) {
    failures += 1;
    const code = (error && error.code) || "network";
    debug("sync failed", reason, code, error);
    const offline = code === "network" || error instanceof TypeError;
    setState({ syncing: false, online: !offline && navigator.onLine, error: offline ? "network_error" : code });
    if (code === "auth_required" || code === "session_expired" || error.status === 401) {
      setState({ error: "session_expired" });
      return;
    }
    const base = error.retryAfter ? error.retryAfter * 1000 : 2000 * 2 ** Math.min(failures, 8);
    schedule(jitter(Math.min(base, 300000)));
  }
}

function closeEvents() {
  if (events) {
    events.close();
    events = null;
  }
}

function openEvents() {
  const session = current.session;
  if (events && events.readyState === 2) closeEvents(); // closed for good: open a new one
  if (events || !session || !session.token || typeof EventSource === "undefined") return;
  events = new EventSource(`${BASE}/api/sync/events?token=${encodeURIComponent(session.token)}`);
  events.addEventListener("poke", () => kick("poke"));
  events.addEventListener("typing", (event) => {
    const until = Date.now() + 6000;
    setState({ agentTyping: { ticketId: event.data, until } });
    setTimeout(() => {
      if (current.agentTyping && current.agentTyping.until === until) setState({ agentTyping: null });
    }, 6100);
  });
  // The server subscribes before it answers: once open, one pull catches up with whatever
  // happened between the last pull and the subscription.
  events.onopen = () => kick("stream-open");
  events.onerror = () => {
    // EventSource reconnects by itself; when the network is gone, the timer carries on.
    if (!navigator.onLine) closeEvents();
  };
}

async function startEngine() {
  if (engineStarted || typeof window === "undefined") return;
  engineStarted = true;
  let s;
  try {
    s = await loadCore();
  } catch (error) {
    engineStarted = false;
    reportStorage(error);
    return;
  }
  setState({ locale: readCookie("seba_locale") === "en" ? "en" : "bn", online: navigator.onLine, hydrated: true });
  s.subscribe(() => reload().catch(reportStorage));
  reload()
    .then(() => kick("load"))
    .then(() => refreshPushSubscription().catch((error) => debug("push refresh failed", error)))
    .catch(reportStorage);
  window.addEventListener("online", () => {
    failures = 0;
    closeEvents(); // a stream from before the outage may be half dead: start a fresh one
    setState({ online: true });
    kick("online");
  });
  window.addEventListener("offline", () => {
    setState({ online: false });
    closeEvents();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") kick("visible");
  });
}

function reportStorage(error) {
  const code = error && error.code === "storage_full" ? "storage_full" : "storage_error";
  setState({ ready: true, storageError: { code, reason: String((error && error.message) || error) } });
}

async function askPersistentStorage() {
  try {
    if (navigator.storage && navigator.storage.persist && !(await navigator.storage.persisted())) {
      await navigator.storage.persist();
    }
  } catch (error) {
    // Persistence is a request; the browser may say no. Data still lives in IndexedDB.
  }
}

// ---- text and formatting ------------------------------------------------------------------------
function useText() {
  const state = useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
  const strings = LOCALES[state.locale] || bn;
  return (key, params) => {
    let text = strings[key] || bn[key] || key;
    if (params) {
      for (const [k, v] of Object.entries(params)) text = text.replace(`{${k}}`, v);
    }
    return text;
  };
}

function formatTime(iso, locale) {
  if (!iso) return "";
  try {
    return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "bn-BD", {
      timeZone: "Asia/Dhaka", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
    }).format(new Date(iso));
  } catch (error) {
    return iso;
  }
}

function formatNumber(n, locale) {
  return locale === "en" ? String(n) : String(n).replace(/[0-9]/g, (d) => "০১২৩৪৫৬৭৮৯"[d]);
}

function rowState(row, state, t) {
  if (!row.local_state) return null;
  if (row.local_state === "failed") {
    const error = row.local_error || {};
    return { cls: "failed", text: t("state_failed", { reason: (state.locale === "en" ? error.en : error.bn) || error.code || "" }) };
  }
  if (row.local_state === "sent") return { cls: "sent", text: t("state_sent") };
  if (!state.online) return { cls: "waiting", text: t("state_waiting") };
  if (state.syncing) return { cls: "sending", text: t("state_sending") };
  return { cls: "queued", text: t("state_queued") };
}

// ---- pieces -------------------------------------------------------------------------------------
function Header({ t, state, navigate }) {
  const toggle = () => {
    const next = state.locale === "bn" ? "en" : "bn";
    writeCookie("seba_locale", next, 365);
    setState({ locale: next });
  };
  const signOut = async () => {
    if (current.outbox.length && !window.confirm(t("sign_out_pending"))) return;
    const token = current.session && current.session.token;
    if (token && navigator.onLine) {
      fetch(`${BASE}/api/auth/logout`, { method: "POST", headers: { Authorization: `Bearer ${token}` } }).catch(() => {});
    }
    writeCookie("seba_session", "", -1);
    closeEvents();
    await (await loadCore()).signOut();
    navigate("/login");
  };
  return h("header", { className: "app-header" },
    h("a", { className: "brand-link", href: "/" }, h("span", { className: "brand" }, t("app_name"))),
    h("nav", { className: "header-actions" },
      state.session ? h("button", { type: "button", className: "link-button", onClick: signOut, id: "sign-out" }, t("sign_out")) : null,
      h("button", { type: "button", className: "link-button", onClick: toggle, id: "language-switch" }, t("switch_language")),
    ),
  );
}

function SyncBar({ t, state }) {
  const waiting = state.outbox.length;
  let text;
  let cls = "sync-bar";
  if (!state.online) {
    text = t("offline");
    cls += " offline";
  } else if (state.syncing && waiting) {
    text = t("syncing");
  } else if (state.error === "network_error" || state.error === "server_busy") {
    text = t(state.error);
    cls += " offline";
  } else if (state.error === "session_expired") {
    text = t("session_expired");
    cls += " problem";
  } else if (waiting) {
    text = t("waiting_count", { n: formatNumber(waiting, state.locale) });
  } else {
    return h("div", { className: "sync-bar calm", id: "sync-status", "data-state": "online", "aria-live": "polite" });
  }
  return h("div", { className: cls, id: "sync-status", role: "status", "aria-live": "polite",
    "data-state": state.online ? "online" : "offline" }, text);
}

function StorageProblem({ t, state }) {
  if (!state.storageError) return null;
  const e = state.storageError;
  return h("p", { className: "banner error", role: "alert", id: "storage-error" },
    e.code === "storage_full" ? t("storage_full") : t("storage_error", { reason: e.reason }));
}

function Frame({ t, state, navigate, children }) {
  return h("div", { className: "app", lang: state.locale, id: "customer-app", "data-hydrated": state.hydrated ? "1" : "0" },
    h(Header, { t, state, navigate }),
    h(SyncBar, { t, state }),
    h("main", { className: "content" }, h(StorageProblem, { t, state }), children),
  );
}

function StatePill({ info }) {
  if (!info) return null;
  return h("span", { className: `pill local-${info.cls}`, "data-local-state": info.cls }, info.text);
}

// ---- web push: the bell on the home page (permission is asked only after the person taps it) ----
const PUSH_SENT_KEY = "seba_push_subscribed"; // "<endpoint> <customer id>" last queued as push.subscribe

function pushSupported() {
  return typeof window !== "undefined" && "serviceWorker" in navigator && "PushManager" in window &&
    "Notification" in window;
}

function applicationServerKey(base64url) {
  const text = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

async function fetchPushKey() {
  const res = await fetch(BASE + "/api/sync/push-key", { headers: { Accept: "application/json" } });
  if (!res.ok) return null;
  const body = await res.json();
  return body.enabled && body.public_key ? body.public_key : null;
}

function workerRegistration() {
  // In development /sw.js unregisters itself: never wait forever for a worker that will not come.
  return Promise.race([
    navigator.serviceWorker.ready,
    new Promise((resolve) => setTimeout(() => resolve(null), 8000)),
  ]);
}

function rememberedPush() {
  try {
    return window.localStorage.getItem(PUSH_SENT_KEY) || "";
  } catch (error) {
    return "";
  }
}

/** Queue push.subscribe when this browser's subscription is not yet known for this customer. */
async function queuePushSubscription(subscription) {
  const session = current.session;
  if (!subscription || !session || !session.token) return false;
  const marker = `${subscription.endpoint} ${session.customer_id || ""}`;
  if (rememberedPush() === marker) return false;
  await (await loadCore()).subscribePush(subscription);
  try {
    window.localStorage.setItem(PUSH_SENT_KEY, marker);
  } catch (error) {
    // storage blocked: the app queues it again next time, which the server treats as a refresh
  }
  kick("enqueue");
  return true;
}

async function subscribeForPush(key) {
  const registration = await workerRegistration();
  if (!registration) throw Object.assign(new Error("no service worker"), { code: "push_unavailable" });
  const options = { userVisibleOnly: true, applicationServerKey: applicationServerKey(key) };
  let subscription = await registration.pushManager.getSubscription();
  if (!subscription) {
    try {
      subscription = await registration.pushManager.subscribe(options);
    } catch (error) {
      // A subscription made under an older VAPID key blocks a new one: drop it and try once more.
      const stale = await registration.pushManager.getSubscription();
      if (!stale) throw error;
      await stale.unsubscribe();
      subscription = await registration.pushManager.subscribe(options);
    }
  }
  await queuePushSubscription(subscription);
  return subscription;
}

/** On every start while permission stands: a renewed or new subscription reaches the server. */
async function refreshPushSubscription() {
  if (!pushSupported() || Notification.permission !== "granted" || !current.session) return;
  const registration = await workerRegistration();
  if (!registration) return;
  const subscription = await registration.pushManager.getSubscription();
  if (subscription) {
    await queuePushSubscription(subscription);
    return;
  }
  // Permission was given before (another sign-in, or the browser forgot the subscription).
  const key = await fetchPushKey();
  if (key) await subscribeForPush(key);
}

function PushBell({ t, state }) {
  const [key, setKey] = useState(null);
  const [permission, setPermission] = useState(pushSupported() ? Notification.permission : "unsupported");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState("");
  useEffect(() => {
    if (!pushSupported() || !state.session || !state.online) return undefined;
    let live = true;
    fetchPushKey().then((k) => live && setKey(k)).catch(() => undefined);
    return () => { live = false; };
  }, [state.session && state.session.token, state.online]);
  // No bell where the browser has no web push, or the server none (not configured, or offline).
  if (!state.session || permission === "unsupported" || !key) return null;
  if (permission === "denied") return h("p", { className: "muted small", id: "push-blocked" }, t("push_blocked"));
  if (permission === "granted" && !problem) {
    return h("p", { className: "muted small", id: "push-on" }, "🔔 ", t("push_on"));
  }
  const enable = async () => {
    setBusy(true);
    setProblem("");
    try {
      // Asked first, inside the tap: browsers refuse a permission prompt without a user gesture.
      const answer = await Notification.requestPermission();
      setPermission(answer);
      if (answer === "granted") await subscribeForPush(key);
    } catch (error) {
      setProblem(t("push_failed"));
      debug("push subscribe failed", error);
    }
    setBusy(false);
  };
  return h("div", { className: "push-bell" },
    h("button", { type: "button", className: "button", id: "enable-push", onClick: enable, disabled: busy },
      "🔔 ", t("push_enable")),
    problem ? h("p", { className: "banner error small", role: "alert" }, problem) : null,
  );
}

/** The customer's choice of script for our SMS (Bengali letters cost more per SMS than Banglish). */
const SMS_SCRIPT_KEY = "seba_sms_script";
function SmsScriptChoice({ t, state }) {
  const [script, setScript] = useState(() => {
    try {
      return window.localStorage.getItem(SMS_SCRIPT_KEY) || "";
    } catch (error) {
      return "";
    }
  });
  if (!state.session) return null;
  const choose = async (event) => {
    const value = event.target.value;
    if (!value) return;
    setScript(value);
    try {
      window.localStorage.setItem(SMS_SCRIPT_KEY, value);
    } catch (error) {
      // storage blocked: the choice still reaches the server through the outbox
    }
    await (await loadCore()).setSmsScript(value);
    kick("enqueue");
  };
  return h("label", { className: "field sms-script" },
    h("span", { className: "field-label small" }, t("sms_script_label")),
    h("select", { className: "input", id: "sms-script", value: script, onChange: choose },
      h("option", { value: "" }, t("sms_script_choose")),
      h("option", { value: "bengali" }, t("sms_script_bengali")),
      h("option", { value: "banglish" }, t("sms_script_banglish")),
    ),
  );
}

// ---- views -------------------------------------------------------------------------------------
function TicketList({ t, state, navigate }) {
  const tickets = useMemo(
    () => [...state.tickets].sort((a, b) => String(b.last_activity_at).localeCompare(String(a.last_activity_at))),
    [state.tickets],
  );
  return h(React.Fragment, null,
    h("div", { className: "title-row" },
      h("h1", null, t("my_tickets")),
      h("a", { className: "button", id: "help-link", href: "/help",
        onClick: (e) => { e.preventDefault(); navigate("/help"); } }, t("help_link")),
      h("a", { className: "button primary", id: "new-ticket", href: "/tickets/new",
        onClick: (e) => { e.preventDefault(); navigate("/tickets/new"); } }, t("new_ticket")),
    ),
    h(PushBell, { t, state }),
    h(SmsScriptChoice, { t, state }),
    !state.ready ? h("p", { className: "muted" }, t("loading")) :
      tickets.length === 0 ? h("p", { className: "empty" }, t("no_tickets")) :
        h("ul", { className: "list", id: "ticket-list" }, tickets.map((ticket) =>
          h("li", { className: "card", key: ticket.id, "data-ticket-id": ticket.id },
            h("a", { className: "card-link", href: `/t/${ticket.id}`,
              onClick: (e) => { e.preventDefault(); navigate(`/t/${ticket.id}`); } },
              h("div", { className: "row-top" },
                h("span", { className: "muted" }, ticket.number ? t("ticket_number", { n: formatNumber(ticket.number, state.locale) }) : t("ticket_unnumbered")),
                h("span", { className: `pill status-${ticket.status}` }, t(`status_${ticket.status}`)),
                h(StatePill, { info: rowState(ticket, state, t) }),
              ),
              h("div", { className: "row-title" }, ticket.subject),
              h("div", { className: "muted small" }, t("last_activity", { time: formatTime(ticket.last_activity_at, state.locale) })),
            ),
          ))),
  );
}

function NewTicket({ t, state, navigate }) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const subject = String(form.get("subject") || "").trim();
    const body = String(form.get("body") || "").trim();
    const orderRef = String(form.get("order_ref") || "").trim();
    if (!subject) return setError(t("subject_required"));
    if (!body) return setError(t("body_required"));
    if (subject.length > 200 || body.length > 5000) return setError(t("too_long"));
    setBusy(true);
    try {
      const id = await (await loadCore()).createTicket({ subject, body, order_ref: orderRef || null });
      setBusy(false);
      navigate(`/t/${id}`);
      kick("enqueue");
    } catch (e) {
      setBusy(false);
      setError(e && e.code === "storage_full" ? t("storage_full") : t("storage_error", { reason: String(e.message || e) }));
    }
  };
  return h(React.Fragment, null,
    h("a", { className: "back-link", href: "/", onClick: (e) => { e.preventDefault(); navigate("/"); } }, t("back")),
    h("h1", null, t("new_ticket")),
    error ? h("p", { className: "banner error", role: "alert", id: "error" }, error) : null,
    h("form", { className: "stack", onSubmit: submit, id: "new-ticket-form" },
      field(t("subject_label"), "subject", { placeholder: t("subject_hint"), maxLength: 200, required: true }),
      h("label", { className: "field" }, h("span", { className: "field-label" }, t("body_label")),
        h("textarea", { className: "input textarea", name: "body", id: "body", rows: 5, maxLength: 5000, required: true })),
      field(t("order_ref_label"), "order_ref", { maxLength: 40 }),
      h("button", { className: "button primary", type: "submit", id: "submit-ticket", disabled: busy }, t("submit_ticket")),
    ),
  );
}

function field(label, name, attrs) {
  return h("label", { className: "field" }, h("span", { className: "field-label" }, label),
    h("input", Object.assign({ className: "input", name, id: name, type: "text" }, attrs)));
}

// "The customer is typing" for agents viewing the ticket: at most one signal every 3 s.
let lastTypingSignal = 0;
function signalTyping(ticketId) {
  const session = current.session;
  const now = Date.now();
  if (!session || !navigator.onLine || now - lastTypingSignal < 3000) return;
  lastTypingSignal = now;
  fetch(`${BASE}/api/sync/typing`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${session.token}` },
    body: JSON.stringify({ ticket_id: ticketId }),
  }).catch(() => {});
}

// The satisfaction survey sent after resolution: a support message marked {kind: "csat_survey"}
// (backend/csat/) gets five buttons; the answer goes through the outbox (csat.submit), offline too,
// and is remembered on the phone so the buttons turn into a thank-you.
const CSAT_KEY = "seba_csat_answers";
const isSurvey = (m) => (m.attachments || []).some((a) => a && a.kind === "csat_survey");
function csatAnswer(ticketId) {
  try { return JSON.parse(window.localStorage.getItem(CSAT_KEY) || "{}")[ticketId] || 0; } catch (e) { return 0; }
}
function rememberCsat(ticketId, score) {
  try {
    const all = JSON.parse(window.localStorage.getItem(CSAT_KEY) || "{}");
    all[ticketId] = score;
    window.localStorage.setItem(CSAT_KEY, JSON.stringify(all));
  } catch (e) { debug("csat not remembered", e); }
}
function SurveyButtons({ t, ticketId, locale }) {
  const [score, setScore] = useState(() => csatAnswer(ticketId));
  if (score) return h("p", { className: "muted small", id: "csat-thanks" }, t("csat_thanks", { score: formatNumber(score, locale) }));
  const answer = (n) => loadCore().then((core) => core.submitCsat(ticketId, n))
    .then(() => { rememberCsat(ticketId, n); setScore(n); kick("enqueue"); })
    .catch((e) => debug("csat not queued", e));
  return h("div", { className: "row-top", role: "group", id: "csat-survey", "aria-label": t("csat_label") },
    [1, 2, 3, 4, 5].map((n) => h("button", { key: n, type: "button", className: "button", "data-score": n,
      onClick: () => answer(n) }, formatNumber(n, locale))));
}

function Thread({ t, state, navigate, ticketId }) {
  const [error, setError] = useState("");
  const ticket = state.tickets.find((x) => x.id === ticketId);
  const messages = useMemo(
    () => state.messages.filter((m) => m.ticket_id === ticketId)
      .sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)) || String(a.id).localeCompare(String(b.id))),
    [state.messages, ticketId],
  );
  const send = async (event) => {
    event.preventDefault();
    const formEl = event.currentTarget;
    const body = String(new FormData(formEl).get("body") || "").trim();
    if (!body) return setError(t("body_required"));
    if (body.length > 5000) return setError(t("too_long"));
    try {
      await (await loadCore()).sendMessage(ticketId, body);
      formEl.reset();
      setError("");
      kick("enqueue");
    } catch (e) {
      setError(e && e.code === "storage_full" ? t("storage_full") : t("storage_error", { reason: String(e.message || e) }));
    }
  };
  const back = h("a", { className: "back-link", href: "/", onClick: (e) => { e.preventDefault(); navigate("/"); } }, t("back"));
  if (!state.ready) return h(React.Fragment, null, back, h("p", { className: "muted" }, t("loading")));
  if (!ticket) return h(React.Fragment, null, back, h("p", { className: "banner error", id: "error" }, t("ticket_not_found")));
  const canReopen = ticket.status === "resolved" && !ticket.local_state;
  return h(React.Fragment, null,
    back,
    h("div", { className: "row-top" },
      h("span", { className: "muted" }, ticket.number ? t("ticket_number", { n: formatNumber(ticket.number, state.locale) }) : t("ticket_unnumbered")),
      h("span", { className: `pill status-${ticket.status}` }, t(`status_${ticket.status}`)),
      h(StatePill, { info: rowState(ticket, state, t) }),
    ),
    h("h1", { className: "thread-title" }, ticket.subject),
    h("ul", { className: "thread", id: "thread" }, messages.map((m) => {
      const mine = m.author_type === "customer";
      return h("li", { key: m.id, className: `bubble ${mine ? "mine" : "theirs"}`, "data-message-id": m.id },
        h("div", { className: "bubble-meta" },
          h("span", { className: "bubble-author" }, mine ? t("you") : (m.author_name || "").split(" ")[0] || t("support_team")),
          h("span", { className: "muted small" }, formatTime(m.created_at, state.locale)),
          h(StatePill, { info: rowState(m, state, t) }),
        ),
        h("p", { className: "bubble-body" }, m.body),
        isSurvey(m) && (ticket.status === "resolved" || ticket.status === "closed")
          ? h(SurveyButtons, { t, ticketId, locale: state.locale }) : null,
      );
    })),
    state.agentTyping && state.agentTyping.ticketId === ticketId
      ? h("p", { className: "typing muted small", id: "agent-typing", "aria-live": "polite" }, t("agent_typing"))
      : null,
    canReopen ? h("button", { type: "button", className: "button", id: "reopen",
      onClick: () => loadCore().then((s) => s.reopenTicket(ticketId)).then(() => kick("enqueue")) }, t("reopen")) : null,
    error ? h("p", { className: "banner error", role: "alert", id: "error" }, error) : null,
    ticket.status === "closed" ? null :
      h("form", { className: "stack composer", onSubmit: send, id: "reply-form" },
        h("label", { className: "field" }, h("span", { className: "field-label" }, t("reply_label")),
          h("textarea", { className: "input textarea", name: "body", id: "body", rows: 3, maxLength: 5000, required: true,
            onInput: () => { if (!ticket.local_state) signalTyping(ticketId); } })),
        h("button", { className: "button primary", type: "submit", id: "send-reply" }, t("send")),
      ),
  );
}

function Login({ t, state, navigate }) {
  const [phone, setPhone] = useState("");
  const [sentTo, setSentTo] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const call = async (path, body) => {
    const res = await fetch(BASE + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept-Language": state.locale },
      body: JSON.stringify(body),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      const e = (data && data.error) || {};
      throw new Error((state.locale === "en" ? e.message_en : e.message_bn) || e.message || res.status);
    }
    return data;
  };
  const requestCode = async (event) => {
    event.preventDefault();
    if (!navigator.onLine) return setError(t("login_offline"));
    setBusy(true);
    setError("");
    try {
      const device = await (await loadCore()).deviceId();
      const answer = await call("/api/auth/otp/request", { phone, device_id: device });
      setSentTo(answer.phone);
    } catch (e) {
      setError(e instanceof TypeError ? t("login_offline") : e.message);
    }
    setBusy(false);
  };
  const verify = async (event) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") || "");
    setBusy(true);
    setError("");
    try {
      const device = await (await loadCore()).deviceId();
      const answer = await call("/api/auth/otp/verify", { phone: sentTo, code, device_id: device });
      await (await loadCore()).saveSession({ token: answer.token, customer_id: answer.id, name: answer.name, phone: sentTo });
      writeCookie("seba_session", answer.token, 30);
      askPersistentStorage();
      setBusy(false);
      await reload();
      navigate("/");
      kick("signed-in");
      refreshPushSubscription().catch((error) => debug("push refresh failed", error));
    } catch (e) {
      setBusy(false);
      setError(e instanceof TypeError ? t("login_offline") : e.message);
    }
  };
  return h(React.Fragment, null,
    h("h1", null, t("login_title")),
    h("p", { className: "muted" }, t("login_intro")),
    error ? h("p", { className: "banner error", role: "alert", id: "error" }, error) : null,
    sentTo
      ? h("form", { className: "stack", onSubmit: verify },
        h("p", { className: "muted" }, t("code_sent_to"), " ", h("strong", null, sentTo)),
        field(t("code_label"), "code", { inputMode: "numeric", autoComplete: "one-time-code", maxLength: 6, required: true, autoFocus: true }),
        h("button", { className: "button primary", type: "submit", id: "verify-code", disabled: busy }, t("verify")),
        h("button", { className: "link-button", type: "button", onClick: () => { setSentTo(""); setError(""); } }, t("change_number")),
      )
      : h("form", { className: "stack", onSubmit: requestCode },
        field(t("phone_label"), "phone", { type: "tel", inputMode: "tel", autoComplete: "tel", placeholder: "01XXXXXXXXX",
          required: true, autoFocus: true, value: phone, onChange: (e) => setPhone(e.target.value) }),
        h("button", { className: "button primary", type: "submit", id: "send-code", disabled: busy }, t("send_code")),
      ),
  );
}

// ---- the component Reflex renders ---------------------------------------------------------------
export function CustomerApp({ view }) {
  const state = useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
  const t = useText();
  const navigate = useNavigate();
  const location = useLocation();
  const [path, setPath] = useState("");
  useEffect(() => {
    startEngine();
    setPath(window.location.pathname);
  }, [view]);
  // The help centre is readable without signing in (feedback waits in the outbox until then).
  const publicView = view === "help" || view === "article";
  useEffect(() => {
    if (state.ready && !state.session && view !== "login" && !publicView) navigate("/login");
    if (state.ready && state.session && view === "login") navigate("/");
  }, [state.ready, state.session, view]);
  const ticketId = view === "ticket" ? decodeURIComponent((path.match(/\/t\/([^/]+)/) || [])[1] || "") : "";
  const help = view === "article" ? location.pathname.match(/\/help\/(bn|en)\/([^/?#]+)/) : null;
  let body;
  if (view === "help") body = h(HelpHome, { t, state, navigate, core: loadCore });
  else if (view === "article") {
    body = help
      ? h(HelpArticle, { t, state, navigate, core: loadCore, kick, lang: help[1], slug: decodeURIComponent(help[2]) })
      : h("p", { className: "muted" }, t("loading"));
  } else if (view === "login") body = h(Login, { t, state, navigate });
  else if (!state.session) body = h("p", { className: "muted" }, t("loading"));
  else if (view === "new") body = h(NewTicket, { t, state, navigate });
  else if (view === "ticket") body = ticketId ? h(Thread, { t, state, navigate, ticketId }) : h("p", { className: "muted" }, t("loading"));
  else body = h(TicketList, { t, state, navigate });
  return h(Frame, { t, state, navigate }, body);
}
