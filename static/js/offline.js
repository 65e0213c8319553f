/* BackOnTrack offline: service worker, outbox-backed forms, sync status, red-flag advice. */
(function () {
  "use strict";

  const { createOutbox, indexedDbStore } = window.BackOnTrackOutbox;
  const locks = navigator.locks;
  const outbox = createOutbox({
    store: indexedDbStore(window.indexedDB),
    fetch: window.fetch.bind(window),
    owner: document.body.dataset.account || null,
    lock: locks ? (fn) => locks.request("backontrack-outbox", fn) : null,
  });
  const LIST_FIELDS = new Set(["regions", "red_flags", "treatments"]);
  const INT_FIELDS = new Set(["pain", "walk_minutes", "rpe", "load_increase_percent"]);
  const TIME_FIELDS = new Set(["recorded_at", "started_at", "resolved_at"]);
  const BOOL_FIELDS = new Set(["new_exercise", "swelling"]);
  const SKIPPED = new Set(["csrf_token", "id", "next", "episode_id"]);
  let retryTimer = null;

  // ---- Sync status -------------------------------------------------------
  const status = document.getElementById("sync-status");

  // What the scripts say, in the page's language (the server puts it in #client-words).
  const words = JSON.parse((document.getElementById("client-words") || {}).textContent || "{}");
  const pluralRules = new Intl.PluralRules(words.language || "en");

  function say(text, values = {}) {
    return String(text || "").replace(/%\((\w+)\)[sd]/g, (_, name) => (name in values ? values[name] : ""));
  }

  function counted(forms, n) {
    const form = (forms || {})[pluralRules.select(n) === "one" ? "one" : "other"];
    return say(form, { num: n });
  }

  async function showStatus(note) {
    if (!status) return;
    const { pending, failed } = await outbox.summary();
    const text = status.querySelector("[data-sync-text]");
    const problems = status.querySelector("[data-sync-problems]");
    if (failed.length) text.textContent = counted(words.failed, failed.length);
    else if (pending.length) text.textContent = `${counted(words.waiting, pending.length)}${note ? ` (${note})` : ""}`;
    else text.textContent = words.all_saved;
    status.dataset.state = failed.length ? "failed" : pending.length ? "pending" : "saved";
    problems.replaceChildren(...failed.map(failedItem));
    applyPendingTicks(pending);
  }

  function failedItem(record) {
    const item = document.createElement("li");
    const errors = (record.error && record.error.detail && record.error.detail.errors) || {};
    const reasons = Object.entries(errors).map(([field, messages]) => `${field}: ${messages.join(" ")}`).join("; ");
    const kind = (words.kinds || {})[record.kind] || record.kind;
    item.textContent = `${kind}: ${reasons || say(words.refused, { status: record.error ? record.error.status : "?" })} `;
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button";
    discard.textContent = words.discard;
    discard.addEventListener("click", async () => { await outbox.discard(record.id); showStatus(); });
    item.append(discard);
    return item;
  }

  async function sync() {
    clearTimeout(retryTimer);
    const result = await outbox.flush();
    if (result.retryInMs) retryTimer = setTimeout(sync, result.retryInMs);
    await showStatus((words.notes || {})[result.stopped]);
    return result;
  }

  // Queue a write and try to send it; answer whether it is stored on the server, or why not.
  async function queue(kind, url, body) {
    const record = await outbox.enqueue(kind, "PUT", url, body);
    if (navigator.serviceWorker && navigator.serviceWorker.ready && "SyncManager" in window) {
      navigator.serviceWorker.ready.then((reg) => reg.sync.register("outbox")).catch(() => null);
    }
    const result = await sync();
    const { pending, failed } = await outbox.summary();
    const refused = failed.find((r) => r.id === record.id);
    if (refused) {
      // The user is here to fix it: show the reasons on the form instead of keeping a broken record.
      await outbox.discard(record.id);
      await showStatus();
      return { ...result, refused };
    }
    return { ...result, queued: pending.some((r) => r.id === record.id) };
  }

  function showRefusal(form, refused) {
    const errors = (refused.error.detail && refused.error.detail.errors) || {};
    const summary = form.querySelector(".client-errors");
    const reasons = Object.entries(errors).map(([field, messages]) => `${field.replace(/_/g, " ")}: ${messages.join(" ")}`);
    summary.textContent = reasons.length ? say(words.not_saved, { reasons: reasons.join(" ") }) : words.not_found;
    summary.hidden = false;
    summary.focus();
  }

  // ---- Forms through the outbox ------------------------------------------
  // The pages show times in the account's time zone (body data-timezone), which may not be the device's.
  function zonedTimeToIso(wall, zone) {
    const asUtc = new Date(`${wall.length === 16 ? `${wall}:00` : wall}Z`);
    if (!zone) return new Date(wall).toISOString();
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    }).formatToParts(asUtc);
    const part = (type) => Number(parts.find((p) => p.type === type).value);
    const wallInZone = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
    return new Date(asUtc.getTime() - (wallInZone - asUtc.getTime())).toISOString();
  }

  function formBody(form) {
    const data = new FormData(form);
    const body = {};
    for (const name of new Set(data.keys())) {
      if (SKIPPED.has(name)) continue;
      const values = data.getAll(name).filter((v) => v !== "");
      if (LIST_FIELDS.has(name)) body[name] = values;
      else if (!values.length) body[name] = null;
      else if (INT_FIELDS.has(name)) body[name] = Number(values[0]);
      else if (TIME_FIELDS.has(name)) body[name] = zonedTimeToIso(values[0], document.body.dataset.timezone);
      else if (BOOL_FIELDS.has(name)) body[name] = true;
      else body[name] = values[0];
    }
    for (const name of LIST_FIELDS) if (form.querySelector(`[name="${name}"]`) && !(name in body)) body[name] = [];
    for (const name of BOOL_FIELDS) if (form.querySelector(`[name="${name}"]`) && !(name in body)) body[name] = false;
    body.client_updated_at = new Date().toISOString();
    return body;
  }

  // The one-tap "when did you train?" becomes a time in the account's zone, as the server reads it (data-trained-when).
  function localDate(date, zone) {
    return new Intl.DateTimeFormat("en-CA", { timeZone: zone || undefined, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
  }

  function applyTrainedWhen(form, body) {
    if (!("trained_when" in body)) return;
    const choice = body.trained_when;
    delete body.trained_when;
    const walls = JSON.parse(form.dataset.trainedWhen || "{}");
    // To the minute, as the pages show times: a log made "now" on the next page is never before it.
    const now = new Date();
    now.setSeconds(0, 0);
    if (choice === "exact") return;
    if (!walls[choice]) { body.started_at = now.toISOString(); return; }
    const [daysBack, wall] = walls[choice];
    const zone = document.body.dataset.timezone;
    const [y, m, d] = localDate(now, zone).split("-").map(Number);
    const day = new Date(Date.UTC(y, m - 1, d - daysBack)).toISOString().slice(0, 10);
    const moment = Date.parse(zonedTimeToIso(`${day}T${wall}`, zone));
    body.started_at = new Date(Math.min(moment, now.getTime())).toISOString();
  }

  function missing(form, body) {
    const required = (form.dataset.required || "").split(" ").filter(Boolean);
    return required.filter((name) => body[name] === null || body[name] === undefined || (Array.isArray(body[name]) && !body[name].length));
  }

  function flash(message) {
    sessionStorage.setItem("backontrack-flash", message);
  }

  async function submitThroughOutbox(event) {
    const form = event.currentTarget;
    event.preventDefault();
    const button = form.querySelector('[type="submit"]');
    if (button) button.disabled = true;
    try {
      const kind = form.dataset.outbox;
      let result;
      if (kind === "tick") {
        const done = form.querySelector('[name="done"]').value === "true";
        result = await queue("tick", form.dataset.url, { done, ...exerciseFeedback(form, done) });
        markTick(form, done);
        return;
      }
      const body = formBody(form);
      const absent = missing(form, body);
      const summary = form.querySelector(".client-errors");
      if (absent.length) {
        summary.hidden = false;
        const fields = absent.map((n) => form.dataset[`label${n.replace(/(^|_)(\w)/g, (_, __, c) => c.toUpperCase())}`] || n).join(", ");
        summary.textContent = say(words.fill_in, { fields });
        summary.focus();
        return;
      }
      applyTrainedWhen(form, body);
      let next = form.dataset.next || "/athlete/";
      if (kind === "entry") {
        body.episode_id = form.dataset.episodeId;
        result = await queue("entry", `/api/v1/entries/${form.dataset.entryId || crypto.randomUUID()}`, body);
      } else {
        const episodeId = form.dataset.episodeId || crypto.randomUUID();
        result = await queue("episode", `/api/v1/episodes/${episodeId}`, body);
        // A new episode goes on to its first log once the server has it.
        if (!result.queued && form.dataset.nextNew) next = form.dataset.nextNew.replace("{id}", episodeId);
      }
      if (result.refused) {
        showRefusal(form, result.refused);
        return;
      }
      const painWords = kind === "entry" ? (await loadCodes().catch(() => null) || {}).pain_words : null;
      const what = kind === "entry" ? say(words.what_pain, { pain: body.pain, word: painWords ? painWords[body.pain] : "" }) : words.what_episode;
      flash(say(result.queued ? words.saved_on_phone : words.saved, { what }));
      window.location.assign(next);
    } finally {
      if (button) button.disabled = false;
    }
  }

  // How a prescribed exercise went, if the athlete said: sent with the tick, never required.
  function exerciseFeedback(form, done) {
    const pain = form.querySelector('[name="pain_during"]');
    const effort = form.querySelector('[name="effort"]:checked');
    if (!done) return {};
    return {
      ...(pain && pain.value !== "" ? { pain_during: Number(pain.value) } : {}),
      ...(effort ? { effort: effort.value } : {}),
    };
  }

  function markTick(form, done) {
    const button = form.querySelector(".tick");
    const item = form.closest("li");
    const text = item.querySelector(".item-text").textContent;
    button.setAttribute("aria-pressed", String(done));
    button.querySelector("[aria-hidden]").textContent = done ? "✓" : "";
    button.querySelector(".visually-hidden").textContent = `${done ? words.done : words.mark_done}: ${text}`;
    item.classList.toggle("done", done);
    form.querySelector('[name="done"]').value = done ? "false" : "true";
    const block = form.closest(".checklist-block");
    const count = block.querySelector("[data-done-count]");
    if (count) count.textContent = String(block.querySelectorAll('.tick[aria-pressed="true"]').length);
  }

  // A page from the cache does not know about ticks still in the outbox: show them.
  function applyPendingTicks(pending) {
    for (const record of pending.filter((r) => r.kind === "tick")) {
      const form = document.querySelector(`form[data-outbox="tick"][data-url="${record.url}"]`);
      if (form) markTick(form, record.body.done);
    }
  }

  // ---- Red-flag advice, from the server's own code list ------------------
  let codes = null;
  async function loadCodes() {
    if (!codes) codes = await fetch("/api/v1/codes", { headers: { Accept: "application/json" } }).then((r) => r.json());
    return codes;
  }

  async function showRedFlagAdvice(form) {
    const box = form.querySelector("[data-red-flag-advice]");
    if (!box) return;
    const flags = [...form.querySelectorAll('[name="red_flags"]:checked')].map((input) => input.value);
    if (!flags.length) { box.hidden = true; return; }
    const data = await loadCodes();
    // As the server decides (codes.red_flag_urgency): a flag of the emergency tier, an emergency combination, or a
    // nerve sign on both sides (the side ticked on this entry, or its episode's).
    const side = form.querySelector('[name="side"]:checked');
    const bothSides = (side && side.value === "both") || form.dataset.episodeSide === "both";
    const emergency = flags.some((flag) => data.red_flags[flag] && data.red_flags[flag].emergency)
      || data.emergency_combinations.some((combo) => combo.every((flag) => flags.includes(flag)))
      || (bothSides && (data.emergency_when_both_sides || []).some((flag) => flags.includes(flag)));
    const tier = emergency ? "emergency" : "now";
    const advice = data.red_flag_advice[tier] || data.red_flag_advice.today;
    // The number of the account's country (data-emergency-call), which the code list, the same for everyone, cannot say.
    box.textContent = emergency && box.dataset.emergencyCall ? `${advice} ${box.dataset.emergencyCall}` : advice;
    box.className = `red-flag-advice advice-${tier}`;
    box.hidden = false;
  }

  // ---- The emergency number on a page served to anyone -------------------
  // The offline page comes from the phone's cache for whoever opens it, so the server could name no number; the
  // phone's own time zone tells its country (#emergency-numbers, from webapp.core.emergency_numbers).
  function showEmergencyNumber() {
    const table = JSON.parse((document.getElementById("emergency-numbers") || {}).textContent || "null");
    if (!table) return;
    const number = table.by_zone[Intl.DateTimeFormat().resolvedOptions().timeZone];
    if (!number) return;
    document.querySelectorAll("[data-emergency-heading]").forEach((heading) => { heading.textContent = say(table.heading, { number }); });
  }

  // ---- Service worker ----------------------------------------------------
  function registerServiceWorker() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js").then((registration) => {
      registration.addEventListener("updatefound", () => {
        const worker = registration.installing;
        worker.addEventListener("statechange", () => {
          if (worker.state === "installed" && navigator.serviceWorker.controller) offerUpdate(worker);
        });
      });
      warmCache();
    }).catch(() => null);
    let reloading = false;
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      if (reloading || !sessionStorage.getItem("backontrack-updating")) return;
      reloading = true;
      sessionStorage.removeItem("backontrack-updating");
      window.location.reload();
    });
  }

  function offerUpdate(worker) {
    const banner = document.getElementById("update-banner");
    if (!banner) return;
    banner.hidden = false;
    banner.querySelector("button").addEventListener("click", () => {
      sessionStorage.setItem("backontrack-updating", "1");
      worker.postMessage({ type: "skip-waiting" });
    });
  }

  // Keep the pages an athlete needs offline: those linked with data-offline, and the API reads behind them.
  function warmCache() {
    const urls = [...document.querySelectorAll("[data-offline]")].map((a) => new URL(a.href, location.href).pathname);
    const extra = (document.body.dataset.offlineData || "").split(" ").filter(Boolean);
    // The home page, the offline page and the red-flag advice in the account's language: after a switch of
    // language, the next page online stores them again in the new one.
    if (document.body.dataset.account) extra.push(document.body.dataset.home || "/", "/offline", "/api/v1/codes");
    if (!urls.length && !extra.length) return;
    navigator.serviceWorker.ready.then((reg) => reg.active && reg.active.postMessage({ type: "warm", urls: [...new Set([location.pathname, ...urls, ...extra])] }));
  }

  // ---- Wiring ------------------------------------------------------------
  document.querySelectorAll("form[data-outbox]").forEach((form) => {
    form.addEventListener("submit", submitThroughOutbox);
    form.querySelectorAll('[name="red_flags"], [name="side"]').forEach((input) => input.addEventListener("change", () => showRedFlagAdvice(form)));
    if (form.querySelector('[name="red_flags"]:checked')) showRedFlagAdvice(form);
  });
  document.querySelectorAll("form[data-forget-offline]").forEach((form) => {
    form.addEventListener("submit", async (event) => {
      const { pending } = await outbox.summary();
      if (pending.length && !window.confirm(counted(words.logout_pending, pending.length))) {
        event.preventDefault();
        return;
      }
      if (navigator.serviceWorker && navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage({ type: "forget" });
    });
  });
  const syncNow = status && status.querySelector("[data-sync-now]");
  if (syncNow) syncNow.addEventListener("click", () => sync());
  window.addEventListener("online", () => sync());
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") sync(); });
  const message = sessionStorage.getItem("backontrack-flash");
  if (message) {
    sessionStorage.removeItem("backontrack-flash");
    const note = document.getElementById("outbox-flash");
    if (note) { note.textContent = message; note.hidden = false; }
  }
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => null);
  showEmergencyNumber();
  registerServiceWorker();
  if (status) { status.hidden = false; sync(); }
})();
