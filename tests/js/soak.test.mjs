// Issue 4, done-when 2: 20,000 pairs through batchCreateDefault against the emulator limited to
// 100 requests per 10 s, with 10 % injected faults of every kind. Nothing may be lost: every pair is
// associated exactly once or listed in failedInputs (never both, never neither); no 429 reaches the
// caller; the emulator answers at most one 429 per window. Prints the run's figures.
import test from "node:test";
import assert from "node:assert/strict";
import { HubSpotAssociations } from "hubspot-associations";
import { createMockHubSpot } from "hubspot-associations/mock";

const PAIRS = Number(process.env.SOAK_PAIRS ?? 20000);

test(`soak: ${PAIRS} pairs, 100 requests / 10 s, 10 % faults`, { timeout: 180_000 }, async () => {
  const mock = createMockHubSpot({
    accessToken: "soak-token",
    rateLimit: { maxRequests: 100, intervalMs: 10_000 },
    faults: { seed: 7, rate: 0.1, kinds: ["500", "502html", "503", "malformed", "delay", "drop"], delayMs: 1000 },
  });
  const counts = { request: 0, retry: 0, wait: 0, 429: 0 };
  const hs = new HubSpotAssociations({
    accessToken: "soak-token",
    baseUrl: mock.baseUrl,
    fetch: mock.fetch,
    onEvent: (e) => {
      counts[e.type]++;
      if (e.type === "response" && e.status === 429) counts[429]++;
    },
  });
  const inputs = Array.from({ length: PAIRS }, (_, i) => ({ from: { id: String(i + 1) }, to: { id: String(1_000_000 + i + 1) } }));
  const t0 = performance.now();
  let failedInputs = [];
  let rejected = null;
  try {
    await hs.batchCreateDefault({ fromObjectType: "contacts", toObjectType: "companies", inputs });
  } catch (e) {
    rejected = e;
    failedInputs = e.failedInputs ?? [];
  }
  const seconds = (performance.now() - t0) / 1000;
  const stats = mock.stats();

  // Every pair: associated exactly once, or failed — not both, not neither.
  const state = mock.state();
  const associated = new Map();
  for (const a of state.associations) {
    if (a.fromObjectTypeId === "0-1") associated.set(a.fromObjectId + ">" + a.toObjectId, (associated.get(a.fromObjectId + ">" + a.toObjectId) ?? 0) + 1);
  }
  const failed = new Set(failedInputs.map((i) => i.from.id + ">" + i.to.id));
  let both = 0, neither = 0, twice = 0;
  for (const { from, to } of inputs) {
    const key = from.id + ">" + to.id;
    const n = associated.get(key) ?? 0;
    if (n > 1) twice++;
    if (n > 0 && failed.has(key)) both++;
    if (n === 0 && !failed.has(key)) neither++;
  }
  const figures = {
    pairs: PAIRS,
    requests: stats.requests,
    retries: counts.retry,
    pacingWaits: counts.wait,
    "429s": stats.rateLimited,
    max429InAnyWindow: stats.max429InAnyWindow,
    faultsInjected: stats.faultsInjected,
    faultsByKind: stats.faultsByKind,
    failedInputs: failedInputs.length,
    wallSeconds: Number(seconds.toFixed(1)),
    floorSeconds: Math.ceil(PAIRS / 100 / 100) * 10,
  };
  console.log(`soak figures: ${JSON.stringify(figures)}`);
  assert.equal(both, 0, "pairs both associated and in failedInputs");
  assert.equal(neither, 0, "pairs neither associated nor in failedInputs");
  assert.equal(twice, 0, "pairs associated twice");
  assert.notEqual(rejected?.kind, "rate_limited", "a 429 reached the caller");
  assert.equal(counts[429], stats.rateLimited, "every 429 the emulator sent was seen and retried");
  assert.ok(stats.max429InAnyWindow <= 1, `${stats.max429InAnyWindow} 429s in one window`);
  for (const kind of ["500", "502html", "503", "malformed", "delay", "drop"]) {
    assert.ok(stats.faultsByKind[kind] > 0, `no ${kind} fault was injected`);
  }
});
