/* BackOnTrack service worker: the app shell offline, one strategy per kind of request. */
"use strict";

const VERSION = "2026-11-23.1";
const PREFIX = "backontrack";
const SHELL = `${PREFIX}-shell-${VERSION}`; // precached: public pages and assets
const PAGES = `${PREFIX}-pages-${VERSION}`; // the athlete's own pages, cached as they are visited
const DATA = `${PREFIX}-data-${VERSION}`; // last known answers of API reads
const NAVIGATION_TIMEOUT_MS = 3000;

const PRECACHE = [
  "/offline",
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
  "/static/icons/icon.svg",
  "/static/icons/icon-192.png",
  "/static/manifest.webmanifest",
  "/api/v1/codes",
];

importScripts("/static/js/outbox.js");

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener("activate", (event) => {
  const current = new Set([SHELL, PAGES, DATA]);
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

function withTimeout(promise, ms) {
  return Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(null), ms))]);
}

async function cachedPage(request) {
  // Flask marks pages "Vary: Cookie"; this cache only ever holds the logged-in user's own pages.
  return (await caches.match(request, { ignoreSearch: true, ignoreVary: true })) || caches.match("/offline");
}

// Page navigations: network first, with a timeout, falling back to the last copy.
async function navigate(event) {
  const network = fetch(event.request).then(async (response) => {
    if (keepable(response)) await (await caches.open(PAGES)).put(event.request.url.split("?")[0], response.clone());
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
    const response = await fetch(event.request);
    if (response.ok) await (await caches.open(DATA)).put(event.request, response.clone());
    return response;
  } catch (error) {
    const cached = await caches.match(event.request, { ignoreVary: true });
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
      const response = await fetch(url, { credentials: "same-origin" });
      if (keepable(response)) await (await caches.open(url.startsWith("/api/") ? DATA : PAGES)).put(url, response);
    } catch (error) {
      // Offline or gone: the next visit tries again.
    }
  }));
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "skip-waiting") self.skipWaiting();
  else if (message.type === "warm") event.waitUntil(warm(message.urls || []));
  else if (message.type === "forget") event.waitUntil(Promise.all([caches.delete(PAGES), caches.delete(DATA)]));
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
