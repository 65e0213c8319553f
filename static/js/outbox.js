/* BackOnTrack outbox: the only path from the UI to the write API.
 *
 * A write is saved in IndexedDB before the UI says "saved", then sent oldest
 * first. 2xx and 409 (the server's copy wins) remove the record; other 4xx stay,
 * marked "failed", for the user to see and fix; 401 waits for a new log-in;
 * 5xx and network errors stop the run and retry later with backoff.
 * Each record names the account that made it, and the server refuses it (401)
 * under any other account: on a shared phone, one person's queued writes must
 * never land in the next person's diary.
 * Used by the pages (offline.js) and by the service worker (sync event).
 */
(function (root) {
  "use strict";

  const DB_NAME = "backontrack";
  const STORE = "outbox";
  const MAX_BACKOFF_MS = 5 * 60 * 1000;

  function backoffMs(attempts) {
    return Math.min(MAX_BACKOFF_MS, 2000 * 2 ** Math.max(0, attempts - 1));
  }

  function byCreation(a, b) {
    return a.created_at - b.created_at || (a.seq || 0) - (b.seq || 0);
  }

  // A small promise wrapper around one IndexedDB object store.
  function indexedDbStore(indexedDB) {
    function open() {
      return new Promise((resolve, reject) => {
        const request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    function run(mode, action) {
      return open().then((db) => new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const request = action(tx.objectStore(STORE));
        tx.oncomplete = () => { db.close(); resolve(request.result); };
        tx.onerror = tx.onabort = () => { db.close(); reject(tx.error); };
      }));
    }
    return {
      put: (record) => run("readwrite", (store) => store.put(record)),
      remove: (id) => run("readwrite", (store) => store.delete(id)),
      all: () => run("readonly", (store) => store.getAll()).then((records) => records.sort(byCreation)),
    };
  }

  function memoryStore() {
    const records = new Map();
    return {
      put: async (record) => { records.set(record.id, structuredClone(record)); },
      remove: async (id) => { records.delete(id); },
      all: async () => [...records.values()].map((r) => structuredClone(r)).sort(byCreation),
    };
  }

  // owner: the logged-in account's id on the pages; null in the service worker, which sends every
  // record and relies on the server to refuse those of another account.
  function createOutbox({ store, fetch, owner = null, now = () => Date.now(), newId = () => root.crypto.randomUUID(), lock = null }) {
    let seq = 0;

    const mine = (record) => !owner || !record.owner || record.owner === owner;

    async function enqueue(kind, method, url, body) {
      const record = {
        id: newId(), kind, method, url, body, owner, created_at: now(), seq: seq++, attempts: 0, status: "pending", error: null,
      };
      await store.put(record);
      return record;
    }

    async function send(record) {
      let response;
      try {
        const headers = { "Content-Type": "application/json", Accept: "application/json" };
        if (record.owner) headers["X-Outbox-Owner"] = record.owner;
        response = await fetch(record.url, {
          method: record.method,
          headers,
          body: record.body === undefined ? undefined : JSON.stringify(record.body),
          credentials: "same-origin",
        });
      } catch (error) {
        return { outcome: "retry", reason: "network" };
      }
      if (response.ok || response.status === 409) return { outcome: "done", status: response.status };
      if (response.status === 401) return { outcome: "wait", reason: "login" };
      if (response.status >= 500 || response.status === 429) return { outcome: "retry", reason: "server" };
      let detail = null;
      try { detail = await response.json(); } catch (error) { detail = null; }
      return { outcome: "failed", status: response.status, detail };
    }

    async function flushOnce() {
      const result = { sent: 0, failed: 0, stopped: null, retryInMs: null };
      for (const record of await store.all()) {
        if (record.status !== "pending" || !mine(record)) continue;
        const answer = await send(record);
        if (answer.outcome === "done") {
          await store.remove(record.id);
          result.sent += 1;
        } else if (answer.outcome === "failed") {
          await store.put({ ...record, status: "failed", error: { status: answer.status, detail: answer.detail } });
          result.failed += 1;
        } else {
          // Stop at the first outage so that later writes never overtake earlier ones.
          const attempts = record.attempts + 1;
          await store.put({ ...record, attempts });
          result.stopped = answer.reason;
          result.retryInMs = answer.reason === "login" ? null : backoffMs(attempts);
          break;
        }
      }
      return result;
    }

    function flush() {
      return lock ? lock(flushOnce) : flushOnce();
    }

    async function summary() {
      const records = (await store.all()).filter(mine);
      return {
        pending: records.filter((r) => r.status === "pending"),
        failed: records.filter((r) => r.status === "failed"),
      };
    }

    async function retry(id) {
      const record = (await store.all()).find((r) => r.id === id);
      if (record) await store.put({ ...record, status: "pending", error: null });
    }

    return { enqueue, flush, summary, retry, discard: (id) => store.remove(id) };
  }

  const api = { createOutbox, indexedDbStore, memoryStore, backoffMs };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.BackOnTrackOutbox = api;
})(typeof self !== "undefined" ? self : globalThis);
