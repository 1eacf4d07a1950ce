// Issue 4: chunking, retries, pacing, cancellation and pagination, through the package against
// createMockHubSpot (done-whens 1, 3, 4 and 5; the soak test is soak.test.mjs).
import test from "node:test";
import assert from "node:assert/strict";
import { HubSpotAssociations } from "hubspot-associations";
import { createMockHubSpot } from "hubspot-associations/mock";

const TOKEN = "bulk-test-token";
function setup(mockOptions = {}, clientOptions = {}) {
  const mock = createMockHubSpot({ accessToken: TOKEN, ...mockOptions });
  const events = [];
  const hs = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: mock.baseUrl, fetch: mock.fetch, onEvent: (e) => events.push(e), ...clientOptions });
  return { mock, hs, events };
}
const pair = { fromObjectType: "contacts", toObjectType: "companies" };
const range = (n, from = 1) => Array.from({ length: n }, (_, i) => String(from + i));

test("batchRead of 2,500 ids makes 3 requests; batchCreate of 1,050 makes 11; merged in input order", async () => {
  const { mock, hs } = setup();
  const ids = range(2500);
  // Give every 100th contact one company so results exist.
  await hs.batchCreateDefault({ ...pair, inputs: ids.filter((_, i) => i % 100 === 0).map((id) => ({ from: { id }, to: { id: "9" + id } })) });
  mock.reset();
  mock.seed({ associations: ids.filter((_, i) => i % 100 === 0).map((id) => ({ fromObjectType: "contacts", fromObjectId: id, toObjectType: "companies", toObjectId: "9" + id })) });
  const read = await hs.batchRead({ ...pair, inputs: ids.map((id) => ({ id })) });
  assert.equal(mock.requests().filter((r) => r.path.endsWith("/batch/read")).length, 3);
  assert.deepEqual(read.results.map((r) => r.from.id), ids.filter((_, i) => i % 100 === 0));
  assert.equal(read.numErrors, 2500 - 25, "ids without associations are reported, summed over chunks");

  mock.reset();
  const inputs = range(1050).map((id) => ({ from: { id }, to: { id: "7" }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 279 }] }));
  const created = await hs.batchCreate({ ...pair, inputs });
  assert.equal(mock.requests().filter((r) => r.path.endsWith("/batch/create")).length, 11);
  assert.deepEqual(created.results.map((r) => r.fromObjectId), range(1050));
  assert.ok(created.startedAt <= created.completedAt);
});

test("batchSize is configurable", async () => {
  const { mock, hs } = setup({}, { batchSize: { write: 10 } });
  await hs.batchCreateDefault({ ...pair, inputs: range(35).map((id) => ({ from: { id }, to: { id: "1" } })) });
  assert.equal(mock.requests().length, 4);
});

test("a DAILY 429 rejects at once", async () => {
  const { mock, hs } = setup({ faults: { script: ["429daily"] } });
  const e = await hs.associateDefault({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "2" }).catch((e) => e);
  assert.equal(e.kind, "rate_limited");
  assert.equal(e.policyName, "DAILY");
  assert.equal(e.attempts, 1);
  assert.equal(mock.requests().length, 1);
});

test("a 429 with Retry-After: 2 waits about 2 s, then succeeds", async () => {
  const { mock, hs, events } = setup({ faults: { script: ["429retryafter:2"] } });
  const t0 = performance.now();
  await hs.associateDefault({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "2" });
  const waited = performance.now() - t0;
  assert.ok(waited >= 1900, `waited only ${waited} ms`);
  assert.equal(mock.requests().length, 2);
  assert.deepEqual(events.filter((e) => e.type === "retry").map((e) => [e.status, e.ms]), [[429, 2000]]);
});

test("400 and 404 are not retried", async () => {
  const { mock, hs } = setup({ autoCreateRecords: false, seed: { records: { contacts: ["1"], companies: ["2"] } } });
  const bad = await hs.associate({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "2",
    types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 2 }] }).catch((e) => e);
  assert.equal(bad.status, 400);
  assert.equal(bad.attempts, 1);
  const missing = await hs.listAssociations({ objectType: "contacts", objectId: "999", toObjectType: "companies" }).catch((e) => e);
  assert.equal(missing.status, 404);
  assert.equal(missing.attempts, 1);
  assert.equal(mock.requests().length, 2);
});

test("a 503 twice then 200 succeeds on the third attempt", async () => {
  const { mock, hs, events } = setup({ faults: { script: ["503", "503"] } });
  const out = await hs.associateDefault({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "2" });
  assert.equal(out.status, "COMPLETE");
  assert.equal(mock.requests().length, 3);
  assert.deepEqual(events.filter((e) => e.type === "response").map((e) => [e.attempt, e.status]), [[1, 503], [2, 503], [3, 200]]);
  assert.ok(events.every((e) => !JSON.stringify(e).includes(TOKEN)), "no token in events");
  const failed = await setup({ faults: { script: ["503", "503", "503"] } }).hs
    .associateDefault({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "2", maxRetries: 2 })
    .catch((e) => e);
  assert.equal(failed.status, 503);
  assert.equal(failed.attempts, 3);
});

test("aborting a 5,000-input batch rejects quickly and accounts for every input", async () => {
  const { hs } = setup({ faults: { rate: 1, kinds: ["delay"], delayMs: 20 } });
  const controller = new AbortController();
  const inputs = range(5000).map((id) => ({ from: { id }, to: { id: "1" + id } }));
  let abortedAt;
  setTimeout(() => {
    abortedAt = performance.now();
    controller.abort();
  }, 150);
  const e = await hs.batchCreateDefault({ ...pair, inputs, signal: controller.signal }).catch((e) => e);
  const latency = performance.now() - abortedAt;
  assert.equal(e.kind, "aborted");
  // Typically a few ms; the bound is loose because a loaded machine (CI, a parallel build) delays
  // timers. That the batch stopped is shown by the inputs it never sent (failedInputs below).
  assert.ok(latency < 1000, `rejected ${latency} ms after the abort`);
  const done = new Set(e.partial.results.filter((r) => r.to.id === "1" + r.from.id).map((r) => r.from.id));
  const failed = e.failedInputs.map((i) => i.from.id);
  assert.ok(done.size > 0 && failed.length > 0, `${done.size} done, ${failed.length} failed`);
  assert.equal(done.size + failed.length, 5000);
  for (const id of failed) assert.ok(!done.has(id), `${id} is both done and failed`);
});

test("timeoutMs: 50 against a 1 s delay rejects with kind timeout", async () => {
  const { hs } = setup({ faults: { rate: 1, kinds: ["delay"], delayMs: 1000 } });
  const t0 = performance.now();
  const e = await hs.listLabels({ ...pair, timeoutMs: 50, maxRetries: 0 }).catch((e) => e);
  assert.equal(e.kind, "timeout");
  assert.ok(performance.now() - t0 < 900);
});

test("iterateAssociations visits 1,234 associations once each; break stops requests", async () => {
  const to = range(1234, 5000);
  const { mock, hs } = setup({ seed: { associations: to.map((id) => ({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: id })) } });
  const seen = [];
  for await (const a of hs.iterateAssociations({ objectType: "contacts", objectId: "1", toObjectType: "companies" })) seen.push(a.toObjectId);
  assert.equal(seen.length, 1234);
  assert.deepEqual([...new Set(seen)].sort(), [...to].sort());
  assert.equal(mock.requests().length, 3, "500 + 500 + 234");

  mock.clearRequests?.();
  const before = mock.requests().length;
  let n = 0;
  for await (const _ of hs.iterateAssociations({ objectType: "contacts", objectId: "1", toObjectType: "companies", limit: 100 })) {
    if (++n === 10) break;
  }
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(mock.requests().length - before, 1, "breaking after 10 items sends no further request");
});

test("batchRead({allPages: true}) returns every association across per-input pages", async () => {
  const a = range(250, 1000), b = range(120, 2000);
  const { mock, hs } = setup({ batchReadPageSize: 100, seed: { associations: [
    ...a.map((id) => ({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: id })),
    ...b.map((id) => ({ fromObjectType: "contacts", fromObjectId: "2", toObjectType: "companies", toObjectId: id })),
  ] } });
  const one = await hs.batchRead({ ...pair, inputs: [{ id: "1" }, { id: "2" }] });
  assert.equal(one.results[0].to.length, 100, "one page without allPages");
  assert.ok(one.results[0].paging?.next?.after);
  const all = await hs.batchRead({ ...pair, inputs: [{ id: "1" }, { id: "2" }], allPages: true });
  assert.deepEqual(all.results.map((r) => r.to.length), [250, 120]);
  assert.deepEqual(all.results[0].to.map((t) => t.toObjectId).sort(), [...a].sort());
  assert.ok(all.results.every((r) => !r.paging));
  assert.ok(mock.requests().length >= 4);
});

test("batchRead({allPages: true}) of passes larger than one part (about 256 KB each) equals reading page by page", async () => {
  // 40 records with 700 associations each, the first and every tenth asked for twice: a first pass
  // of 40 × 500 (about 2 MB of JSON, several parts), then 40 × 200.
  const records = range(40, 1);
  const seed = records.flatMap((from, r) => range(700, 100_000 * (r + 1)).map((to) => ({ fromObjectType: "contacts", fromObjectId: from, toObjectType: "companies", toObjectId: to })));
  const { hs } = setup({ seed: { associations: seed } });
  const inputs = [...records, ...records.filter((_, i) => i % 10 === 0)].map((id) => ({ id }));
  const all = await hs.batchRead({ ...pair, inputs, allPages: true });
  // By hand: each record's pages, `after` sent again until none is left.
  const byHand = new Map();
  let next = records.map((id) => ({ id }));
  while (next.length) {
    const page = await hs.batchRead({ ...pair, inputs: next });
    next = [];
    for (const r of page.results) {
      byHand.set(r.from.id, [...(byHand.get(r.from.id) ?? []), ...r.to]);
      if (r.paging?.next?.after) next.push({ id: r.from.id, after: r.paging.next.after });
    }
  }
  assert.equal(all.results.length, inputs.length, "a record asked for twice is two results");
  for (const r of all.results) {
    assert.equal(r.to.length, 700, r.from.id);
    assert.deepEqual(r.to, byHand.get(r.from.id), `${r.from.id}: every association, in page order`);
    assert.ok(!r.paging);
  }
  assert.notEqual(all.results[0].to, all.results[40].to, "each result its own array");
});

test("batchRead({allPages: true}) that fails in a later pass keeps every page read before it in partial, in order", async () => {
  const a = range(250, 1000), b = range(120, 2000);
  // Passes: 100 + 100 (1: 100, 2: 100), 100 + 20 (ok), then the third pass fails for good.
  const { hs } = setup({ batchReadPageSize: 100, faults: { script: [null, null, "503"] }, seed: { associations: [
    ...a.map((id) => ({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: id })),
    ...b.map((id) => ({ fromObjectType: "contacts", fromObjectId: "2", toObjectType: "companies", toObjectId: id })),
  ] } });
  const e = await hs.batchRead({ ...pair, inputs: [{ id: "1" }, { id: "2" }], allPages: true, maxRetries: 0 }).then(
    () => assert.fail("the third pass should fail"),
    (e) => e,
  );
  assert.equal(e.status, 503);
  assert.deepEqual(e.partial.results.map((r) => r.to.length), [200, 120], "the first two passes, appended to their records");
  assert.deepEqual(e.partial.results[0].to.map((t) => t.toObjectId), a.slice(0, 200), "in page order, none twice");
  assert.deepEqual(e.failedInputs.map((i) => i.id), ["1"], "the input whose next page failed, with its cursor");
  assert.ok(e.failedInputs[0].after);
});
