// Faults and rate limits through createMockHubSpot(): its fetch drops, delays (and honours an
// abort during the delay), and configure/stats work.
import test from "node:test";
import assert from "node:assert/strict";
import { createMockHubSpot } from "hubspot-associations/mock";

const LABELS = "/crm/v4/associations/contacts/companies/labels";
const auth = { headers: { authorization: "Bearer tok" } };

test("a scripted drop rejects like a network failure and changes nothing", async () => {
  const mock = createMockHubSpot({ faults: { script: ["drop"] } });
  const before = mock.state();
  const write = { ...auth, method: "POST", body: JSON.stringify({ inputs: [{ from: { id: "1" }, to: { id: "2" } }] }) };
  await assert.rejects(mock.fetch(`${mock.baseUrl}/crm/v4/associations/contacts/companies/batch/associate/default`, write), (e) => {
    assert.ok(e instanceof TypeError);
    assert.equal(e.message, "fetch failed");
    return true;
  });
  assert.deepEqual(mock.state(), before);
  assert.equal(mock.requests()[0].status, 0);
  assert.equal(mock.requests()[0].fault, "drop");
  const ok = await mock.fetch(`${mock.baseUrl}/crm/v4/associations/contacts/companies/batch/associate/default`, write);
  assert.ok(ok.status < 300);
});

test("a scripted delay holds the answer back", async () => {
  const mock = createMockHubSpot({ faults: { script: ["delay:300"] } });
  const started = performance.now();
  const r = await mock.fetch(`${mock.baseUrl}${LABELS}`, auth);
  const waited = performance.now() - started;
  assert.equal(r.status, 200);
  assert.ok(Array.isArray((await r.json()).results));
  assert.ok(waited >= 0.8 * 300, `waited ${waited} ms`);
  const direct = mock.handle("GET", LABELS, auth.headers);
  assert.deepEqual([direct.status, direct.delayMs, direct.drop], [200, 0, false]);
});

test("aborting during a delay rejects with an AbortError", async () => {
  const mock = createMockHubSpot({ faults: { script: ["delay:5000"] } });
  const controller = new AbortController();
  const started = performance.now();
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(mock.fetch(`${mock.baseUrl}${LABELS}`, { ...auth, signal: controller.signal }), (e) => {
    assert.equal(e.name, "AbortError");
    return true;
  });
  assert.ok(performance.now() - started < 2000, "rejected long before the delay ended");
});

test("configure and stats: rate limits, injected 5xx, HTML and malformed answers", async () => {
  const mock = createMockHubSpot();
  mock.configure({ rateLimit: { maxRequests: 2, intervalMs: 10000 }, faults: { script: ["503", "502html", "malformed"] } });
  const get = () => mock.fetch(`${mock.baseUrl}${LABELS}`, auth);

  const unavailable = await get();
  assert.equal(unavailable.status, 503);
  assert.equal((await unavailable.json()).message, "internal error");
  const gateway = await get();
  assert.equal(gateway.status, 502);
  assert.match(gateway.headers.get("content-type"), /text\/html/);
  const malformed = await get();
  assert.equal(malformed.status, 200);
  await assert.rejects(malformed.json(), SyntaxError);

  const first = await get();
  assert.equal(first.headers.get("x-hubspot-ratelimit-max"), "2");
  assert.equal(first.headers.get("x-hubspot-ratelimit-remaining"), "1");
  await get();
  const limited = await get();
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get("retry-after"), null);
  const body = await limited.json();
  assert.equal(body.policyName, "TEN_SECONDLY_ROLLING");
  assert.equal(body.errorType, "RATE_LIMIT");

  const stats = mock.stats();
  assert.equal(stats.requests, 6);
  assert.equal(stats.rateLimited, 1);
  assert.equal(stats.faultsInjected, 3);
  assert.equal(stats.max429InAnyWindow, 1);
  assert.deepEqual(stats.responsesByStatus, { 200: 3, 429: 1, 502: 1, 503: 1 });

  mock.configure({ rateLimit: null });
  assert.equal((await get()).status, 200);
  assert.throws(() => mock.configure({ faults: { kinds: ["404"] } }), /unknown fault kind/);
  mock.reset();
  assert.equal(mock.stats().requests, 0);
});
