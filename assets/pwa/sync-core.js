/* Seba offline core: the IndexedDB outbox and local cache, and the push/pull halves of the sync
 * protocol (../../sync/README.md). A classic script: the page bundles it, and the service worker
 * loads it with importScripts for Background Sync. It sets `self.SebaSync`. No DOM here. */
(function (root) {
  "use strict";

  var DB_NAME = "seba-customer";
  var DB_VERSION = 1;
  var SCHEMA_V = 2; // the mutation schema this client writes (the server also takes v1)
  var BATCH = 100;
  var CHANNEL = "seba-sync";

  // ---- IndexedDB ---------------------------------------------------------------------------
  var dbPromise = null;

  function openDB() {
    if (dbPromise) return dbPromise;
    dbPromise = new Promise(function (resolve, reject) {
      var request = root.indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta", { keyPath: "key" });
        if (!db.objectStoreNames.contains("outbox")) db.createObjectStore("outbox", { keyPath: "seq" });
        if (!db.objectStoreNames.contains("tickets")) db.createObjectStore("tickets", { keyPath: "id" });
        if (!db.objectStoreNames.contains("messages")) {
          var messages = db.createObjectStore("messages", { keyPath: "id" });
          messages.createIndex("by_ticket", "ticket_id");
        }
        if (!db.objectStoreNames.contains("help")) db.createObjectStore("help", { keyPath: "id" });
      };
      request.onsuccess = function () {
        var db = request.result;
        db.onversionchange = function () {
          db.close();
          dbPromise = null;
        };
        resolve(db);
      };
      request.onerror = function () {
        dbPromise = null;
        reject(request.error);
      };
      request.onblocked = function () {
        reject(new Error("indexeddb_blocked"));
      };
    });
    return dbPromise;
  }

  function done(tx) {
    return new Promise(function (resolve, reject) {
      tx.oncomplete = function () { resolve(); };
      tx.onerror = function () { reject(tx.error); };
      tx.onabort = function () { reject(tx.error || new Error("transaction_aborted")); };
    });
  }

  function req(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  /** Run `work(stores)` in one readwrite transaction over `names`; resolves after commit. */
  function write(names, work) {
    return openDB().then(function (db) {
      var tx = db.transaction(names, "readwrite");
      var stores = {};
      names.forEach(function (n) { stores[n] = tx.objectStore(n); });
      var result;
      var finished = done(tx);
      return Promise.resolve()
        .then(function () { return work(stores, tx); })
        .then(function (value) { result = value; return finished; })
        .then(function () { return result; })
        .catch(function (error) {
          try { tx.abort(); } catch (e) { /* already finished */ }
          throw asStorageError(error);
        });
    });
  }

  function read(names, work) {
    return openDB().then(function (db) {
      var tx = db.transaction(names, "readonly");
      var stores = {};
      names.forEach(function (n) { stores[n] = tx.objectStore(n); });
      return work(stores);
    });
  }

  function asStorageError(error) {
    if (error && (error.name === "QuotaExceededError" || /quota/i.test(String(error.message)))) {
      var quota = new Error("storage_full");
      quota.code = "storage_full";
      quota.cause = error;
      return quota;
    }
    return error;
  }

  function getMeta(store, key) {
    return req(store.get(key)).then(function (row) { return row ? row.value : undefined; });
  }

  function setMeta(store, key, value) {
    return req(store.put({ key: key, value: value }));
  }

  // ---- change notification across tabs and the service worker -------------------------------
  var listeners = [];
  var channel = typeof root.BroadcastChannel === "function" ? new root.BroadcastChannel(CHANNEL) : null;

  function notify(kind) {
    listeners.slice().forEach(function (fn) { try { fn(kind); } catch (e) { /* a listener's bug */ } });
    if (channel) channel.postMessage({ kind: kind });
  }

  if (channel) {
    channel.onmessage = function (event) {
      listeners.slice().forEach(function (fn) { try { fn((event.data || {}).kind || "remote"); } catch (e) {} });
    };
  }

  function subscribe(fn) {
    listeners.push(fn);
    return function () { listeners = listeners.filter(function (l) { return l !== fn; }); };
  }

  // ---- ids ------------------------------------------------------------------------------------
  function uuid4() {
    if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID();
    var b = new Uint8Array(16);
    root.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    return hex(b);
  }

  /** UUIDv7: time-ordered, so messages written offline sort by when they were written. */
  function uuid7() {
    var b = new Uint8Array(16);
    root.crypto.getRandomValues(b);
    var ms = Date.now();
    for (var i = 5; i >= 0; i--) { b[i] = ms % 256; ms = Math.floor(ms / 256); }
    b[6] = (b[6] & 0x0f) | 0x70;
    b[8] = (b[8] & 0x3f) | 0x80;
    return hex(b);
  }

  function hex(b) {
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // ---- session and device -----------------------------------------------------------------------
  function session() {
    return read(["meta"], function (s) { return getMeta(s.meta, "session"); });
  }

  function saveSession(value) {
    return write(["meta"], function (s) {
      return ensureDevice(s.meta).then(function () { return setMeta(s.meta, "session", value); });
    }).then(function () { notify("session"); });
  }

  function ensureDevice(meta) {
    return getMeta(meta, "device_id").then(function (id) {
      if (id) return id;
      id = uuid4();
      return setMeta(meta, "device_id", id).then(function () { return id; });
    });
  }

  function deviceId() {
    return write(["meta"], function (s) { return ensureDevice(s.meta); });
  }

  // ---- local writes: the row shown as "sending" and its outbox entry in one transaction ------
  function enqueue(kind, args, localWrites) {
    return write(["meta", "outbox", "tickets", "messages"], function (s) {
      return Promise.all([ensureDevice(s.meta), getMeta(s.meta, "next_seq")]).then(function (r) {
        var device = r[0];
        var seq = r[1] || 1;
        var entry = {
          seq: seq,
          device_id: device,
          kind: kind,
          args: args,
          schema_v: SCHEMA_V,
          client_ts: new Date().toISOString(),
        };
        s.outbox.put(entry);
        setMeta(s.meta, "next_seq", seq + 1);
        localWrites(s, seq);
        return seq;
      });
    }).then(function (seq) {
      notify("outbox");
      requestBackgroundSync();
      return seq;
    });
  }

  function nowIso() { return new Date().toISOString(); }

  function createTicket(input) {
    var ticketId = uuid4();
    var messageId = uuid7();
    var at = nowIso();
    return enqueue(
      "ticket.create",
      { ticket_id: ticketId, message_id: messageId, subject: input.subject, body: input.body,
        order_ref: input.order_ref || null },
      function (s, seq) {
        s.tickets.put({ id: ticketId, number: null, subject: input.subject, status: "new",
          order_ref: input.order_ref || null, created_at: at, updated_at: at, last_activity_at: at,
          local_seq: seq, local_state: "queued", local_error: null });
        s.messages.put({ id: messageId, ticket_id: ticketId, direction: "inbound", author_type: "customer",
          author_name: "", body: input.body, created_at: at, delivery_status: "queued",
          local_seq: seq, local_state: "queued", local_error: null });
      },
    ).then(function () { return ticketId; });
  }

  function sendMessage(ticketId, body) {
    var messageId = uuid7();
    var at = nowIso();
    return enqueue("message.send", { message_id: messageId, ticket_id: ticketId, body: body }, function (s, seq) {
      s.messages.put({ id: messageId, ticket_id: ticketId, direction: "inbound", author_type: "customer",
        author_name: "", body: body, created_at: at, delivery_status: "queued",
        local_seq: seq, local_state: "queued", local_error: null });
      req(s.tickets.get(ticketId)).then(function (t) {
        if (t) { t.last_activity_at = at; s.tickets.put(t); }
      });
    }).then(function () { return messageId; });
  }

  function reopenTicket(ticketId) {
    return enqueue("ticket.reopen", { ticket_id: ticketId }, function () {});
  }

  function submitCsat(ticketId, score, comment) {
    return enqueue("csat.submit", { ticket_id: ticketId, score: score, comment: comment || "" }, function () {});
  }

  /** Queue the browser's PushSubscription for this device (the server keeps one per device). */
  function subscribePush(subscription) {
    var json = subscription.toJSON ? subscription.toJSON() : subscription;
    return enqueue("push.subscribe", {
      endpoint: json.endpoint,
      keys: { p256dh: json.keys.p256dh, auth: json.keys.auth },
      expiration_time: typeof json.expirationTime === "number" ? json.expirationTime : null,
    }, function () {});
  }

  /** How our SMS are written to this customer: "bengali" (Bengali script) or "banglish". */
  function setSmsScript(script) {
    return enqueue("customer.set_sms_script", { sms_script: script }, function () {});
  }

  function unsubscribePush(endpoint) {
    return enqueue("push.unsubscribe", { endpoint: endpoint }, function () {});
  }

  // ---- the help centre (knowledge base, issue 8): articles and lists kept for offline reading ------
  /** "Was this helpful?" on a help article: queued like every write, pushed when online. */
  function sendKbFeedback(articleId, helpful) {
    return enqueue("kb.feedback", { article_id: articleId, helpful: !!helpful }, function () {});
  }

  /** Keep a help record ({id, data, etag}) for offline reading; ids: "bn/slug", "categories:bn", ... */
  function saveHelp(record) {
    return write(["help"], function (s) {
      s.help.put(Object.assign({}, record, { saved_at: Date.now() }));
    });
  }

  function getHelp(id) {
    return read(["help"], function (s) { return req(s.help.get(id)); });
  }

  function allHelp() {
    return read(["help"], function (s) { return req(s.help.getAll()); });
  }

  // ---- reading for the UI -------------------------------------------------------------------------
  function snapshot() {
    return read(["meta", "outbox", "tickets", "messages"], function (s) {
      return Promise.all([
        req(s.tickets.getAll()),
        req(s.messages.getAll()),
        req(s.outbox.getAll()),
        getMeta(s.meta, "session"),
        getMeta(s.meta, "cursor"),
        getMeta(s.meta, "last_sync_at"),
      ]).then(function (r) {
        return { tickets: r[0], messages: r[1], outbox: r[2], session: r[3] || null, cursor: r[4] || 0,
          lastSyncAt: r[5] || null };
      });
    });
  }

  // ---- push -----------------------------------------------------------------------------------
  var REQUEST_TIMEOUT_MS = 25000;

  function api(base, path, options, token) {
    var headers = Object.assign({ "Content-Type": "application/json" }, (options && options.headers) || {});
    if (token) headers.Authorization = "Bearer " + token;
    // A request that hangs on a dying 2G link must not hold the push lock forever.
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS) : null;
    return root.fetch(base + path, Object.assign({}, options, { headers: headers, credentials: "same-origin",
      cache: "no-store", signal: controller ? controller.signal : undefined }))
      .then(function (response) { clearTimeout(timer); return response; },
        function (error) { clearTimeout(timer); throw error; });
  }

  function SyncError(code, status, detail, retryAfter) {
    var e = new Error(code);
    e.code = code;
    e.status = status;
    e.detail = detail;
    e.retryAfter = retryAfter;
    return e;
  }

  function errorOf(response) {
    return response.json().catch(function () { return {}; }).then(function (body) {
      var error = (body && body.error) || {};
      var retry = parseInt(response.headers.get("Retry-After") || "0", 10) || 0;
      return SyncError(error.code || "http_" + response.status, response.status, error, retry);
    });
  }

  /** A push answer settles the outbox entries from the batch's first seq up to last_seq: each is
   * either applied or rejected (the answer lists every rejection in that range, also ones from an
   * earlier request). Mark their local rows and drop them. Entries below `firstSeq` wait for an
   * answer that covers them, so that no rejection goes unseen. */
  function acknowledge(s, firstSeq, lastSeq, rejections) {
    var rejected = {};
    (rejections || []).forEach(function (r) { rejected[r.seq] = r; });
    return req(s.outbox.getAll()).then(function (entries) {
      var acked = entries.filter(function (e) { return e.seq >= firstSeq && e.seq <= lastSeq; });
      acked.forEach(function (e) { s.outbox.delete(e.seq); });
      return Promise.all([req(s.tickets.getAll()), req(s.messages.getAll())]).then(function (rows) {
        var ackedSeqs = {};
        acked.forEach(function (e) { ackedSeqs[e.seq] = true; });
        [["tickets", rows[0]], ["messages", rows[1]]].forEach(function (pair) {
          pair[1].forEach(function (row) {
            if (!row.local_seq || !ackedSeqs[row.local_seq]) return;
            var rejection = rejected[row.local_seq];
            if (rejection) {
              row.local_state = "failed";
              row.local_error = { code: rejection.code, bn: rejection.message_bn, en: rejection.message_en };
            } else {
              row.local_state = "sent";
            }
            s[pair[0]].put(row);
          });
        });
        return acked.length;
      });
    });
  }

  /** Give this browser a new device id and renumber what is waiting (the old id is not ours). */
  function rekeyDevice() {
    return write(["meta", "outbox", "tickets", "messages"], function (s) {
      var device = uuid4();
      return Promise.all([req(s.outbox.getAll()), req(s.tickets.getAll()), req(s.messages.getAll())]).then(function (r) {
        var renumber = {};
        r[0].sort(function (a, b) { return a.seq - b.seq; }).forEach(function (e, i) {
          renumber[e.seq] = i + 1;
          s.outbox.delete(e.seq);
        });
        r[0].forEach(function (e) {
          s.outbox.put(Object.assign({}, e, { seq: renumber[e.seq], device_id: device }));
        });
        [["tickets", r[1]], ["messages", r[2]]].forEach(function (pair) {
          pair[1].forEach(function (row) {
            if (row.local_seq && renumber[row.local_seq]) { row.local_seq = renumber[row.local_seq]; s[pair[0]].put(row); }
          });
        });
        setMeta(s.meta, "device_id", device);
        setMeta(s.meta, "next_seq", r[0].length + 1);
        setMeta(s.meta, "cursor", 0);
      });
    });
  }

  var pushing = false;

  function withPushLock(fn) {
    var locks = root.navigator && root.navigator.locks;
    if (locks && locks.request) {
      // One tab (or the service worker) pushes at a time; the others skip, the holder drains all.
      return locks.request("seba-outbox-push", { ifAvailable: true }, function (lock) {
        return lock ? fn() : "busy";
      });
    }
    if (pushing) return Promise.resolve("busy");
    return fn();
  }

  function pushOnce(base, sess, batchSize) {
    return read(["meta", "outbox"], function (s) {
      return Promise.all([req(s.outbox.getAll()), getMeta(s.meta, "device_id")]);
    }).then(function (r) {
      var entries = r[0].sort(function (a, b) { return a.seq - b.seq; }).slice(0, batchSize);
      if (!entries.length) return { sent: 0, remaining: 0 };
      var firstSeq = entries[0].seq;
      var body = {
        device_id: r[1],
        mutations: entries.map(function (e) {
          return { seq: e.seq, kind: e.kind, args: e.args, schema_v: e.schema_v, client_ts: e.client_ts };
        }),
      };
      return api(base, "/api/sync/push", { method: "POST", body: JSON.stringify(body) }, sess.token).then(function (res) {
        if (res.status === 200) {
          return res.json().then(function (answer) {
            return write(["meta", "outbox", "tickets", "messages"], function (s) {
              return acknowledge(s, firstSeq, answer.last_seq, answer.rejections).then(function (n) {
                setMeta(s.meta, "last_sync_at", nowIso());
                return n;
              });
            }).then(function (n) {
              notify("pushed");
              return { sent: n, remaining: r[0].length - n };
            });
          });
        }
        if (res.status === 409) {
          // seq_gap: what came before the gap was settled like a 200; the rest waits.
          return res.json().then(function (answer) {
            return write(["meta", "outbox", "tickets", "messages"], function (s) {
              return acknowledge(s, firstSeq, answer.last_seq, answer.rejections);
            }).then(function () {
              notify("pushed");
              var error = SyncError("seq_gap", 409, answer.error || {}, 0);
              error.expectedSeq = answer.expected_seq;
              error.firstSeq = firstSeq;
              throw error;
            });
          });
        }
        return errorOf(res).then(function (error) { throw error; });
      });
    });
  }

  /** Push everything waiting. Resolves with a summary; rejects with a SyncError on failure. */
  function pushAll(base) {
    base = base || "";
    return withPushLock(function () {
      pushing = true;
      notify("sending");
      return session().then(function (sess) {
        if (!sess || !sess.token) throw SyncError("auth_required", 401);
        var batch = BATCH;
        var total = 0;
        function loop(attempt) {
          return pushOnce(base, sess, batch).then(function (r) {
            total += r.sent;
            if (r.remaining > 0 && r.sent > 0) return loop(0);
            return { sent: total };
          }, function (error) {
            if (error.status === 413 && batch > 1) { batch = Math.max(1, Math.floor(batch / 2)); return loop(attempt); }
            if (error.code === "device_not_yours" && attempt === 0) return rekeyDevice().then(function () { return loop(1); });
            if (error.code === "seq_gap") {
              // The server expects a seq this phone no longer has (its storage was partly lost):
              // start over as a new device, renumbering what is waiting, so nothing is stuck.
              if (error.expectedSeq < error.firstSeq && attempt < 2) return rekeyDevice().then(function () { return loop(attempt + 1); });
              if (attempt < 2) return loop(attempt + 1);
            }
            throw error;
          });
        }
        return loop(0);
      }).then(function (r) {
        pushing = false;
        notify("idle");
        return r;
      }, function (error) {
        pushing = false;
        notify("idle");
        throw error;
      });
    });
  }

  // ---- pull -----------------------------------------------------------------------------------
  function localFields(existing) {
    return existing && existing.local_state && existing.local_state !== "sent" ? existing : null;
  }

  /** Apply one pull answer and store its cursor in one transaction; applying it twice is a no-op. */
  function applyPull(answer) {
    return write(["meta", "outbox", "tickets", "messages"], function (s) {
      var work = Promise.resolve();
      if (answer.reset) {
        // A fresh snapshot: forget server rows, keep what is still waiting to be sent.
        work = Promise.all([req(s.tickets.getAll()), req(s.messages.getAll())]).then(function (rows) {
          rows[0].forEach(function (t) { if (!localFields(t)) s.tickets.delete(t.id); });
          rows[1].forEach(function (m) { if (!localFields(m)) s.messages.delete(m.id); });
        });
      }
      return work.then(function () {
        (answer.changes || []).forEach(function (change) {
          var data = change.data || {};
          var kind = String(change.kind || "");
          var store = kind.indexOf("ticket") === 0 ? s.tickets : kind.indexOf("message") === 0 ? s.messages : null;
          if (!store) return;
          if (/deleted|removed/.test(kind)) { store.delete(change.entity_id || data.id); return; }
          var row = Object.assign({}, data, { id: data.id || change.entity_id, server_seq: change.server_seq,
            local_state: null, local_seq: null, local_error: null });
          store.put(row);
        });
        if (typeof answer.next_cursor === "number") setMeta(s.meta, "cursor", answer.next_cursor);
        setMeta(s.meta, "last_sync_at", nowIso());
        // answer.last_seq only says a push is worth sending: outbox entries are dropped on a
        // push answer, which also carries the rejections (see acknowledge).
        return 0;
      });
    }).then(function () { notify("pulled"); });
  }

  function pullAll(base) {
    base = base || "";
    return Promise.all([session(), read(["meta"], function (s) {
      return Promise.all([getMeta(s.meta, "cursor"), getMeta(s.meta, "device_id")]);
    })]).then(function (r) {
      var sess = r[0];
      if (!sess || !sess.token) throw SyncError("auth_required", 401);
      var cursor = r[1][0] || 0;
      var device = r[1][1] || "";
      var pages = 0;
      function page(c) {
        var path = "/api/sync/pull?cursor=" + encodeURIComponent(c) + "&device_id=" + encodeURIComponent(device);
        return api(base, path, { method: "GET" }, sess.token).then(function (res) {
          if (res.status !== 200) return errorOf(res).then(function (e) { throw e; });
          return res.json().then(function (answer) {
            return applyPull(answer).then(function () {
              pages += 1;
              if (answer.has_more && pages < 50) return page(answer.next_cursor);
              return { pages: pages, cursor: answer.next_cursor };
            });
          });
        });
      }
      return page(cursor);
    });
  }

  function requestBackgroundSync() {
    var sw = root.navigator && root.navigator.serviceWorker;
    if (!sw || !sw.ready) return;
    sw.ready.then(function (reg) {
      if (reg.sync && reg.sync.register) return reg.sync.register("seba-outbox");
      return undefined;
    }).catch(function () { /* Background Sync is a bonus, never required */ });
  }

  function signOut() {
    return write(["meta", "outbox", "tickets", "messages", "help"], function (s) {
      // Shared phones: nothing of this customer stays behind. A new device id avoids reusing seqs.
      s.outbox.clear();
      s.tickets.clear();
      s.messages.clear();
      s.help.clear();
      return Promise.all([getMeta(s.meta, "locale")]).then(function (r) {
        s.meta.clear();
        if (r[0]) setMeta(s.meta, "locale", r[0]);
      });
    }).then(function () { notify("session"); });
  }

  root.SebaSync = {
    SCHEMA_V: SCHEMA_V,
    openDB: openDB,
    subscribe: subscribe,
    snapshot: snapshot,
    session: session,
    saveSession: saveSession,
    deviceId: deviceId,
    createTicket: createTicket,
    sendMessage: sendMessage,
    reopenTicket: reopenTicket,
    submitCsat: submitCsat,
    subscribePush: subscribePush,
    unsubscribePush: unsubscribePush,
    setSmsScript: setSmsScript,
    sendKbFeedback: sendKbFeedback,
    saveHelp: saveHelp,
    getHelp: getHelp,
    allHelp: allHelp,
    pushAll: pushAll,
    pullAll: pullAll,
    applyPull: applyPull,
    signOut: signOut,
    isPushing: function () { return pushing; },
  };
})(typeof self !== "undefined" ? self : globalThis);
