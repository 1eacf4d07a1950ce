// The JS reading of 2xx answers (js/decode.js) against the engine's (src/model/shape.rs, the
// reference): every documented answer of every shape the glue reads, a thousand mutations of them
// (each leaf replaced by JSON of other kinds, or removed), and empty, `null` and `[]` bodies. The cases
// and the reference's readings are written by the Rust test `write_js_fixtures`. Where the reference
// fails, the JS reading must decline (the engine then fails the answer with its own error); where the
// body holds a run of 16 digits, it must decline too (the engine keeps such numbers exact).
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readAnswer } from "../../js/decode.js";
import { SHAPES } from "../../js/shapes.js";

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
    if (/\d{16}/.test(body)) {
      assert.equal(got, undefined, `a run of 16 digits is left to the engine: ${body}`);
      seen.long++;
    } else if (out === null) {
      assert.equal(got, undefined, `the reference fails, so JS declines: shape ${shape}: ${body}`);
      seen.failed++;
    } else {
      assert.notEqual(got, undefined, `shape ${shape}: declined ${body}`);
      assert.deepStrictEqual(got, out, `shape ${shape}: ${body}`);
      // Same fields in the same order as the engine writes them.
      assert.equal(JSON.stringify(got), JSON.stringify(out), `shape ${shape}: order: ${body}`);
      seen.read++;
    }
  }
  assert.equal(shapes.size, SHAPES.length - 1, "every shape has cases");
  assert.ok(seen.read > 1000 && seen.failed > 200 && seen.long > 50, JSON.stringify(seen));
});

test("an unknown shape index is left to the engine", () => {
  assert.equal(readAnswer(0, "{}"), undefined);
  assert.equal(readAnswer(SHAPES.length, "{}"), undefined);
  assert.equal(readAnswer(9, '{"results": ['), undefined, "truncated");
});
