// Memory figure: reads every association of `n` contacts, every page followed, and prints
// {baselineKb, peakKb, wasmKb, read} (peak = process.resourceUsage().maxRSS, in KiB; baseline: the
// same after the client is loaded and one call made; wasmKb: ours only, its wasm memory afterwards).
// argv: who ("ours" | "theirs" | "fetch" | "contract"), url, token, n.
// - ours: one batchRead({allPages: true});
// - theirs: @hubspot/api-client's batchApi.getPage, each input sent again with its `after` until
//   none is left (the official client has no allPages), pages appended to their record's result;
// - fetch: the same loop on Node's fetch and response.json(), no client: the floor;
// - contract: the same, with what design.md's contract adds to every client's answers: each
//   `toObjectId` an exact string (HubSpot sends numbers), each attempt cancellable by its timeout.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
const [who, url, token, n] = process.argv.slice(2);
const ids = Array.from({ length: Number(n) }, (_, i) => ({ id: String(i + 1) }));

/** Reads every page of `inputs` with `page(inputs)` (a batch read answer), merged per record. */
async function byHand(page) {
  const results = [];
  const index = new Map();
  let inputs = ids;
  while (inputs.length) {
    const answer = await page(inputs);
    const next = [];
    for (const r of answer.results) {
      const id = String(r._from?.id ?? r.from.id);
      const to = r.to;
      if (index.has(id)) results[index.get(id)].to.push(...to);
      else index.set(id, results.push({ from: { id }, to }) - 1);
      const after = r.paging?.next?.after;
      if (after) next.push({ id, after });
    }
    inputs = next;
  }
  return results;
}

let warm, read;
if (who === "ours") {
  const { HubSpotAssociations } = await import("hubspot-associations");
  const hs = new HubSpotAssociations({ accessToken: token, baseUrl: url, apiVersion: "v4" });
  warm = () => hs.listLabels({ fromObjectType: "contacts", toObjectType: "companies" });
  read = async () => (await hs.batchRead({ fromObjectType: "contacts", toObjectType: "companies", inputs: ids, allPages: true })).results;
} else if (who === "theirs") {
  const { Client } = createRequire(import.meta.url)("@hubspot/api-client");
  const v4 = new Client({ accessToken: token, basePath: url }).crm.associations.v4;
  warm = () => v4.schema.definitionsApi.getAll("contacts", "companies");
  read = () => byHand((inputs) => v4.batchApi.getPage("contacts", "companies", { inputs }));
} else {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" };
  warm = async () => (await fetch(`${url}/crm/v4/associations/contacts/companies/labels`, { headers })).json();
  const contract = who === "contract";
  read = () =>
    byHand(async (inputs) => {
      const init = { method: "POST", headers, body: JSON.stringify({ inputs }) };
      const c = contract ? new AbortController() : undefined;
      const timer = c && setTimeout(() => c.abort(), 30_000);
      if (c) init.signal = c.signal;
      const r = await fetch(`${url}/crm/v4/associations/contacts/companies/batch/read`, init);
      if (r.status >= 300) throw new Error(`fetch: ${r.status}`);
      const answer = await r.json();
      clearTimeout(timer);
      if (contract) for (const x of answer.results) for (const t of x.to) t.toObjectId = String(t.toObjectId);
      return answer;
    });
}
await warm(); // client loaded, connection warm
const baselineKb = process.resourceUsage().maxRSS;
const results = await read();
const count = results.reduce((s, x) => s + x.to.length, 0);
const peakKb = process.resourceUsage().maxRSS;
// Ours: the size of the client's wasm memory now, which it keeps for the life of the process (a
// wasm memory never shrinks). Read through the wasm-bindgen glue's initSync, which, once the
// module is loaded, returns its exports (the memory among them).
let wasmKb;
if (who === "ours") {
  const dir = dirname(createRequire(import.meta.url).resolve("hubspot-associations/package.json"));
  const glue = await import(pathToFileURL(join(dir, "wasm", "hubspot_associations.js")).href);
  const memory = Object.values(glue.initSync({ module: new Uint8Array(0) })).find((x) => x instanceof WebAssembly.Memory);
  wasmKb = memory ? memory.buffer.byteLength / 1024 : undefined;
}
process.stdout.write(JSON.stringify({ baselineKb, peakKb, wasmKb, read: count }) + "\n");
