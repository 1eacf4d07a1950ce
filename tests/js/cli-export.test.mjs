// Issue 11, "export": 1,000 records, every association written (one row per association type),
// every page of each record followed, as CSV on standard output and as NDJSON to --out. The output
// is valid input: associating it into an empty HubSpot gives the same graph.
import test from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { startMockServer } from "hubspot-associations/mock";
import { TOKEN, cliEnv, runCli, startCli, tempDir, ndjson, statePairs } from "./helpers/cli.mjs";

const env = cliEnv({ HUBSPOT_TOKEN: TOKEN });
const RECORDS = 1_000;

/** Contact i has i % 23 companies (so some have none), every third one also labelled "Primary". */
function seed() {
  const associations = [];
  for (let c = 1; c <= RECORDS; c++) {
    for (let k = 0; k < c % 23; k++) {
      associations.push({ fromObjectType: "contacts", fromObjectId: String(c), toObjectType: "companies", toObjectId: String(100_000 + c * 100 + k),
        types: k === 0 && c % 3 === 0 ? [{ label: "Primary" }] : [] });
    }
  }
  return associations;
}

/** The rows export must write, from the emulator's state, as sorted strings. */
function expected(mock) {
  const rows = [];
  for (const a of mock.state().associations) {
    if (a.fromObjectTypeId !== "0-1") continue;
    for (const t of a.types) rows.push(["contacts", a.fromObjectId, "companies", a.toObjectId, String(t.typeId), t.category, t.label ?? ""].join(","));
  }
  return rows.sort();
}

test("export of 1,000 records: every association, every page, CSV and NDJSON", { timeout: 60_000 }, async () => {
  // Pages of 7 associations per record: records with 8 or more need their paging followed.
  const server = await startMockServer({ accessToken: TOKEN, batchReadPageSize: 7, seed: { associations: seed() } });
  const tmp = await tempDir();
  try {
    const input = tmp.file("records.csv");
    await writeFile(input, "fromObjectType,fromObjectId\n" + Array.from({ length: RECORDS }, (_, i) => `contacts,${i + 1}`).join("\n") + "\n");
    const want = expected(server.mock);
    assert.ok(want.length > 10_000);

    const csv = await runCli(["export", input, "--to", "companies", "--base-url", server.url], { env });
    assert.equal(csv.code, 0, csv.stderr);
    const rows = parse(csv.stdout, { columns: true });
    assert.deepEqual(Object.keys(rows[0]), ["fromObjectType", "fromObjectId", "toObjectType", "toObjectId", "associationTypeId", "associationCategory", "label"]);
    assert.deepEqual(rows.map((r) => Object.values(r).join(",")).sort(), want);
    assert.match(csv.stderr, new RegExp(`export: 1,000 records in [\\d.]+ s .*: 1,000 exported \\(${want.length.toLocaleString("en-US")} associations written\\), 0 failed`));
    // Paging was followed: batch reads that continue records with `after`.
    const reads = server.mock.requests().filter((r) => r.path.endsWith("/batch/read"));
    const continued = reads.filter((r) => JSON.parse(r.body).inputs.some((i) => i.after !== undefined));
    assert.ok(continued.length >= 2, `${continued.length} continuation requests`);

    const nd = await runCli(["export", input, "--to", "companies", "--base-url", server.url, "--out", tmp.file("out.ndjson"), "--progress", "json"], { env });
    assert.equal(nd.code, 0, nd.stderr);
    assert.equal(nd.stdout, "", "with --out, nothing on standard output");
    const objects = ndjson(await readFile(tmp.file("out.ndjson"), "utf8"));
    assert.deepEqual(objects.map((o) => [o.fromObjectType, o.fromObjectId, o.toObjectType, o.toObjectId, o.associationTypeId, o.associationCategory, o.label ?? ""].join(",")).sort(), want);
    assert.equal(typeof objects[0].associationTypeId, "number");
    assert.ok(objects.some((o) => o.label === null) && objects.some((o) => o.label === "Primary"));
    assert.equal(ndjson(nd.stderr).find((e) => e.type === "summary").associations, want.length);

    // The export is input: associated into an empty HubSpot, it gives the same graph.
    const copy = await startMockServer({ accessToken: TOKEN });
    try {
      await writeFile(tmp.file("export.csv"), csv.stdout);
      const a = await runCli(["associate", tmp.file("export.csv"), "--base-url", copy.url], { env });
      assert.equal(a.code, 0, a.stderr);
      assert.deepEqual(expected(copy.mock), want);
    } finally {
      await copy.close();
    }
  } finally {
    await server.close();
    await tmp.cleanup();
  }
});

test("export: records that do not exist are failed rows; records without associations write nothing", { timeout: 30_000 }, async () => {
  const server = await startMockServer({ accessToken: TOKEN, autoCreateRecords: false,
    seed: { records: { contacts: ["1", "2"], companies: ["10"] }, associations: [{ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "10" }] } });
  const tmp = await tempDir();
  try {
    await writeFile(tmp.file("r.ndjson"), '{"fromObjectType":"contacts","fromObjectId":"1"}\n{"fromObjectType":"contacts","fromObjectId":"2"}\n{"fromObjectType":"contacts","fromObjectId":"3"}\n');
    const r = await runCli(["export", tmp.file("r.ndjson"), "--to", "companies", "--base-url", server.url, "--failed", tmp.file("f.ndjson")], { env });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(ndjson(r.stdout), [{ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "10", associationTypeId: 279, associationCategory: "HUBSPOT_DEFINED", label: null }]);
    assert.deepEqual(ndjson(await readFile(tmp.file("f.ndjson"), "utf8")), [{ fromObjectType: "contacts", fromObjectId: "3", reason: "OBJECT_NOT_FOUND: Object not found: CONTACT=3 does not exist" }]);
    assert.equal(statePairs(server.mock).size, 1);
  } finally {
    await server.close();
    await tmp.cleanup();
  }
});

test("export into a pipe closed early (`| head`): the job stops with exit 1 and says why", { timeout: 30_000 }, async () => {
  const server = await startMockServer({ accessToken: TOKEN, seed: { associations: seed() } });
  const tmp = await tempDir();
  try {
    await writeFile(tmp.file("records.csv"), "fromObjectType,fromObjectId\n" + Array.from({ length: RECORDS }, (_, i) => `contacts,${i + 1}`).join("\n"));
    const run = startCli(["export", tmp.file("records.csv"), "--to", "companies", "--base-url", server.url, "--batch-size", "10"], { env });
    // Read a little, then close our end, as `head -n 2` does.
    await new Promise((resolve) => run.child.stdout.once("data", resolve));
    run.child.stdout.destroy();
    const r = await run.done;
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^hubspot-associations export: cannot write to standard output: it was closed\n$/);
    const reads = server.mock.requests().filter((q) => q.path.endsWith("/batch/read")).length;
    assert.ok(reads < RECORDS / 10, `it stopped reading (${reads} requests)`);
  } finally {
    await server.close();
    await tmp.cleanup();
  }
});
