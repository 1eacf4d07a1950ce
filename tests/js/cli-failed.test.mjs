// Issue 11, "Failed rows": a job with injected permanent failures writes exactly the rows that did
// not succeed to --failed, in the input's format with a reason column (exit 1); rerun on that file
// after the faults are cleared, the same command sends exactly those rows and completes them.
import test from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { startMockServer } from "hubspot-associations/mock";
import { TOKEN, cliEnv, runCli, tempDir, pairs, writePairsCsv, statePairs, sentPairs, ndjson } from "./helpers/cli.mjs";

const env = cliEnv({ HUBSPOT_TOKEN: TOKEN });

test("5xx that outlast the retries: failed rows to a CSV, then a rerun on it completes them", { timeout: 60_000 }, async () => {
  // 30 % of the batch requests answer 500, and the command may not retry: those chunks fail for good.
  const server = await startMockServer({ accessToken: TOKEN, faults: { seed: 11, rate: 0.3, kinds: ["500"], paths: "/batch/" } });
  const tmp = await tempDir();
  try {
    const list = pairs(3_000);
    const input = tmp.file("pairs.csv");
    const failed = tmp.file("failed.csv");
    // An extra column travels through to the failed file untouched.
    await writePairsCsv(input, list, { extra: (p) => ({ note: `row for ${p.from}` }) });
    const r = await runCli(["associate", input, "--base-url", server.url, "--max-retries", "0", "--failed", failed], { env });
    assert.equal(r.code, 1, r.stderr);
    const injected = server.mock.stats().faultsByKind["500"];
    assert.ok(injected >= 3 && injected <= 20, `${injected} faults injected`);
    assert.match(r.stderr, new RegExp(`: 3,000 rows in [\\d.]+ s .*: ${(3000 - injected * 100).toLocaleString("en-US")} associated, ${(injected * 100).toLocaleString("en-US")} failed; .*failed rows are in ${failed.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));

    const rows = parse(await readFile(failed, "utf8"), { columns: true });
    assert.deepEqual(Object.keys(rows[0]), ["fromObjectType", "fromObjectId", "toObjectType", "toObjectId", "note", "reason"]);
    assert.equal(rows.length, injected * 100);
    for (const row of rows) {
      assert.match(row.reason, /^HubSpot answered 500/);
      assert.equal(row.note, `row for ${row.fromObjectId}`);
    }
    // Exactly the rows that are not associated are in the file.
    const have = statePairs(server.mock);
    const failedKeys = new Set(rows.map((x) => `${x.fromObjectId}>${x.toObjectId}`));
    for (const p of list) assert.equal(have.has(`${p.from}>${p.to}`), !failedKeys.has(`${p.from}>${p.to}`), `${p.from}>${p.to}`);

    // Faults cleared; the failed file (with its reason column) is the input of the same command.
    server.mock.configure({ faults: null });
    const before = server.mock.requests().length;
    const again = await runCli(["associate", failed, "--base-url", server.url], { env });
    assert.equal(again.code, 0, again.stderr);
    const resent = sentPairs(server.mock.requests().slice(before), "/batch/associate/default");
    assert.deepEqual(new Set(resent), failedKeys, "the rerun sent exactly the failed rows");
    assert.equal(resent.length, failedKeys.size);
    const after = statePairs(server.mock);
    for (const p of list) assert.equal(after.get(`${p.from}>${p.to}`), 1);
  } finally {
    await server.close();
    await tmp.cleanup();
  }
});

test("rows HubSpot refuses (records that do not exist): per-row reasons in NDJSON; a rerun after the fix completes them", { timeout: 60_000 }, async () => {
  const contacts = Array.from({ length: 250 }, (_, i) => String(i + 1));
  const companies = Array.from({ length: 250 }, (_, i) => String(5000 + i + 1));
  // Companies 5101…5110 do not exist yet.
  const missing = companies.slice(100, 110);
  const server = await startMockServer({ accessToken: TOKEN, autoCreateRecords: false,
    seed: { records: { contacts, companies: companies.filter((c) => !missing.includes(c)) } } });
  const tmp = await tempDir();
  try {
    const input = tmp.file("pairs.ndjson");
    const failed = tmp.file("failed.ndjson");
    await writeFile(input, contacts.map((c, i) => JSON.stringify({ fromObjectType: "contacts", fromObjectId: Number(c), toObjectType: "companies", toObjectId: companies[i], label: i % 2 ? "Primary" : undefined })).join("\n") + "\n");
    const r = await runCli(["associate", input, "--base-url", server.url, "--failed", failed, "--progress", "json"], { env });
    assert.equal(r.code, 1, r.stderr);
    const out = ndjson(await readFile(failed, "utf8"));
    assert.equal(out.length, missing.length);
    for (const row of out) {
      assert.ok(missing.includes(row.toObjectId), row.toObjectId);
      // HubSpot's own words for that row (the record it names).
      assert.equal(row.reason, `VALIDATION_ERROR: One or more associations are invalid (COMPANY=${row.toObjectId} is not valid)`);
      assert.equal(typeof row.fromObjectId, "number", "the row as it was read");
    }
    const summary = ndjson(r.stderr).find((e) => e.type === "summary");
    assert.deepEqual([summary.ok, summary.failed, summary.exitCode], [240, 10, 1]);

    // The fix: the records exist now. The failed file goes back in as it is.
    server.mock.seed({ records: { companies: missing } });
    const again = await runCli(["associate", failed, "--base-url", server.url, "--failed", tmp.file("failed2.ndjson")], { env });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(await readFile(tmp.file("failed2.ndjson"), "utf8"), "", "nothing failed the second time");
    const have = statePairs(server.mock);
    contacts.forEach((c, i) => assert.ok(have.has(`${c}>${companies[i]}`)));
    // Labelled rows got their label (resolved once, through listLabels).
    const primary = server.mock.state().associations.filter((a) => a.fromObjectTypeId === "0-1" && a.types.some((t) => t.label === "Primary"));
    assert.equal(primary.length, 125);
  } finally {
    await server.close();
    await tmp.cleanup();
  }
});

test("without --failed, failed rows are listed on stderr with their line numbers", { timeout: 30_000 }, async () => {
  const server = await startMockServer({ accessToken: TOKEN, autoCreateRecords: false, seed: { records: { contacts: ["1", "2"], companies: ["10"] } } });
  const tmp = await tempDir();
  try {
    const input = tmp.file("p.csv");
    await writeFile(input, "fromObjectType,fromObjectId,toObjectType,toObjectId\ncontacts,1,companies,10\ncontacts,2,companies,11\n");
    const r = await runCli(["remove", input, "--base-url", server.url, "--api-version", "v4"], { env });
    assert.equal(r.code, 0, "removing pairs that are not associated is not an error");
    const a = await runCli(["associate", input, "--base-url", server.url], { env });
    assert.equal(a.code, 1);
    assert.match(a.stderr, /p\.csv:3: failed: VALIDATION_ERROR: One or more associations are invalid \(COMPANY=11 is not valid\)/);
    assert.doesNotMatch(a.stderr, /p\.csv:2:/);
  } finally {
    await server.close();
    await tmp.cleanup();
  }
});
