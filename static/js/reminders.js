// Reminders on this device: Web Push, asked for only after a tap (progressive enhancement).
// The account page's [data-push-panel] shows what this browser can do and offers the button;
// any page with [data-push-refresh] (reminders on) re-registers this device's subscription,
// which ties it to the current log-in and follows a change of the server's key.
"use strict";

(() => {
  const panel = document.querySelector("[data-push-panel]");
  const refresh = document.querySelector("[data-push-refresh]");
  if (!panel && !refresh) return;

  function support() {
    if ("serviceWorker" in navigator && "PushManager" in window && "Notification" in window) {
      return Notification.permission === "denied" ? "denied" : "ok";
    }
    const ios = /iPhone|iPad|iPod/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
    const installed = navigator.standalone === true || window.matchMedia("(display-mode: standalone)").matches;
    return ios && !installed ? "ios-not-installed" : "unsupported";
  }

  function keyBytes(base64url) {
    const text = atob(base64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (base64url.length % 4)) % 4));
    return Uint8Array.from(text, (c) => c.charCodeAt(0));
  }

  function sameKey(subscription, key) {
    const current = subscription.options && subscription.options.applicationServerKey;
    if (!current) return true;
    const a = new Uint8Array(current);
    return a.length === key.length && a.every((byte, i) => byte === key[i]);
  }

  async function subscription(create) {
    const registration = await navigator.serviceWorker.ready;
    const answer = await fetch("/api/v1/push/key", { credentials: "same-origin" });
    if (!answer.ok) throw new Error("no key");
    const key = keyBytes((await answer.json()).public_key);
    let found = await registration.pushManager.getSubscription();
    if (found && !sameKey(found, key)) {
      // The server's key changed: a subscription made with the old one would be refused.
      await found.unsubscribe();
      found = null;
    }
    if (!found && create) found = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    return found;
  }

  async function register(found) {
    const answer = await fetch("/api/v1/push/subscriptions", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(found.toJSON()),
    });
    if (!answer.ok) throw new Error(`server answered ${answer.status}`);
  }

  function show(state) {
    if (!panel) return;
    panel.querySelectorAll("[data-push-state]").forEach((element) => {
      element.hidden = element.dataset.pushState !== state;
    });
  }

  async function start() {
    const supported = support();
    const enabled = panel ? panel.dataset.pushEnabled === "true" : true;
    if (supported !== "ok") return show(enabled ? supported : "off");
    if (!enabled) return show("off");
    const existing = Notification.permission === "granted" ? await subscription(false) : null;
    if (existing) {
      await register(existing);
      return show("ready");
    }
    show("available");
  }

  if (panel) {
    panel.addEventListener("click", async (event) => {
      if (!event.target.closest("[data-push-enable]")) return;
      try {
        if ((await Notification.requestPermission()) !== "granted") return show(support() === "denied" ? "denied" : "available");
        await register(await subscription(true));
        window.location.reload();
      } catch (error) {
        show("failed");
      }
    });
  }
  start().catch(() => show("failed"));
})();
