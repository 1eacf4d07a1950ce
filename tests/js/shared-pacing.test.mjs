// Issue 12, in one process: every client of a token shares one pacer by default. Measured before:
// two clients, one token, an emulator allowing 20 requests per 2 s, 6,000 pairs split between them
// drew 4 rate-limit 429s and took 12.5 s. Also: `shared: false` still paces alone, and a store
// that fails or answers nonsense gives way to per-process pacing with one `fallback` event.
import test from "node:test";
import assert from "node:assert/strict";
import { HubSpotAssociations, isHubSpotError } from "hubspot-associations";
import { startMockServer } from "hubspot-associations/mock";

const RATE = { maxRequests: 20, intervalMs: 2_000 };
const TOKEN = "pat-na1-shared-pacing-test";

const pairs = (from, n) => Array.from({ length: n }, (_, i) => ({ from: { id: String(from + i + 1) }, to: { id: String(900_000 + from + i + 1) } }));

/** Two clients with `rateLimit`, 3,000 pairs each, at once; the wall time, the server's stats and the results. */
async function twoClients(rateLimit) {
  const server = await startMockServer({ accessToken: TOKEN, rateLimit: RATE });
  try {
    const clients = [0, 1].map(() => new HubSpotAssociations({ accessToken: TOKEN, baseUrl: server.url, apiVersion: "v4", rateLimit }));
    const t0 = performance.now();
    const outs = await Promise.all(clients.map((hs, i) => hs.batchCreateDefault({ fromObjectType: "contacts", toObjectType: "companies", inputs: pairs(i * 3_000, 3_000) })));
    const ms = performance.now() - t0;
    return { ms, stats: server.mock.stats(), outs };
  } finally {
    await server.close();
  }
}

// The floor as bench/run.mjs computes it: 60 requests at the steady rate of 20 per 2 s.
const FLOOR_MS = (6_000 / 100 / RATE.maxRequests) * RATE.intervalMs;

test("two clients of one token share one budget: no 429, within 1.3x the floor", async (t) => {
  const { ms, stats, outs } = await twoClients(undefined);
  t.diagnostic(`${Math.round(ms)} ms against a ${FLOOR_MS} ms floor (${(ms / FLOOR_MS).toFixed(2)}x), ${stats.rateLimited} 429s, ${stats.requests} requests`);
  assert.deepEqual(outs.map((o) => o.results.length), [6_000, 6_000], "both directions of every pair");
  assert.equal(stats.rateLimited, 0, "no rate-limit 429");
  assert.equal(stats.responsesByStatus["200"], 60, "every chunk applied once");
  assert.ok(ms <= FLOOR_MS * 1.3, `${Math.round(ms)} ms, more than 1.3x the ${FLOOR_MS} ms floor`);
});

test("rateLimit: {shared: false}: each client paces alone, and the job still completes", async (t) => {
  const { ms, stats, outs } = await twoClients({ shared: false });
  t.diagnostic(`${Math.round(ms)} ms, ${stats.rateLimited} 429s (pacing alone, each client believes it has the whole window)`);
  assert.deepEqual(outs.map((o) => o.results.length), [6_000, 6_000]);
  assert.equal(stats.responsesByStatus["200"], 60);
});

test("a store that throws, or answers something else than milliseconds, gives way to per-process pacing", async () => {
  const server = await startMockServer({ accessToken: TOKEN, rateLimit: RATE });
  try {
    for (const [reserve, expected] of [
      [() => {
        throw new Error("store exploded");
      }, /store exploded/],
      [async () => "soon", /answered soon, not milliseconds/],
      [() => Promise.reject("unreachable"), /unreachable/],
    ]) {
      const events = [];
      let settles = 0;
      const store = { reserve, settle: () => void settles++, block: () => {} };
      const hs = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: server.url, rateLimit: { store }, onEvent: (e) => e.type === "fallback" && events.push(e) });
      const out = await hs.batchCreateDefault({ fromObjectType: "contacts", toObjectType: "companies", inputs: pairs(0, 500) });
      assert.equal(out.results.length, 1_000);
      assert.equal(events.length, 1, "one fallback event per outage");
      assert.match(events[0].message, expected);
      assert.match(events[0].message, /pacing in this process alone/);
      assert.ok(!JSON.stringify(events).includes(TOKEN), "never the token");
      hs.free();
    }
    assert.equal(server.mock.stats().rateLimited, 0);
  } finally {
    await server.close();
  }
});

test("a store's calls carry the token's key, never the token, and unique ids", async () => {
  const server = await startMockServer({ accessToken: TOKEN });
  try {
    const calls = [];
    const store = {
      async reserve(key, slot) {
        calls.push(["reserve", key, slot]);
        return 0;
      },
      settle: (key, slot) => void calls.push(["settle", key, slot]),
      block: (key, ms) => void calls.push(["block", key, ms]),
    };
    const hs = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: server.url, rateLimit: { store, maxRequests: 50, intervalMs: 5_000 } });
    await hs.batchCreateDefault({ fromObjectType: "contacts", toObjectType: "companies", inputs: pairs(0, 300) });
    const reserves = calls.filter((c) => c[0] === "reserve");
    assert.equal(reserves.length, 3, "one reservation per request");
    const keys = new Set(calls.map((c) => c[1]));
    assert.equal(keys.size, 1);
    const [key] = keys;
    // The store sees the client's own digest of the base URL and the token (never the token; the
    // Redis store keys Redis by its SHA-256): the same for every client of the token, another for
    // another token.
    assert.match(key, /^[0-9a-f]{32}$/);
    assert.ok(!JSON.stringify(calls).includes(TOKEN));
    const seen = [];
    const probe = { reserve: async (k) => (seen.push(k), 0), settle() {}, block() {} };
    for (const accessToken of [TOKEN, TOKEN, "pat-na1-another-token"]) {
      await new HubSpotAssociations({ accessToken, baseUrl: server.url, rateLimit: { store: probe }, apiVersion: "v4" })
        .listLabels({ fromObjectType: "contacts", toObjectType: "companies" })
        .catch(() => {});
    }
    assert.deepEqual([seen[0] === key, seen[1] === key, seen[2] !== key], [true, true, true]);
    // 95 % of the fixed 50 per 5 s, held at most one attempt's timeout while in flight.
    assert.deepEqual(reserves.map((c) => [c[2].limit, c[2].intervalMs, c[2].holdMs]), Array(3).fill([47, 5_000, 30_000]));
    assert.equal(new Set(reserves.map((c) => c[2].id)).size, 3, "unique reservation ids");
    // Each reservation is settled once its answer is in.
    await new Promise((r) => setTimeout(r, 10));
    const settled = calls.filter((c) => c[0] === "settle").map((c) => c[2].id);
    assert.deepEqual([...settled].sort(), reserves.map((c) => c[2].id).sort());
    // Another client of the same token and base URL gets the same key; another token, another key.
    const again = [];
    const spy = { reserve: async (k) => (again.push(k), 0), settle() {}, block() {} };
    for (const accessToken of [TOKEN, "another-token"]) {
      await new HubSpotAssociations({ accessToken, baseUrl: server.url, rateLimit: { store: spy } }).listLabels({ fromObjectType: "contacts", toObjectType: "companies" }).catch(() => {});
    }
    assert.equal(again[0], key);
    assert.notEqual(again[1], key);
  } finally {
    await server.close();
  }
});

test("rateLimit.store must be a store", () => {
  for (const store of [{}, { reserve() {} }, 42, "redis://localhost"]) {
    assert.throws(
      () => new HubSpotAssociations({ accessToken: TOKEN, rateLimit: { store } }),
      (e) => isHubSpotError(e) && e.kind === "invalid_input" && /rateLimit\.store needs reserve, settle and block methods/.test(e.message),
    );
  }
});
