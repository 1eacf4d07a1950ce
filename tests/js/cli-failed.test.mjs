// Issue 11, "Failed rows": a job with injected permanent failures writes exactly the rows that did
// not succeed to --failed, in the input's format with a reason column (exit 1); rerun on that file
// after the faults are cleared, the same command sends exactly those rows and completes them.
import test from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { startMockServer } from "hubspot-associations/mock";
import { TOKEN, cliEnv, runCli, startCli, tempDir, pairs, writePairsCsv, statePairs, sentPairs, ndjson } from "./helpers/cli.mjs";

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

test("a refused token (401) stops the job: with --journal the rest resumes later; without, every row not done is in --failed", { timeout: 60_000 }, async () => {
  const server = await startMockServer({ accessToken: TOKEN });
  const tmp = await tempDir();
  try {
    const list = pairs(1_000);
    await writePairsCsv(tmp.file("p.csv"), list);
    const wrong = cliEnv({ HUBSPOT_TOKEN: "pat-na1-wrong-token-00000000" });
    // With a journal: exit 1, nothing marked done, nothing in the failed file; the same command with the right token completes.
    const j = await runCli(["associate", tmp.file("p.csv"), "--base-url", server.url, "--journal", tmp.file("j"), "--failed", tmp.file("f1.csv")], { env: wrong });
    assert.equal(j.code, 1, j.stderr);
    assert.match(j.stderr, /stopped: HubSpot answered 401 INVALID_AUTHENTICATION/);
    assert.match(j.stderr, /fix the cause and run the same command again \(same --journal\) to go on/);
    assert.equal(await readFile(tmp.file("f1.csv"), "utf8"), "fromObjectType,fromObjectId,toObjectType,toObjectId,reason\n");
    const resumed = await runCli(["associate", tmp.file("p.csv"), "--base-url", server.url, "--journal", tmp.file("j"), "--failed", tmp.file("f1.csv")], { env });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(statePairs(server.mock).size, 1_000);

    // Without a journal: every row is in the failed file, with why; fed back with the right token, all done.
    server.mock.reset();
    const f = await runCli(["associate", tmp.file("p.csv"), "--base-url", server.url, "--failed", tmp.file("f2.csv"), "--concurrency", "2"], { env: wrong });
    assert.equal(f.code, 1);
    const rows = parse(await readFile(tmp.file("f2.csv"), "utf8"), { columns: true });
    assert.equal(rows.length, 1_000);
    assert.equal(rows.filter((r) => /^HubSpot answered 401/.test(r.reason)).length, 200, "the two chunks in flight");
    assert.equal(rows.filter((r) => /^not sent: the job stopped after HubSpot answered 401/.test(r.reason)).length, 800);
    const again = await runCli(["associate", tmp.file("f2.csv"), "--base-url", server.url], { env });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(statePairs(server.mock).size, 1_000);
  } finally {
    await server.close();
    await tmp.cleanup();
  }
});

test("Ctrl-C without --journal: the rows not sent go to --failed, which finishes the job", { timeout: 60_000 }, async () => {
  const server = await startMockServer({ accessToken: TOKEN, rateLimit: { maxRequests: 4, intervalMs: 1_000 } });
  const tmp = await tempDir();
  try {
    const list = pairs(2_000);
    await writePairsCsv(tmp.file("p.csv"), list);
    let sent = false;
    const run = startCli(["associate", tmp.file("p.csv"), "--base-url", server.url, "--failed", tmp.file("f.csv"), "--progress", "json"], {
      env,
      onStderr: (_, all) => {
        if (!sent && /"type":"progress"[^\n]*"done":([1-9]\d{2,})/.test(all)) {
          sent = true;
          run.child.kill("SIGINT");
        }
      },
    });
    const r = await run.done;
    assert.equal(r.code, 130, r.stderr);
    const rows = parse(await readFile(tmp.file("f.csv"), "utf8"), { columns: true });
    const done = statePairs(server.mock);
    assert.ok(done.size > 0 && rows.length > 0);
    assert.equal(done.size + rows.length, 2_000, "every row is either done or in the failed file");
    for (const row of rows) {
      assert.equal(row.reason, "not sent: the job was interrupted");
      assert.ok(!done.has(`${row.fromObjectId}>${row.toObjectId}`));
    }
    const again = await runCli(["associate", tmp.file("f.csv"), "--base-url", server.url], { env });
    assert.equal(again.code, 0, again.stderr);
    const after = statePairs(server.mock);
    assert.equal(after.size, 2_000);
    assert.equal(new Set(sentPairs(server.mock.requests(), "/batch/associate/default")).size, 2_000);
    assert.equal(sentPairs(server.mock.requests(), "/batch/associate/default").length, 2_000, "no pair sent twice");
  } finally {
    await server.close();
    await tmp.cleanup();
  }
});
