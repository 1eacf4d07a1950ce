// One worker of bench/workers.mjs: a Node process with its own client, sending its share of a bulk
// job (batchCreateDefault) once the parent says "go". argv[2]: JSON {baseUrl, token, from, pairs,
// redisUrl?}. Prints "ready", then one JSON line {ok, results, error?, fallback, ms}.
import { createInterface } from "node:readline";
import { HubSpotAssociations } from "hubspot-associations";
import { createRedisStore } from "hubspot-associations/redis";

const { baseUrl, token, from, pairs, redisUrl } = JSON.parse(process.argv[2]);
let store, redis;
if (redisUrl) {
  // As a long-running worker would: its own client, connected at start (the README's setup).
  const { createClient } = await import("redis");
  redis = createClient({ url: redisUrl, disableOfflineQueue: true });
  redis.on("error", () => {});
  await redis.connect();
  store = createRedisStore(redis);
}
const fallback = [];
const hs = new HubSpotAssociations({
  accessToken: token,
  baseUrl,
  apiVersion: "v4",
  rateLimit: store ? { store } : true,
  onEvent: (e) => e.type === "fallback" && fallback.push(e.message),
});
// Warm, as a long-running worker is: one call through a stub fetch (V8 compiles the wasm's
// functions on their first use), so that the clock measures the job, not the process's start.
const warm = new HubSpotAssociations({ accessToken: token, rateLimit: false, fetch: async () => new Response('{"status":"COMPLETE","results":[]}', { status: 200 }) });
await warm.batchCreateDefault({ fromObjectType: "contacts", toObjectType: "companies", inputs: [{ from: { id: "1" }, to: { id: "2" } }] });
warm.free();
const inputs = Array.from({ length: pairs }, (_, i) => ({ from: { id: String(from + i + 1) }, to: { id: String(5_000_000 + from + i + 1) } }));
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() !== "go") continue;
  const t0 = performance.now();
  let out;
  try {
    const r = await hs.batchCreateDefault({ fromObjectType: "contacts", toObjectType: "companies", inputs });
    out = { ok: true, results: r.results.length };
  } catch (e) {
    out = { ok: false, error: `${e.kind}: ${e.message}`, failedInputs: e.failedInputs?.length };
  }
  out.fallback = fallback;
  out.ms = performance.now() - t0;
  await redis?.close();
  process.stdout.write(`${JSON.stringify(out)}\n`);
  break;
}
lines.close();
