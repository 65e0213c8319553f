// Unit tests of the outbox logic: node --test tests/js (no npm packages needed).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { createOutbox, memoryStore, backoffMs } = require("../../static/js/outbox.js");

function server(answers) {
  // answers: list of status codes or "down", consumed in order; records what was sent.
  const sent = [];
  const fetch = async (url, init) => {
    const answer = answers.length ? answers.shift() : 200;
    sent.push({ url, method: init.method, owner: init.headers["X-Outbox-Owner"], body: init.body && JSON.parse(init.body) });
    if (answer === "down") throw new TypeError("Failed to fetch");
    return { ok: answer >= 200 && answer < 300, status: answer, json: async () => ({ errors: { pain: ["bad"] } }) };
  };
  return { fetch, sent };
}

function outboxWith(answers, { owner = null, store = memoryStore() } = {}) {
  let clock = 1000;
  let ids = 0;
  const remote = server(answers);
  const outbox = createOutbox({ store, fetch: remote.fetch, owner, now: () => clock++, newId: () => `${owner || "r"}${ids++}` });
  return { outbox, store, remote };
}

test("records are sent oldest first and removed on 2xx", async () => {
  const { outbox, remote } = outboxWith([201, 201, 200]);
  await outbox.enqueue("episode", "PUT", "/api/v1/episodes/e1", { activity: "Deadlifts" });
  await outbox.enqueue("entry", "PUT", "/api/v1/entries/n1", { pain: 4 });
  await outbox.enqueue("tick", "PUT", "/api/v1/episodes/e1/checklist/2026-11-22/cold", { done: true });
  const result = await outbox.flush();
  assert.deepEqual(remote.sent.map((s) => s.url), ["/api/v1/episodes/e1", "/api/v1/entries/n1", "/api/v1/episodes/e1/checklist/2026-11-22/cold"]);
  assert.equal(result.sent, 3);
  assert.deepEqual((await outbox.summary()).pending, []);
});

test("a network error stops the run, keeps everything, and backs off", async () => {
  const { outbox, remote } = outboxWith(["down"]);
  await outbox.enqueue("entry", "PUT", "/api/v1/entries/a", { pain: 4 });
  await outbox.enqueue("entry", "PUT", "/api/v1/entries/b", { pain: 5 });
  const result = await outbox.flush();
  assert.equal(result.stopped, "network");
  assert.equal(result.retryInMs, backoffMs(1));
  assert.equal(remote.sent.length, 1, "later writes never overtake an earlier one");
  assert.equal((await outbox.summary()).pending.length, 2);
});

test("5xx and 429 are retried, 409 removes the record (the server copy wins)", async () => {
  const { outbox } = outboxWith([503, 409, 429]);
  await outbox.enqueue("entry", "PUT", "/api/v1/entries/a", { pain: 4 });
  assert.equal((await outbox.flush()).stopped, "server");
  assert.equal((await outbox.flush()).sent, 1);
  await outbox.enqueue("entry", "PUT", "/api/v1/entries/b", { pain: 4 });
  assert.equal((await outbox.flush()).stopped, "server");
  assert.equal((await outbox.summary()).pending.length, 1);
});

test("other 4xx stay visible as failed, with the server's reasons, and do not block the rest", async () => {
  const { outbox } = outboxWith([422, 201]);
  await outbox.enqueue("entry", "PUT", "/api/v1/entries/a", { pain: 11 });
  await outbox.enqueue("entry", "PUT", "/api/v1/entries/b", { pain: 4 });
  const result = await outbox.flush();
  assert.equal(result.failed, 1);
  assert.equal(result.sent, 1);
  const { pending, failed } = await outbox.summary();
  assert.equal(pending.length, 0);
  assert.equal(failed.length, 1);
  assert.deepEqual(failed[0].error, { status: 422, detail: { errors: { pain: ["bad"] } } });
  assert.equal((await outbox.flush()).sent, 0, "a failed record is not resent until the user retries it");
  await outbox.retry(failed[0].id);
  assert.equal((await outbox.summary()).pending.length, 1);
});

test("401 waits for a new log-in without a retry timer", async () => {
  const { outbox } = outboxWith([401]);
  await outbox.enqueue("entry", "PUT", "/api/v1/entries/a", { pain: 4 });
  const result = await outbox.flush();
  assert.equal(result.stopped, "login");
  assert.equal(result.retryInMs, null);
  assert.equal((await outbox.summary()).pending.length, 1);
});

test("backoff doubles up to five minutes", () => {
  assert.deepEqual([1, 2, 3, 4].map(backoffMs), [2000, 4000, 8000, 16000]);
  assert.equal(backoffMs(30), 5 * 60 * 1000);
});

test("a flush that dies half way loses nothing and doubles nothing", async () => {
  // The page is closed after the first record was accepted: the second is still queued, the first gone.
  const { outbox, store, remote } = outboxWith([201, "down"]);
  await outbox.enqueue("entry", "PUT", "/api/v1/entries/a", { pain: 4 });
  await outbox.enqueue("entry", "PUT", "/api/v1/entries/b", { pain: 5 });
  await outbox.flush();
  const reopened = createOutbox({ store, fetch: server([201]).fetch, newId: () => "x" });
  assert.equal((await reopened.flush()).sent, 1);
  assert.deepEqual(remote.sent.map((s) => s.url), ["/api/v1/entries/a", "/api/v1/entries/b"]);
  assert.equal((await reopened.summary()).pending.length, 0);
});

test("on a shared phone each account sends and sees only its own records", async () => {
  const store = memoryStore();
  const alex = outboxWith([], { owner: "alex", store });
  await alex.outbox.enqueue("entry", "PUT", "/api/v1/entries/a1", { pain: 6 });
  const sam = outboxWith([201], { owner: "sam", store });
  await sam.outbox.enqueue("entry", "PUT", "/api/v1/entries/s1", { pain: 2 });

  assert.deepEqual((await sam.outbox.summary()).pending.map((r) => r.url), ["/api/v1/entries/s1"]);
  const result = await sam.outbox.flush();

  assert.equal(result.sent, 1);
  assert.deepEqual(sam.remote.sent.map((s) => [s.url, s.owner]), [["/api/v1/entries/s1", "sam"]]);
  assert.deepEqual((await alex.outbox.summary()).pending.map((r) => r.url), ["/api/v1/entries/a1"]);
});

test("the service worker sends every record with its owner, and the server's 401 keeps the rest waiting", async () => {
  const store = memoryStore();
  await outboxWith([], { owner: "alex", store }).outbox.enqueue("entry", "PUT", "/api/v1/entries/a1", { pain: 6 });
  const worker = outboxWith([401], { store });
  const result = await worker.outbox.flush();
  assert.equal(result.stopped, "login");
  assert.deepEqual(worker.remote.sent.map((s) => s.owner), ["alex"]);
  assert.equal((await worker.outbox.summary()).pending.length, 1);
});
