// Issue 12, across processes: `hubspot-associations/redis` with Debian's redis-server (started here
// on a loopback port, in a temporary directory, without persistence). Four Node processes share
// one token's budget through it; one of them killed midway blocks nothing; an unreachable Redis
// gives way to per-process pacing. The jobs that take a rate-limit window or two run concurrently.
import test from "node:test";
import assert from "node:assert/strict";
import { HubSpotAssociations } from "hubspot-associations";
import { startMockServer } from "hubspot-associations/mock";
import { createRedisStore } from "hubspot-associations/redis";
import { createClient } from "redis";
import { startRedis, runWorkers, floorMs, freePort } from "../../bench/workers.mjs";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, rmSync, mkdtempSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../../", import.meta.url).pathname;

const RATE = { maxRequests: 100, intervalMs: 10_000 };
const WORKERS = 4;
const PAIRS = 5_000;
// 4 x 5,000 pairs are 200 requests of 100: at 100 per 10 s, as bench/run.mjs computes a floor.
const FLOOR = floorMs((WORKERS * PAIRS) / 100, RATE);

let redis;
test.before(async () => {
  redis = await startRedis();
});
test.after(async () => {
  await redis?.stop();
});

/** Every key of the Redis server with its remaining time to live. */
async function keysWithTtl(client) {
  const out = [];
  for (const key of await client.sendCommand(["KEYS", "*"])) out.push([key, Number(await client.sendCommand(["PTTL", key]))]);
  return out;
}

/** The associations a set of workers should have made, present in the emulator's state. */
function missing(server, workers) {
  const have = new Set(server.mock.state().associations.filter((a) => a.fromObjectTypeId === "0-1").map((a) => `${a.fromObjectId}>${a.toObjectId}`));
  let n = 0;
  for (const w of workers) for (let i = 0; i < PAIRS; i++) if (!have.has(`${w * PAIRS + i + 1}>${5_000_000 + w * PAIRS + i + 1}`)) n++;
  return n;
}

async function fourWorkers(t, token, kill) {
  const server = await startMockServer({ accessToken: token, rateLimit: RATE });
  try {
    const { wallMs, outs, killed } = await runWorkers({ baseUrl: server.url, token, workers: WORKERS, pairs: PAIRS, redisUrl: redis.url, kill });
    const stats = server.mock.stats();
    const survivors = outs.flatMap((o, i) => (o ? [i] : []));
    t.diagnostic(`${Math.round(wallMs)} ms against a ${FLOOR} ms floor (${(wallMs / FLOOR).toFixed(2)}x), ${stats.requests} requests, ${stats.rateLimited} 429s${kill ? `, worker ${killed} killed after ${kill.afterMs} ms` : ""}`);
    assert.equal(survivors.length, kill ? WORKERS - 1 : WORKERS, kill ? "the killed worker did not finish" : "every worker finished");
    for (const i of survivors) {
      assert.equal(outs[i].ok, true, `worker ${i}: ${outs[i].error}`);
      assert.equal(outs[i].results, 2 * PAIRS, `worker ${i}: both directions of every pair`);
      assert.deepEqual(outs[i].fallback, [], `worker ${i} never lost the store`);
    }
    assert.equal(stats.rateLimited, 0, "no rate-limit 429 in the server's stats");
    assert.equal(missing(server, survivors), 0, "every pair of the finished workers applied");
    assert.ok(wallMs <= FLOOR * 1.1, `${Math.round(wallMs)} ms: more than 10 % over the ${FLOOR} ms floor`);
    return stats;
  } finally {
    await server.close();
  }
}

test("four processes, one token, one Redis store: no 429, every pair, within 10 % of the floor; one killed midway blocks nothing", { timeout: 120_000 }, async (t) => {
  await Promise.all([
    t.test("all four finish", async (t) => {
      const stats = await fourWorkers(t, "pat-na1-four-workers");
      assert.equal(stats.requests, 200, "200 requests, none repeated");
    }),
    t.test("one is killed 7 s in (its slots stay until their window ends, then nothing of it), the other three finish", async (t) => {
      await fourWorkers(t, "pat-na1-one-killed", { worker: 1, afterMs: 7_000 });
    }),
  ]);
  // What they left in Redis: keys named by a digest (never a token), all expiring.
  const client = createClient({ url: redis.url });
  await client.connect();
  try {
    const keys = await keysWithTtl(client);
    assert.ok(keys.length >= 2, `keys: ${JSON.stringify(keys)}`);
    for (const [key, ttl] of keys) {
      assert.match(key, /^hubspot-associations:\{[0-9a-f]{64}\}:[wlb]$/);
      assert.ok(!/four-workers|one-killed|pat-na1/.test(key), key);
      assert.ok(ttl > 0, `${key} never expires (PTTL ${ttl})`);
    }
  } finally {
    await client.close();
  }
});

test("the store's scripts: atomic reservations on a sliding window, holds and what was learned shared, keys expiring", async () => {
  const client = createClient({ url: redis.url, disableOfflineQueue: true });
  await client.connect();
  const store = createRedisStore(client, { prefix: "unit:" });
  try {
    const key = "0123456789abcdef0123456789abcdef";
    // Redis is keyed by the SHA-256 of the client's key (itself a digest of base URL and token).
    const { createHash } = await import("node:crypto");
    const inRedis = (k) => createHash("sha256").update(`hubspot-associations\n${k}`).digest("hex");
    // 10 at once against a limit of 3 per 2 s: exactly 3 taken (atomic), the others told to wait.
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => store.reserve(key, { id: `a${i}`, limit: 3, intervalMs: 2_000, holdMs: 5_000 })));
    assert.equal(answers.filter((ms) => ms === 0).length, 3);
    // The slots taken are in flight: ask again in at most one window.
    for (const ms of answers.filter((ms) => ms > 0)) assert.ok(ms > 0 && ms <= 2_000, `wait ${ms}`);
    // Answered now: each frees one window after its answer.
    for (const [i, ms] of answers.entries()) if (ms === 0) await store.settle(key, { id: `a${i}`, intervalMs: 2_000, learned: { limit: 3, intervalMs: 2_000 } });
    const wait = await store.reserve(key, { id: "b", limit: 3, intervalMs: 2_000, holdMs: 5_000 });
    assert.ok(wait > 1_900 && wait <= 2_000, `wait ${wait}`);
    // A client that does not know the allowance (limit 0) uses the one learned by another.
    assert.ok((await store.reserve(key, { id: "c", limit: 0, intervalMs: 0, holdMs: 5_000 })) > 1_900);
    // Keys expire: the slots with their last window, the learned allowance with learnedTtlMs.
    const ttls = Object.fromEntries(await keysWithTtl(client));
    assert.ok(ttls[`unit:{${inRedis(key)}}:w`] > 0 && ttls[`unit:{${inRedis(key)}}:w`] <= 7_000, JSON.stringify(ttls));
    assert.ok(ttls[`unit:{${inRedis(key)}}:l`] > 500_000 && ttls[`unit:{${inRedis(key)}}:l`] <= 600_000, JSON.stringify(ttls));
    assert.ok(!JSON.stringify(ttls).includes(key), "the client's key itself is not in Redis");
    // A hold (after a 429) holds every reservation of the key, then lapses by itself.
    const other = "fedcba9876543210fedcba9876543210";
    await store.block(other, 300);
    const held = await store.reserve(other, { id: "d", limit: 100, intervalMs: 10_000, holdMs: 5_000 });
    assert.ok(held > 200 && held <= 300, `held ${held}`);
    assert.ok(Number(await client.sendCommand(["PTTL", `unit:{${inRedis(other)}}:b`])) <= 300);
    await new Promise((r) => setTimeout(r, 320));
    assert.equal(await store.reserve(other, { id: "e", limit: 100, intervalMs: 10_000, holdMs: 5_000 }), 0);
    assert.equal(Number(await client.sendCommand(["EXISTS", `unit:{${inRedis(other)}}:b`])), 0, "the hold is gone");
  } finally {
    await client.close();
  }
});

test("an unreachable Redis: the client falls back to pacing in its process within one attempt's timeout, says so, and finishes", async (t) => {
  const closed = await freePort(); // nothing listens there
  const store = createRedisStore(`redis://127.0.0.1:${closed}`, { connectTimeoutMs: 500 });
  const server = await startMockServer({ accessToken: "tok", rateLimit: { maxRequests: 20, intervalMs: 2_000 } });
  try {
    const events = [];
    const hs = new HubSpotAssociations({ accessToken: "tok", baseUrl: server.url, timeoutMs: 2_000, rateLimit: { store }, onEvent: (e) => e.type === "fallback" && events.push(e) });
    const t0 = performance.now();
    const out = await hs.batchCreateDefault({ fromObjectType: "contacts", toObjectType: "companies", inputs: Array.from({ length: 3_000 }, (_, i) => ({ from: { id: String(i + 1) }, to: { id: String(70_000 + i) } })) });
    const ms = performance.now() - t0;
    t.diagnostic(`${Math.round(ms)} ms for 30 requests at 20 per 2 s without Redis; fallback: ${events[0]?.message}`);
    assert.equal(out.results.length, 6_000, "every pair");
    assert.equal(events.length, 1, "one fallback event");
    assert.equal(events[0].ms, 10_000, "the store is asked again in 10 s");
    assert.match(events[0].message, /rate-limit store failed \(Redis is not connected \(.*ECONNREFUSED.*\)\): pacing in this process alone/);
    assert.equal(server.mock.stats().rateLimited, 0, "paced in its process");
    // 30 requests at 19 per 2 s: two windows, plus at most one attempt's timeout for the store.
    assert.ok(ms < 2 * 2_000 + 2_000 + 1_500, `${Math.round(ms)} ms`);
  } finally {
    await store.close();
    await server.close();
  }
});

test("the README's Redis setup runs as written", async () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const at = readme.indexOf("\n## Many workers, one token\n");
  assert.ok(at >= 0, "README has the section");
  const code = /```js\n([\s\S]*?)```/.exec(readme.slice(at))[1];
  assert.match(code, /createRedisStore/);
  // The emulator as the global fetch (the client's default transport), seeded with the records.
  const prelude = `
    import { createMockHubSpot } from "hubspot-associations/mock";
    const mock = createMockHubSpot({ accessToken: "pat-readme-redis", seed: { records: { contacts: ["101"], companies: ["203"] } } });
    globalThis.fetch = mock.fetch;
  `;
  const client = createClient({ url: redis.url });
  await client.connect();
  const dir = mkdtempSync(join(root, "tests/js/.readme-redis-"));
  try {
    await client.sendCommand(["FLUSHALL"]);
    writeFileSync(join(dir, "prelude.mjs"), prelude);
    writeFileSync(join(dir, "worker.mjs"), code);
    const out = execFileSync(process.execPath, ["--import", join(dir, "prelude.mjs"), join(dir, "worker.mjs")], {
      encoding: "utf8",
      timeout: 30_000,
      env: { ...process.env, REDIS_URL: redis.url, HUBSPOT_TOKEN: "pat-readme-redis" },
    });
    assert.match(out, /^2 associations, one budget for every worker$/m);
    // It reserved its request in Redis, under the token's digest.
    const keys = await client.sendCommand(["KEYS", "hubspot-associations:*"]);
    assert.ok(keys.some((k) => /^hubspot-associations:\{[0-9a-f]{64}\}:w$/.test(k)), JSON.stringify(keys));
    assert.ok(!keys.some((k) => k.includes("pat-readme-redis")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await client.close();
  }
});
