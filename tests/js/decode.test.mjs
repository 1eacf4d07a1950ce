// The JS reading of 2xx answers (js/decode.js) against the engine's (src/model/shape.rs, the
// reference): every documented answer of every shape the glue reads, a thousand mutations of them
// (each leaf replaced by JSON of other kinds, or removed), and empty, `null` and `[]` bodies. The cases
// and the reference's readings are written by the Rust test `write_js_fixtures`. Where the reference
// fails, the JS reading must decline (the engine then fails the answer with its own error); where the
// reference reads an answer, the JS reading must equal it, or decline it for a number `JSON.parse` may
// have changed (an integer beyond 2^53 that would become an id's text); the engine keeps such digits.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readAnswer } from "../../js/decode.js";
import { SHAPES } from "../../js/shapes.js";
import { HubSpotAssociations } from "hubspot-associations";
import { createMockHubSpot } from "hubspot-associations/mock";

const root = fileURLToPath(new URL("../..", import.meta.url));

function fixtures() {
  const dir = mkdtempSync(join(tmpdir(), "hs-decode-"));
  try {
    const file = join(dir, "cases.jsonl");
    execFileSync("cargo", ["test", "--quiet", "--features", "emulator", "--lib", "write_js_fixtures", "--", "--ignored"], {
      cwd: root,
      env: { ...process.env, JS_SHAPE_FIXTURES: file },
      stdio: ["ignore", "ignore", "inherit"],
    });
    return readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("2xx answers read in JS equal the engine's reading, or are left to the engine", () => {
  const cases = fixtures();
  assert.ok(cases.length > 2000, `${cases.length} cases`);
  const seen = { read: 0, failed: 0, long: 0 };
  const shapes = new Set();
  for (const { shape, body, out } of cases) {
    shapes.add(shape);
    const got = readAnswer(shape, body);
    if (out === null) {
      assert.equal(got, undefined, `the reference fails, so JS declines: shape ${shape}: ${body}`);
      seen.failed++;
    } else if (got === undefined) {
      // Declined although the reference reads it: only for a number JSON.parse may have changed.
      assert.match(body, /\d{16}|\de\+?\d|-0\.0/, `shape ${shape}: declined ${body}`);
      seen.long++;
    } else {
      assert.deepStrictEqual(got, out, `shape ${shape}: ${body}`);
      // Same fields in the same order as the engine writes them.
      assert.equal(JSON.stringify(got), JSON.stringify(out), `shape ${shape}: order: ${body}`);
      seen.read++;
    }
  }
  assert.equal(shapes.size, SHAPES.length - 1, "every shape has cases");
  assert.ok(seen.read > 1000 && seen.failed > 200 && seen.long > 20, JSON.stringify(seen));
});

test("an unknown shape index is left to the engine", () => {
  assert.equal(readAnswer(0, "{}"), undefined);
  assert.equal(readAnswer(SHAPES.length, "{}"), undefined);
  assert.equal(readAnswer(9, '{"results": ['), undefined, "truncated");
});

test("the node entry reads answers in JS, the same as the wasm does, and holds nothing afterwards", async () => {
  // The package's own copy of the reader: the node entry's.
  const { held } = await import(new URL("../../pkg/decode.js", import.meta.url).href);
  const mock = createMockHubSpot({ accessToken: "t" });
  const before = held()[1];
  const node = new HubSpotAssociations({ accessToken: "t", baseUrl: mock.baseUrl, fetch: mock.fetch, apiVersion: "v4" });
  const { HubSpotAssociations: Inline } = await import("hubspot-associations/inline");
  const inline = new Inline({ accessToken: "t", baseUrl: mock.baseUrl, fetch: mock.fetch, apiVersion: "v4" });
  const pair = { fromObjectType: "contacts", toObjectType: "companies" };
  for (let i = 1; i <= 20; i++) await node.associateDefault({ ...pair, fromObjectId: String(i), toObjectId: String(100 + i) });
  // Read by the node entry's reader and by the wasm (the /inline entry has no reader): the same.
  for (const client of [node, inline]) assert.equal((await client.listLabels(pair)).results.length > 0, true);
  const untimed = ({ startedAt, completedAt, ...rest }) => (assert.ok(startedAt && completedAt), rest);
  const ids = { ...pair, inputs: [{ id: "1" }, { id: "2" }, { id: "999" }] };
  assert.deepStrictEqual(untimed(await node.batchRead(ids)), untimed(await inline.batchRead(ids)));
  assert.deepStrictEqual(await node.listAssociations({ objectType: "contacts", objectId: "3", toObjectType: "companies" }), await inline.listAssociations({ objectType: "contacts", objectId: "3", toObjectType: "companies" }));
  // allPages (read by the engine in both): a record asked for twice is read once and complete twice.
  const seed = createMockHubSpot({ accessToken: "t", batchReadPageSize: 7, seed: { associations: Array.from({ length: 40 }, (_, i) => ({
    fromObjectType: "contacts", fromObjectId: String(1 + (i % 3)), toObjectType: "companies", toObjectId: String(500 + i) })) } });
  const [paged, pagedInline] = [HubSpotAssociations, Inline].map((C) => new C({ accessToken: "t", baseUrl: seed.baseUrl, fetch: seed.fetch, apiVersion: "v4" }));
  const all = { ...pair, inputs: [{ id: "1" }, { id: "2" }, { id: "3" }, { id: "1" }], allPages: true };
  const [a, b] = [await paged.batchRead(all), await pagedInline.batchRead(all)];
  assert.deepStrictEqual(untimed(a), untimed(b));
  assert.deepEqual(a.results.map((r) => r.to.length), [14, 13, 13, 14], "a record asked for twice is complete in both of its results");
  assert.deepStrictEqual(a.results[3], a.results[0]);
  assert.notEqual(a.results[3].to[10], a.results[0].to[10], "…as copies, not the same objects");
  // Timed out and cancelled attempts leave nothing behind either.
  mock.configure({ faults: { script: ["delay:300", "delay:300"] } });
  await assert.rejects(node.listLabels({ ...pair, timeoutMs: 50, maxRetries: 0 }), (e) => e.kind === "timeout");
  const controller = new AbortController();
  const pending = node.listLabels({ ...pair, signal: controller.signal });
  setTimeout(() => controller.abort(), 20);
  await assert.rejects(pending, (e) => e.kind === "aborted");
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(held()[0], 0, "none held");
  assert.ok(held()[1] >= before + 23, "23 answers read in JS (20 + 3), and the pages");
});
