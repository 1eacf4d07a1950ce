// Issue 11, input and usage: CSV parsed by csv-parse (quoting, BOM, CRLF, empty lines, fields over
// several lines), NDJSON, standard input; every invalid row reported with its line number and
// reason before anything is sent (exit 2, the mock's request log empty); labels resolved once per
// object-type pair; usage errors (exit 2); the token never printed or written.
import test from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { readFile, writeFile } from "node:fs/promises";
import { startMockServer } from "hubspot-associations/mock";
import { TOKEN, cliEnv, runCli, tempDir, statePairs, ndjson } from "./helpers/cli.mjs";

const env = cliEnv({ HUBSPOT_TOKEN: TOKEN });
const LABEL = 'Billing, "main"';

async function withMock(options, fn) {
  const server = await startMockServer({ accessToken: TOKEN, ...options });
  const tmp = await tempDir();
  try {
    return await fn(server, tmp);
  } finally {
    await server.close();
    await tmp.cleanup();
  }
}

const labelSeed = { labels: [{ fromObjectType: "contacts", toObjectType: "companies", label: LABEL, name: "billing_main" }] };

test("CSV: BOM, CRLF, quoted fields (commas, quotes, line breaks), empty lines, case-insensitive header, extra columns", async () => {
  await withMock({ seed: labelSeed }, async (server, tmp) => {
    const csv = "\uFEFFFromObjectType,fromObjectId,toObjectType,toObjectId,label,note\r\n" +
      "contacts,1,companies,11,,plain\r\n" +
      "\r\n" +
      `"contacts","2","companies","12","Billing, ""main""","a note\r\nover two lines"\r\n` +
      "\r\n\r\n" +
      "contacts, 3 ,companies,0013,primary,\r\n" +
      ",,,,,\r\n" +
      "contacts,4,companies,14,,last line without a line break";
    await writeFile(tmp.file("in.csv"), csv);
    const r = await runCli(["associate", tmp.file("in.csv"), "--base-url", server.url], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: .*ignoring column "note"/);
    assert.match(r.stderr, /associate: 4 rows in .*: 4 associated, 0 failed; 3 requests/, "listLabels once, then one default and one labelled chunk");
    const assoc = server.mock.state().associations.filter((a) => a.fromObjectTypeId === "0-1");
    const labels = Object.fromEntries(assoc.map((a) => [`${a.fromObjectId}>${a.toObjectId}`, a.types.map((t) => t.label).filter(Boolean)]));
    assert.deepEqual(labels, { "1>11": [], "2>12": [LABEL], "3>13": ["Primary"], "4>14": [] });
    assert.equal(server.mock.requests().filter((q) => q.path.endsWith("/labels")).length, 1, "labels listed once for the pair");
  });
});

test("every invalid row is reported with its line number and reason, and nothing is sent (exit 2)", async () => {
  await withMock({}, async (server, tmp) => {
    const csv = [
      "fromObjectType,fromObjectId,toObjectType,toObjectId,associationTypeId,associationCategory,label", // 1
      "contacts,1,companies,11,,,", // 2 ok
      'contacts,2,companies,12,,,"a label\r\nover two lines"', // 3-4 ok (CRLF inside quotes)
      "", // 5
      "contacts,x7,companies,13,,,", // 6
      "con/tacts,4,,14,,,", // 7
      "contacts,5,companies,15,abc,,", // 8
      "contacts,6,companies,16,,USER_DEFINED,", // 9
      "contacts,7,companies,17,1,NOT_A_CATEGORY,", // 10
      "contacts,8,companies", // 11
      "contacts,9,companies,19,,,", // 12 ok
      'contacts,10,companies,20,,,"never closed', // 13
      "contacts,11,companies,21,,,", // 14 (inside the open quote)
    ].join("\r\n") + "\r\n";
    await writeFile(tmp.file("bad.csv"), csv);
    const r = await runCli(["associate", "bad.csv", "--base-url", server.url, "--failed", "f.csv", "--journal", "j"], { env, cwd: tmp.dir });
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stderr.trimEnd().split("\n");
    assert.deepEqual(lines.slice(0, -1), [
      "bad.csv:6: fromObjectId \"x7\" is not a record id (digits only)",
      "bad.csv:7: fromObjectType \"con/tacts\" is not an object type (a name such as contacts, or an id such as 0-1); toObjectType is empty",
      "bad.csv:8: associationTypeId \"abc\" is not an association type id (a positive integer)",
      "bad.csv:9: associationCategory is given without an associationTypeId",
      "bad.csv:10: associationCategory \"NOT_A_CATEGORY\" is not one of HUBSPOT_DEFINED, USER_DEFINED, INTEGRATOR_DEFINED, WORK",
      "bad.csv:11: has 3 fields; the header has 7",
      "bad.csv:13: a quoted field is not closed before the end of the file",
    ]);
    assert.equal(lines.at(-1), "hubspot-associations associate: 7 invalid rows of 10 in bad.csv; nothing was sent");
    assert.deepEqual(server.mock.requests(), [], "nothing was sent, not even a label lookup");
    // Nothing was written either: no failed file, no journal.
    await assert.rejects(readFile(tmp.file("f.csv")), { code: "ENOENT" });
    await assert.rejects(readFile(tmp.file("j")), { code: "ENOENT" });
  });
});

test("NDJSON: invalid lines reported by number; ids as numbers or strings; 2^53 refused", async () => {
  await withMock({}, async (server, tmp) => {
    const text = [
      '{"fromObjectType":"contacts","fromObjectId":1,"toObjectType":"companies","toObjectId":"11"}',
      "",
      '{"fromObjectType":"contacts","fromObjectId":9007199254740993,"toObjectType":"companies","toObjectId":"12"}',
      "[1,2]",
      "{not json",
      '{"fromObjectType":"contacts","fromObjectId":"3","toObjectType":"companies"}',
      '{"fromObjectType":"contacts","fromObjectId":"4","toObjectType":"companies","toObjectId":14,"label":7}',
    ].join("\n");
    await writeFile(tmp.file("in.ndjson"), text);
    const r = await runCli(["associate", "in.ndjson", "--base-url", server.url], { env, cwd: tmp.dir });
    assert.equal(r.code, 2);
    assert.deepEqual(r.stderr.trimEnd().split("\n"), [
      "in.ndjson:3: fromObjectId is a number beyond 2^53, whose digits JSON has already lost: write the id as a string",
      "in.ndjson:4: not a JSON object",
      "in.ndjson:5: not JSON (Expected property name or '}')",
      "in.ndjson:6: toObjectId is empty",
      "in.ndjson:7: label 7 is not text",
      "hubspot-associations associate: 5 invalid rows of 6 in in.ndjson; nothing was sent",
    ]);
    assert.equal(server.mock.requests().length, 0);
    // --progress json: the same, as events.
    const j = await runCli(["associate", tmp.file("in.ndjson"), "--base-url", server.url, "--progress", "json"], { env });
    const events = ndjson(j.stderr);
    assert.deepEqual(events.filter((e) => e.type === "invalid").map((e) => e.line), [3, 4, 5, 6, 7]);
    assert.equal(events.at(-1).type, "error");
  });
});

test("an unknown label is reported per row before any write (only the label lookups are sent)", async () => {
  await withMock({}, async (server, tmp) => {
    await writeFile(tmp.file("in.csv"), "fromObjectType,fromObjectId,toObjectType,toObjectId,label\ncontacts,1,companies,11,Primary\ncontacts,2,companies,12,Nope\ndeals,3,contacts,13,\ndeals,4,companies,14,Nope\n");
    const r = await runCli(["associate", "in.csv", "--base-url", server.url], { env, cwd: tmp.dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^in\.csv:3: no label "Nope" from contacts to companies \(its labels: "Primary"\)\n/);
    assert.match(r.stderr, /in\.csv:5: no label "Nope" from deals to companies/);
    assert.match(r.stderr, /2 rows of 4 in in\.csv name association types that do not exist; nothing was sent/);
    assert.deepEqual(server.mock.requests().map((q) => `${q.method} ${q.path}`).sort(),
      ["GET /crm/associations/2026-03/contacts/companies/labels", "GET /crm/associations/2026-03/deals/companies/labels"]);
  });
});

test("standard input (-): CSV and NDJSON, the format sniffed; unlabel and remove; --api-version v4 and 2026-09", async () => {
  await withMock({}, async (server) => {
    const csv = "fromObjectType,fromObjectId,toObjectType,toObjectId,associationTypeId\ncontacts,1,companies,11,1\ncontacts,2,companies,12,1\n";
    const a = await runCli(["associate", "-", "--base-url", server.url, "--api-version", "v4"], { env, input: csv });
    assert.equal(a.code, 0, a.stderr);
    assert.ok(server.mock.requests().some((q) => q.path === "/crm/v4/associations/contacts/companies/batch/create"));
    const primary = () => server.mock.state().associations.filter((x) => x.fromObjectTypeId === "0-1" && x.types.some((t) => t.typeId === 1)).length;
    assert.equal(primary(), 2);
    const nd = '{"fromObjectType":"contacts","fromObjectId":"1","toObjectType":"companies","toObjectId":"11","associationTypeId":1,"associationCategory":"HUBSPOT_DEFINED"}\n';
    const u = await runCli(["unlabel", "-", "--base-url", server.url, "--api-version", "2026-09"], { env, input: nd });
    assert.equal(u.code, 0, u.stderr);
    assert.ok(server.mock.requests().some((q) => q.path === "/crm/associations/2026-09/contacts/companies/batch/labels/archive"));
    assert.equal(primary(), 1);
    const rm = await runCli(["remove", "-", "--base-url", server.url], { env, input: csv });
    assert.equal(rm.code, 0, rm.stderr);
    assert.equal(statePairs(server.mock).size, 0);
  });
});

test("usage errors exit 2 with a message and send nothing", async () => {
  await withMock({}, async (server, tmp) => {
    await writeFile(tmp.file("ok.csv"), "fromObjectType,fromObjectId,toObjectType,toObjectId\ncontacts,1,companies,2\n");
    const cases = [
      [[], {}, /Usage: hubspot-associations <command>/],
      [["frobnicate"], {}, /unknown command "frobnicate"/],
      [["associate", tmp.file("ok.csv"), "--bogus"], {}, /unknown option for associate: '--bogus'/],
      [["associate"], {}, /associate needs an input: FILE, or - for standard input/],
      [["associate", tmp.file("missing.csv"), "--base-url", server.url], {}, /cannot read .*missing\.csv: no such file/],
      [["associate", tmp.file("ok.csv"), "--api-version", "v3"], {}, /--api-version must be/],
      [["associate", tmp.file("ok.csv"), "--progress", "loud"], {}, /--progress must be auto, json or none/],
      [["associate", tmp.file("ok.csv"), "--concurrency", "0"], {}, /--concurrency must be a whole number from 1 to 64/],
      [["associate", tmp.file("ok.csv"), "--base-url", server.url], { env: cliEnv() }, /no access token: set HUBSPOT_TOKEN or give --token-file FILE/],
      [["associate", tmp.file("ok.csv"), "--token-file", tmp.file("none")], {}, /cannot read --token-file .*none: no such file/],
      [["associate", tmp.file("ok.csv"), "--emulator", "--base-url", server.url], {}, /--emulator sends nothing over the network: drop --base-url/],
      [["associate", tmp.file("ok.csv"), "--failed", tmp.file("ok.csv")], {}, /--failed .* is the input file/],
      [["associate", tmp.file("ok.csv"), "--out", "x.csv"], {}, /associate writes no data: --out is for export/],
      [["export", tmp.file("ok.csv")], {}, /export needs --to TYPE/],
      [["labels", "list", "contacts"], {}, /labels list takes two object types: FROM TO/],
      [["labels", "rename", "contacts", "companies"], {}, /unknown action "rename" for labels/],
      [["limits", "set", "contacts", "companies", "--max", "2"], {}, /limits set needs --type-id/],
      [["associate", tmp.file("ok.csv"), "--base-url", "ftp://x"], {}, /--base-url must be an http\(s\) URL/],
    ];
    for (const [args, opts, message] of cases) {
      const r = await runCli(args, { env, ...opts });
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(" "));
      assert.equal(r.stdout, "", args.join(" "));
    }
    // A header without the needed columns is a usage error too.
    await writeFile(tmp.file("h.csv"), "from,to\n1,2\n");
    const h = await runCli(["associate", "h.csv", "--base-url", server.url], { env, cwd: tmp.dir });
    assert.equal(h.code, 2);
    assert.match(h.stderr, /^hubspot-associations associate: h\.csv:1: the header has no fromObjectType, fromObjectId, toObjectType, toObjectId columns/);
    assert.deepEqual(server.mock.requests(), []);
  });
});

test("the token is never printed nor written, even when a server echoes it back", async () => {
  // A server that puts the Authorization header into its error bodies.
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "error", category: "VALIDATION_ERROR", message: `bad request from ${req.headers.authorization}`, correlationId: "c-1" }));
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}`;
  const tmp = await tempDir();
  try {
    await writeFile(tmp.file("token"), `${TOKEN}\n`);
    await writeFile(tmp.file("in.csv"), "fromObjectType,fromObjectId,toObjectType,toObjectId,label\ncontacts,1,companies,2,\ncontacts,3,companies,4,\n");
    const outputs = [];
    for (const progress of ["auto", "json"]) {
      const r = await runCli(["associate", tmp.file("in.csv"), "--base-url", url, "--token-file", tmp.file("token"), "--progress", progress,
        "--failed", tmp.file(`f-${progress}.csv`), "--journal", tmp.file(`j-${progress}`), "--max-retries", "0"], { env: cliEnv() });
      assert.equal(r.code, 1, r.stderr);
      outputs.push(r.stdout, r.stderr, await readFile(tmp.file(`f-${progress}.csv`), "utf8"), await readFile(tmp.file(`j-${progress}`), "utf8"));
    }
    const labels = await runCli(["labels", "list", "contacts", "companies", "--base-url", url], { env: cliEnv({ HUBSPOT_TOKEN: TOKEN }) });
    assert.equal(labels.code, 1);
    outputs.push(labels.stdout, labels.stderr);
    assert.match(outputs[2], /bad request from Bearer \[redacted\]|bad request from \[redacted\]/, "the echoed token is redacted in the failed file");
    for (const text of outputs) assert.ok(!text.includes(TOKEN), `the token leaked into: ${text.slice(0, 300)}`);
    assert.ok(!outputs.join("").includes(TOKEN.slice(8, 30)));
  } finally {
    server.close();
    await tmp.cleanup();
  }
});

test("--emulator: a dry run that validates, resolves labels and counts requests", async () => {
  const tmp = await tempDir();
  try {
    let csv = "fromObjectType,fromObjectId,toObjectType,toObjectId,label\n";
    for (let i = 1; i <= 250; i++) csv += `contacts,${i},companies,${1000 + i},${i % 2 ? "" : "Billing contact"}\n`;
    await writeFile(tmp.file("in.csv"), csv);
    const r = await runCli(["associate", tmp.file("in.csv"), "--emulator", "--progress", "json"], { env: cliEnv() });
    assert.equal(r.code, 0, r.stderr);
    const events = ndjson(r.stderr);
    assert.match(events.find((e) => e.type === "info").message, /the emulator was given the 1 label the input names \("Billing contact"\)/);
    // 125 default pairs (2 chunks) + 125 labelled (2 chunks) + one listLabels.
    const s = events.find((e) => e.type === "summary");
    assert.deepEqual([s.dryRun, s.ok, s.failed, s.requests], [true, 250, 0, 5]);
    const bad = await runCli(["associate", "-", "--emulator"], { env: cliEnv(), input: csv.replace("contacts,7,", "contacts,seven,") });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /stdin:8: fromObjectId "seven" is not a record id/);
  } finally {
    await tmp.cleanup();
  }
});
