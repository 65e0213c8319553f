/* BackOnTrack service worker: the app shell offline, one strategy per kind of request. */
"use strict";

const VERSION = "2026-12-03.2";
const PREFIX = "backontrack";
const SHELL = `${PREFIX}-shell-${VERSION}`; // precached: public pages and assets, fetched without cookies
const PAGES = `${PREFIX}-pages-${VERSION}`; // the logged-in account's own pages, cached as they are visited
const DATA = `${PREFIX}-data-${VERSION}`; // last known answers of API reads
const OWNER = `${PREFIX}-owner`; // whose PAGES and DATA are, and until when their session lasts
const NAVIGATION_TIMEOUT_MS = 3000;

const PRECACHE = [
  "/offline",
  "/sources",
  "/exercises/",
  "/exercises/knee-to-chest",
  "/exercises/cat-camel",
  "/exercises/neck-side-stretch",
  "/exercises/pelvic-tilt",
  "/exercises/foam-roller",
  "/exercises/plank",
  "/exercises/bird-dog",
  "/exercises/glute-bridge",
  "/static/css/app.css",
  "/static/js/app.js",
  "/static/js/outbox.js",
  "/static/js/offline.js",
  "/static/js/reminders.js",
  "/static/icons/icon.svg",
  "/static/icons/icon-192.png",
  "/static/icons/badge-96.png",
  "/static/manifest.webmanifest",
  "/api/v1/codes",
];

importScripts("/static/js/outbox.js");

self.addEventListener("install", (event) => {
  // Without cookies: the shell is public, and an answer to a request sent before a log-in
  // must not carry a session cookie that lands after it.
  const requests = PRECACHE.map((url) => new Request(url, { credentials: "omit" }));
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(requests)));
});

self.addEventListener("activate", (event) => {
  const current = new Set([SHELL, PAGES, DATA, OWNER]);
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith(PREFIX) && !current.has(n)).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

// Only a page the user was really shown is kept: not an error, not a redirect to the log-in page.
function keepable(response) {
  return response && response.ok && !response.redirected && response.type === "basic";
}

// ---- Whose cache it is --------------------------------------------------------
// Each answer names its account (BackOnTrack-Account; empty when there is no session) and
// when the session ends if unused (BackOnTrack-Session-Ends). The account's pages and data
// are forgotten as soon as an answer names another account or none, and, offline, once
// the session's end has passed: the next person using the phone never sees them.
// An answer is only as new as its request: one sent before the answer that made the current
// owner (a warm-up still in flight when another account logged in) is neither kept nor heeded,
// and answers are heeded and kept one at a time, so none lands in the next account's cache.
async function owner() {
  const stored = await (await caches.open(OWNER)).match("/owner");
  return stored ? stored.json() : null;
}

async function forget(since = Date.now()) {
  await Promise.all([caches.delete(PAGES), caches.delete(DATA)]);
  await (await caches.open(OWNER)).put("/owner", new Response(JSON.stringify({ account: "", since })));
}

async function learnOwner(response, sentAt) {
  const account = response.headers.get("BackOnTrack-Account");
  if (account === null) return false;
  const known = await owner();
  if (known && known.account !== account) {
    if (sentAt < known.since) return false;
    await forget(sentAt);
  }
  if (!account) return false;
  const endsAt = response.headers.get("BackOnTrack-Session-Ends");
  const since = known && known.account === account ? known.since : sentAt;
  await (await caches.open(OWNER)).put("/owner", new Response(JSON.stringify({ account, endsAt, since })));
  return true;
}

let heeding = Promise.resolve();
// Learn whose cache it is from an answer to a request sent at sentAt; keep a copy in cacheName if keep(response).
function heed(response, sentAt, cacheName, key, keep) {
  const step = heeding.then(async () => {
    if ((await learnOwner(response, sentAt)) && keep(response)) await (await caches.open(cacheName)).put(key, response.clone());
  });
  heeding = step.catch(() => null);
  return step;
}

async function ownerStillLoggedIn() {
  const known = await owner();
  if (known && known.account && (!known.endsAt || Date.now() < Date.parse(known.endsAt))) return true;
  if (known && known.account) await forget();
  return false;
}

function withTimeout(promise, ms) {
  return Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(null), ms))]);
}

async function cachedPage(request) {
  // Flask marks pages "Vary: Cookie"; PAGES only ever holds the owner's pages, and only while their session lasts.
  const pages = (await ownerStillLoggedIn()) ? await caches.open(PAGES) : null;
  const own = pages && (await pages.match(request, { ignoreSearch: true, ignoreVary: true }));
  // The offline page in the account's language (warmed by the pages) before the one precached in the browser's.
  const offline = (pages && (await pages.match("/offline"))) || caches.match("/offline", { cacheName: SHELL });
  return own || (await caches.match(request, { ignoreSearch: true, ignoreVary: true, cacheName: SHELL })) || offline;
}

// Page navigations: network first, with a timeout, falling back to the last copy.
async function navigate(event) {
  const sentAt = Date.now();
  const network = fetch(event.request).then(async (response) => {
    await heed(response, sentAt, PAGES, event.request.url.split("?")[0], keepable);
    return response;
  });
  event.waitUntil(network.catch(() => null));
  try {
    return (await withTimeout(network, NAVIGATION_TIMEOUT_MS)) || cachedPage(event.request);
  } catch (error) {
    return cachedPage(event.request);
  }
}

// Scripts, styles, icons: stale-while-revalidate.
async function staleWhileRevalidate(event) {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(event.request);
  const network = fetch(event.request).then((response) => {
    if (response.ok) cache.put(event.request, response.clone());
    return response;
  });
  event.waitUntil(network.catch(() => null));
  return cached || network;
}

// API reads: network first, falling back to the last known answer.
async function apiRead(event) {
  try {
    const sentAt = Date.now();
    const response = await fetch(event.request);
    await heed(response, sentAt, DATA, event.request, (r) => r.ok);
    return response;
  } catch (error) {
    const own = (await ownerStillLoggedIn()) && (await (await caches.open(DATA)).match(event.request, { ignoreVary: true }));
    const cached = own || (await caches.match(event.request, { ignoreVary: true, cacheName: SHELL }));
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  // Writes are never cached: they go through the outbox, straight to the network.
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (event.request.mode === "navigate") event.respondWith(navigate(event));
  else if (url.pathname.startsWith("/static/")) event.respondWith(staleWhileRevalidate(event));
  else if (url.pathname.startsWith("/api/v1/")) event.respondWith(apiRead(event));
});

async function warm(urls) {
  await Promise.all(urls.map(async (url) => {
    try {
      const sentAt = Date.now();
      const response = await fetch(url, { credentials: "same-origin" });
      await heed(response, sentAt, url.startsWith("/api/") ? DATA : PAGES, url, keepable);
    } catch (error) {
      // Offline or gone: the next visit tries again.
    }
  }));
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "skip-waiting") self.skipWaiting();
  else if (message.type === "warm") event.waitUntil(warm(message.urls || []));
  else if (message.type === "forget") event.waitUntil(forget());
});

// Background Sync, where the browser has it; the pages also flush on open, online and "Sync now".
self.addEventListener("sync", (event) => {
  if (event.tag !== "outbox") return;
  const { createOutbox, indexedDbStore } = self.BackOnTrackOutbox;
  const outbox = createOutbox({ store: indexedDbStore(self.indexedDB), fetch: self.fetch.bind(self) });
  event.waitUntil(outbox.flush().then((result) => {
    if (result.stopped === "network" || result.stopped === "server") throw new Error("retry later");
  }));
});

// ---- Reminders (Web Push) -------------------------------------------------------
// The server sends {title, body, url, log_url, tag}: "time to log" and the activity, no health details.
// url is where a tap leads (the log form, or the episode for an alert); "Log pain" always opens the log form.
function sameOriginPath(path) {
  const url = new URL(path || "/", self.location.origin);
  return url.origin === self.location.origin ? url.href : new URL("/", self.location.origin).href;
}

self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = {};
  }
  event.waitUntil(self.registration.showNotification(message.title || "BackOnTrack", {
    body: message.body || "Time to log how your back is.",
    icon: "/static/icons/icon-192.png",
    badge: "/static/icons/badge-96.png",
    tag: message.tag || "backontrack",
    data: { url: sameOriginPath(message.url), logUrl: sameOriginPath(message.log_url || message.url) },
    actions: [{ action: "log", title: message.log_title || "Log pain" }],
  }));
});

async function openApp(target) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const same = windows.find((client) => client.url === target);
  if (same) return same.focus();
  const any = windows.find((client) => "navigate" in client);
  if (any) {
    const navigated = await any.navigate(target);
    return (navigated || any).focus();
  }
  return self.clients.openWindow(target);
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  event.waitUntil(openApp(event.action === "log" ? data.logUrl : data.url));
});
