// Per-call figure: one client in its own process, so that its CPU is measured alone (its own heap, GC
// and JIT), against the loopback emulator in another process. argv: who ("ours" | "theirs" | "fetch" | "contract"),
// url, token. Reads one JSON command a line on stdin, {op, conc, calls}, runs `calls` calls of `op` with
// `conc` in flight, and answers one JSON line {cpuUs, ms, check} (process user+system CPU in µs over the
// run, wall ms). bench/run.mjs interleaves the rounds of the three processes.
import { createInterface } from "node:readline";
import { createRequire } from "node:module";

const [who, url, token] = process.argv.slice(2);
const ids = Array.from({ length: 100 }, (_, i) => ({ id: String(i + 1) }));
// associateDefault creates a new pair each call, on ids apart from the batch-read ones and per process.
const base = { ours: 10_000_000, theirs: 20_000_000, fetch: 30_000_000, contract: 40_000_000 }[who];
let k = 0;

let ops;
if (who === "ours") {
  const { HubSpotAssociations } = await import("hubspot-associations");
  const hs = new HubSpotAssociations({ accessToken: token, baseUrl: url, apiVersion: "v4" });
  ops = {
    associateDefault: () => { const i = base + ++k; return hs.associateDefault({ fromObjectType: "contacts", fromObjectId: String(i), toObjectType: "companies", toObjectId: String(i) }); },
    batchRead: () => hs.batchRead({ fromObjectType: "contacts", toObjectType: "companies", inputs: ids }),
  };
} else if (who === "theirs") {
  const { Client } = createRequire(import.meta.url)("@hubspot/api-client");
  const v4 = new Client({ accessToken: token, basePath: url }).crm.associations.v4;
  ops = {
    associateDefault: () => { const i = base + ++k; return v4.basicApi.createDefault("contacts", String(i), "companies", String(i)); },
    batchRead: () => v4.batchApi.getPage("contacts", "companies", { inputs: ids }),
  };
} else if (who === "contract") {
  // The floor under design.md's contract: what any client bound by it does per attempt and no more.
  // Node's own fetch (the default transport), cancellable (an AbortController, aborted by a timer
  // after timeoutMs: the per-attempt timeout), the rate-limit and Retry-After headers read (pacing
  // learns from them), the answer parsed, and ids as exact strings. No params checks, no limiter,
  // no retries, no events.
  const RATE_HEADERS = ["x-hubspot-ratelimit-max", "x-hubspot-ratelimit-remaining", "x-hubspot-ratelimit-interval-milliseconds", "retry-after", "x-hubspot-correlation-id"];
  const send = async (method, path, body) => {
    const c = new AbortController();
    const timer = setTimeout(() => c.abort(), 30_000);
    try {
      const r = await fetch(url + path, { method, body, signal: c.signal, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" } });
      for (const h of RATE_HEADERS) r.headers.get(h);
      if (r.status >= 300) throw new Error(`contract fetch: ${r.status}`);
      return await r.json();
    } finally {
      clearTimeout(timer);
    }
  };
  ops = {
    associateDefault: () => { const i = base + ++k; return send("PUT", `/crm/v4/objects/contacts/${i}/associations/default/companies/${i}`); },
    batchRead: async () => {
      const answer = await send("POST", "/crm/v4/associations/contacts/companies/batch/read", JSON.stringify({ inputs: ids }));
      for (const r of answer.results) for (const t of r.to) t.toObjectId = String(t.toObjectId);
      return answer;
    },
  };
} else {
  // The floor: Node's own fetch of the same request, the JSON parsed, no client.
  const plain = async (method, path, body) => {
    const r = await fetch(url + path, { method, body, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" } });
    if (r.status >= 300) throw new Error(`plain fetch: ${r.status}`);
    return r.json();
  };
  ops = {
    associateDefault: () => { const i = base + ++k; return plain("PUT", `/crm/v4/objects/contacts/${i}/associations/default/companies/${i}`); },
    batchRead: () => plain("POST", "/crm/v4/associations/contacts/companies/batch/read", JSON.stringify({ inputs: ids })),
  };
}

/** What an answer held, to check that the three read the same thing. */
function check(op, r) {
  if (op !== "batchRead") return { status: r.status, results: r.results?.length };
  const to = r.results.flatMap((x) => x.to);
  const types = to.flatMap((t) => t.associationTypes);
  return { results: r.results.length, to: to.length, idType: typeof to[0]?.toObjectId, labels: types.filter((t) => typeof t.label === "string").length, nullLabels: types.filter((t) => t.label === null).length };
}

const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  if (!line.trim()) continue;
  const { op, conc, calls } = JSON.parse(line);
  const fn = ops[op];
  let left = calls;
  let last;
  const c0 = process.cpuUsage(), t0 = performance.now();
  await Promise.all(Array.from({ length: conc }, async () => { while (left-- > 0) last = await fn(); }));
  const ms = performance.now() - t0, c = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ cpuUs: c.user + c.system, ms, check: check(op, last) }) + "\n");
}
