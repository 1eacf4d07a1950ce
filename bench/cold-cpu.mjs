// A steadier stand-in for the per-call CPU figures while working on them: the client in this
// process, its `fetch` answering at once with a real `Response`, and about 1 MB of memory walked
// between calls, so that each call runs with cold caches, as it does between network events.
// It prints the client's CPU per call beyond building (and reading) the same answer with no client.
// Give it two package directories (a build before a change, and after) to compare them: their
// rounds are interleaved, and the difference between them holds better from run to run than the
// loopback server's per-call figures do (the levels themselves move by 10-20 % between runs). The
// cost of a call in place is mostly its code and data running cold: associateDefault costs about
// 40 µs with warm caches, about 80 µs with 1 MB walked between calls. These are not the bench's
// figures, and nothing is compared with the official client here.
//
// node bench/cold-cpu.mjs [package dir … (default: pkg/)]   env: MB (default 1), ROUNDS (default 8)
import { fileURLToPath, pathToFileURL } from "node:url";
import { resolve } from "node:path";

const root = fileURLToPath(new URL("..", import.meta.url));
const dirs = process.argv.slice(2).length ? process.argv.slice(2) : [`${root}pkg`];
const MB = Number(process.env.MB ?? 1);
const ROUNDS = Number(process.env.ROUNDS ?? 8);

const ids = Array.from({ length: 100 }, (_, i) => ({ id: String(i + 1) }));
const created = JSON.stringify({
  status: "COMPLETE",
  results: [{ from: { id: "1" }, to: { id: "1" }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: 279 } }],
  startedAt: "2026-12-01T10:00:00.000Z",
  completedAt: "2026-12-01T10:00:00.001Z",
});
// HubSpot-shaped: numeric toObjectIds, a label, a null label.
const read = JSON.stringify({
  status: "COMPLETE",
  results: ids.map(({ id }) => ({
    from: { id },
    to: [1, 2, 3].map((k) => ({
      toObjectId: Number(id) * 10 + k,
      associationTypes: [{ category: "HUBSPOT_DEFINED", typeId: 1, label: "Primary" }, { category: "HUBSPOT_DEFINED", typeId: 279, label: null }],
    })),
  })),
  startedAt: "2026-12-01T10:00:00.000Z",
  completedAt: "2026-12-01T10:00:00.001Z",
});
const answer = (text) => new Response(text, { status: 200, headers: { "content-type": "application/json" } });

const buf = new Float64Array((MB * 1024 * 1024) / 8);
let sink = 0;
/** Walks `buf`, one touch per cache line. */
function walk() {
  for (let i = 0; i < buf.length; i += 8) {
    sink += buf[i];
    buf[i] = i;
  }
}

/** CPU µs per call of each of `fns`, rounds interleaved (after two warm-up rounds); the medians. */
async function perCall(fns, n) {
  const us = fns.map(() => []);
  for (let r = 0; r < ROUNDS + 2; r++) {
    for (let j = 0; j < fns.length; j++) {
      const c0 = process.cpuUsage();
      for (let i = 0; i < n; i++) {
        await fns[j]();
        walk();
      }
      const c = process.cpuUsage(c0);
      if (r >= 2) us[j].push((c.user + c.system) / n);
    }
  }
  return us.map((u) => u.sort((a, b) => a - b)[u.length >> 1]);
}

const clients = [];
for (const dir of dirs) {
  const { HubSpotAssociations } = await import(pathToFileURL(resolve(dir, "node.js")).href);
  let text = created;
  const hs = new HubSpotAssociations({ accessToken: "pat-na1-cold", baseUrl: "http://cold.invalid", apiVersion: "v4", fetch: async () => answer(text) });
  let k = 0;
  clients.push({
    dir,
    associateDefault: () => {
      text = created;
      const i = String(++k);
      return hs.associateDefault({ fromObjectType: "contacts", fromObjectId: i, toObjectType: "companies", toObjectId: i });
    },
    batchRead: () => {
      text = read;
      return hs.batchRead({ fromObjectType: "contacts", toObjectType: "companies", inputs: ids });
    },
  });
}

for (const [op, text, n] of [["associateDefault", created, 3000], ["batchRead", read, 600]]) {
  const [none, ...ours] = await perCall([async () => JSON.parse(await answer(text).text()), ...clients.map((c) => c[op])], n);
  clients.forEach((c, j) => {
    console.log(`${op.padEnd(16)} ${(ours[j] - none).toFixed(1).padStart(7)} µs/call beyond the answer alone (${c.dir}; ${MB} MB walked between calls)`);
  });
}
