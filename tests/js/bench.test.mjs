// Issue 6: `make bench -- --quick` runs (the benchmark's smoke run). Only checks that it exits 0 and
// prints the table; never asserts a time (figures depend on the machine).
import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

test("node bench/run.mjs --quick runs and prints the table", { timeout: 180_000 }, () => {
  // The package is already built by `make test`; `make bench` would rebuild it first.
  const r = spawnSync(process.execPath, ["bench/run.mjs", "--quick"], { cwd: root, encoding: "utf8", timeout: 170_000 });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  assert.match(r.stdout, /^\| figure \| ours \| theirs \| ours\/theirs \|/m);
  assert.match(r.stdout, /\| bulk: pairs missing afterwards \|/);
});
